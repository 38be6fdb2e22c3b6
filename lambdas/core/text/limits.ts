/**
 * Limits every parser enforces before it allocates, so that a hostile or
 * broken upload becomes a located data error instead of an exhausted heap or
 * an aborted process. One set of defaults (`DEFAULT_LIMITS`); every public
 * parser takes an optional `Partial<ParseLimits>` that overrides some of them.
 * docs/limits.md lists each limit, its default and its error code.
 */

/** The caps a parse works under. Lengths of decoded text are in characters (UTF-16 code units); byte-level readers count bytes. */
export interface ParseLimits {
  /** absolute cap on the bytes one gzip stream, zip archive or HDF5 dataset may inflate to (INFLATE_LIMIT) */
  maxInflatedBytes: number;
  /** inflated bytes may not exceed this multiple of the compressed bytes (INFLATE_LIMIT) ... */
  maxInflateRatio: number;
  /** ... unless they stay below this floor, so that tiny files are never refused for their ratio */
  inflateFloorBytes: number;
  /** bytes of one text decoded into a single string (TOO_LARGE); below V8's string limit of 2^29 - 24 characters */
  maxTextBytes: number;
  /** characters of one line of a line-oriented format (LINE_TOO_LONG) */
  maxLineLength: number;
  /** characters of one field, JSON string or label (CELL_TOO_LONG) */
  maxCellLength: number;
  /** UTF-8 bytes of one sample or feature id (ID_TOO_LONG) */
  maxIdBytes: number;
  /** fields of one line, samples of a table, entries of a BIOM `columns` list (TOO_MANY_COLUMNS) */
  maxColumns: number;
  /** non-empty lines of a text, entries of a BIOM `rows` list, observations of an HDF5 table (TOO_MANY_ROWS) */
  maxRows: number;
  /** cells of a dense intensity matrix, 8 bytes each (TOO_LARGE) */
  maxDenseCells: number;
}

/** The defaults: generous for real tables, small enough that a parse stays within a small multiple of its input. */
export const DEFAULT_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxInflateRatio: 200,
  inflateFloorBytes: 16 * 1024 * 1024,
  maxTextBytes: 500 * 1024 * 1024,
  maxLineLength: 64 * 1024 * 1024,
  maxCellLength: 1024 * 1024,
  maxIdBytes: 512,
  maxColumns: 500_000,
  maxRows: 2_000_000,
  maxDenseCells: 200_000_000,
});

/** The defaults with `overrides` applied. */
export function resolveLimits(overrides: Partial<ParseLimits> = {}): ParseLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** Bytes `compressedBytes` may inflate to: min(maxInflatedBytes, max(inflateFloorBytes, maxInflateRatio × compressedBytes)). */
export function inflateAllowance(compressedBytes: number, limits: ParseLimits): number {
  return Math.min(
    limits.maxInflatedBytes,
    Math.max(limits.inflateFloorBytes, limits.maxInflateRatio * compressedBytes),
  );
}

/** Words for an allowance in messages: which of the caps binds. */
export function describeAllowance(compressedBytes: number, limits: ParseLimits): string {
  const allowed = inflateAllowance(compressedBytes, limits);
  if (allowed === limits.maxInflatedBytes) return `${allowed} bytes (the absolute limit)`;
  if (allowed === limits.inflateFloorBytes) return `${allowed} bytes (the floor for small files)`;
  return `${allowed} bytes (${limits.maxInflateRatio} x the ${compressedBytes} compressed bytes)`;
}
