/**
 * Feature filters that need sample roles.
 *
 *  - blank ratio: mean over blanks / mean over study samples, missing counted
 *    as 0 (FBMN-STATS blank removal; cutoff 0.3 there); a feature above the
 *    cutoff is background. A feature absent from the study samples but
 *    present in a blank has ratio +Infinity; absent from both, NaN (left to
 *    the missing-value filter).
 *  - QC RSD (docs/metrics.md): sd (n − 1) / mean over the QC samples' observed
 *    values on the raw (untransformed, unnormalized) data; NaN with fewer
 *    than two observations. A feature above the cutoff is dropped.
 */
import { type DenseMatrix, featureMoments } from './dense.js';

/** Mean of each feature over `samples`, missing as 0. */
function meanMissingAsZero(m: DenseMatrix, samples: number[]): Float64Array {
  const p = m.nFeatures;
  const sum = new Float64Array(p);
  for (const s of samples) {
    for (let f = 0; f < p; f++) {
      const x = m.values[s * p + f]!;
      if (!Number.isNaN(x)) sum[f] = sum[f]! + x;
    }
  }
  return sum.map((x) => x / samples.length);
}

/** Per-feature blank / sample mean ratio (see module doc). */
export function blankRatio(m: DenseMatrix, blanks: number[], studySamples: number[]): Float64Array {
  const b = meanMissingAsZero(m, blanks),
    s = meanMissingAsZero(m, studySamples);
  return b.map((x, f) => x / s[f]!);
}

/** Per-feature relative standard deviation sd / mean over `samples` (observed values; NaN with < 2). */
export function relativeSd(m: DenseMatrix, samples?: number[]): Float64Array {
  const { mean, sd } = featureMoments(m, samples);
  return sd.map((x, f) => x / mean[f]!);
}

/** Split of feature indices by `value > max` (NaN is kept). */
export function splitAbove(value: Float64Array, max: number, among: number[]): { keep: number[]; drop: number[] } {
  const keep: number[] = [],
    drop: number[] = [];
  for (const f of among) (value[f]! > max ? drop : keep).push(f);
  return { keep, drop };
}
