import { depth } from './depth.js';
import { proportionStats } from './kernels.js';

/** Gini-Simpson 1 - Σ p_i²; anchor scikit-bio `simpson`, vegan `diversity(x, "simpson")`. Null for an empty sample. */
export function simpson(values: Float64Array): number | null {
  const n = depth(values);
  return n > 0 ? simpsonFromSumSquares(proportionStats(values, n).sumSquares) : null;
}

/** 1 - Σ p_i² from the dominance Σ p_i² (scikit-bio `1 - dominance(c)`). */
export function simpsonFromSumSquares(sumSquares: number): number {
  return 1 - sumSquares;
}
