import { compensatedSum } from './kernels.js';

/** Sequencing depth N = Σ n_i (compensated sum; 0 for an empty sample). */
export function depth(values: Float64Array): number {
  return compensatedSum(values);
}
