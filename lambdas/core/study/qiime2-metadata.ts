/**
 * QIIME 2 metadata TSV, read by the rules of QIIME 2's own metadata reader
 * (https://docs.qiime2.org/2024.10/tutorials/metadata/): cells are trimmed;
 * the first row whose first cell is an accepted ID header is the header, and
 * before it only blank rows and `#` comments may appear; `#q2:types` and
 * `#q2:missing` rows may follow the header immediately, in either order;
 * later `#` rows are comments; short rows are padded with missing cells;
 * extra cells must be empty. Missing values: by default empty cells, the
 * markers R and pandas write (`NA`, `N/A`, `NaN`, `null`, …) and the INSDC
 * terms (`missing`, `not applicable`, `not collected`, …) are missing, as an
 * R user expects; a column's `#q2:missing` scheme narrows that as QIIME 2
 * does (`blank`: only empty cells; `INSDC:missing`: empty cells and the INSDC
 * terms; `no-missing`: nothing may be missing). A missing value is never a
 * level. A column is numeric when `#q2:types` says so, or when every
 * non-missing value is a decimal number (an all-missing column is numeric,
 * as in QIIME 2); so a numeric column whose other cells are all missing
 * markers stays numeric. Numeric values are kept as strings; see
 * `numericColumn`. What was read as missing is counted per column
 * (`SampleMetadata.missing`).
 */
import { fail } from '../errors.js';
import { checkId, type IdNormalization, normalizationsField } from '../text/ids.js';
import { type ParseLimits, resolveLimits } from '../text/limits.js';
import { isInsdcMissingTerm, isMissingMetadataValue } from '../text/missing.js';
import { bytesToText, checkLineLimits, isInfinite, LineCursor, parseDecimal, splitFields } from '../text/text.js';

/** ID headers QIIME 2 accepts in any letter case. */
export const ID_HEADERS_ANY_CASE = [
  'id',
  'sampleid',
  'sample id',
  'sample-id',
  'featureid',
  'feature id',
  'feature-id',
] as const;
/** ID headers QIIME 2 accepts only exactly as written (QIIME 1, biom-format, Qiita). */
export const ID_HEADERS_EXACT = ['#SampleID', '#Sample ID', '#OTUID', '#OTU ID', 'sample_name'] as const;
/** The accepted ID headers as one readable list, for error messages. */
export const ACCEPTED_ID_HEADERS = `case-insensitive: ${ID_HEADERS_ANY_CASE.map((h) => `'${h}'`).join(', ')}; case-sensitive: ${ID_HEADERS_EXACT.map((h) => `'${h}'`).join(', ')}`;

const TYPES_DIRECTIVE = '#q2:types';
const MISSING_DIRECTIVE = '#q2:missing';

/** QIIME 2's missing-value schemes (`#q2:missing`), plus 'default': the project's markers (see the file comment). */
export type MissingScheme = 'default' | 'blank' | 'INSDC:missing' | 'no-missing';

/** How many cells of one column were read as missing, by the text they held ('' for empty cells). */
export interface MissingCount {
  column: string;
  scheme: MissingScheme;
  markers: Record<string, number>;
}

/** How QIIME 2 treats a metadata column. */
export type MetadataColumnType = 'categorical' | 'numeric';

/** One metadata column; `null` marks a missing value. */
export interface MetadataColumn {
  name: string;
  type: MetadataColumnType;
  values: (string | null)[];
}

/** A parsed metadata file: ids in file order and one entry per column. */
export interface SampleMetadata {
  idHeader: string;
  sampleIds: string[];
  columns: MetadataColumn[];
  /** per column with any missing cell: the scheme and the texts read as missing, with counts */
  missing?: MissingCount[];
  /** sample ids whose spelling NFC changed (present only when some did) */
  idNormalizations?: IdNormalization[];
}

/** A row as QIIME 2 sees it: trimmed cells, their columns and the line it came from. */
interface Row {
  cells: string[];
  columns: number[];
  line: number;
}

