/** Total-sum scaling (docs/metrics.md#normalization): relative abundance n_i / N per sample. */
import type { FeatureTable } from '../../table/feature-table.js';

/** p_i = n_i / N of one sample's values (a new array); all zeros stay zeros when N = 0. */
export function relativeAbundanceOf(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let k = 0; k < values.length; k++) n += values[k]!;
  if (!(n > 0)) return out;
  for (let k = 0; k < values.length; k++) out[k] = values[k]! / n;
  return out;
}

/** The table with each stored n_ij replaced by n_ij / N_j (same sparsity; empty samples stay empty). */
export function relativeAbundance(table: FeatureTable): FeatureTable {
  const data = new Float64Array(table.data.length);
  for (let j = 0; j < table.sampleIds.length; j++) {
    const start = table.indptr[j]!,
      end = table.indptr[j + 1]!;
    data.set(relativeAbundanceOf(table.data.subarray(start, end)), start);
  }
  return { ...table, data };
}
