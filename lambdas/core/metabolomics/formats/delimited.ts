/**
 * Delimited-text helpers the metabolomics parsers share, on top of
 * `core/formats/text.ts` (line cursor, quote-aware `splitFields`,
 * `parseDecimal`). Added here because text.ts has no notion of them:
 *
 *  - delimiter detection (tab, `;`, `,`) and decimal-comma detection;
 *  - cell cleaning for spreadsheet output (space padding around quotes);
 *  - missing markers (empty, NA, NaN, null, N/A, #N/A);
 *  - `RowCells`: the fields of one line without per-cell allocation when the
 *    line holds no double quote (field bounds via indexOf); lines with a quote
 *    go through `splitFields`, so quoting rules live in one place.
 */
import { fail } from '../../errors.js';
import { LineCursor, parseDecimal, splitFields } from '../../formats/text.js';

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const UPPER_N = 78;
const UPPER_A = 65;

/** Cell texts that mean "no value" (compared after trimming; METRICS: empty, NA, NaN, null). */
export const MISSING_MARKERS: ReadonlySet<string> = new Set(['', 'NA', 'na', 'N/A', 'n/a', '#N/A', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null', 'None']);

/** Delimiters a plain table may use. */
export type Delimiter = '\t' | ',' | ';';

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
  let start = new Int32Array(cap), end = new Int32Array(cap), lineNo = new Int32Array(cap);
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
 * outside quotes; else `,`.
 */
export function detectDelimiter(lines: TextLines, from = 0, k = 20): Delimiter {
  const to = Math.min(lines.count, from + k);
  if (to <= from) return ',';
  let allTabs = true;
  let semis = -1;
  let semisConsistent = true;
  for (let i = from; i < to; i++) {
    const s = lines.start[i]!, e = lines.end[i]!;
    if (countOutsideQuotes(lines.text, s, e, TAB) === 0) allTabs = false;
    const n = countOutsideQuotes(lines.text, s, e, 59);
    if (n === 0 || (semis !== -1 && n !== semis)) semisConsistent = false;
    semis = n;
  }
  if (allTabs) return '\t';
  if (semisConsistent) return ';';
  return ',';
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
  if (t.length >= 2 && t.charCodeAt(0) === QUOTE && t.charCodeAt(t.length - 1) === QUOTE) t = t.slice(1, -1).replace(/""/g, '"').trim();
  return t;
}

/** True when the cleaned cell text is a missing marker. */
export function isMissingText(s: string): boolean {
  return MISSING_MARKERS.has(s);
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

  constructor(readonly decimalComma: boolean) {}

  /** Number in text[a, b) of a quote-free line; `line`/`column` locate errors. */
  range(text: string, a: number, b: number, line: number, column: number): number {
    if (a === b) {
      this.nMissingMarkers++;
      return NaN;
    }
    const v = parseDecimal(text, a, b);
    if (v === v && !(this.decimalComma && hasDot(text, a, b))) {
      if (v === 0) this.nZeros++;
      return v;
    }
    if (b - a === 2 && text.charCodeAt(a) === UPPER_N && text.charCodeAt(a + 1) === UPPER_A) {
      this.nMissingMarkers++;
      return NaN;
    }
    const raw = text.slice(a, b);
    if (MISSING_MARKERS.has(raw)) {
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
    const v = this.decimalComma ? this.commaNumber(s, line, column) : parseDecimal(s);
    if (v !== v) {
      const hint = /^[-+]?\d+,\d+$/.test(s) ? ' (a decimal comma in a comma-separated file is ambiguous; use a `;`-separated file or a decimal point)' : '';
      fail('NON_NUMERIC_VALUE', `intensity '${s.slice(0, 40)}' is not a number${hint}`, { line, column, expected: 'a number, or empty / NA / NaN / null for missing' });
    }
    if (v === 0) this.nZeros++;
    return v;
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

/** A number from annotation text (m/z, RT, injection order), accepting either decimal separator; NaN when not a number. */
export function lenientNumber(s: string | null | undefined): number {
  if (s === null || s === undefined) return NaN;
  const t = cleanCell(s);
  const v = parseDecimal(t);
  if (v === v) return v;
  return /^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$/.test(t) ? parseDecimal(t.replace(',', '.')) : NaN;
}

/**
 * The fields of one line. Quote-free lines are scanned with indexOf into
 * reusable offset arrays (no strings made); a line with a double quote is
 * split by `splitFields` and its values kept.
 */
export class RowCells {
  count = 0;
  lineNo = 0;
  private lineStart = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private split: { values: string[]; columns: number[] } | null = null;
  private quoteFrom = Infinity;
  private quoteAt = -1;

  constructor(
    readonly text: string,
    readonly delimiter: Delimiter,
  ) {}

  /** Loads non-blank line i of `lines`. */
  load(lines: TextLines, i: number): this {
    const text = this.text, start = lines.start[i]!, end = lines.end[i]!;
    this.lineNo = lines.lineNo[i]!;
    this.lineStart = start;
    if (this.hasQuote(start, end)) {
      this.split = splitFields(text, this.delimiter, start, end);
      this.count = this.split.values.length;
      return this;
    }
    this.split = null;
    let n = 0;
    let pos = start;
    for (;;) {
      if (n === this.starts.length) {
        this.starts = grow(this.starts, n * 2);
        this.ends = grow(this.ends, n * 2);
      }
      let stop = text.indexOf(this.delimiter, pos);
      if (stop === -1 || stop > end) stop = end;
      this.starts[n] = pos;
      this.ends[n] = stop;
      n++;
      if (stop >= end) break;
      pos = stop + 1;
    }
    this.count = n;
    return this;
  }

  /** True when text[start, end) holds a double quote; the next quote after a search origin is remembered, so scanning lines in order costs one pass. */
  private hasQuote(start: number, end: number): boolean {
    if (!(this.quoteFrom <= start && (this.quoteAt === -1 || this.quoteAt >= start))) {
      this.quoteFrom = start;
      this.quoteAt = this.text.indexOf('"', start);
    }
    return this.quoteAt !== -1 && this.quoteAt < end;
  }

  /** The first field of non-blank line i, cleaned, without splitting the rest of the line. */
  firstField(lines: TextLines, i: number): string {
    const start = lines.start[i]!, end = lines.end[i]!;
    if (this.text.charCodeAt(start) === QUOTE || this.text.charCodeAt(start) === SPACE) return this.load(lines, i).string(0);
    let stop = this.text.indexOf(this.delimiter, start);
    if (stop === -1 || stop > end) stop = end;
    return cleanCell(this.text.slice(start, stop));
  }

  /** 1-based column where field k starts. */
  column(k: number): number {
    if (this.split) return this.split.columns[k]!;
    return this.starts[k]! - this.lineStart + 1;
  }

  /** Column just after the last character of the line (for "row too short" errors). */
  endColumn(lines: TextLines, i: number): number {
    return lines.end[i]! - lines.start[i]! + 1;
  }

  /** Field k as raw text (quotes already removed when the line was split). */
  raw(k: number): string {
    if (this.split) return this.split.values[k]!;
    return this.text.slice(this.starts[k]!, this.ends[k]!);
  }

  /** Field k cleaned (trimmed, unquoted). */
  string(k: number): string {
    return cleanCell(this.raw(k));
  }

  /** Field k cleaned; null when it is a missing marker. */
  optional(k: number): string | null {
    if (k < 0 || k >= this.count) return null;
    const s = this.string(k);
    return isMissingText(s) ? null : s;
  }

  /** True when field k holds only spaces (or nothing). */
  isEmpty(k: number): boolean {
    if (this.split) return this.split.values[k]!.trim() === '';
    for (let i = this.starts[k]!; i < this.ends[k]!; i++) if (this.text.charCodeAt(i) !== SPACE) return false;
    return true;
  }

  /** Field k as an intensity (see CellNumberReader). */
  number(k: number, reader: CellNumberReader): number {
    if (this.split) return reader.cell(this.split.values[k]!, this.lineNo, this.split.columns[k]!);
    return reader.range(this.text, this.starts[k]!, this.ends[k]!, this.lineNo, this.starts[k]! - this.lineStart + 1);
  }

  /** All fields cleaned, for header lines. */
  all(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.count; k++) out.push(this.string(k));
    return out;
  }
}

/** Cells examined at most by `numericShare` (fewer rows for wide tables), but never fewer than PROBE_MIN_ROWS rows. */
const PROBE_CELLS = 200_000;
const PROBE_MIN_ROWS = 20;

/** True when a cleaned cell is a number under the file's decimal separator (missing markers are not). */
export function isNumberText(s: string, decimalComma: boolean): boolean {
  if (!Number.isNaN(parseDecimal(s))) return !(decimalComma && s.includes('.'));
  return decimalComma && /^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$/.test(s);
}

/**
 * Share of numeric cells among the non-missing cells of each field, over
 * lines [from, to) (NaN for a field with no non-missing cell). Used to tell
 * annotation columns from intensity columns before the full read.
 */
export function numericShare(lines: TextLines, cells: RowCells, from: number, to: number, nFields: number, decimalComma: boolean): Float64Array {
  const numeric = new Float64Array(nFields), seen = new Float64Array(nFields);
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
