import { studentTUpperTail } from './distributions/student-t-upper-tail.js';
import { sampleMean } from './sample-mean.js';
import { sampleVariance } from './sample-variance.js';

/** Result of the paired t test (a one-sample t test of the differences). */
export interface PairedTResult {
  method: 'paired_t';
  /** t = mean(d) / (sd(d)/√n), d = x − y */
  statistic: number;
  /** n − 1 */
  df: number;
  /** two-sided */
  p: number;
  meanDifference: number;
  /** pairs used */
  n: number;
  /** pairs dropped because x, y or their difference is NaN */
  nMissing: number;
}

/** R's `t.test` refuses data whose standard error is below this multiple of |mean| ("data are essentially constant"). */
const CONSTANT_DATA_RATIO = 10 * 2.220446049250313e-16;

/** t = d̄/(s_d/√n), p = 2·P(T_(n−1) > |t|) over the complete pairs; null for n < 2 or essentially constant differences (R `t.test(x, y, paired = TRUE)`). */
export function pairedT(x: ArrayLike<number>, y: ArrayLike<number>): PairedTResult | null {
  if (x.length !== y.length) throw new RangeError(`pairedT: paired samples of lengths ${x.length} and ${y.length}`);
  const d: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i]! - y[i]!;
    if (!Number.isNaN(v)) d.push(v);
  }
  const n = d.length;
  if (n < 2) return null;
  const mean = sampleMean(d);
  const se = Math.sqrt(sampleVariance(d, mean) / n);
  if (!(se >= CONSTANT_DATA_RATIO * Math.abs(mean)) || se === 0) return null;
  const statistic = mean / se;
  const p = Math.min(1, 2 * studentTUpperTail(Math.abs(statistic), n - 1));
  return { method: 'paired_t', statistic, df: n - 1, p, meanDifference: mean, n, nMissing: x.length - n };
}
