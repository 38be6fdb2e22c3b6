/** Paths into ../shared (real public data and reference values); never copied into the project. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHARED = path.resolve(here, '../../../shared');

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED, ...parts);
}

export function readShared(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(...parts)));
}

export function readSharedJson<T = any>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), 'utf8')) as T;
}

/** |a-b| <= 1e-9 * max(|a|,|b|) or |a-b| <= 1e-12 (METRICS.md tolerance). */
export function closeTo(a: number, b: number, rel = 1e-9, abs = 1e-12): boolean {
  const d = Math.abs(a - b);
  return d <= abs || d <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/** Throws with a readable message listing the first mismatches. */
export function expectAllClose(actual: ArrayLike<number | null>, expected: ArrayLike<number | null>, label = '', rel = 1e-9): void {
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length} != ${expected.length}`);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (e === null || e === undefined) { if (a !== null && a !== undefined && !Number.isNaN(a)) bad.push(`[${i}] got ${a}, expected null`); continue; }
    if (a === null || a === undefined || !closeTo(a, e, rel)) bad.push(`[${i}] got ${a}, expected ${e}`);
    if (bad.length >= 5) break;
  }
  if (bad.length) throw new Error(`${label}: ${bad.join('; ')}`);
}

/** Largest |a − e| / max(|a|, |e|) over pairs whose absolute difference exceeds `absFloor`; a null or NaN actual counts as infinitely wrong. */
export function maxRelError(actual: ArrayLike<number | null>, expected: ArrayLike<number>, absFloor = 0): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] ?? Number.NaN, e = expected[i]!;
    const d = Math.abs(a - e);
    if (!(d <= absFloor)) worst = Math.max(worst, Number.isNaN(d) ? Infinity : d / Math.max(Math.abs(a), Math.abs(e)));
  }
  return worst;
}
