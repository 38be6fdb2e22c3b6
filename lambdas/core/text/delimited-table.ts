/**
 * Delimited text, shared by the 16S and the metabolomics parsers.
 *
 *  - Tables as R, Excel, pandas and pipelines write them (`readTableHead`):
 *    the header is the first non-blank line that is not a `# ` comment; the
 *    delimiter is the first of tab, comma, semicolon, space that splits the
 *    header into at least two cells and the first data row into as many
 *    cells or one more (R's `write.table` leaves the row-name column out of
 *    the header). The first field of a data row is its id (row name).
 *  - Metabolomics tool output: non-blank line index (`indexLines`),
 *    delimiter detection (tab, `;`, `,`) and decimal-comma detection, cell
 *    cleaning for spreadsheet output (space padding around quotes),
 *    intensity cells (`CellNumberReader`), column-type probing.
 *  - Missing markers, and `RowCells`: the fields of one line as offsets,
 *    without per-cell allocation. Quoting follows `splitFields`.
 */
import { fail } from '../errors.js';
import { checkId, type IdAxis, type IdNormalization } from './ids.js';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.js';
import { isMissingValue } from './missing.js';
import {
  cellTooLong,
  countFields,
  failNonFinite,
  fieldPastLimit,
  isInfinite,
  isNonFiniteSpelling,
  LineCursor,
  parseDecimal,
  parseNumberOrInfinity,
  readQuoted,
  splitFields,
  tooManyColumns,
} from './text.js';

/** Cell lengths are not checked while delimiters are tried (a wrong one makes one long cell); the parser's `RowCells` checks them. */
function guessing(limits: ParseLimits): Pick<ParseLimits, 'maxColumns' | 'maxCellLength'> {
  return { maxColumns: limits.maxColumns, maxCellLength: Infinity };
}

/** Delimiters a plain table may use, in the order `readTableHead` tries them. */
export const DELIMITERS = ['\t', ',', ';', ' '] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const SEMICOLON = 59;
const UPPER_N = 78;
const UPPER_A = 65;
/** Cells of one line at most this many are kept in `RowCells` before its buffers grow. */
const INITIAL_CELLS = 256;

/** Where a table's header sits and what it says. */
export interface TableHead {
  delimiter: Delimiter;
  /** 1-based line of the header */
  headerLine: number;
  /** header cell above the id column; '' when empty or absent (R row names) */
  idHeader: string;
  /** names of the columns after the id column, trimmed, quotes removed */
  names: string[];
  /** 1-based character column of each name on the header line */
  nameColumns: number[];
  /** true when the header has one cell fewer than the rows (R `write.table`) */
  shortHeader: boolean;
  /** fields every data row has */
  nFields: number;
}

/** The name of a delimiter for messages. */
export function delimiterName(d: Delimiter): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : 'space';
}

/** True for a comment line before a header: `#` alone or `# ` followed by text. */
function isPreambleComment(text: string, start: number, end: number): boolean {
  return text.charCodeAt(start) === HASH && (end - start === 1 || text.charCodeAt(start + 1) === SPACE);
}

/**
 * Finds the header and the delimiter; null when the text is not a table with
 * at least one data row. When no delimiter fits the first data row, the
 * first that splits the header is kept, so that the row is reported as
 * RAGGED_ROW by the parser rather than the file as unknown.
 */
export function readTableHead(text: string, limits: ParseLimits = DEFAULT_LIMITS): TableHead | null {
  const cur = new LineCursor(text);
  if (!advanceTo(cur, () => !cur.isBlank() && !isPreambleComment(text, cur.start, cur.end))) return null;
  const header = { line: cur.lineNo, start: cur.start, end: cur.end };
  if (!advanceTo(cur, () => !cur.isBlank())) return null;
  let fallback: TableHead | null = null;
  for (const d of DELIMITERS) {
    const head = splitFields(text, d, header.start, header.end, { limits: guessing(limits), line: header.line });
    if (head.values.length < 2) continue;
    const nRow = countFields(text, d, cur.start, cur.end, cur.lineNo, limits);
    const h = head.values.length;
    const fits = nRow === h || nRow === h + 1;
    if (!fits && fallback) continue;
    const cells = head.values.map((v) => v.trim());
    const shortHeader = nRow === h + 1;
    const found: TableHead = {
      delimiter: d,
      headerLine: header.line,
      idHeader: shortHeader ? '' : cells[0]!,
      names: shortHeader ? cells : cells.slice(1),
      nameColumns: shortHeader ? head.columns : head.columns.slice(1),
      shortHeader,
      nFields: shortHeader ? nRow : h,
    };
    if (fits) return found;
    fallback = found;
  }
  return fallback;
}

