/**
 * Missing values (docs/metrics.md#metabolomics-tables): NaN is missing, and a 0
 * too unless the study says zeros are real. The filter drops a feature whose
 * missing fraction over the samples present is >= the threshold
 * (MetaboAnalyst `RemoveMissingPercent(percent = 0.5)` keeps fraction < 0.5).
 */
import type { DenseMatrix } from './dense.js';

/** Replaces every 0 with NaN in place; returns how many. */
export function zerosToMissing(m: DenseMatrix): number {
  const v = m.values;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === 0) {
      v[i] = NaN;
      n++;
    }
  }
  return n;
}

/** Missing cells per feature and per sample. */
export function missingCounts(m: DenseMatrix): { perFeature: Int32Array; perSample: Int32Array } {
  const p = m.nFeatures,
    v = m.values;
  const perFeature = new Int32Array(p),
    perSample = new Int32Array(m.nSamples);
  for (let s = 0; s < m.nSamples; s++) {
    const o = s * p;
    let n = 0;
    for (let f = 0; f < p; f++) {
      if (Number.isNaN(v[o + f])) {
        perFeature[f]++;
        n++;
      }
    }
    perSample[s] = n;
  }
  return { perFeature, perSample };
}

/** Missing fraction of each feature over `samples`, zeros counted as missing when `zeroIsMissing`. */
export function missingFractionOver(m: DenseMatrix, samples: ArrayLike<number>, zeroIsMissing: boolean): Float64Array {
  const p = m.nFeatures,
    v = m.values;
  const count = new Int32Array(p);
  for (let i = 0; i < samples.length; i++) {
    const o = samples[i]! * p;
    for (let f = 0; f < p; f++) {
      const x = v[o + f]!;
      if (Number.isNaN(x) || (zeroIsMissing && x === 0)) count[f]++;
    }
  }
  return Float64Array.from(count, (c) => c / samples.length);
}

/** Features to keep (fraction < threshold) and to drop (fraction >= threshold, or every value missing). */
export function missingFilter(missingFraction: Float64Array, threshold: number): { keep: number[]; drop: number[] } {
  const keep: number[] = [],
    drop: number[] = [];
  missingFraction.forEach((x, f) => (x >= threshold || x === 1 ? drop : keep).push(f));
  return { keep, drop };
}
