/**
 * Sample normalization, in place on a samples × features matrix. Each
 * method returns the per-sample factor each row was divided by (1 for
 * quantile, which maps values instead). Missing values are skipped.
 *
 *  - sum: x / (Σ x) · 1000 (MetaboAnalyst `SumNorm`); factor = Σ x / 1000;
 *  - median: x / median(x) (MetaboAnalyst `MedianNorm`);
 *  - pqn (Dieterle et al. 2006, Anal Chem 78:4281): reference r_j = the
 *    feature-wise median over the reference samples; factor_s =
 *    median_j(x_sj / r_j), computed as written (quotients first, no
 *    reciprocal, no logs, so values the reference shares come out
 *    bit-identical, as the shared references note); x_sj / factor_s;
 *  - quantile (Bolstad 2003, preprocessCore `normalize.quantiles`, which
 *    MetaboAnalyst calls): every sample's sorted values are replaced by the
 *    mean, over samples, of the values of that rank; tied values take the
 *    reference at their average rank (the mean of the two neighbouring
 *    reference values when that rank is a half), as preprocessCore does.
 *    Samples must have no missing value.
 */
import { fail } from '../../errors.js';
import { type DenseMatrix, featureMedians, medianInPlace } from './dense.js';

/** Divides row s by factors[s]. */
export function divideSamples(m: DenseMatrix, factors: Float64Array): void {
  const p = m.nFeatures,
    v = m.values;
  for (let s = 0; s < m.nSamples; s++) {
    const o = s * p,
      d = factors[s]!;
    for (let f = 0; f < p; f++) v[o + f] = v[o + f]! / d;
  }
}

/** Sum normalization to a total of 1000; returns Σ x / 1000 per sample. */
export function sumNormalize(m: DenseMatrix): Float64Array {
  const p = m.nFeatures,
    v = m.values;
  const factors = new Float64Array(m.nSamples);
  for (let s = 0; s < m.nSamples; s++) {
    let sum = 0;
    for (let f = 0; f < p; f++) {
      const x = v[s * p + f]!;
      if (!Number.isNaN(x)) sum += x;
    }
    factors[s] = sum / 1000;
  }
  divideSamples(m, factors);
  return factors;
}

/** Median normalization; returns each sample's median. */
export function medianNormalize(m: DenseMatrix): Float64Array {
  const p = m.nFeatures,
    v = m.values;
  const scratch = new Float64Array(p);
  const factors = new Float64Array(m.nSamples);
  for (let s = 0; s < m.nSamples; s++) {
    let n = 0;
    for (let f = 0; f < p; f++) {
      const x = v[s * p + f]!;
      if (!Number.isNaN(x)) scratch[n++] = x;
    }
    factors[s] = medianInPlace(scratch, n);
  }
  divideSamples(m, factors);
  return factors;
}

/** PQN reference: feature-wise median over `samples` (all when omitted). */
export function pqnReferenceMedian(m: DenseMatrix, samples?: ArrayLike<number>): Float64Array {
  return featureMedians(m, samples);
}

/** PQN reference as MetaboAnalyst's GroupPQN takes it: feature-wise mean over `samples`. */
export function pqnReferenceMean(m: DenseMatrix, samples: ArrayLike<number>): Float64Array {
  const p = m.nFeatures;
  const sum = new Float64Array(p),
    n = new Int32Array(p);
  for (let i = 0; i < samples.length; i++) {
    const o = samples[i]! * p;
    for (let f = 0; f < p; f++) {
      const x = m.values[o + f]!;
      if (!Number.isNaN(x)) {
        sum[f] = sum[f]! + x;
        n[f]++;
      }
    }
  }
  return sum.map((x, f) => x / n[f]!);
}

/** factor_s = median over features of x_sj / ref_j (quotients with a missing or non-finite value skipped). */
export function pqnFactors(m: DenseMatrix, reference: Float64Array): Float64Array {
  const p = m.nFeatures,
    v = m.values;
  const ratios = new Float64Array(p);
  const factors = new Float64Array(m.nSamples);
  for (let s = 0; s < m.nSamples; s++) {
    const o = s * p;
    let n = 0;
    for (let f = 0; f < p; f++) {
      const q = v[o + f]! / reference[f]!;
      if (q - q === 0) ratios[n++] = q;
    }
    factors[s] = medianInPlace(ratios, n);
  }
  return factors;
}

/** PQN in place with a given reference profile; returns the factors. */
export function pqnNormalize(m: DenseMatrix, reference: Float64Array): Float64Array {
  const factors = pqnFactors(m, reference);
  divideSamples(m, factors);
  return factors;
}

/** Quantile normalization in place (see module doc); returns factors of 1. */
export function quantileNormalize(m: DenseMatrix): Float64Array {
  const n = m.nSamples,
    p = m.nFeatures,
    v = m.values;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i]))
      fail('SHAPE_MISMATCH', 'quantile normalization needs a complete matrix; impute first', {
        expected: 'no missing values',
      });
  }
  const order = new Int32Array(p);
  const ranks: Int32Array[] = [];
  const target = new Float64Array(p);
  for (let s = 0; s < n; s++) {
    const row = v.subarray(s * p, (s + 1) * p);
    for (let f = 0; f < p; f++) order[f] = f;
    order.sort((a, b) => row[a]! - row[b]!);
    ranks.push(order.slice());
    for (let r = 0; r < p; r++) target[r] = target[r]! + row[order[r]!]! / n;
  }
  for (let s = 0; s < n; s++) assignRanked(v.subarray(s * p, (s + 1) * p), ranks[s]!, target);
  return new Float64Array(n).fill(1);
}

/** Replaces the row's values by the target quantiles; a run of tied values takes the target at its average rank. */
function assignRanked(row: Float64Array, order: Int32Array, target: Float64Array): void {
  const p = row.length;
  let r = 0;
  while (r < p) {
    let end = r + 1;
    while (end < p && row[order[end]!] === row[order[r]!]) end++;
    const mid = (r + end - 1) / 2;
    const value = Number.isInteger(mid) ? target[mid]! : 0.5 * (target[mid - 0.5]! + target[mid + 0.5]!);
    for (let i = r; i < end; i++) row[order[i]!] = value;
    r = end;
  }
}