/** Advances until `wanted()` holds for the current line; false when the text ends first. */
function advanceTo(cur: LineCursor, wanted: () => boolean): boolean {
  while (cur.advance()) if (wanted()) return true;
  return false;
}

/** How header names are checked as ids (see `checkId`): their axis, where changed spellings go, the limits. */
export interface HeaderIds {
  axis: IdAxis;
  out: IdNormalization[];
  limits?: ParseLimits;
}

/** Fails DUPLICATE_ID or MISSING_ID for the header names of a table; with `ids`, each name is first checked as an id and replaced by its NFC form. */
export function checkHeaderNames(
  head: TableHead,
  what: string,
  skip: ReadonlySet<number> = new Set(),
  ids?: HeaderIds,
): void {
  const seen = new Map<string, number>();
  head.names.forEach((raw, k) => {
    if (skip.has(k)) return;
    const at = { line: head.headerLine, column: head.nameColumns[k]! };
    const name = ids ? checkId(raw, ids.axis, at, ids.out, ids.limits) : raw;
    head.names[k] = name;
    if (name === '') fail('MISSING_ID', `header column ${k + 2} has no ${what} name`, at);
    const first = seen.get(name);
    if (first !== undefined) fail('DUPLICATE_ID', `duplicate ${what} '${name}' (first at column ${first})`, at);
    seen.set(name, at.column);
  });
}

/** Lines that are not blank, with their 1-based line numbers and [start, end) offsets (terminator excluded). */
export interface TextLines {
  text: string;
  start: Int32Array;
  end: Int32Array;
  lineNo: Int32Array;
  count: number;
}

/** Indexes the non-blank lines of a text (LF, CRLF or CR). */
export function indexLines(text: string): TextLines {
  const cur = new LineCursor(text);
  let cap = 1024;
  let start = new Int32Array(cap),
    end = new Int32Array(cap),
    lineNo = new Int32Array(cap);
  let n = 0;
  while (cur.advance()) {
    if (cur.isBlank()) continue;
    if (n === cap) {
      cap *= 2;
      start = grow(start, cap);
      end = grow(end, cap);
      lineNo = grow(lineNo, cap);
    }
    start[n] = cur.start;
    end[n] = cur.end;
    lineNo[n] = cur.lineNo;
    n++;
  }
  return { text, start, end, lineNo, count: n };
}

