/**
 * Feature → pathway maps for over-representation analysis (docs/study-statistics.md
 * "Pathways"): a tab-, comma- or semicolon-separated table whose header names
 * a feature column (featureId, feature, metabolite, compound, name, …) and a
 * pathway column (pathway, pathways, …), in any position, other columns
 * ignored. A pathway cell may list several pathways separated by ';' or '|'
 * (with a semicolon-separated table, only '|'); a feature may also appear on
 * several rows, one pathway each. Blank lines and lines starting with '#'
 * are skipped; cells are trimmed and may be double-quoted.
 *
 * Example (TSV):
 *   featureId	pathway
 *   HMDB0000122	Glycolysis | Galactose metabolism
 *   HMDB0000094	Citrate cycle (TCA cycle)
 */
import { fail } from '../errors.js';
import { RowCells } from '../text/delimited-table.js';
import { checkId } from '../text/ids.js';
import { DEFAULT_LIMITS, type ParseLimits, resolveLimits } from '../text/limits.js';
import { bytesToText, checkLineLimits, LineCursor, parseDecimal, splitFields } from '../text/text.js';

/** Feature column names, compared lower-cased without ' ', '_', '-', '.'. */
const FEATURE_HEADERS = new Set([
  'featureid',
  'feature',
  'metabolite',
  'metaboliteid',
  'metabolitename',
  'compound',
  'compoundid',
  'compoundname',
  'name',
]);
/** Pathway column names, compared the same way. */
const PATHWAY_HEADERS = new Set(['pathway', 'pathways', 'pathwayname', 'pathwayid']);
const DELIMITERS = ['\t', ',', ';'] as const;
const HASH = 35;
/** Data rows examined when sniffing. */
const SNIFF_ROWS = 50;
/** A row with this many numbers outside the feature and pathway columns is an intensity table, not a pathway map. */
const NUMERIC_CELLS = 2;
const EXPECTED =
  'a header naming a feature column (featureId, feature, metabolite, compound or name) and a pathway column (pathway or pathways)';

/** Where the feature and pathway columns are, the delimiter that found them, and the header's field count. */
export interface PathwayMapHeader {
  delimiter: (typeof DELIMITERS)[number];
  featureColumn: number;
  pathwayColumn: number;
  nFields: number;
}

/** A header cell's comparable form. */
function headerKey(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]/g, '');
}

/**
 * The pathway-map layout of the header line `text[start, end)` (line number
 * `line`), or null when it names no feature and pathway column. The cells
 * are looked at one by one as offsets (`RowCells`), so a header of a million
 * cells costs no array of strings.
 */
export function pathwayMapHeader(
  text: string,
  start = 0,
  end = text.length,
  line = 1,
  limits: ParseLimits = DEFAULT_LIMITS,
): PathwayMapHeader | null {
  for (const delimiter of DELIMITERS) {
    const cells = new RowCells(text, delimiter, { maxColumns: limits.maxColumns, maxCellLength: Infinity }).loadRange(
      start,
      end,
      line,
    );
    if (cells.count < 2) continue;
    let pathwayColumn = -1;
    let featureColumn = -1;
    for (let k = 0; k < cells.count && (pathwayColumn < 0 || featureColumn < 0); k++) {
      const key = headerKey(cells.raw(k));
      if (pathwayColumn < 0 && PATHWAY_HEADERS.has(key)) pathwayColumn = k;
      else if (featureColumn < 0 && FEATURE_HEADERS.has(key)) featureColumn = k;
    }
    if (pathwayColumn >= 0 && featureColumn >= 0)
      return { delimiter, featureColumn, pathwayColumn, nFields: cells.count };
  }
  return null;
}

/**
 * True when the first line of `text` that is not blank or '#' is a pathway-map
 * header and none of the next SNIFF_ROWS rows has NUMERIC_CELLS or more numbers
 * outside the feature and pathway columns (that would be an annotated intensity table).
 */
