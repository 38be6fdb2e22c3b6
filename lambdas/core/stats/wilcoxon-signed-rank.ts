import { continuityCorrectedNormalP } from './distributions/continuity-corrected-normal-p.js';
import { signedRankCdf } from './distributions/signed-rank-distribution.js';
import { twoSidedExactP } from './distributions/two-sided-exact-p.js';
import { EXACT_BELOW } from './mann-whitney-u.js';
import { rank } from './rank.js';
import { tieCubeSum } from './tie-correction.js';

/** Result of the two-sided Wilcoxon signed-rank test of paired samples. */
export interface WilcoxonSignedRankResult {
  method: 'wilcoxon_signed_rank';
  /** V = sum of the ranks of |d| over the positive differences d = x − y (zeros dropped), R's `V` */
  statistic: number;
  p: number;
  /** true: exact null distribution; false: normal approximation with tie and continuity correction */
  exact: boolean;
  /** the continuity-corrected z of the normal approximation; null when exact */
  z: number | null;
  /** non-zero differences used */
  n: number;
  /** pairs whose difference is exactly 0, dropped */
  nZero: number;
  /** pairs dropped because x, y or their difference is NaN */
  nMissing: number;
}

/** V = Σ ranks of |d| over d > 0 (zeros dropped), p exact (n < 50, no ties or zeros) else z = (V − n(n+1)/4 ∓ ½)/σ, σ² = n(n+1)(2n+1)/24 − Σ(t³−t)/48 (R `wilcox.test(paired = TRUE)`). */
export function wilcoxonSignedRank(x: ArrayLike<number>, y: ArrayLike<number>): WilcoxonSignedRankResult | null {
  if (x.length !== y.length)
    throw new RangeError(`wilcoxonSignedRank: paired samples of lengths ${x.length} and ${y.length}`);
  const differences: number[] = [];
  let nZero = 0;
  let nMissing = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - y[i]!;
    if (Number.isNaN(d)) nMissing++;
    else if (d === 0) nZero++;
    else differences.push(d);
  }
  if (differences.length + nZero === 0) return null;
  const n = differences.length;
  const { ranks, tieSizes } = rank(differences.map(Math.abs));
  let statistic = 0;
  for (let i = 0; i < n; i++) if (differences[i]! > 0) statistic += ranks[i]!;
  const base = { method: 'wilcoxon_signed_rank' as const, statistic, n, nZero, nMissing };
  if (n < EXACT_BELOW && tieSizes.length === 0 && nZero === 0)
    return { ...base, p: twoSidedExactP(statistic, signedRankCdf(n)), exact: true, z: null };
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieCubeSum(tieSizes) / 48);
  const { z, p } = continuityCorrectedNormalP(statistic - (n * (n + 1)) / 4, sigma);
  return { ...base, p, exact: false, z };
}
