/**
 * Readers shared by the delimited metabolomics formats: a block of feature
 * rows (one feature per line, intensities in named sample columns) or of
 * sample rows (one sample per line), written straight into the sample-major
 * Float64Array of a MetabolomicsTable, plus the checks every table gets
 * (unique ids, at least one value, all-missing features).
 */
import { fail } from '../../errors.js';
import {
  CellNumberReader,
  type Delimiter,
  isNumberText,
  lenientNumber,
  RowCells,
  type TextLines,
} from '../../text/delimited-table.js';
import { checkId, type IdNormalization, type IdNormalized, normalizationsField } from '../../text/ids.js';
import { DEFAULT_LIMITS, type ParseLimits, resolveLimits } from '../../text/limits.js';
import { bytesToText, checkLineLimits, checkTextSize } from '../../text/text.js';
import {
  emptyFeatureAnnotations,
  emptySampleAnnotations,
  type MetabolomicsTable,
  type QuantityKind,
  type RtUnit,
  type TableSource,
  type TableWarning,
} from '../matrix.js';

/** What every metabolomics parser takes besides its input. */
export interface MetabolomicsParseOptions {
  /**
   * The table is declared already transformed (log-scaled, centred): negative
   * intensities are real and kept. Without it a negative intensity fails
   * NEGATIVE_VALUE. The caller sets it from study.json (`transformed`, see
   * `isTransformedTable` in lambdas/core/study/study-design.ts).
   */
  transformed?: boolean;
  /** overrides of the parse limits (docs/limits.md) */
  limits?: Partial<ParseLimits>;
}

/** The options with the limits resolved. */
export interface ResolvedParseOptions {
  transformed: boolean;
  limits: ParseLimits;
}

/** Resolves `MetabolomicsParseOptions` (defaults: not transformed, DEFAULT_LIMITS). */
export function resolveParseOptions(opts: MetabolomicsParseOptions = {}): ResolvedParseOptions {
  return { transformed: opts.transformed === true, limits: resolveLimits(opts.limits) };
}

/**
 * Text of a parser input: strings pass through (a leading BOM dropped), bytes
 * are gunzipped when needed and decoded, both under the limits (text size,
 * line length, line count) before anything is split.
 */
