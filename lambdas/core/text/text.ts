/**
 * Byte and text primitives shared by every format parser: gzip, UTF-8
 * decoding with binary detection, line and field iteration with 1-based
 * positions, and an exact fast decimal parser. Hot paths avoid per-cell
 * allocation: they work on character offsets into one decoded string.
 */
import { fail } from '../errors.js';
import { gunzipCapped } from './inflate.js';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.js';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const UPPER_E = 69;
const LOWER_E = 101;
const FORM_FEED = 12;
const DELETE = 127;
const BINARY_EXPECTED = 'UTF-8 text, gzip, or BIOM HDF5';

/** How much of a file is inspected when deciding whether it is text. */
const BINARY_SAMPLE_BYTES = 64 * 1024;
/** Share of undecodable or control characters above which a file is binary. */
const BINARY_FRACTION = 0.05;
/** Largest integer mantissa a double holds exactly. */
const MAX_EXACT_MANTISSA = 2 ** 53;
/** Powers of ten that are exact doubles (10^0 … 10^22). */
const EXACT_POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflates gzip bytes under the limits' allowance (see `gunzipCapped`); any other bytes are returned unchanged. */
export function gunzipIfNeeded(bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): Uint8Array {
  return isGzip(bytes) ? gunzipCapped(bytes, limits) : bytes;
}

