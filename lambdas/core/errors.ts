/**
 * Data errors are values: a stable code, a message for humans and a location.
 * Parsers throw `DataErrorSignal` internally for brevity and convert it to a
 * `DataError` value at their public boundary (`tryParse`); nothing outside core
 * ever sees a stack trace for bad input.
 */

/** Stable error codes; tests and users match on these, never on messages. */
export const ERROR_CODES = [
  'EMPTY_FILE',
  'BINARY_CONTENT',
  'UNKNOWN_FORMAT',
  'AMBIGUOUS_KIND',
  'TRUNCATED_JSON',
  'INVALID_JSON',
  'INVALID_BIOM',
  'WRONG_HEADER',
  'DUPLICATE_ID',
  'NEGATIVE_VALUE',
  'NON_NUMERIC_VALUE',
  'RAGGED_ROW',
  'EMPTY_TABLE',
  'SHAPE_MISMATCH',
  'UNKNOWN_FEATURE',
  'INVALID_METADATA',
  'INVALID_TAXONOMY',
  'INVALID_TREE',
  'INVALID_STUDY_DESIGN',
  'UNSUPPORTED_ARTIFACT',
  'TRUNCATED_FILE',
  'MISSING_COLUMN',
  'NO_SAMPLES_MATCHED',
  'TOO_LARGE',
  'INTERNAL',
  'MISSING_ID',
  'INVALID_GZIP',
  'INVALID_ARTIFACT',
  'UNSUPPORTED_FORMAT',
  'UNKNOWN_LABEL',
  'INFLATE_LIMIT',
  'LINE_TOO_LONG',
  'CELL_TOO_LONG',
  'ID_TOO_LONG',
  'TOO_MANY_COLUMNS',
  'TOO_MANY_ROWS',
  'NON_FINITE_VALUE',
  'INVALID_ID',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A user-facing data error. `line` and `column` are 1-based; 0 when not applicable. */
export interface DataError {
  code: ErrorCode;
  message: string;
  file?: string;
  line: number;
  column: number;
  expected?: string;
}

/** Thrown inside core parsers; caught by `tryParse` and turned into a `DataError`. */
export class DataErrorSignal extends Error {
  override name = 'DataErrorSignal';
  constructor(public readonly error: DataError) {
    super(error.message);
  }
}

/** Control characters (C0, DEL, C1) and bidirectional controls: never written raw into a message. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A message with unprintable characters escaped as `\uXXXX`, so that quoting bad input cannot corrupt a terminal, a log line or a stored error. */
export function printable(message: string): string {
  return message.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Builds and throws a `DataErrorSignal` (the message made `printable`). */
export function fail(
  code: ErrorCode,
  message: string,
  where: { line?: number; column?: number; expected?: string } = {},
): never {
  throw new DataErrorSignal({
    code,
    message: printable(message),
    line: where.line ?? 0,
    column: where.column ?? 0,
    ...(where.expected !== undefined ? { expected: where.expected } : {}),
  });
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DataError };

/** Runs `fn`, returning its value or the `DataError` it signalled; other exceptions propagate (they are bugs or infrastructure faults). */
export function tryParse<T>(fn: () => T, file?: string): Result<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof DataErrorSignal) {
      return { ok: false, error: file !== undefined ? { ...e.error, file } : e.error };
    }
    throw e;
  }
}

/** Renders `file:line:column: CODE message (expected …)` for terminals and logs. */
export function formatDataError(e: DataError): string {
  const where = [e.file ?? '', e.line ? String(e.line) : '', e.line && e.column ? String(e.column) : '']
    .filter((s) => s !== '')
    .join(':');
  const expected = e.expected ? ` (expected ${e.expected})` : '';
  return `${where ? `${where}: ` : ''}${e.code} ${e.message}${expected}`;
}
