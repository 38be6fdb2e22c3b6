import { sampleMean } from './sample-mean.js';

/** s² = Σ(x − x̄)² / (n − 1), two-pass, Bessel-corrected (R `var`); NaN for n < 2. */
export function sampleVariance(x: ArrayLike<number>, mean: number = sampleMean(x)): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    ss += d * d;
  }
  return ss / (n - 1);
}
