/**
 * Feature scaling, in place (MetaboAnalyst `AutoNorm`, `ParetoNorm`,
 * `RangeNorm`), with mean and sd (n − 1) of each feature over all samples:
 *
 *  - auto:   (x − mean) / sd
 *  - pareto: (x − mean) / sqrt(sd)
 *  - range:  (x − mean) / (max − min)
 *
 * A constant feature (sd = 0 or max = min) becomes 0 everywhere (centred);
 * MetaboAnalyst would divide by 0 (auto, pareto) or leave it unscaled (range).
 * Missing values stay NaN and are skipped in the moments.
 */
import { type DenseMatrix, featureMoments } from './dense.js';

/** What scaling used per feature: the centre and the divisor. */
export interface Scaling {
  mean: Float64Array;
  sd: Float64Array;
  divisor: Float64Array;
}

/** (x − mean_f) / divisor_f in place; a zero divisor gives 0. */
function centreAndDivide(m: DenseMatrix, mean: Float64Array, divisor: Float64Array): void {
  const p = m.nFeatures,
    v = m.values;
  for (let s = 0; s < m.nSamples; s++) {
    const o = s * p;
    for (let f = 0; f < p; f++) v[o + f] = divisor[f] === 0 ? 0 * v[o + f]! : (v[o + f]! - mean[f]!) / divisor[f]!;
  }
}

/** Auto scaling (unit variance). */
export function autoScale(m: DenseMatrix): Scaling {
  const { mean, sd } = featureMoments(m);
  centreAndDivide(m, mean, sd);
  return { mean, sd, divisor: sd };
}

/** Pareto scaling: divide by sqrt(sd). */
export function paretoScale(m: DenseMatrix): Scaling {
  const { mean, sd } = featureMoments(m);
  const divisor = sd.map(Math.sqrt);
  centreAndDivide(m, mean, divisor);
  return { mean, sd, divisor };
}

/** Range scaling: divide by max − min. */
export function rangeScale(m: DenseMatrix): Scaling {
  const { mean, sd } = featureMoments(m);
  const p = m.nFeatures,
    v = m.values;
  const lo = new Float64Array(p).fill(Infinity),
    hi = new Float64Array(p).fill(-Infinity);
  for (let s = 0; s < m.nSamples; s++) {
    for (let f = 0; f < p; f++) {
      const x = v[s * p + f]!;
      if (x < lo[f]!) lo[f] = x;
      if (x > hi[f]!) hi[f] = x;
    }
  }
  const divisor = hi.map((h, f) => h - lo[f]!);
  centreAndDivide(m, mean, divisor);
  return { mean, sd, divisor };
}