export function asText(input: string | Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): string {
  let text: string;
  if (typeof input !== 'string') text = bytesToText(input, limits);
  else {
    checkTextSize(input.length, limits);
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  checkLineLimits(text, limits);
  return text;
}

/** A text column to keep per feature (or per sample), by header name and field index. */
export interface NamedColumn {
  name: string;
  column: number;
}

/** Where an id came from, for DUPLICATE_ID and warnings. */
export interface IdLocations {
  line: Int32Array;
  column: Int32Array;
}

/** Intensities and text columns read from a block of lines. */
export interface BlockRead {
  ids: string[];
  where: IdLocations;
  /** sample-major intensities */
  values: Float64Array;
  text: Record<string, (string | null)[]>;
  /** line and column of each row's first intensity cell */
  firstCell: IdLocations;
  nMissingMarkers: number;
  nZeros: number;
  /** per feature: 1 when it has a value that is neither missing nor 0 */
  featureHasValue: Uint8Array;
  /** range of the non-missing, non-zero values */
  min: number;
  max: number;
}

/** How to read a block of lines whose rows are features or samples. */
export interface BlockSpec {
  lines: TextLines;
  from: number;
  to: number;
  delimiter: Delimiter;
  decimalComma: boolean;
  idColumn: number;
  /** field indices of the intensity cells, in output order */
  valueColumns: number[];
  textColumns: NamedColumn[];
  /** fields a row may have; more non-empty fields fail RAGGED_ROW (-1: no limit) */
  maxFields: number;
  /** fields a row must have (the header's, without trailing empty header cells); fewer fail RAGGED_ROW */
  minFields: number;
  what: 'feature' | 'sample';
  /** limits and whether negative intensities are allowed */
  options: ResolvedParseOptions;
}

/** Fields a row must have under a header: its cells without trailing empty ones (a trailing delimiter on every line, as MZmine 2 writes). */
export function requiredFields(headerCells: readonly string[]): number {
  let n = headerCells.length;
  while (n > 1 && headerCells[n - 1] === '') n--;
  return n;
}

/** Reads one row per line; rows are features (values land at [c * nRows + r]) or samples (at [r * nCols + c]). */
export function readBlock(spec: BlockSpec): BlockRead {
  const { lines, from, to, valueColumns } = spec;
  const { limits, transformed } = spec.options;
  const nRows = to - from;
  const nCols = valueColumns.length;
  const cells = new RowCells(lines.text, spec.delimiter, limits);
  let needed = Math.max(spec.idColumn + 1, spec.minFields);
  for (const c of valueColumns) if (c + 1 > needed) needed = c + 1;
  for (const c of spec.textColumns) if (c.column + 1 > needed) needed = c.column + 1;
  checkDenseSize(spec, cells, nRows, nCols, needed);
  const values = new Float64Array(nRows * nCols);
  const rowStride = spec.what === 'feature' ? 1 : nCols;
  const colStride = spec.what === 'feature' ? nRows : 1;
  const reader = new CellNumberReader(spec.decimalComma, transformed);
  const ids: string[] = new Array(nRows);
  const where = { line: new Int32Array(nRows), column: new Int32Array(nRows) };
  const firstCell = { line: new Int32Array(nRows), column: new Int32Array(nRows) };
  const text: Record<string, (string | null)[]> = {};
  for (const c of spec.textColumns) text[c.name] = new Array(nRows).fill(null);
  const byFeature = spec.what === 'feature';
  const has = new Uint8Array(byFeature ? nRows : nCols);
  let min = Infinity,
    max = -Infinity;
  for (let r = 0; r < nRows; r++) {
    const i = from + r;
    cells.load(lines, i);
    checkWidth(cells, needed, spec.maxFields);
    ids[r] = requireId(cells, spec.idColumn, spec.what);
    where.line[r] = cells.lineNo;
    where.column[r] = cells.column(spec.idColumn);
    firstCell.line[r] = cells.lineNo;
    firstCell.column[r] = nCols > 0 ? cells.column(valueColumns[0]!) : 1;
    const base = r * rowStride;
    for (let c = 0; c < nCols; c++) {
      const x = cells.intensity(valueColumns[c]!, reader);
      values[base + c * colStride] = x;
      if (Number.isNaN(x) || x === 0) continue;
      has[byFeature ? r : c] = 1;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    for (const tc of spec.textColumns) text[tc.name]![r] = cells.optional(tc.column);
  }
  return {
    ids,
    where,
    values,
    text,
    firstCell,
    nMissingMarkers: reader.nMissingMarkers,
    nZeros: reader.nZeros,
    featureHasValue: has,
    min,
    max,
  };
}

/**
 * TOO_LARGE when the dense matrix would pass maxDenseCells. When it could not
 * even fit the text (every row needs `needed - 1` delimiters), some row must
 * be short: the rows are checked first, so that row fails RAGGED_ROW instead
 * of a huge allocation.
 */
function checkDenseSize(spec: BlockSpec, cells: RowCells, nRows: number, nCols: number, needed: number): void {
  const { limits } = spec.options;
  if (nRows * (needed - 1) > spec.lines.text.length) {
    for (let r = 0; r < nRows; r++) checkWidth(cells.load(spec.lines, spec.from + r), needed, spec.maxFields);
  }
  if (nRows * nCols > limits.maxDenseCells) {
    fail(
      'TOO_LARGE',
      `the table would hold ${nRows} x ${nCols} = ${nRows * nCols} intensities; at most ${limits.maxDenseCells} are read`,
      {
        line: spec.lines.lineNo[spec.from] ?? 1,
        column: 1,
        expected: `at most ${limits.maxDenseCells} cells (limit maxDenseCells)`,
      },
    );
  }
}

/** RAGGED_ROW when a row lacks a needed field, or has non-empty fields beyond `maxFields`. */
function checkWidth(cells: RowCells, needed: number, maxFields: number): void {
  if (cells.count < needed) {
    fail('RAGGED_ROW', `row has ${cells.count} fields; the header needs at least ${needed}`, {
      line: cells.lineNo,
      column: cells.endColumn(),
      expected: `${needed} fields`,
    });
  }
  if (maxFields < 0) return;
  for (let k = maxFields; k < cells.count; k++) {
    if (!cells.isEmpty(k)) {
      fail('RAGGED_ROW', `row has a value in field ${k + 1}, beyond the header's ${maxFields} columns`, {
        line: cells.lineNo,
        column: cells.column(k),
        expected: `${maxFields} fields`,
      });
    }
  }
}

/** The row's id; MISSING_ID when empty. */
function requireId(cells: RowCells, column: number, what: string): string {
  const id = cells.string(column);
  if (id === '')
    fail('MISSING_ID', `${what} row has an empty id`, {
      line: cells.lineNo,
      column: cells.column(column),
      expected: `a ${what} id`,
    });
  return id;
}

/** DUPLICATE_ID at the second occurrence of an id. */
export function checkUnique(ids: string[], where: IdLocations, what: 'feature' | 'sample'): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) {
      fail(
        'DUPLICATE_ID',
        `${what} id '${id}' occurs twice (first at line ${where.line[first]}, column ${where.column[first]})`,
        {
          line: where.line[i]!,
          column: where.column[i]!,
          expected: `unique ${what} ids`,
        },
      );
    }
    seen.set(id, i);
  });
}

