/**
 * ropls's cross-validation segments and the "fits" every level is computed
 * on: the crossValI training sets (all samples but one segment) and the full
 * data, in that order (ropls appends the full data as item crossValI + 1).
 *
 * Segments are deterministic and interleaved in sample order: R
 * `split(1:n, rep(1:crossvalI, length = n))`, i.e. sample i (0-based) is
 * left out in segment i mod crossValI. Q² therefore depends on the row order.
 */

/** One training set: which samples it fits on, and which it predicts. */
export interface Fit {
  /** 1 for a training sample */
  train: Uint8Array;
  /** left-out samples, ascending; empty for the full-data fit */
  test: Int32Array;
  /** the left-out segment k (samples i with i mod crossValI = k); null for the full-data fit */
  segment: number | null;
}

/** Left-out samples of each segment: segment k holds the i with i mod crossValI = k (ropls). */
export function roplsSegments(n: number, crossValI: number): Int32Array[] {
  const segments: number[][] = Array.from({ length: crossValI }, () => []);
  for (let i = 0; i < n; i++) segments[i % crossValI]!.push(i);
  return segments.map((s) => Int32Array.from(s));
}

/** The crossValI cross-validation fits followed by the full-data fit. */
export function crossValidationFits(n: number, crossValI: number): Fit[] {
  const fits: Fit[] = roplsSegments(n, crossValI).map((test, segment) => {
    const train = new Uint8Array(n).fill(1);
    for (const i of test) train[i] = 0;
    return { train, test, segment };
  });
  fits.push({ train: new Uint8Array(n).fill(1), test: new Int32Array(0), segment: null });
  return fits;
}
