/** Numeric comparison helpers for known-answer and unit tests. */

/** |a-b| <= rel * max(|a|,|b|) or |a-b| <= abs (default 1e-9 relative, the metrics tolerance in docs/metrics.md). */
export function closeTo(a: number, b: number, rel = 1e-9, abs = 1e-12): boolean {
  const d = Math.abs(a - b);
  return d <= abs || d <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/** Throws with a readable message listing the first mismatches. */
export function expectAllClose(
  actual: ArrayLike<number | null>,
  expected: ArrayLike<number | null>,
  label = '',
  rel = 1e-9,
): void {
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length} != ${expected.length}`);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i],
      e = expected[i];
    if (e === null || e === undefined) {
      if (a !== null && a !== undefined && !Number.isNaN(a)) bad.push(`[${i}] got ${a}, expected null`);
      continue;
    }
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
    const a = actual[i] ?? Number.NaN,
      e = expected[i]!;
    const d = Math.abs(a - e);
    if (!(d <= absFloor)) worst = Math.max(worst, Number.isNaN(d) ? Infinity : d / Math.max(Math.abs(a), Math.abs(e)));
  }
  return worst;
}
