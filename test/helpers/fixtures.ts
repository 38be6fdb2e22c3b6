/**
 * Paths into test/fixtures: real public data sets and the reference values computed from them by
 * scikit-bio, vegan, R, ropls, LEfSe and lmerTest. Each set lives in `test/fixtures/<set>/` with its
 * SOURCE.md (origin and license); reference values of a set live in `test/fixtures/<set>/reference/`.
 *
 * Calls name the file as `('data', set, ...file)` or `('reference', set, ...file)`. A file stored
 * gzipped (`<name>.gz`, for large text) is read transparently under its plain name.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../fixtures');

/** Where `('data'|'reference', set, ...file)` lives on disk (the `.gz` twin when only that exists). */
export function fixturePath(...parts: string[]): string {
  const joined = path.join(...parts).split(path.sep);
  const [area, set, ...rest] = joined;
  if ((area !== 'data' && area !== 'reference') || !set || rest.length === 0) {
    throw new Error(`fixturePath: expected ('data'|'reference', set, ...file), got ${parts.join('/')}`);
  }
  const plain = area === 'data' ? path.join(FIXTURES, set, ...rest) : path.join(FIXTURES, set, 'reference', ...rest);
  if (existsSync(plain) || !existsSync(`${plain}.gz`)) return plain;
  return `${plain}.gz`;
}

/** The bytes of a fixture (inflated when it is stored gzipped). */
export function readFixture(...parts: string[]): Uint8Array {
  const file = fixturePath(...parts);
  const bytes = new Uint8Array(readFileSync(file));
  return file.endsWith('.gz') && !parts[parts.length - 1]!.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** A fixture as UTF-8 text. */
export function readFixtureText(...parts: string[]): string {
  return new TextDecoder().decode(readFixture(...parts));
}

/** A fixture parsed as JSON. */
export function readFixtureJson<T = any>(...parts: string[]): T {
  return JSON.parse(readFixtureText(...parts)) as T;
}
