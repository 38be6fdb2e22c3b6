/**
 * Centred log-ratio with a pseudocount of 1 (docs/metrics.md#normalization):
 * clr(x + 1)_i = ln(x_i + 1) − (1/F) Σ_{f=1..F} ln(x_f + 1) over all F features,
 * as scikit-bio `clr(counts + 1)` and QIIME 2 `aitchison`. Zeros contribute
 * ln 1 = 0 to the mean, so a sparse sample needs only its non-zero values.
 */
import type { FeatureTable } from '../../table/feature-table.js';

/** clr(x + 1) of a sparse sample: the value at each stored entry, and the one shared by every zero feature. */
export interface SparseClr {
  /** clr at the stored (non-zero) entries, aligned with the input values */
  values: Float64Array;
  /** clr of a feature whose count is 0: −(1/F) Σ ln(x_f + 1) */
  zero: number;
}

/** Sparse clr(x + 1) of a sample's non-zero values among `nFeatures` features (F ≥ the number of values). */
export function clrSparse(values: ArrayLike<number>, nFeatures: number): SparseClr {
  if (!Number.isInteger(nFeatures) || nFeatures < values.length || nFeatures < 1)
    throw new RangeError(`clr needs nFeatures >= ${Math.max(1, values.length)}, got ${nFeatures}`);
  const logs = new Float64Array(values.length);
  let sum = 0,
    comp = 0;
  for (let k = 0; k < values.length; k++) {
    const u = Math.log1p(values[k]!);
    logs[k] = u;
    const t = sum + u;
    comp += Math.abs(sum) >= Math.abs(u) ? sum - t + u : u - t + sum;
    sum = t;
  }
  const mean = (sum + comp) / nFeatures;
  for (let k = 0; k < logs.length; k++) logs[k] = logs[k]! - mean;
  return { values: logs, zero: mean === 0 ? 0 : -mean };
}

/** Dense clr(x + 1) of a full vector of F counts. */
export function clr(x: ArrayLike<number>): Float64Array {
  const { values } = clrSparse(x, x.length);
  return values;
}

/** Sparse clr(x + 1) of sample j of a table, over all of the table's features. */
export function clrSample(table: FeatureTable, j: number): SparseClr {
  return clrSparse(table.data.subarray(table.indptr[j]!, table.indptr[j + 1]!), table.featureIds.length);
}

/** clr(x + 1) of sample j expanded to all F features (zeros filled with `zero`). */
export function clrSampleDense(table: FeatureTable, j: number): Float64Array {
  const { values, zero } = clrSample(table, j);
  const out = new Float64Array(table.featureIds.length).fill(zero);
  const start = table.indptr[j]!;
  for (let k = 0; k < values.length; k++) out[table.indices[start + k]!] = values[k]!;
  return out;
}

/**
 * Mean over the non-empty samples of clr(x + 1) for every feature, without a dense matrix:
 * mean_j clr_ij = (1/S) Σ_j [stored_ij ? clr value : zero_j]  (S = non-empty samples). NaN when every sample is empty.
 */
export function meanClrPerFeature(table: FeatureTable): Float64Array {
  const nF = table.featureIds.length;
  const sumStored = new Float64Array(nF);
  let zeroSum = 0;
  let nonEmpty = 0;
  for (let j = 0; j < table.sampleIds.length; j++) {
    const start = table.indptr[j]!;
    if (table.indptr[j + 1]! === start) continue;
    nonEmpty++;
    const { values, zero } = clrSample(table, j);
    zeroSum += zero;
    for (let k = 0; k < values.length; k++) {
      const i = table.indices[start + k]!;
      // stored value replaces this sample's zero-clr in the per-feature sum
      sumStored[i]! += values[k]! - zero;
    }
  }
  const out = new Float64Array(nF);
  for (let i = 0; i < nF; i++) out[i] = nonEmpty ? (zeroSum + sumStored[i]!) / nonEmpty : Number.NaN;
  return out;
}
