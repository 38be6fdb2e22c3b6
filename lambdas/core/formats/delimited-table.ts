/**
 * Delimited tables as R, Excel, pandas and pipelines write them: the header
 * is the first non-blank line that is not a `# ` comment; the delimiter is
 * the first of tab, comma, semicolon, space that splits the header into at
 * least two cells and the first data row into as many cells or one more
 * (R's `write.table` leaves the row-name column out of the header). The
 * first field of a data row is its id (row name). Quoting follows
 * `splitFields`; `RowCells` splits a line without allocating per cell.
 */
import { fail } from '../errors.js';
import { LineCursor, parseDecimal, readQuoted, splitFields } from './text.js';

/** Delimiters a plain table may use, in the order they are tried. */
export const DELIMITERS = ['\t', ',', ';', ' '] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Cell texts that mean "no value" in tables written by R, pandas or spreadsheets. */
export const MISSING_CELLS: ReadonlySet<string> = new Set(['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A', '#N/A']);

const QUOTE = 34;
const HASH = 35;
const SPACE = 32;
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
export function readTableHead(text: string): TableHead | null {
  const cur = new LineCursor(text);
  if (!advanceTo(cur, () => !cur.isBlank() && !isPreambleComment(text, cur.start, cur.end))) return null;
  const header = { line: cur.lineNo, start: cur.start, end: cur.end };
  if (!advanceTo(cur, () => !cur.isBlank())) return null;
  let fallback: TableHead | null = null;
  for (const d of DELIMITERS) {
    const head = splitFields(text, d, header.start, header.end);
    if (head.values.length < 2) continue;
    const nRow = splitFields(text, d, cur.start, cur.end).values.length;
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

/** Fails DUPLICATE_ID or MISSING_ID for the header names of a table. */
export function checkHeaderNames(head: TableHead, what: string, skip: ReadonlySet<number> = new Set()): void {
  const seen = new Map<string, number>();
  head.names.forEach((name, k) => {
    if (skip.has(k)) return;
    const at = { line: head.headerLine, column: head.nameColumns[k]! };
    if (name === '') fail('MISSING_ID', `header column ${k + 2} has no ${what} name`, at);
    const first = seen.get(name);
    if (first !== undefined) fail('DUPLICATE_ID', `duplicate ${what} '${name}' (first at column ${first})`, at);
    seen.set(name, at.column);
  });
}

/**
 * The cells of one line, found with `indexOf` and kept as offsets into the
 * text. A cell that starts with a double quote runs to its closing quote
 * ("" inside is one quote, text after the closing quote is kept), as in
 * `splitFields`; only such unusual cells are copied out.
 */
export class RowCells {
  count = 0;
  lineNo = 0;
  private lineStart = 0;
  private opens = new Int32Array(INITIAL_CELLS);
  private starts = new Int32Array(INITIAL_CELLS);
  private ends = new Int32Array(INITIAL_CELLS);
  private readonly special = new Map<number, string>();
  private readonly delimCode: number;

  constructor(
    readonly text: string,
    readonly delimiter: Delimiter,
  ) {
    this.delimCode = delimiter.charCodeAt(0);
  }

  /** Splits `text[start, end)`, the line numbered `lineNo`. */
  load(start: number, end: number, lineNo: number): this {
    const t = this.text;
    this.lineNo = lineNo;
    this.lineStart = start;
    this.special.clear();
    let n = 0;
    let pos = start;
    for (;;) {
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
    return stop;
  }

  /** Doubles the per-cell buffers. */
  private grow(): void {
    const cap = this.starts.length * 2;
    for (const key of ['opens', 'starts', 'ends'] as const) {
      const next = new Int32Array(cap);
      next.set(this[key]);
      this[key] = next;
    }
  }

  /** Cell k as written (quotes removed), untrimmed. */
  raw(k: number): string {
    return this.special.get(k) ?? this.text.slice(this.starts[k]!, this.ends[k]!);
  }

  /** Cell k trimmed. */
  value(k: number): string {
    return this.raw(k).trim();
  }

  /** Cell k as a plain decimal (NaN when it is not one); see `parseDecimal`. */
  number(k: number): number {
    const s = this.special.get(k);
    return s === undefined ? parseDecimal(this.text, this.starts[k]!, this.ends[k]!) : parseDecimal(s);
  }

  /** 1-based character column where cell k starts (its opening quote when quoted). */
  column(k: number): number {
    return this.opens[k]! - this.lineStart + 1;
  }

  /** Column just past the end of the line (where a missing field would start). */
  endColumn(end: number): number {
    return end - this.lineStart + 1;
  }
}

/** Calls `visit` with the cells of every non-blank line after the header. */
export function forEachRow(text: string, head: TableHead, visit: (cells: RowCells, end: number) => void): void {
  const cells = new RowCells(text, head.delimiter);
  const cur = new LineCursor(text);
  while (cur.advance()) {
    if (cur.lineNo <= head.headerLine || cur.isBlank()) continue;
    visit(cells.load(cur.start, cur.end, cur.lineNo), cur.end);
  }
}

/** Fails RAGGED_ROW unless the loaded row has `expected` fields. */
export function checkFieldCount(cells: RowCells, end: number, expected: number, delimiter: Delimiter): void {
  if (cells.count === expected) return;
  fail('RAGGED_ROW', `row has ${cells.count} fields, the header implies ${expected}`, {
    line: cells.lineNo,
    column: cells.count > expected ? cells.column(expected) : cells.endColumn(end),
    expected: `${expected} ${delimiterName(delimiter)}-separated fields`,
  });
}

/** True for a cell that means "no value". */
export function isMissingCell(cell: string): boolean {
  return MISSING_CELLS.has(cell.trim());
}