/** True when `name` is an ID header QIIME 2 accepts. */
export function isMetadataIdHeader(name: string): boolean {
  return (
    (ID_HEADERS_EXACT as readonly string[]).includes(name) ||
    (ID_HEADERS_ANY_CASE as readonly string[]).includes(name.toLowerCase())
  );
}

/** Parses metadata TSV bytes (gzip accepted); throws DataErrorSignal on bad input. */
export function parseMetadata(
  bytes: Uint8Array,
  _fileName?: string,
  limits: Partial<ParseLimits> = {},
): SampleMetadata {
  const lim = resolveLimits(limits);
  return parseMetadataText(bytesToText(bytes, lim), lim);
}

/** Parses metadata TSV text. */
export function parseMetadataText(text: string, limits: Partial<ParseLimits> = {}): SampleMetadata {
  const lim = resolveLimits(limits);
  checkLineLimits(text, lim);
  const rows = readRows(text, lim);
  const headerAt = findHeader(rows);
  const header = checkHeader(rows[headerAt]!);
  let next = headerAt + 1;
  let declared = new Map<number, MetadataColumnType>();
  let schemes = new Map<number, MissingScheme>();
  const seen = new Set<string>();
  while (rows[next] !== undefined && isDirective(rows[next]!)) {
    const row = rows[next]!;
    if (seen.has(row.cells[0]!))
      fail('INVALID_METADATA', `directive ${row.cells[0]} appears twice`, { line: row.line, column: 1 });
    seen.add(row.cells[0]!);
    if (row.cells[0] === MISSING_DIRECTIVE) schemes = readMissingSchemes(row, header);
    else declared = readTypes(row, header);
    next++;
  }
  const normalizations: IdNormalization[] = [];
  const data = readData(rows.slice(next), header, lim, normalizations);
  const built = header.cells
    .slice(1)
    .map((name, k) => buildColumn(name, k + 1, declared.get(k + 1), schemes.get(k + 1) ?? 'default', data));
  const missing = built.flatMap((b) => (b.missing ? [b.missing] : []));
  return {
    idHeader: header.cells[0]!,
    sampleIds: data.map((r) => r.cells[0]!),
    columns: built.map((b) => b.column),
    ...(missing.length ? { missing } : {}),
    ...normalizationsField(normalizations),
  };
}

/** Fails NON_FINITE_VALUE for a metadata cell that is a number too large for a double (`1e400`); words such as `Inf` stay text. */
export function checkNumericCell(cell: string, at: { line: number; column: number }): void {
  if (!isInfinite(parseDecimal(cell))) return;
  fail('NON_FINITE_VALUE', `metadata value ${JSON.stringify(cell.slice(0, 40))} overflows a double (beyond ±1.8e308)`, {
    ...at,
    expected: 'a finite number',
  });
}

/** A numeric column's values as doubles, NaN where missing. */
export function numericColumn(col: MetadataColumn): Float64Array {
  const out = new Float64Array(col.values.length);
  col.values.forEach((v, i) => (out[i] = v === null ? NaN : parseDecimal(v)));
  return out;
}

/** Every line split at tabs, cells trimmed. */
function readRows(text: string, limits: ParseLimits): Row[] {
  const rows: Row[] = [];
  const cur = new LineCursor(text);
  while (cur.advance()) {
    const { values, columns } = splitFields(text, '\t', cur.start, cur.end, { limits, line: cur.lineNo });
    rows.push({ cells: values.map((v) => v.trim()), columns, line: cur.lineNo });
  }
  return rows;
}

/** True for a row of empty cells (a blank line). */
function isEmpty(row: Row): boolean {
  return row.cells.every((c) => c === '');
}

/** True for a `#q2:` directive row. */
function isDirective(row: Row): boolean {
  return row.cells[0]!.startsWith('#q2:');
}

