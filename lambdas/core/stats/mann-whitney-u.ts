import { continuityCorrectedNormalP } from './distributions/continuity-corrected-normal-p.js';
import { rankSumCdf } from './distributions/rank-sum-distribution.js';
import { twoSidedExactP } from './distributions/two-sided-exact-p.js';
import { rank } from './rank.js';
import { tieCubeSum } from './tie-correction.js';

/** Exact p only while both samples are below this size (R's default). */
export const EXACT_BELOW = 50;

/** Result of the two-sided Wilcoxon rank-sum (Mann–Whitney) test. */
export interface MannWhitneyResult {
  method: 'wilcoxon_rank_sum';
  /** W = U of the first sample = (sum of its ranks in the pooled sample) − nA(nA+1)/2, R's `W` */
  statistic: number;
  p: number;
  /** true: exact null distribution; false: normal approximation with tie and continuity correction */
  exact: boolean;
  /** the continuity-corrected z of the normal approximation; null when exact */
  z: number | null;
  nA: number;
  nB: number;
  n: number;
}

/** W = U of a, two-sided p exact (nA, nB < 50, no ties) else z = (W − nA·nB/2 ∓ ½)/σ, σ² = nA·nB/12·(n+1 − Σ(t³−t)/(n(n−1))) (R `wilcox.test(a, b)`). */
export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult | null {
  const x = finiteValues(a);
  const y = finiteValues(b);
  const nA = x.length,
    nB = y.length,
    n = nA + nB;
  if (nA === 0 || nB === 0) return null;
  const pooled = new Float64Array(n);
  pooled.set(x);
  pooled.set(y, nA);
  const { ranks, tieSizes } = rank(pooled);
  let rankSumA = 0;
  for (let i = 0; i < nA; i++) rankSumA += ranks[i]!;
  const statistic = rankSumA - (nA * (nA + 1)) / 2;
  const base = { method: 'wilcoxon_rank_sum' as const, statistic, nA, nB, n };
  if (nA < EXACT_BELOW && nB < EXACT_BELOW && tieSizes.length === 0)
    return { ...base, p: twoSidedExactP(statistic, rankSumCdf(nA, nB)), exact: true, z: null };
  const sigma = Math.sqrt(((nA * nB) / 12) * (n + 1 - tieCubeSum(tieSizes) / (n * (n - 1))));
  const { z, p } = continuityCorrectedNormalP(statistic - (nA * nB) / 2, sigma);
  return { ...base, p, exact: false, z };
}

/** The finite values of v, in order. */
function finiteValues(v: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) out.push(v[i]!);
  return Float64Array.from(out);
}