/** Decodes UTF-8 bytes (BOM removed) to text; binary content fails BINARY_CONTENT, more than maxTextBytes TOO_LARGE (checked before decoding). Invalid sequences become U+FFFD. */
export function decodeText(bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): string {
  checkTextSize(bytes.length, limits);
  assertTextLike(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Fails TOO_LARGE when the bytes would decode to a string longer than maxTextBytes characters (V8 cannot hold much more in one string). */
export function checkTextSize(byteLength: number, limits: ParseLimits = DEFAULT_LIMITS): void {
  if (byteLength <= limits.maxTextBytes) return;
  fail(
    'TOO_LARGE',
    `the text is ${byteLength} bytes; at most ${limits.maxTextBytes} bytes of text are read as one table`,
    {
      expected: `at most ${limits.maxTextBytes} bytes of text (limit maxTextBytes)`,
    },
  );
}

/** Gunzips when needed, then decodes: what every string-based parser starts with. */
export function bytesToText(bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): string {
  return decodeText(gunzipIfNeeded(bytes, limits), limits);
}

/** Gunzips when needed, checks the bytes are text and drops a UTF-8 BOM, without decoding: for byte-level parsers. */
export function textBytes(bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): Uint8Array {
  const plain = gunzipIfNeeded(bytes, limits);
  checkTextSize(plain.length, limits);
  assertTextLike(plain);
  return plain[0] === 0xef && plain[1] === 0xbb && plain[2] === 0xbf ? plain.subarray(3) : plain;
}

/**
 * Fails LINE_TOO_LONG at the first line longer than maxLineLength characters
 * (at the first character past the limit) and TOO_MANY_ROWS at the first
 * non-empty line past maxRows: the checks every line-oriented parser runs
 * before it splits anything. One native `indexOf` per line.
 */
export function checkLineLimits(text: string, limits: ParseLimits = DEFAULT_LIMITS): void {
  const sep = lineSeparator(text);
  let rows = 0;
  let line = 0;
  for (let start = 0; start < text.length; ) {
    let nl = text.indexOf(sep, start);
    if (nl === -1) nl = text.length;
    line++;
    const end = nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    if (end - start > limits.maxLineLength) lineTooLong(line, end - start, limits);
    if (end > start && ++rows > limits.maxRows) tooManyRows(line, limits);
    start = nl + 1;
  }
}

/** `checkLineLimits` over UTF-8 bytes (lengths in bytes), for byte-level parsers. */
export function checkByteLineLimits(bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): void {
  const sep = bytes.indexOf(LF) === -1 && bytes.indexOf(CR) !== -1 ? CR : LF;
  let rows = 0;
  let line = 0;
  for (let start = 0; start < bytes.length; ) {
    let nl = bytes.indexOf(sep, start);
    if (nl === -1) nl = bytes.length;
    line++;
    const end = nl > start && bytes[nl - 1] === CR ? nl - 1 : nl;
    if (end - start > limits.maxLineLength) lineTooLong(line, end - start, limits);
    if (end > start && ++rows > limits.maxRows) tooManyRows(line, limits);
    start = nl + 1;
  }
}

/** Fails LINE_TOO_LONG at the first character past the limit. */
function lineTooLong(line: number, length: number, limits: ParseLimits): never {
  return fail(
    'LINE_TOO_LONG',
    `line ${line} is ${length} characters long; lines are limited to ${limits.maxLineLength}`,
    {
      line,
      column: limits.maxLineLength + 1,
      expected: `lines of at most ${limits.maxLineLength} characters (limit maxLineLength)`,
    },
  );
}

/** Fails TOO_MANY_ROWS at the first line past the limit. */
function tooManyRows(line: number, limits: ParseLimits): never {
  return fail('TOO_MANY_ROWS', `the text has more than ${limits.maxRows} non-empty lines`, {
    line,
    column: 1,
    expected: `at most ${limits.maxRows} lines (limit maxRows)`,
  });
}

/** Fails TOO_MANY_COLUMNS at the first field past the limit (`line`, `column` locate it). */
export function tooManyColumns(line: number, column: number, limits: Pick<ParseLimits, 'maxColumns'>): never {
  return fail('TOO_MANY_COLUMNS', `the line has more than ${limits.maxColumns} fields`, {
    line,
    column,
    expected: `at most ${limits.maxColumns} fields per line (limit maxColumns)`,
  });
}

/** Fails CELL_TOO_LONG for a field that starts at `line`, `column`. */
export function cellTooLong(
  line: number,
  column: number,
  length: number,
  limits: Pick<ParseLimits, 'maxCellLength'>,
): never {
  return fail('CELL_TOO_LONG', `a field of ${length} characters; fields are limited to ${limits.maxCellLength}`, {
    line,
    column,
    expected: `fields of at most ${limits.maxCellLength} characters (limit maxCellLength)`,
  });
}

/** Words that spell a non-finite number in R, pandas, Excel or C (`Inf`, `-inf`, `Infinity`, `NaN`, `#NUM!`), compared case-insensitively. */
const NON_FINITE_SPELLING = /^[+-]?(inf|infinity|nan|1\.#inf|1\.#ind|#num!)$/i;

/** True when a trimmed cell spells a non-finite number (`Inf`, `-Infinity`, `NaN`, …). */
export function isNonFiniteSpelling(cell: string): boolean {
  return NON_FINITE_SPELLING.test(cell);
}

/** Words that spell an infinity (`Inf`, `-inf`, `+Infinity`), compared case-insensitively. */
const INFINITY_SPELLING = /^([+-]?)(inf|infinity)$/i;

/**
 * `parseDecimal`, except that a spelled infinity (`Inf`, `-Infinity`) is
 * ±Infinity rather than NaN: for deciding whether a column holds numbers, so
 * that such a cell reaches the value check (NON_FINITE_VALUE) of the table's
 * parser instead of turning the table into text.
 */
export function parseNumberOrInfinity(text: string, start = 0, end = text.length): number {
  const v = parseDecimal(text, start, end);
  if (!Number.isNaN(v) || end - start > 12) return v;
  const m = INFINITY_SPELLING.exec(text.slice(start, end).trim());
  return m ? (m[1] === '-' ? -Infinity : Infinity) : NaN;
}

/** True for a number that is ±Infinity (a decimal such as `1e400` overflows to it). */
export function isInfinite(v: number): boolean {
  return v === Infinity || v === -Infinity;
}

/** Fails NON_FINITE_VALUE for a cell that overflows or spells a non-finite number; `what` names the value (count, intensity). */
export function failNonFinite(cell: string, what: string, at: { line: number; column: number }): never {
  const shown = JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
  const why = isNonFiniteSpelling(cell.trim()) ? 'is not a finite number' : 'overflows a double (beyond ±1.8e308)';
  return fail('NON_FINITE_VALUE', `${what} ${shown} ${why}`, { ...at, expected: `a finite ${what}` });
}

/** Fails BINARY_CONTENT on NUL bytes, or when the start of the file is mostly undecodable or control characters. */
export function assertTextLike(bytes: Uint8Array): void {
  if (bytes.indexOf(0) !== -1) {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    fail(
      'BINARY_CONTENT',
      utf16
        ? 'file is UTF-16 encoded; save it as UTF-8 text'
        : 'file contains NUL bytes: it is binary, not a text table',
      {
        expected: BINARY_EXPECTED,
      },
    );
  }
  const sample = new TextDecoder('utf-8').decode(bytes.subarray(0, BINARY_SAMPLE_BYTES));
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < SPACE && c !== TAB && c !== LF && c !== CR && c !== FORM_FEED) || c === DELETE) bad++;
  }
  if (sample.length > 0 && bad / sample.length > BINARY_FRACTION) {
    fail(
      'BINARY_CONTENT',
      `${Math.round((100 * bad) / sample.length)} % of the first characters are invalid UTF-8 or control characters: binary data`,
      {
        expected: BINARY_EXPECTED,
      },
    );
  }
}

