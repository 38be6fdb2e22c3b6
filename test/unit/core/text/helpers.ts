/**
 * Helpers for the limit and value-rule tests: every input goes through the
 * public entry point `parseInput`, and a metabolomics upload (which
 * `parseInput` hands on as bytes) on through `parseMetabolomicsTable` or the
 * W4M metadata readers, as the pipeline does.
 */
import { type DataError, DataErrorSignal, ERROR_CODES } from '../../../../lambdas/core/errors.js';
import type { ParseMetabolomicsOptions } from '../../../../lambdas/core/metabolomics/formats/index.js';
import { type ParseHints, parseInput } from '../../../../lambdas/core/pipeline/index.js';

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** What a full parse gave: the kind and format, the parsed value, or the data error. */
export type FullParse = { ok: true; kind: string; format: string; value: unknown } | { ok: false; error: DataError };

/** parseInput, then the metabolomics reader for metabolomics uploads; data errors come back as values, anything else is thrown. */
export async function fullParse(
  content: string | Uint8Array,
  fileName: string,
  hints: ParseHints = {},
  metabolomics: ParseMetabolomicsOptions = {},
): Promise<FullParse> {
  const bytes = typeof content === 'string' ? utf8(content) : content;
  const r = await parseInput(bytes, fileName, { ...hints, ...(metabolomics.transformed ? { transformed: true } : {}) });
  if (!r.ok) return { ok: false, error: r.error };
  const v = r.value;
  // W4M metadata files come back as sample / feature metadata tables; the tests read their ids and normalizations
  const value =
    v.kind === 'metabolomics'
      ? v.table
      : v.format === 'w4m-sample-metadata' && v.kind === 'metadata'
        ? v.metadata
        : v.kind === 'feature-metadata'
          ? v.featureMetadata
          : v;
  return { ok: true, kind: v.kind, format: v.format, value };
}

/** The data error of a full parse; fails the test when the parse succeeds. */
export async function errorOf(
  content: string | Uint8Array,
  fileName: string,
  hints: ParseHints = {},
  metabolomics: ParseMetabolomicsOptions = {},
): Promise<DataError> {
  const r = await fullParse(content, fileName, hints, metabolomics);
  if (r.ok) throw new Error(`expected a data error for ${fileName}, got ${r.kind}/${r.format}`);
  return r.error;
}

/** The value of a full parse; fails the test on a data error. */
export async function parsedValue<T = Record<string, unknown>>(
  content: string | Uint8Array,
  fileName: string,
  hints: ParseHints = {},
  metabolomics: ParseMetabolomicsOptions = {},
): Promise<T> {
  const r = await fullParse(content, fileName, hints, metabolomics);
  if (!r.ok) throw new Error(`unexpected ${r.error.code} at ${r.error.line}:${r.error.column}: ${r.error.message}`);
  return r.value as T;
}

/** The DataError a throwing call signals; fails the test when it returns. */
export function signalled(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataErrorSignal) return e.error;
    throw e;
  }
  throw new Error('expected a DataErrorSignal');
}

/** The DataError a rejected promise signals. */
export async function signalledAsync(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataErrorSignal) return e.error;
    throw e;
  }
  throw new Error('expected a DataErrorSignal');
}

/** True for a well-formed located data error: a known code, a message without raw control characters, integer line and column >= 0. */
export function isLocatedDataError(e: DataError): boolean {
  return (
    (ERROR_CODES as readonly string[]).includes(e.code) &&
    typeof e.message === 'string' &&
    e.message.length > 0 &&
    // eslint-disable-next-line no-control-regex
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the assertion looks for raw control characters
    !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(e.message) &&
    Number.isInteger(e.line) &&
    Number.isInteger(e.column) &&
    e.line >= 0 &&
    e.column >= 0
  );
}
