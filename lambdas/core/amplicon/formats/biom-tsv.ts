/**
 * "Classic" BIOM TSV (`biom convert --to-tsv`, QIIME 1 OTU tables, QIIME 2
 * exports): optional `# Constructed from biom file` line, a header whose
 * first cell names the feature id column, one column per sample, an optional
 * trailing lineage column, then one row per feature. Rows are scanned in a
 * single pass over the decoded text; only lines containing a double quote
 * go through the general field splitter.
 */
import { fail } from '../../errors.js';
import { type FeatureTable, FeatureTableBuilder } from '../../table/feature-table.js';
import { checkId, type IdNormalization, type IdNormalized, normalizationsField } from '../../text/ids.js';
import { type ParseLimits, resolveLimits } from '../../text/limits.js';
import {
  ByteLineCursor,
  cellTooLong,
  checkByteLineLimits,
  DecimalCellScanner,
  decodeRange,
  failNonFinite,
  isInfinite,
  isNonFiniteSpelling,
  parseDecimal,
  splitFields,
  textBytes,
} from '../../text/text.js';

/** First header cells that open a BIOM TSV, compared case-insensitively. */
export const BIOM_TSV_ID_HEADERS = ['#otu id', 'otu id', '#otuid', 'feature id', '#feature id'] as const;
/** Names of an optional last column holding lineage strings, compared case-insensitively. */
export const LINEAGE_HEADERS = ['taxonomy', 'consensuslineage', 'taxon'] as const;

const TAB = 9;
const HASH = 35;
const SPACE = 32;
const QUOTE = 34;
const DOT = 46;
const DIGIT_0 = 48;
const LF = 10;
const CR = 13;
const INITIAL_CAPACITY = 1 << 16;

/** The parsed header line, and what every row is read under. */
interface Header {
  sampleIds: string[];
  hasLineage: boolean;
  /** fields every data row must have */
  nFields: number;
  limits: ParseLimits;
  normalizations: IdNormalization[];
}

/** Parses BIOM TSV bytes (gzip accepted); throws DataErrorSignal on bad input. */
export function parseBiomTsv(
  bytes: Uint8Array,
  _fileName?: string,
  limits: Partial<ParseLimits> = {},
): FeatureTable & IdNormalized {
  const lim = resolveLimits(limits);
  const plain = textBytes(bytes, lim);
  checkByteLineLimits(plain, lim);
  const cur = new ByteLineCursor(plain);
  const header = readHeader(cur, lim);
  return { ...readRows(cur, header), ...normalizationsField(header.normalizations) };
}

/** True for a comment line before the header (`#` alone or `# ` + text, e.g. `# Constructed from biom file`). */
function isPreambleComment(cur: ByteLineCursor): boolean {
  const { bytes, start, end } = cur;
  return end > start && bytes[start] === HASH && (end - start === 1 || bytes[start + 1] === SPACE);
}

/** Finds and checks the header: the first line that is neither blank nor a `# ` comment. */
function readHeader(cur: ByteLineCursor, limits: ParseLimits): Header {
  while (cur.advance()) {
    if (cur.isBlank() || isPreambleComment(cur)) continue;
    const line = cur.line;
    const { values, columns } = splitFields(line, '\t', 0, line.length, { limits, line: cur.lineNo });
    const cells = values.map((v) => v.trim());
    if (!(BIOM_TSV_ID_HEADERS as readonly string[]).includes(cells[0]!.toLowerCase())) {
      fail('WRONG_HEADER', `first header cell is ${JSON.stringify(cells[0]!.slice(0, 40))}, not a feature id column`, {
        line: cur.lineNo,
        column: 1,
        expected: "'#OTU ID'",
      });
    }
    const hasLineage =
      cells.length > 1 && (LINEAGE_HEADERS as readonly string[]).includes(cells[cells.length - 1]!.toLowerCase());
    const sampleCells = cells.slice(1, hasLineage ? -1 : undefined);
    if (sampleCells.length === 0) fail('EMPTY_TABLE', 'header has no sample columns', { line: cur.lineNo, column: 1 });
    const normalizations: IdNormalization[] = [];
    const sampleIds = checkSampleIds(sampleCells, columns.slice(1), cur.lineNo, limits, normalizations);
    return { sampleIds, hasLineage, nFields: cells.length, limits, normalizations };
  }
  return fail('WRONG_HEADER', 'no header line found', { line: 1, column: 1, expected: "'#OTU ID'" });
}