export function isPathwayMapText(text: string): boolean {
  const cur = new LineCursor(text);
  let header: PathwayMapHeader | null = null;
  let rows = 0;
  while (cur.advance() && rows < SNIFF_ROWS) {
    if (cur.isBlank() || text.charCodeAt(cur.start) === HASH) continue;
    if (!header) {
      header = pathwayMapHeader(text, cur.start, cur.end, cur.lineNo);
      if (!header) return false;
      continue;
    }
    rows++;
    const cells = splitFields(text, header.delimiter, cur.start, cur.end, { line: cur.lineNo }).values;
    let numbers = 0;
    cells.forEach(
      (c, k) =>
        k !== header!.featureColumn &&
        k !== header!.pathwayColumn &&
        !Number.isNaN(parseDecimal(c.trim())) &&
        c.trim() !== '' &&
        numbers++,
    );
    if (numbers >= NUMERIC_CELLS) return false;
  }
  return header !== null;
}

/** Parses pathway-map bytes (gzip accepted) into feature → pathways (first-seen order, no repeats). */
export function parsePathwayMap(bytes: Uint8Array, limits: Partial<ParseLimits> = {}): Map<string, string[]> {
  const lim = resolveLimits(limits);
  return parsePathwayMapText(bytesToText(bytes, lim), lim);
}

/**
 * Parses pathway-map text; fails WRONG_HEADER, RAGGED_ROW (a row with fewer
 * fields than the header, or a non-empty field beyond it), MISSING_ID, the id
 * rule's codes (feature ids are NFC-normalised; a Map has no room to report
 * the original spellings) or EMPTY_TABLE at the offending line and column.
 */
export function parsePathwayMapText(text: string, limits: Partial<ParseLimits> = {}): Map<string, string[]> {
  const lim = resolveLimits(limits);
  checkLineLimits(text, lim);
  const cur = new LineCursor(text);
  let header: PathwayMapHeader | null = null;
  while (cur.advance()) {
    if (cur.isBlank() || text.charCodeAt(cur.start) === HASH) continue;
    header = pathwayMapHeader(text, cur.start, cur.end, cur.lineNo, lim);
    if (!header)
      fail(
        'WRONG_HEADER',
        `pathway map header ${JSON.stringify(cur.line.slice(0, 80))} names no feature and pathway columns`,
        { line: cur.lineNo, column: 1, expected: EXPECTED },
      );
    break;
  }
  if (!header) fail('EMPTY_TABLE', 'pathway map has no header line', { line: 1, column: 1, expected: EXPECTED });
  const separators = header.delimiter === ';' ? /\|/ : /[;|]/;
  const out = new Map<string, string[]>();
  let rows = 0;
  while (cur.advance()) {
    if (cur.isBlank() || text.charCodeAt(cur.start) === HASH) continue;
    const { values, columns } = splitFields(text, header.delimiter, cur.start, cur.end, {
      limits: lim,
      line: cur.lineNo,
    });
    if (values.length < header.nFields) {
      fail('RAGGED_ROW', `pathway map row has ${values.length} cells; the header has ${header.nFields}`, {
        line: cur.lineNo,
        column: cur.end - cur.start + 1,
        expected: `${header.nFields} fields`,
      });
    }
    const extra = values.findIndex((v, k) => k >= header!.nFields && v.trim() !== '');
    if (extra !== -1)
      fail('RAGGED_ROW', `pathway map row has a value in field ${extra + 1}, beyond the header's ${header.nFields}`, {
        line: cur.lineNo,
        column: columns[extra]!,
        expected: `${header.nFields} fields`,
      });
    const feature = checkId(
      values[header.featureColumn]!.trim(),
      'feature',
      { line: cur.lineNo, column: columns[header.featureColumn]! },
      null,
      lim,
    );
    if (feature === '')
      fail('MISSING_ID', 'pathway map row has an empty feature cell', {
        line: cur.lineNo,
        column: columns[header.featureColumn]!,
        expected: EXPECTED,
      });
    rows++;
    const list = out.get(feature) ?? [];
    for (const p of values[header.pathwayColumn]!.split(separators)) {
      const pathway = p.trim();
      if (pathway !== '' && !list.includes(pathway)) list.push(pathway);
    }
    out.set(feature, list);
  }
  if (rows === 0)
    fail('EMPTY_TABLE', 'pathway map has a header but no rows', { line: cur.lineNo, column: 1, expected: EXPECTED });
  return out;
}