/** Locations that all share one line (ids read from a header row). */
export function headerLocations(line: number, columns: number[]): IdLocations {
  return { line: new Int32Array(columns.length).fill(line), column: Int32Array.from(columns) };
}

/** Everything a parser knows about a table before the shared checks. */
export interface TableParts {
  /** limits for the id checks (default DEFAULT_LIMITS) */
  limits?: ParseLimits;
  format: TableSource;
  featureIds: string[];
  featureWhere: IdLocations;
  sampleIds: string[];
  sampleWhere: IdLocations;
  values: Float64Array;
  quantity: QuantityKind;
  rtUnit: RtUnit;
  orientation: MetabolomicsTable['orientation'];
  orientationSource: string;
  decimalComma: boolean;
  nMissingMarkers: number;
  nZeros: number;
  /** where each feature's first intensity cell is, for ALL_MISSING_FEATURE */
  featureFirstCell: IdLocations;
  /** from the block read: which features have a non-zero value, and the value range */
  block: Pick<BlockRead, 'featureHasValue' | 'min' | 'max'>;
}

/** Builds the table: ids under the id rule (NFC) and unique, at least one feature, sample and value, ALL_MISSING_FEATURE / log-scale warnings. */
export function assembleTable(p: TableParts): MetabolomicsTable & IdNormalized {
  const nF = p.featureIds.length,
    nS = p.sampleIds.length;
  const firstLine = p.sampleWhere.line[0] ?? p.featureWhere.line[0] ?? 1;
  if (nS === 0)
    fail('MISSING_COLUMN', 'no sample columns found', { line: firstLine, column: 1, expected: 'at least one sample' });
  if (nF === 0)
    fail('EMPTY_TABLE', 'the table has no features', { line: firstLine, column: 1, expected: 'at least one feature' });
  const normalizations: IdNormalization[] = [];
  const featureIds = checkIds(p.featureIds, p.featureWhere, 'feature', normalizations, p.limits ?? DEFAULT_LIMITS);
  const sampleIds = checkIds(p.sampleIds, p.sampleWhere, 'sample', normalizations, p.limits ?? DEFAULT_LIMITS);
  checkUnique(featureIds, p.featureWhere, 'feature');
  checkUnique(sampleIds, p.sampleWhere, 'sample');
  const warnings = missingFeatureWarnings(p);
  const { min, max } = p.block;
  if (warnings.length === nF)
    fail('EMPTY_TABLE', 'every intensity is missing or 0', {
      line: firstLine,
      column: 1,
      expected: 'at least one positive intensity',
    });
  if (min < 0 && max < 64) warnings.push(logScaleWarning(min, max, firstLine));
  return {
    format: p.format,
    featureIds,
    sampleIds,
    values: p.values,
    quantity: p.quantity,
    features: emptyFeatureAnnotations(nF, p.rtUnit),
    samples: emptySampleAnnotations(nS),
    orientation: p.orientation,
    orientationSource: p.orientationSource,
    decimalSeparator: p.decimalComma ? ',' : '.',
    nMissingMarkers: p.nMissingMarkers,
    nZeros: p.nZeros,
    warnings,
    ...normalizationsField(normalizations),
  };
}

/** Every id under the id rule, in NFC, located by `where`. */
function checkIds(
  ids: string[],
  where: IdLocations,
  axis: 'feature' | 'sample',
  out: IdNormalization[],
  limits: ParseLimits,
): string[] {
  return ids.map((id, i) => checkId(id, axis, { line: where.line[i] ?? 0, column: where.column[i] ?? 0 }, out, limits));
}