/** 1-based line and column of a character offset (LF, CRLF or CR line ends). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const sep = lineSeparator(text);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf(sep, 0); i !== -1 && i < offset; i = text.indexOf(sep, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The character that ends lines: LF (also for CRLF), or CR for classic Mac files. */
function lineSeparator(text: string): '\n' | '\r' {
  return text.indexOf('\n') === -1 && text.indexOf('\r') !== -1 ? '\r' : '\n';
}

/**
 * Walks the lines of a text without copying them: after `advance()` the
 * current line is `text[start, end)` (line terminator excluded) and `lineNo`
 * is its 1-based number. A final line terminator does not start a new line.
 */
export class LineCursor {
  lineNo = 0;
  start = 0;
  end = 0;
  private next = 0;
  private readonly sep: '\n' | '\r';

  constructor(readonly text: string) {
    this.sep = lineSeparator(text);
  }

  /** Moves to the next line; false when the text is exhausted. */
  advance(): boolean {
    const t = this.text;
    if (this.next >= t.length) return false;
    let nl = t.indexOf(this.sep, this.next);
    if (nl === -1) nl = t.length;
    this.start = this.next;
    this.end = nl > this.start && t.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    this.next = nl + 1;
    this.lineNo++;
    return true;
  }

  /** The current line's text. */
  get line(): string {
    return this.text.slice(this.start, this.end);
  }

  /** True when the current line holds only whitespace. */
  isBlank(): boolean {
    for (let i = this.start; i < this.end; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== SPACE && c !== TAB) return false;
    }
    return true;
  }
}

/** The fields of one delimited line with the 1-based column where each field starts. */
export interface Fields {
  values: string[];
  columns: number[];
}

/**
 * The caps a field splitter enforces, and the line number of its errors (else
 * found from the offset in `text`). Without `limits`, only the default
 * maxColumns applies: a sniffer trying delimiters sees one long "field"
 * whenever it tries the wrong one, so cell lengths are checked only when the
 * caller knows the delimiter and passes its limits.
 */
export interface SplitOptions {
  limits?: Pick<ParseLimits, 'maxColumns' | 'maxCellLength'>;
  line?: number;
}

/** maxColumns of the defaults without a cell-length cap: for splitting with a delimiter that is only a guess. */
export const GUESSING_LIMITS: Pick<ParseLimits, 'maxColumns' | 'maxCellLength'> = Object.freeze({
  maxColumns: DEFAULT_LIMITS.maxColumns,
  maxCellLength: Infinity,
});

/**
 * Splits `text[start, end)` at `delimiter`. A field that begins with a double
 * quote runs to the matching quote ("" inside is a literal quote) and may
 * contain delimiters; text after the closing quote is kept as is. An
 * unterminated quote runs to the end of the line. More than maxColumns
 * fields fail TOO_MANY_COLUMNS, a field longer than maxCellLength
 * CELL_TOO_LONG, both before the field is copied.
 */
export function splitFields(
  text: string,
  delimiter = '\t',
  start = 0,
  end = text.length,
  options: SplitOptions = {},
): Fields {
  const limits = options.limits ?? GUESSING_LIMITS;
  const values: string[] = [];
  const columns: number[] = [];
  const delim = delimiter.charCodeAt(0);
  const where = (pos: number) =>
    options.line !== undefined ? { line: options.line, column: pos - start + 1 } : lineColumnAt(text, pos);
  const overflow = fieldPastLimit(text, delim, start, end, limits.maxColumns);
  if (overflow !== -1) {
    const at = where(overflow);
    tooManyColumns(at.line, at.column, limits);
  }
  let pos = start;
  for (;;) {
    if (values.length === limits.maxColumns) {
      const at = where(pos);
      tooManyColumns(at.line, at.column, limits);
    }
    columns.push(pos - start + 1);
    if (pos < end && text.charCodeAt(pos) === QUOTE) {
      const from = pos;
      pos = readQuoted(text, pos, end, delim, values);
      if (values[values.length - 1]!.length > limits.maxCellLength) {
        const at = where(from);
        cellTooLong(at.line, at.column, values[values.length - 1]!.length, limits);
      }
    } else {
      let stop = text.indexOf(delimiter, pos);
      if (stop === -1 || stop > end) stop = end;
      if (stop - pos > limits.maxCellLength) {
        const at = where(pos);
        cellTooLong(at.line, at.column, stop - pos, limits);
      }
      values.push(text.slice(pos, stop));
      pos = stop;
    }
    if (pos >= end) break;
    pos++;
  }
  return { values, columns };
}