/** Sample ids from the header: passing the id rule (NFC), non-empty and unique. */
function checkSampleIds(
  cells: string[],
  columns: number[],
  line: number,
  limits: ParseLimits,
  out: IdNormalization[],
): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, k) => {
    const column = columns[k]!;
    const id = checkId(raw, 'sample', { line, column }, out, limits);
    if (id === '') fail('MISSING_ID', `header column ${k + 2} has no sample id`, { line, column });
    const first = seen.get(id);
    if (first !== undefined)
      fail('DUPLICATE_ID', `duplicate sample id '${id}' (first at column ${first})`, { line, column });
    seen.set(id, column);
    return id;
  });
}

/** Reads every data row into a FeatureTable. */
function readRows(cur: ByteLineCursor, header: Header): FeatureTable {
  const bytes = cur.bytes;
  const featureIds: string[] = [];
  const lineages: (string | null)[] = [];
  const firstLine = new Map<string, number>();
  const builder = new FeatureTableBuilder(featureIds, header.sampleIds, INITIAL_CAPACITY);
  const scanner = new DecimalCellScanner();
  let nextQuote = -1;
  while (cur.advance()) {
    if (cur.isBlank()) continue;
    const { start, end } = cur;
    if (nextQuote !== Infinity && nextQuote < start) {
      const q = bytes.indexOf(QUOTE, start);
      nextQuote = q === -1 ? Infinity : q;
    }
    let lineage: string | null;
    if (nextQuote < end) lineage = readQuotedRow(cur, header, builder, featureIds);
    else {
      let tab = bytes.indexOf(TAB, start);
      if (tab === -1 || tab > end) tab = end;
      if (tab - start > header.limits.maxCellLength) cellTooLong(cur.lineNo, 1, tab - start, header.limits);
      featureIds.push(
        checkId(
          decodeRange(bytes, start, tab).trim(),
          'feature',
          { line: cur.lineNo, column: 1 },
          header.normalizations,
          header.limits,
        ),
      );
      lineage = readCells(cur, header, builder, scanner, featureIds.length - 1, tab);
    }
    checkFeatureId(featureIds, firstLine, cur.lineNo);
    lineages.push(lineage);
  }
  if (featureIds.length === 0)
    fail('EMPTY_TABLE', `the table has a header and ${header.sampleIds.length} samples but no feature rows`);
  return builder.build(header.hasLineage ? lineages : undefined);
}

/** Fails on an empty or repeated id of the feature just read. */
function checkFeatureId(featureIds: string[], firstLine: Map<string, number>, line: number): void {
  const id = featureIds[featureIds.length - 1]!;
  if (id === '') fail('MISSING_ID', 'row has no feature id', { line, column: 1 });
  const first = firstLine.get(id);
  if (first !== undefined)
    fail('DUPLICATE_ID', `duplicate feature id '${id}' (first on line ${first})`, { line, column: 1 });
  firstLine.set(id, line);
}

/** Fast path: scans the value cells of an unquoted row after the id ending at `idEnd`; returns its lineage. */
function readCells(
  cur: ByteLineCursor,
  header: Header,
  builder: FeatureTableBuilder,
  scanner: DecimalCellScanner,
  f: number,
  idEnd: number,
): string | null {
  const { bytes, end } = cur;
  const nSamples = header.sampleIds.length;
  if (idEnd >= end) raggedRow(cur, header.nFields);
  let pos = idEnd + 1;
  let stop = pos;
  for (let j = 0; j < nSamples; j++) {
    const zeroEnd = zeroCellEnd(bytes, pos);
    if (zeroEnd !== -1) stop = zeroEnd;
    else {
      const v = scanner.scan(bytes, pos);
      stop = scanner.end;
      if (Number.isNaN(v) || v < 0 || v === Infinity) badValue(cur, pos, v);
      if (v !== 0) builder.add(f, j, v);
    }
    if (j < nSamples - 1) {
      if (stop >= end || bytes[stop] !== TAB) raggedRow(cur, header.nFields);
      pos = stop + 1;
    }
  }
  if (!header.hasLineage) {
    if (stop < end) raggedRow(cur, header.nFields);
    return null;
  }
  if (stop >= end) raggedRow(cur, header.nFields);
  const extra = bytes.indexOf(TAB, stop + 1);
  if (extra !== -1 && extra < end) raggedRow(cur, header.nFields);
  if (end - stop - 1 > header.limits.maxCellLength)
    cellTooLong(cur.lineNo, cur.columnOf(stop + 1), end - stop - 1, header.limits);
  return lineageCell(decodeRange(bytes, stop + 1, end));
}

