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

/** ρ = cor(rank(x), rank(y)) with average ranks, p = 2·P(T_(n−2) > |ρ|√((n−2)/(1−ρ²))); null for n < 3 or constant input (R `cor.test(method = "spearman", exact = FALSE)`). */
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