/** Copy of `a` with capacity `cap`. */
function grow(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** Text of non-blank line i. */
export function lineText(lines: TextLines, i: number): string {
  return lines.text.slice(lines.start[i]!, lines.end[i]!);
}

/** Occurrences of `ch` outside double quotes in text[start, end). */
function countOutsideQuotes(text: string, start: number, end: number, ch: number): number {
  let n = 0;
  let quoted = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter of lines [from, from + k): tab when every line has a tab;
 * else `;` when every line has the same non-zero number of semicolons
 * outside quotes (the first may have one fewer: R's `write.table` header is
 * one cell short); else `,`.
 */
export function detectDelimiter(lines: TextLines, from = 0, k = 20): Delimiter {
  const to = Math.min(lines.count, from + k);
  if (to <= from) return ',';
  let allTabs = true;
  const semis: number[] = [];
  for (let i = from; i < to; i++) {
    const s = lines.start[i]!,
      e = lines.end[i]!;
    if (countOutsideQuotes(lines.text, s, e, TAB) === 0) allTabs = false;
    semis.push(countOutsideQuotes(lines.text, s, e, SEMICOLON));
  }
  if (allTabs) return '\t';
  if (semicolonsConsistent(semis)) return ';';
  return ',';
}

/** Every line has the same number n > 0 of `;`, except that the first may have n − 1 (R's `write.table` header, one cell short). */
function semicolonsConsistent(counts: readonly number[]): boolean {
  const n = counts.length > 1 ? counts[1]! : counts[0]!;
  if (n === 0) return false;
  for (let i = 1; i < counts.length; i++) if (counts[i] !== n) return false;
  return counts[0] === n || counts[0] === n - 1;
}

/** A decimal-comma number cell: optional sign, digits, one comma, digits, optional exponent (quotes and spaces allowed around). */
const DECIMAL_COMMA_CELL = /(?:^|[;\t])[ "]*[-+]?\d+,\d+(?:[eE][-+]?\d+)?[ "]*(?=[;\t\r\n]|$)/m;

/** True when a `;`- or tab-delimited text writes numbers with a decimal comma (`1,5`). Never for `,`-delimited text. */
export function detectDecimalComma(text: string, delimiter: Delimiter): boolean {
  if (delimiter === ',') return false;
  return DECIMAL_COMMA_CELL.test(text.length > 1 << 20 ? text.slice(0, 1 << 20) : text);
}

/** Trims spaces and one level of double quotes ("" inside becomes "), as spreadsheets pad and quote cells. */
export function cleanCell(s: string): string {
  let t = s.trim();
  if (t.length >= 2 && t.charCodeAt(0) === QUOTE && t.charCodeAt(t.length - 1) === QUOTE)
    t = t.slice(1, -1).replace(/""/g, '"').trim();
  return t;
}

/** True when the cleaned cell text is a missing marker (`isMissingValue`). */
export function isMissingText(s: string): boolean {
  return isMissingValue(s);
}

/**
 * Parses intensity cells: plain decimals (`2.6E5`, space padded, quoted),
 * decimal commas when the file uses them (`1,5` = 1.5, never 15), missing
 * markers as NaN. Counts missing markers and zeros; anything else fails
 * NON_NUMERIC_VALUE at the cell.
 */
export class CellNumberReader {
  nMissingMarkers = 0;
  nZeros = 0;

  /** `allowNegative`: the table is declared transformed (logs), so negative intensities are real; otherwise they fail NEGATIVE_VALUE. */
  constructor(
    readonly decimalComma: boolean,
    readonly allowNegative = false,
  ) {}

  /** Number in text[a, b) of a quote-free line; `line`/`column` locate errors. */
  range(text: string, a: number, b: number, line: number, column: number): number {
    if (a === b) {
      this.nMissingMarkers++;
      return NaN;
    }
    const v = parseDecimal(text, a, b);
    if (!Number.isNaN(v) && !(this.decimalComma && hasDot(text, a, b))) {
      if (v === 0) this.nZeros++;
      else if (v < 0 || isInfinite(v)) this.checkValue(v, text.slice(a, b), line, column);
      return v;
    }
    if (b - a === 2 && text.charCodeAt(a) === UPPER_N && text.charCodeAt(a + 1) === UPPER_A) {
      this.nMissingMarkers++;
      return NaN;
    }
    const raw = text.slice(a, b);
    if (isMissingValue(raw)) {
      this.nMissingMarkers++;
      return NaN;
    }
    return this.slow(raw, line, column);
  }

  /** Number in a cell already split out as a string. */
  cell(raw: string, line: number, column: number): number {
    return this.range(raw, 0, raw.length, line, column);
  }

  /** Quoted, padded, missing, decimal-comma or bad cells. */
  private slow(raw: string, line: number, column: number): number {
    const s = cleanCell(raw);
    if (isMissingText(s)) {
      this.nMissingMarkers++;
      return NaN;
    }
    if (isNonFiniteSpelling(s)) failNonFinite(s, 'intensity', { line, column });
    const v = this.decimalComma ? this.commaNumber(s, line, column) : parseDecimal(s);
    if (Number.isNaN(v)) {
      const hint = /^[-+]?\d+,\d+$/.test(s)
        ? ' (a decimal comma in a comma-separated file is ambiguous; use a `;`-separated file or a decimal point)'
        : '';
      fail('NON_NUMERIC_VALUE', `intensity '${s.slice(0, 40)}' is not a number${hint}`, {
        line,
        column,
        expected: 'a number, or empty / NA / NaN / null for missing',
      });
    }
    if (v === 0) this.nZeros++;
    else if (v < 0 || isInfinite(v)) this.checkValue(v, s, line, column);
    return v;
  }

  /** NON_FINITE_VALUE for an overflowing cell; NEGATIVE_VALUE for a negative one unless the table is declared transformed. */
  private checkValue(v: number, cell: string, line: number, column: number): void {
    if (isInfinite(v)) failNonFinite(cell, 'intensity', { line, column });
    if (v < 0 && !this.allowNegative) {
      fail(
        'NEGATIVE_VALUE',
        `negative intensity ${JSON.stringify(cell.trim().slice(0, 40))}; raw intensities are >= 0`,
        {
          line,
          column,
          expected: "a non-negative intensity, or declare the table already transformed in study.json ('transformed')",
        },
      );
    }
  }

  /** A decimal-comma cell: one comma, no point (a point would be a thousands separator or a mixed file). */
  private commaNumber(s: string, line: number, column: number): number {
    if (s.includes('.')) {
      fail('NON_NUMERIC_VALUE', `intensity '${s.slice(0, 40)}' has a '.' in a file that uses decimal commas`, {
        line,
        column,
        expected: 'numbers written with one decimal separator throughout the file',
      });
    }
    return parseDecimal(s.replace(',', '.'));
  }
}

/** True when text[a, b) contains a '.'. */
function hasDot(text: string, a: number, b: number): boolean {
  const i = text.indexOf('.', a);
  return i !== -1 && i < b;
}

/** A number from annotation text (m/z, RT, injection order), accepting either decimal separator; NaN when not a finite number. */
export function lenientNumber(s: string | null | undefined): number {
  if (s === null || s === undefined) return NaN;
  const t = cleanCell(s);
  const v = parseDecimal(t);
  if (!Number.isNaN(v)) return isInfinite(v) ? NaN : v;
  const w = /^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$/.test(t) ? parseDecimal(t.replace(',', '.')) : NaN;
  return isInfinite(w) ? NaN : w;
}

/**
 * The cells of one line, kept as offsets into the text and found with
 * `indexOf`, so a line costs no string per cell. A cell that starts with a
 * double quote runs to its closing quote ("" inside is one quote, text after
 * the closing quote is kept), as in `splitFields`; only such cells that hold
 * an escaped quote or trailing text are copied out.
 */
export class RowCells {
  count = 0;
  lineNo = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private opens = new Int32Array(INITIAL_CELLS);
  private starts = new Int32Array(INITIAL_CELLS);
  private ends = new Int32Array(INITIAL_CELLS);
  /** Cells copied out of the line (see `quotedCell`), by index; `hasSpecial` tells whether any are. */
  private readonly special = new Map<number, string>();
  private hasSpecial = false;
  private readonly delimCode: number;
  private quoteFrom = Infinity;
  private quoteAt = -1;

  /** More than limits.maxColumns cells on a line fail TOO_MANY_COLUMNS, a cell longer than maxCellLength CELL_TOO_LONG. */
  constructor(
    readonly text: string,
    readonly delimiter: Delimiter,
    private readonly limits: Pick<ParseLimits, 'maxColumns' | 'maxCellLength'> = DEFAULT_LIMITS,
  ) {
    this.delimCode = delimiter.charCodeAt(0);
  }

  /** Loads non-blank line i of `lines`. */
  load(lines: TextLines, i: number): this {
    return this.loadRange(lines.start[i]!, lines.end[i]!, lines.lineNo[i]!);
  }

  /** Splits `text[start, end)`, the line numbered `lineNo`. */
  loadRange(start: number, end: number, lineNo: number): this {
    const t = this.text;
    this.lineNo = lineNo;
    this.lineStart = start;
    this.lineEnd = end;
    if (this.hasSpecial) {
      this.special.clear();
      this.hasSpecial = false;
    }
    let n = 0;
    let pos = start;
    const { maxColumns, maxCellLength } = this.limits;
    const overflow = fieldPastLimit(t, this.delimCode, start, end, maxColumns);
    if (overflow !== -1) tooManyColumns(lineNo, overflow - start + 1, this.limits);
    for (;;) {
      if (n >= maxColumns) tooManyColumns(lineNo, pos - start + 1, this.limits);
      if (n === this.starts.length) this.grow();
      this.opens[n] = pos;
      let stop: number;
      if (pos < end && t.charCodeAt(pos) === QUOTE) stop = this.quotedCell(pos, end, n);
      else {
        stop = t.indexOf(this.delimiter, pos);
        if (stop === -1 || stop > end) stop = end;
        this.starts[n] = pos;
        this.ends[n] = stop;
      }
      if (stop - pos > maxCellLength) cellTooLong(lineNo, pos - start + 1, stop - pos, this.limits);
      n++;
      if (stop >= end) break;
      pos = stop + 1;
    }
    this.count = n;
    return this;
  }

  /** Records the quoted cell opening at `pos` and returns the offset of the delimiter (or end) after it. */
  private quotedCell(pos: number, end: number, n: number): number {
    const t = this.text;
    const close = t.indexOf('"', pos + 1);
    const after = close + 1;
    if (close !== -1 && close < end && (after >= end || t.charCodeAt(after) === this.delimCode)) {
      this.starts[n] = pos + 1;
      this.ends[n] = close;
      return after;
    }
    const out: string[] = [];
    const stop = readQuoted(t, pos, end, this.delimCode, out);
    this.special.set(n, out[0]!);
    this.hasSpecial = true;
    return stop;
  }

  /** Doubles the per-cell buffers. */
  private grow(): void {
    const cap = this.starts.length * 2;
    this.opens = grow(this.opens, cap);
    this.starts = grow(this.starts, cap);
    this.ends = grow(this.ends, cap);
  }

  /** Cell k when it was copied out of the line, else undefined. */
  private copied(k: number): string | undefined {
    return this.hasSpecial ? this.special.get(k) : undefined;
  }

  /** True when the loaded line holds a double quote; the next quote after a search origin is remembered, so asking for lines in order costs one pass. */
  private lineHasQuote(): boolean {
    const start = this.lineStart;
    if (!(this.quoteFrom <= start && (this.quoteAt === -1 || this.quoteAt >= start))) {
      this.quoteFrom = start;
      this.quoteAt = this.text.indexOf('"', start);
    }
    return this.quoteAt !== -1 && this.quoteAt < this.lineEnd;
  }

  /** The first field of non-blank line i, cleaned, without splitting the rest of the line. */
  firstField(lines: TextLines, i: number): string {
    const start = lines.start[i]!,
      end = lines.end[i]!;
    if (this.text.charCodeAt(start) === QUOTE || this.text.charCodeAt(start) === SPACE)
      return this.load(lines, i).string(0);
    let stop = this.text.indexOf(this.delimiter, start);
    if (stop === -1 || stop > end) stop = end;
    return cleanCell(this.text.slice(start, stop));
  }

  /** Cell k as written (quotes removed), untrimmed. */
  raw(k: number): string {
    return this.copied(k) ?? this.text.slice(this.starts[k]!, this.ends[k]!);
  }

  /** Cell k trimmed. */
  value(k: number): string {
    return this.raw(k).trim();
  }

  /** Cell k cleaned (trimmed, one level of quotes removed; see `cleanCell`). */
  string(k: number): string {
    return cleanCell(this.raw(k));
  }

  /** Cell k cleaned; null when out of range or a missing marker. */
  optional(k: number): string | null {
    if (k < 0 || k >= this.count) return null;
    const s = this.string(k);
    return isMissingText(s) ? null : s;
  }

  /** True when cell k is blank: only spaces, or on a line that holds a double quote, only whitespace. */
  isEmpty(k: number): boolean {
    if (this.lineHasQuote()) return this.raw(k).trim() === '';
    for (let i = this.starts[k]!; i < this.ends[k]!; i++) if (this.text.charCodeAt(i) !== SPACE) return false;
    return true;
  }

  /** Cell k as a plain decimal, a spelled infinity as ±Infinity (NaN when it is neither); see `parseNumberOrInfinity`. */
  number(k: number): number {
    const s = this.copied(k);
    return s === undefined
      ? parseNumberOrInfinity(this.text, this.starts[k]!, this.ends[k]!)
      : parseNumberOrInfinity(s);
  }

  /** Cell k as an intensity (see CellNumberReader). */
  intensity(k: number, reader: CellNumberReader): number {
    const s = this.copied(k);
    if (s !== undefined) return reader.cell(s, this.lineNo, this.column(k));
    return reader.range(this.text, this.starts[k]!, this.ends[k]!, this.lineNo, this.column(k));
  }

  /** All cells cleaned, for header lines. */
  all(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.count; k++) out.push(this.string(k));
    return out;
  }

  /** 1-based character column where cell k starts (its opening quote when quoted). */
  column(k: number): number {
    return this.opens[k]! - this.lineStart + 1;
  }

  /** Column just past the end of the line (where a missing field would start). */
  endColumn(): number {
    return this.lineEnd - this.lineStart + 1;
  }
}

/** Calls `visit` with the cells of every non-blank line after the header. */
export function forEachRow(
  text: string,
  head: TableHead,
  visit: (cells: RowCells) => void,
  limits: ParseLimits = DEFAULT_LIMITS,
): void {
  const cells = new RowCells(text, head.delimiter, limits);
  const cur = new LineCursor(text);
  while (cur.advance()) {
    if (cur.lineNo <= head.headerLine || cur.isBlank()) continue;
    visit(cells.loadRange(cur.start, cur.end, cur.lineNo));
  }
}

/** Fails RAGGED_ROW unless the loaded row has `expected` fields. */
export function checkFieldCount(cells: RowCells, expected: number, delimiter: Delimiter): void {
  if (cells.count === expected) return;
  fail('RAGGED_ROW', `row has ${cells.count} fields, the header implies ${expected}`, {
    line: cells.lineNo,
    column: cells.count > expected ? cells.column(expected) : cells.endColumn(),
    expected: `${expected} ${delimiterName(delimiter)}-separated fields`,
  });
}

/** True for a raw cell that means "no value" (trimmed, then `isMissingValue`). */
export function isMissingCell(cell: string): boolean {
  return isMissingValue(cell.trim());
}

/** Cells examined at most by `numericShare` (fewer rows for wide tables), but never fewer than PROBE_MIN_ROWS rows. */
const PROBE_CELLS = 200_000;
const PROBE_MIN_ROWS = 20;

/** True when a cleaned cell is a number under the file's decimal separator, a spelled infinity included (missing markers are not). */
export function isNumberText(s: string, decimalComma: boolean): boolean {
  if (!Number.isNaN(parseNumberOrInfinity(s))) return !(decimalComma && s.includes('.'));
  return decimalComma && /^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$/.test(s);
}

/**
 * Share of numeric cells among the non-missing cells of each field, over
 * lines [from, to) (NaN for a field with no non-missing cell). Used to tell
 * annotation columns from intensity columns before the full read.
 */
export function numericShare(
  lines: TextLines,
  cells: RowCells,
  from: number,
  to: number,
  nFields: number,
  decimalComma: boolean,
): Float64Array {
  const numeric = new Float64Array(nFields),
    seen = new Float64Array(nFields);
  const rows = Math.max(PROBE_MIN_ROWS, Math.floor(PROBE_CELLS / Math.max(1, nFields)));
  for (let i = from; i < Math.min(to, from + rows, lines.count); i++) {
    cells.load(lines, i);
    for (let k = 0; k < Math.min(nFields, cells.count); k++) {
      const s = cells.string(k);
      if (isMissingText(s)) continue;
      seen[k]++;
      if (isNumberText(s, decimalComma)) numeric[k]++;
    }
  }
  return numeric.map((x, k) => (seen[k] ? x / seen[k]! : NaN));
}
