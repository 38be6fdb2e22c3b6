import { chiSquaredUpperTail } from './distributions/chi-squared-upper-tail.js';
import { rank } from './rank.js';
import { tieCubeSum } from './tie-correction.js';

/** Result of the Kruskal–Wallis rank-sum test. */
export interface KruskalWallisResult {
  method: 'kruskal_wallis';
  /** tie-corrected H */
  statistic: number;
  /** k − 1 */
  df: number;
  p: number;
  /** observations used */
  n: number;
  /** non-empty groups, k */
  groups: number;
}

/** H = [12/(n(n+1)) Σ R_g²/n_g − 3(n+1)] / [1 − Σ(t³−t)/(n³−n)], p = P(χ²_(k−1) > H); null below 2 non-empty groups (R `kruskal.test`). */
export function kruskalWallis(groups: readonly ArrayLike<number>[]): KruskalWallisResult | null {
  const kept = groups.map((g) => Array.from(g).filter((v) => !Number.isNaN(v))).filter((g) => g.length > 0);
  const k = kept.length;
  if (k < 2) return null;
  const pooled = Float64Array.from(kept.flat());
  const n = pooled.length;
  const { ranks, tieSizes } = rank(pooled);
  let weighted = 0;
  let offset = 0;
  for (const g of kept) {
    let sum = 0;
    for (let i = 0; i < g.length; i++) sum += ranks[offset + i]!;
    weighted += (sum * sum) / g.length;
    offset += g.length;
  }
  const statistic = ((12 * weighted) / (n * (n + 1)) - 3 * (n + 1)) / (1 - tieCubeSum(tieSizes) / (n * n * n - n));
  return { method: 'kruskal_wallis', statistic, df: k - 1, p: chiSquaredUpperTail(statistic, k - 1), n, groups: k };
}