/**
 * Offset where field number `max + 1` of `text[start, end)` starts (quoting
 * as in `splitFields`), or -1 when the line has at most `max` fields. Counts
 * without allocating, so a line of millions of fields is refused before any
 * of them is copied; lines shorter than `max` characters are not scanned.
 */
export function fieldPastLimit(text: string, delim: number, start: number, end: number, max: number): number {
  if (end - start < max) return -1;
  const { count, past } = scanFields(text, delim, start, end, max);
  return count > max ? past : -1;
}

/** Number of fields of `text[start, end)` (quoting as in `splitFields`), without allocating; more than `max` fields fail TOO_MANY_COLUMNS at the first one past it. */
export function countFields(
  text: string,
  delimiter: string,
  start: number,
  end: number,
  line: number,
  limits: Pick<ParseLimits, 'maxColumns'> = DEFAULT_LIMITS,
): number {
  const { count, past } = scanFields(text, delimiter.charCodeAt(0), start, end, limits.maxColumns);
  if (count > limits.maxColumns) tooManyColumns(line, past - start + 1, limits);
  return count;
}

/** Fields of `text[start, end)`, counted up to `max + 1`, and where field `max + 1` starts. */
function scanFields(
  text: string,
  delim: number,
  start: number,
  end: number,
  max: number,
): { count: number; past: number } {
  const delimiter = String.fromCharCode(delim);
  let n = 0;
  for (let pos = start; ; ) {
    if (n === max) return { count: max + 1, past: pos };
    n++;
    let stop: number;
    if (pos < end && text.charCodeAt(pos) === QUOTE) stop = quotedFieldEnd(text, pos, end, delim);
    else {
      stop = text.indexOf(delimiter, pos);
      if (stop === -1 || stop > end) stop = end;
    }
    if (stop >= end) return { count: n, past: -1 };
    pos = stop + 1;
  }
}

/** Offset of the delimiter (or end) after the quoted field opening at `pos`, by `readQuoted`'s rules, without building its value. */
function quotedFieldEnd(text: string, pos: number, end: number, delim: number): number {
  let from = pos + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1 || q >= end) return end;
    if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
      from = q + 2;
      continue;
    }
    let stop = q + 1;
    while (stop < end && text.charCodeAt(stop) !== delim) stop++;
    return stop;
  }
}

/** Reads a quoted field starting at `pos`, pushes its value and returns the offset of the delimiter (or end) after it. */
export function readQuoted(text: string, pos: number, end: number, delim: number, out: string[]): number {
  let value = '';
  let from = pos + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1 || q >= end) {
      out.push(value + text.slice(from, end));
      return end;
    }
    value += text.slice(from, q);
    if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
      value += '"';
      from = q + 2;
      continue;
    }
    let stop = q + 1;
    while (stop < end && text.charCodeAt(stop) !== delim) stop++;
    out.push(value + text.slice(q + 1, stop));
    return stop;
  }
}

/**
 * Parses a plain decimal number in `text[start, end)`: optional spaces, sign,
 * digits with an optional point, optional exponent. Returns NaN for anything
 * else (empty, NA, Infinity, hex, thousands separators). Mantissas below 2^53
 * with a decimal exponent within ±22 are computed with one exact operation,
 * so the result equals `Number()`; other numbers fall back to `Number()`.
 */
