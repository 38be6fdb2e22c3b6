import { studentTUpperTail } from './distributions/student-t-upper-tail.js';
import { sampleMean } from './sample-mean.js';
import { sampleVariance } from './sample-variance.js';

/** Result of Welch's two-sample t test. */
export interface WelchTResult {
  method: 'welch_t';
  /** t = (x̄_A − x̄_B) / √(s²_A/n_A + s²_B/n_B) */
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom */
  df: number;
  /** two-sided */
  p: number;
  meanA: number;
  meanB: number;
  nA: number;
  nB: number;
}

/** R's `t.test` refuses data whose standard error is below this multiple of the larger |mean| ("data are essentially constant"). */
const CONSTANT_DATA_RATIO = 10 * 2.220446049250313e-16;

/** t = (x̄_A − x̄_B)/√(s²_A/n_A + s²_B/n_B), df = se⁴/Σ(se_g⁴/(n_g−1)), p = 2·P(T_df > |t|); null where R stops (R `t.test(a, b)`). */
export function welchT(a: ArrayLike<number>, b: ArrayLike<number>): WelchTResult | null {
  const x = withoutNaN(a);
  const y = withoutNaN(b);
  const nA = x.length,
    nB = y.length;
  if (nA < 2 || nB < 2) return null;
  const meanA = sampleMean(x),
    meanB = sampleMean(y);
  const seA2 = sampleVariance(x, meanA) / nA;
  const seB2 = sampleVariance(y, meanB) / nB;
  const se2 = seA2 + seB2;
  const se = Math.sqrt(se2);
  if (se < CONSTANT_DATA_RATIO * Math.max(Math.abs(meanA), Math.abs(meanB))) return null;
  const statistic = (meanA - meanB) / se;
  const df = (se2 * se2) / ((seA2 * seA2) / (nA - 1) + (seB2 * seB2) / (nB - 1));
  const p = Math.min(1, 2 * studentTUpperTail(Math.abs(statistic), df));
  return { method: 'welch_t', statistic, df, p, meanA, meanB, nA, nB };
}

/** The non-NaN values of v, in order. */
function withoutNaN(v: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]!)) out.push(v[i]!);
  return Float64Array.from(out);
}