/** End offset of a `0` or `0.0` cell at `pos` (the commonest cells of a sparse table), or -1 for any other cell. */
function zeroCellEnd(bytes: Uint8Array, pos: number): number {
  if (bytes[pos] !== DIGIT_0) return -1;
  if (isCellEnd(bytes, pos + 1)) return pos + 1;
  if (bytes[pos + 1] === DOT && bytes[pos + 2] === DIGIT_0 && isCellEnd(bytes, pos + 3)) return pos + 3;
  return -1;
}

/** True when offset `k` ends a cell: tab, line end or end of the bytes. */
function isCellEnd(bytes: Uint8Array, k: number): boolean {
  if (k >= bytes.length) return true;
  const c = bytes[k];
  return c === TAB || c === LF || c === CR;
}

/** Slow path for a row with double quotes: split, then parse each value cell. */
function readQuotedRow(
  cur: ByteLineCursor,
  header: Header,
  builder: FeatureTableBuilder,
  featureIds: string[],
): string | null {
  const line = cur.line;
  const { values, columns } = splitFields(line, '\t', 0, line.length, { limits: header.limits, line: cur.lineNo });
  if (values.length !== header.nFields) raggedRow(cur, header.nFields);
  const f = featureIds.length;
  featureIds.push(
    checkId(values[0]!.trim(), 'feature', { line: cur.lineNo, column: 1 }, header.normalizations, header.limits),
  );
  for (let j = 0; j < header.sampleIds.length; j++) {
    const raw = values[j + 1]!;
    const v = parseDecimal(raw);
    if (Number.isNaN(v) || v < 0 || v === Infinity) failValue(cur.lineNo, columns[j + 1]!, raw, v);
    if (v !== 0) builder.add(f, j, v);
  }
  return header.hasLineage ? lineageCell(values[values.length - 1]!) : null;
}

/** A lineage cell trimmed; empty means no lineage. */
function lineageCell(raw: string): string | null {
  const s = raw.trim();
  return s === '' ? null : s;
}

/** Fails for the unquoted cell starting at byte offset `pos` of the current line. */
function badValue(cur: ByteLineCursor, pos: number, v: number): never {
  let stop = cur.bytes.indexOf(TAB, pos);
  if (stop === -1 || stop > cur.end) stop = cur.end;
  return failValue(cur.lineNo, cur.columnOf(pos), decodeRange(cur.bytes, pos, stop), v);
}

/** Fails NON_FINITE_VALUE for an overflowing or Inf/NaN cell, NEGATIVE_VALUE for a negative `v`, else NON_NUMERIC_VALUE. */
function failValue(line: number, column: number, cell: string, v: number): never {
  if (isInfinite(v) || isNonFiniteSpelling(cell.trim())) failNonFinite(cell, 'count', { line, column });
  const shown = JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
  const at = { line, column, expected: 'a non-negative number' };
  if (v < 0) fail('NEGATIVE_VALUE', `negative count ${shown}`, at);
  return fail('NON_NUMERIC_VALUE', cell.trim() === '' ? 'empty cell' : `${shown} is not a number`, at);
}

/** Fails RAGGED_ROW: column is the first extra field, or one past the line's end when fields are missing. */
function raggedRow(cur: ByteLineCursor, expected: number): never {
  const line = cur.line;
  const { values, columns } = splitFields(line, '\t', 0, line.length, { line: cur.lineNo });
  const got = values.length;
  return fail('RAGGED_ROW', `row has ${got} fields, the header has ${expected}`, {
    line: cur.lineNo,
    column: got > expected ? columns[expected]! : line.length + 1,
    expected: `${expected} tab-separated fields`,
  });
}
