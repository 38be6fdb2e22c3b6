/**
 * Byte and text primitives shared by every format parser: gzip, UTF-8
 * decoding with binary detection, line and field iteration with 1-based
 * positions, and an exact fast decimal parser. Hot paths avoid per-cell
 * allocation: they work on character offsets into one decoded string.
 */
import { gunzipSync } from 'fflate';
import { fail } from '../errors.js';

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

/** Smallest possible gzip member: 10-byte header + empty deflate block + 8-byte trailer. */
const GZIP_MIN_BYTES = 18;
/** fflate's error code for input that ends early. */
const FFLATE_UNEXPECTED_EOF = 0;
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

/** Inflates gzip bytes; any other bytes are returned unchanged. A cut-off stream fails TRUNCATED_FILE. */
export function gunzipIfNeeded(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    const code = (e as { code?: number }).code;
    if (code === FFLATE_UNEXPECTED_EOF || bytes.length < GZIP_MIN_BYTES) {
      fail('TRUNCATED_FILE', `gzip stream ends early after ${bytes.length} bytes; the upload is incomplete`);
    }
    fail('INVALID_GZIP', `gzip stream is corrupt (${(e as Error).message})`);
  }
}

/** Decodes UTF-8 bytes (BOM removed) to text; binary content fails BINARY_CONTENT. Invalid sequences become U+FFFD. */
export function decodeText(bytes: Uint8Array): string {
  assertTextLike(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Gunzips when needed, then decodes: what every string-based parser starts with. */
export function bytesToText(bytes: Uint8Array): string {
  return decodeText(gunzipIfNeeded(bytes));
}

/** Gunzips when needed, checks the bytes are text and drops a UTF-8 BOM, without decoding: for byte-level parsers. */
export function textBytes(bytes: Uint8Array): Uint8Array {
  const plain = gunzipIfNeeded(bytes);
  assertTextLike(plain);
  return plain[0] === 0xef && plain[1] === 0xbb && plain[2] === 0xbf ? plain.subarray(3) : plain;
}

/** Fails BINARY_CONTENT on NUL bytes, or when the start of the file is mostly undecodable or control characters. */
export function assertTextLike(bytes: Uint8Array): void {
  if (bytes.indexOf(0) !== -1) {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    fail('BINARY_CONTENT', utf16 ? 'file is UTF-16 encoded; save it as UTF-8 text' : 'file contains NUL bytes: it is binary, not a text table', {
      expected: BINARY_EXPECTED,
    });
  }
  const sample = new TextDecoder('utf-8').decode(bytes.subarray(0, BINARY_SAMPLE_BYTES));
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < SPACE && c !== TAB && c !== LF && c !== CR && c !== FORM_FEED) || c === DELETE) bad++;
  }
  if (sample.length > 0 && bad / sample.length > BINARY_FRACTION) {
    fail('BINARY_CONTENT', `${Math.round((100 * bad) / sample.length)} % of the first characters are invalid UTF-8 or control characters: binary data`, {
      expected: BINARY_EXPECTED,
    });
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
 * Splits `text[start, end)` at `delimiter`. A field that begins with a double
 * quote runs to the matching quote ("" inside is a literal quote) and may
 * contain delimiters; text after the closing quote is kept as is. An
 * unterminated quote runs to the end of the line.
 */
export function splitFields(text: string, delimiter = '\t', start = 0, end = text.length): Fields {
  const values: string[] = [];
  const columns: number[] = [];
  const delim = delimiter.charCodeAt(0);
  let pos = start;
  for (;;) {
    columns.push(pos - start + 1);
    if (pos < end && text.charCodeAt(pos) === QUOTE) pos = readQuoted(text, pos, end, delim, values);
    else {
      let stop = text.indexOf(delimiter, pos);
      if (stop === -1 || stop > end) stop = end;
      values.push(text.slice(pos, stop));
      pos = stop;
    }
    if (pos >= end) break;
    pos++;
  }
  return { values, columns };
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
    if (hasExponent || mantissa >= MAX_EXACT_MANTISSA || exponent < -22) return parseDecimal(asciiString(bytes, numStart, numEnd));
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
