import { pearsonCorrelation } from './pearson-correlation.js';
import { rank } from './rank.js';
import { spearmanPValue } from './spearman-p-value.js';

/** Result of Spearman's rank correlation test. */
export interface SpearmanResult {
  method: 'spearman';
  /** ρ = Pearson correlation of the average ranks */
  statistic: number;
  /** two-sided, t approximation with n − 2 df */
  p: number;
  /** complete pairs used */
  n: number;
  df: number;
}

/**
 * Spearman's ρ with its t-approximation p as R `cor.test(x, y, method = "spearman", exact = FALSE)` and scipy `spearmanr`: pairs with a NaN
 * dropped; ρ = cor(rank(x), rank(y)) with average ranks for ties. Null when fewer than 3 pairs remain or either variable is constant (R
 * gives NA there).
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): SpearmanResult | null {
  if (x.length !== y.length) throw new RangeError(`spearman: paired samples of lengths ${x.length} and ${y.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    xs.push(x[i]!);
    ys.push(y[i]!);
  }
  const n = xs.length;
  if (n < 3) return null;
  const rho = pearsonCorrelation(rank(xs).ranks, rank(ys).ranks);
  if (Number.isNaN(rho)) return null;
  return { method: 'spearman', statistic: rho, p: spearmanPValue(rho, n), n, df: n - 2 };
}