/** True for a `#` comment row (not a directive, not a `#`-prefixed ID header). */
function isComment(row: Row): boolean {
  return row.cells[0]!.startsWith('#') && !isDirective(row) && !isMetadataIdHeader(row.cells[0]!);
}

/** Index of the header row; only blank rows and comments may precede it. */
function findHeader(rows: Row[]): number {
  let tabbedComment: Row | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (isMetadataIdHeader(row.cells[0]!)) return i;
    if (isComment(row)) tabbedComment ??= row.cells.length > 1 ? row : undefined;
    if (isComment(row) || isEmpty(row)) continue;
    if (isDirective(row)) {
      fail('INVALID_METADATA', `directive ${row.cells[0]} before the header; directives go right after it`, {
        line: row.line,
        column: 1,
      });
    }
    const hint = tabbedComment
      ? ` (line ${tabbedComment.line} starts with '#' and is read as a comment: '${tabbedComment.cells[0]}' is not an accepted ID header)`
      : '';
    fail(
      'INVALID_METADATA',
      `unrecognized ID column name ${JSON.stringify(row.cells[0])}: the first header cell names the ID column${hint}`,
      {
        line: row.line,
        column: 1,
        expected: ACCEPTED_ID_HEADERS,
      },
    );
  }
  return fail('INVALID_METADATA', 'no header found: the file holds only comments or blank lines', {
    expected: ACCEPTED_ID_HEADERS,
  });
}

/** The header without trailing empty cells; column names must be present, unique and not ID headers. */
function checkHeader(row: Row): Row {
  let n = row.cells.length;
  while (n > 1 && row.cells[n - 1] === '') n--;
  const header: Row = { ...row, cells: row.cells.slice(0, n), columns: row.columns.slice(0, n) };
  const seen = new Map<string, number>();
  for (let k = 1; k < n; k++) {
    const name = header.cells[k]!;
    const at = { line: row.line, column: header.columns[k]! };
    if (name === '') fail('INVALID_METADATA', `header column ${k + 1} has no name`, at);
    if (isMetadataIdHeader(name)) fail('INVALID_METADATA', `column name '${name}' is reserved for the ID column`, at);
    const first = seen.get(name);
    if (first !== undefined) fail('DUPLICATE_ID', `duplicate column name '${name}' (first at column ${first})`, at);
    seen.set(name, header.columns[k]!);
  }
  return header;
}

/** Pads a short row with missing cells; a long row's extra cells must be empty. */
function matchHeader(row: Row, header: Row): string[] {
  const n = header.cells.length;
  if (row.cells.length <= n) return row.cells.concat(new Array<string>(n - row.cells.length).fill(''));
  const extra = row.cells.slice(n).findIndex((c) => c !== '');
  if (extra !== -1) {
    fail('RAGGED_ROW', `row has ${row.cells.length} cells, the header declares ${n}`, {
      line: row.line,
      column: row.columns[n + extra]!,
      expected: `at most ${n} tab-separated cells`,
    });
  }
  return row.cells.slice(0, n);
}

/** Column types from the `#q2:types` row, by header column index. */
function readTypes(row: Row, header: Row): Map<number, MetadataColumnType> {
  if (row.cells[0] !== TYPES_DIRECTIVE) {
    fail('INVALID_METADATA', `unsupported directive ${row.cells[0]}; only ${TYPES_DIRECTIVE} is supported`, {
      line: row.line,
      column: 1,
    });
  }
  const cells = matchHeader(row, header);
  const types = new Map<number, MetadataColumnType>();
  for (let k = 1; k < cells.length; k++) {
    const t = cells[k]!.toLowerCase();
    if (t === '') continue;
    if (t !== 'categorical' && t !== 'numeric') {
      fail('INVALID_METADATA', `column '${header.cells[k]}' has unknown type '${cells[k]}'`, {
        line: row.line,
        column: row.columns[k]!,
        expected: "'categorical' or 'numeric'",
      });
    }
    types.set(k, t);
  }
  return types;
}