/** One ALL_MISSING_FEATURE warning per feature with no non-zero value, at its first intensity cell. */
function missingFeatureWarnings(p: TableParts): TableWarning[] {
  const warnings: TableWarning[] = [];
  p.featureIds.forEach((id, f) => {
    if (p.block.featureHasValue[f]) return;
    warnings.push({
      code: 'ALL_MISSING_FEATURE',
      message: `feature '${id}' has no non-zero intensity in any sample; processing drops it`,
      line: p.featureFirstCell.line[f]!,
      column: p.featureFirstCell.column[f]!,
    });
  });
  return warnings;
}

/** LOOKS_LOG_TRANSFORMED: values are negative yet small (log-scale data such as W4M sacurine); do not log them again. */
function logScaleWarning(min: number, max: number, line: number): TableWarning {
  return {
    code: 'LOOKS_LOG_TRANSFORMED',
    message: `values range from ${min} to ${max}: they look log-transformed already; process with transform 'none'`,
    line,
    column: 1,
  };
}

/** Sets m/z, RT and name from text columns (numbers read leniently; placeholders such as 'Unknown' and 'null' become null). */
export function setFeatureText(
  t: MetabolomicsTable,
  text: Record<string, (string | null)[]>,
  roles: { mz?: string; rt?: string; name?: string[] },
): void {
  const n = t.featureIds.length;
  if (roles.mz && text[roles.mz]) for (let f = 0; f < n; f++) t.features.mz[f] = lenientNumber(text[roles.mz]![f]);
  if (roles.rt && text[roles.rt]) for (let f = 0; f < n; f++) t.features.rt[f] = lenientNumber(text[roles.rt]![f]);
  for (const col of roles.name ?? []) {
    const vals = text[col];
    if (!vals) continue;
    for (let f = 0; f < n; f++) if (t.features.name[f] === null && isAnnotation(vals[f])) t.features.name[f] = vals[f]!;
  }
  const used = new Set([roles.mz, roles.rt, ...(roles.name ?? [])]);
  for (const [name, vals] of Object.entries(text))
    if (!used.has(name) && vals.some((x) => x !== null)) t.features.extra[name] = vals;
}

/** True for a real compound name (not empty, 'Unknown', 'null', 'NA'). */
function isAnnotation(s: string | null | undefined): boolean {
  return !!s && !/^(unknown|null|na|n\/a|none|-)$/i.test(s.trim());
}

/** A header row: cleaned cells, their 1-based columns and the line number. */
export interface Header {
  cells: string[];
  columns: number[];
  line: number;
}

/** Reads non-blank line i as a header; EMPTY_FILE when the text has no line. */
export function readHeaderAt(lines: TextLines, cells: RowCells, i: number): Header {
  if (lines.count <= i)
    fail('EMPTY_FILE', 'file has no header line', { line: 1, column: 1, expected: 'a header line' });
  cells.load(lines, i);
  const header = cells.all();
  return { cells: header, columns: header.map((_, k) => cells.column(k)), line: cells.lineNo };
}

/**
 * R's `write.table(row.names = TRUE)` writes the header one cell short (no
 * corner cell). When the first data line has exactly one field more than the
 * header, an empty corner cell is put in front; returns whether it did.
 */
export function alignShortHeader(h: Header, lines: TextLines, cells: RowCells, firstData: number): boolean {
  if (firstData >= lines.count) return false;
  cells.load(lines, firstData);
  if (cells.count !== h.cells.length + 1) return false;
  h.cells.unshift('');
  h.columns.unshift(1);
  return true;
}

/** Index of the header cell equal to `name` (exact, then case-insensitive); -1 when absent. */
export function findColumn(cells: string[], name: string): number {
  const exact = cells.indexOf(name);
  if (exact !== -1) return exact;
  const lower = name.toLowerCase();
  return cells.findIndex((c) => c.toLowerCase() === lower);
}

/** WRONG_HEADER when every cell of the first line is a number: the header line is missing and data starts at once. */
export function rejectNumericHeader(h: Header, decimalComma: boolean): void {
  const cells = h.cells.filter((c) => c !== '');
  if (cells.length < 2 || !cells.every((c) => isNumberText(c, decimalComma))) return;
  fail('WRONG_HEADER', 'the first line holds numbers only: the header line with the column names is missing', {
    line: h.line,
    column: 1,
    expected: 'a header line naming the columns',
  });
}

/** MISSING_COLUMN at the header when no intensity column was found. */
export function requireValueColumns(columns: number[], h: Header, what: 'sample' | 'feature'): void {
  if (columns.length > 0) return;
  fail('MISSING_COLUMN', `no ${what} columns with intensities found in the header`, {
    line: h.line,
    column: 1,
    expected: `at least one numeric ${what} column`,
  });
}
