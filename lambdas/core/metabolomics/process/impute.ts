/**
 * Imputation of the missing values (NaN) of each feature, in place. Every
 * method returns the value used per feature (NaN for kNN, which varies per
 * cell) and how many cells it filled.
 *
 *  - min5: (smallest positive observed value of the feature) / 5 — docs/metrics.md
 *    default, MetaboAnalyst `ReplaceMin`;
 *  - halfmin: the same / 2;
 *  - median: median of the feature's observed values ((a + b) / 2 for even n);
 *  - knn: for sample s missing feature f, the mean of f over the k samples
 *    nearest to s among those that observe f; distance = root-mean-square
 *    difference over the features both samples observe (raw scale), ties
 *    broken by sample order. O(n² p) time.
 */
import { type DenseMatrix, featureMedians } from './dense.js';

/** What an imputation did. */
export interface Imputation {
  /** value written into the feature's missing cells (NaN when it varies per cell, or nothing was observed) */
  value: Float64Array;
  /** cells filled per feature */
  count: Int32Array;
}

/** Smallest positive observed value of each feature (NaN when there is none). */
export function featureMinPositive(m: DenseMatrix): Float64Array {
  const p = m.nFeatures,
    v = m.values;
  const min = new Float64Array(p).fill(Infinity);
  for (let s = 0; s < m.nSamples; s++) {
    const o = s * p;
    for (let f = 0; f < p; f++) {
      const x = v[o + f]!;
      if (x > 0 && x < min[f]!) min[f] = x;
    }
  }
  return min.map((x) => (x === Infinity ? NaN : x));
}

/** Writes value[f] into every missing cell of feature f. */
function fillConstant(m: DenseMatrix, value: Float64Array): Int32Array {
  const p = m.nFeatures,
    v = m.values;
  const count = new Int32Array(p);
  for (let s = 0; s < m.nSamples; s++) {
    const o = s * p;
    for (let f = 0; f < p; f++) {
      if (Number.isNaN(v[o + f])) {
        v[o + f] = value[f]!;
        count[f]++;
      }
    }
  }
  return count;
}

/** Missing cells ← (min positive of the feature) / divisor (5: MetaboAnalyst ReplaceMin; 2: half-min). */
export function imputeMinFraction(m: DenseMatrix, divisor: number): Imputation {
  const value = featureMinPositive(m).map((x) => x / divisor);
  return { value, count: fillConstant(m, value) };
}

/** Missing cells ← median of the feature's observed values. */
export function imputeMedian(m: DenseMatrix): Imputation {
  const value = featureMedians(m);
  return { value, count: fillConstant(m, value) };
}

/** Missing cells ← mean over the k nearest samples observing the feature (see module doc). */
export function imputeKnn(m: DenseMatrix, k: number): Imputation {
  const n = m.nSamples,
    p = m.nFeatures,
    v = m.values;
  const original = v.slice();
  const dist = sampleDistances(original, n, p);
  const count = new Int32Array(p);
  const order = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const o = s * p;
    let sorted = false;
    for (let f = 0; f < p; f++) {
      if (!Number.isNaN(original[o + f])) continue;
      if (!sorted) {
        nearestFirst(dist, s, n, order);
        sorted = true;
      }
      const x = neighbourMean(original, p, f, s, order, k);
      v[o + f] = x;
      if (!Number.isNaN(x)) count[f]++;
    }
  }
  return { value: new Float64Array(p).fill(NaN), count };
}

/** n × n root-mean-square differences over commonly observed features (Infinity when none is shared). */
function sampleDistances(v: Float64Array, n: number, p: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let sum = 0,
        shared = 0;
      for (let f = 0; f < p; f++) {
        const diff = v[a * p + f]! - v[b * p + f]!;
        if (!Number.isNaN(diff)) {
          sum += diff * diff;
          shared++;
        }
      }
      d[a * n + b] = d[b * n + a] = shared ? Math.sqrt(sum / shared) : Infinity;
    }
  }
  return d;
}

/** Other samples ordered by distance to s (stable: ties by sample index); s itself last. */
function nearestFirst(d: Float64Array, s: number, n: number, order: Int32Array): void {
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (a === s ? 1 : b === s ? -1 : d[s * n + a]! - d[s * n + b]! || a - b));
}

/** Mean of feature f over the first k samples of `order` that observe it (NaN when none does). */
function neighbourMean(v: Float64Array, p: number, f: number, s: number, order: Int32Array, k: number): number {
  let sum = 0,
    used = 0;
  for (let i = 0; i < order.length && used < k; i++) {
    const t = order[i]!;
    if (t === s) continue;
    const x = v[t * p + f]!;
    if (Number.isNaN(x)) continue;
    sum += x;
    used++;
  }
  return used ? sum / used : NaN;
}