/** Missing-value schemes from the `#q2:missing` row, by header column index. */
function readMissingSchemes(row: Row, header: Row): Map<number, MissingScheme> {
  const cells = matchHeader(row, header);
  const schemes = new Map<number, MissingScheme>();
  for (let k = 1; k < cells.length; k++) {
    const t = cells[k]!;
    if (t === '') continue;
    if (t !== 'blank' && t !== 'INSDC:missing' && t !== 'no-missing') {
      fail('INVALID_METADATA', `column '${header.cells[k]}' has unknown missing scheme '${t}'`, {
        line: row.line,
        column: row.columns[k]!,
        expected: "'blank', 'INSDC:missing' or 'no-missing'",
      });
    }
    schemes.set(k, t);
  }
  return schemes;
}

/** True when a (trimmed) cell is missing under a column's scheme. */
function isMissingUnder(scheme: MissingScheme, cell: string): boolean {
  if (cell === '') return scheme !== 'no-missing';
  if (scheme === 'default') return isMissingMetadataValue(cell);
  return scheme === 'INSDC:missing' && isInsdcMissingTerm(cell);
}

/** Data rows padded to the header, with checked (id rule, NFC), unique ids. */
function readData(rows: Row[], header: Row, limits: ParseLimits, normalizations: IdNormalization[]): Row[] {
  const out: Row[] = [];
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    if (isEmpty(row) || isComment(row)) continue;
    const at = { line: row.line, column: 1 };
    if (isDirective(row)) fail('INVALID_METADATA', `directive ${row.cells[0]} may only follow the header directly`, at);
    const id = checkId(row.cells[0]!, 'sample', at, normalizations, limits);
    row.cells[0] = id;
    if (isMetadataIdHeader(id))
      fail('INVALID_METADATA', `ID '${id}' is reserved for the ID column header`, { ...at, expected: 'a sample ID' });
    if (id === '') fail('MISSING_ID', 'row has values but no ID', at);
    const first = firstLine.get(id);
    if (first !== undefined) fail('DUPLICATE_ID', `duplicate ID '${id}' (first on line ${first})`, at);
    firstLine.set(id, row.line);
    out.push({ ...row, cells: matchHeader(row, header) });
  }
  if (out.length === 0) fail('INVALID_METADATA', 'metadata has a header but no IDs');
  return out;
}

/** One column with its declared or inferred type and its missing cells counted; declared-numeric values must be numbers. */
function buildColumn(
  name: string,
  k: number,
  declared: MetadataColumnType | undefined,
  scheme: MissingScheme,
  data: Row[],
): { column: MetadataColumn; missing: MissingCount | null } {
  const markers: Record<string, number> = {};
  const values = data.map((r) => {
    const cell = r.cells[k]!;
    if (cell === '' && scheme === 'no-missing') {
      fail('INVALID_METADATA', `column '${name}' declares no-missing but this cell is empty`, {
        line: r.line,
        column: r.columns[k] ?? 1,
      });
    }
    if (!isMissingUnder(scheme, cell)) {
      checkNumericCell(cell, { line: r.line, column: r.columns[k] ?? 1 });
      return cell;
    }
    markers[cell] = (markers[cell] ?? 0) + 1;
    return null;
  });
  const firstText = values.findIndex((v) => v !== null && Number.isNaN(parseDecimal(v)));
  if (declared === 'numeric' && firstText !== -1) {
    const row = data[firstText]!;
    fail('NON_NUMERIC_VALUE', `column '${name}' is declared numeric but has ${JSON.stringify(values[firstText])}`, {
      line: row.line,
      column: row.columns[k]!,
      expected: 'a number',
    });
  }
  const column: MetadataColumn = { name, type: declared ?? (firstText === -1 ? 'numeric' : 'categorical'), values };
  return { column, missing: Object.keys(markers).length ? { column: name, scheme, markers } : null };
}