export function parseDecimal(text: string, start = 0, end = text.length): number {
  while (start < end && text.charCodeAt(start) === SPACE) start++;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  let i = start;
  let negative = false;
  let c = i < end ? text.charCodeAt(i) : -1;
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    c = ++i < end ? text.charCodeAt(i) : -1;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let exact = true;
  while (c >= DIGIT_0 && c <= DIGIT_9) {
    mantissa = mantissa * 10 + (c - DIGIT_0);
    digits++;
    c = ++i < end ? text.charCodeAt(i) : -1;
  }
  if (c === DOT) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    while (c >= DIGIT_0 && c <= DIGIT_9) {
      mantissa = mantissa * 10 + (c - DIGIT_0);
      digits++;
      exponent--;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
  }
  if (digits === 0) return NaN;
  if (mantissa >= MAX_EXACT_MANTISSA) exact = false;
  if (c === UPPER_E || c === LOWER_E) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    let expNegative = false;
    if (c === MINUS || c === PLUS) {
      expNegative = c === MINUS;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    let e = 0;
    let expDigits = 0;
    while (c >= DIGIT_0 && c <= DIGIT_9) {
      if (e < 100000) e = e * 10 + (c - DIGIT_0);
      expDigits++;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    if (expDigits === 0) return NaN;
    exponent += expNegative ? -e : e;
  }
  if (i !== end) return NaN;
  if (!exact || exponent > 22 || exponent < -22) return Number(text.slice(start, end));
  const magnitude = exponent < 0 ? mantissa / EXACT_POW10[-exponent]! : mantissa * EXACT_POW10[exponent]!;
  return negative ? -magnitude : magnitude;
}

/**
 * Scans one numeric cell of UTF-8 bytes from `pos` up to the next tab, CR, LF
 * or end in a single pass; `end` is left at the byte that stopped the scan.
 * Returns NaN when the cell is not a plain decimal number (the caller then
 * finds the field's end itself to report it). Same numbers as `parseDecimal`.
 */
export class DecimalCellScanner {
  end = 0;

  /** Parses the cell starting at `pos`. */
  scan(bytes: Uint8Array, pos: number): number {
    const n = bytes.length;
    let i = pos;
    let c = i < n ? bytes[i]! : -1;
    while (c === SPACE) c = ++i < n ? bytes[i]! : -1;
    const numStart = i;
    let negative = false;
    if (c === MINUS || c === PLUS) {
      negative = c === MINUS;
      c = ++i < n ? bytes[i]! : -1;
    }
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    while (c >= DIGIT_0 && c <= DIGIT_9) {
      mantissa = mantissa * 10 + (c - DIGIT_0);
      digits++;
      c = ++i < n ? bytes[i]! : -1;
    }
    if (c === DOT) {
      c = ++i < n ? bytes[i]! : -1;
      while (c >= DIGIT_0 && c <= DIGIT_9) {
        mantissa = mantissa * 10 + (c - DIGIT_0);
        digits++;
        exponent--;
        c = ++i < n ? bytes[i]! : -1;
      }
    }
    let hasExponent = false;
    if (c === UPPER_E || c === LOWER_E) {
      hasExponent = true;
      while (c !== TAB && c !== LF && c !== CR && c !== SPACE && c !== -1) c = ++i < n ? bytes[i]! : -1;
    }
    const numEnd = i;
    while (c === SPACE) c = ++i < n ? bytes[i]! : -1;
    this.end = i;
    if (digits === 0 || (c !== TAB && c !== LF && c !== CR && c !== -1)) return NaN;
    if (hasExponent || mantissa >= MAX_EXACT_MANTISSA || exponent < -22)
      return parseDecimal(asciiString(bytes, numStart, numEnd));
    const magnitude = exponent < 0 ? mantissa / EXACT_POW10[-exponent]! : mantissa;
    return negative ? -magnitude : magnitude;
  }
}

const utf8 = new TextDecoder('utf-8');

/** Ranges up to this length that are pure ASCII skip the decoder call. */
const SHORT_ASCII = 64;

/** UTF-8 bytes[start, end) as a string. */
export function decodeRange(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_ASCII) {
    let ascii = true;
    for (let i = start; i < end && ascii; i++) ascii = bytes[i]! < 0x80;
    if (ascii) return asciiString(bytes, start, end);
  }
  return utf8.decode(bytes.subarray(start, end));
}

/** Bytes known to be ASCII as a string, without a decoder call. */
function asciiString(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/**
 * `LineCursor` over UTF-8 bytes: after `advance()` the current line is
 * `bytes[start, end)` (terminator excluded) and `lineNo` its 1-based number.
 */
export class ByteLineCursor {
  lineNo = 0;
  start = 0;
  end = 0;
  private next = 0;
  private readonly sep: number;

  constructor(readonly bytes: Uint8Array) {
    this.sep = bytes.indexOf(LF) === -1 && bytes.indexOf(CR) !== -1 ? CR : LF;
  }

  /** Moves to the next line; false when the bytes are exhausted. */
  advance(): boolean {
    const b = this.bytes;
    if (this.next >= b.length) return false;
    let nl = b.indexOf(this.sep, this.next);
    if (nl === -1) nl = b.length;
    this.start = this.next;
    this.end = nl > this.start && b[nl - 1] === CR ? nl - 1 : nl;
    this.next = nl + 1;
    this.lineNo++;
    return true;
  }

  /** The current line decoded. */
  get line(): string {
    return decodeRange(this.bytes, this.start, this.end);
  }

  /** 1-based character column of byte offset `pos` on the current line. */
  columnOf(pos: number): number {
    return decodeRange(this.bytes, this.start, pos).length + 1;
  }

  /** True when the current line holds only spaces and tabs. */
  isBlank(): boolean {
    for (let i = this.start; i < this.end; i++) {
      const c = this.bytes[i]!;
      if (c !== SPACE && c !== TAB) return false;
    }
    return true;
  }
}
