/**
 * Repeated-measures correlation (Bakdash & Marusich 2017, R package `rmcorr`): the common
 * within-subject association of x and y, from the ANCOVA lm(y ~ factor(subject) + x).
 */
import { fUpperTail } from './distributions/f-upper-tail.js';

/** Result of `repeatedMeasuresCorrelation`. */
export interface RmcorrResult {
  ok: true;
  method: 'rmcorr';
  /** r_rm = sign(slope) √(SS_x / (SS_x + SS_res)) = S_xy / √(S_xx S_yy) over within-subject deviations */
  r: number;
  /** common within-subject slope of y on x: S_xy / S_xx */
  slope: number;
  /** residual df N − S − 1 */
  df: number;
  /** F = SS_x / (SS_res / df) of x after subject (sequential ANOVA) */
  F: number;
  /** P(F(1, df) > F) */
  p: number;
  /** SS_x = S_xy² / S_xx */
  ssX: number;
  /** SS_res = S_yy − S_xy² / S_xx */
  ssResidual: number;
  /** complete (x, y, subject) observations used */
  nObs: number;
  /** subjects among them */
  nSubjects: number;
}

/** Why there is no repeated-measures correlation. */
export interface RmcorrError {
  ok: false;
  reason: 'shape-mismatch' | 'no-residual-df' | 'no-within-subject-variation';
  message: string;
}

/**
 * r_rm, slope, df = N − S − 1 and the F test of x in lm(y ~ factor(subject) + x), in closed form from
 * the within-subject deviations x − x̄_s, y − ȳ_s (S_xx, S_xy, S_yy); observations with a NaN or a
 * subject code < 0 are dropped first (rmcorr drops incomplete rows).
 */
export function repeatedMeasuresCorrelation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  subject: Int32Array,
): RmcorrResult | RmcorrError {
  if (x.length !== y.length || subject.length !== x.length)
    return rmcorrError('shape-mismatch', `x, y and subject have lengths ${x.length}, ${y.length}, ${subject.length}`);
  const index = new Map<number, number>();
  const sumX: number[] = [],
    sumY: number[] = [],
    count: number[] = [];
  const subj = new Int32Array(x.length).fill(-1);
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (subject[i]! < 0 || Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    let s = index.get(subject[i]!);
    if (s === undefined) {
      s = count.length;
      index.set(subject[i]!, s);
      sumX.push(0);
      sumY.push(0);
      count.push(0);
    }
    sumX[s]! += x[i]!;
    sumY[s]! += y[i]!;
    count[s]!++;
    subj[i] = s;
    n++;
  }
  const S = count.length;
  const df = n - S - 1;
  if (df < 1)
    return rmcorrError(
      'no-residual-df',
      `${n} complete observations on ${S} subjects leave ${df} residual degrees of freedom`,
    );
  let sxx = 0,
    sxy = 0,
    syy = 0;
  for (let i = 0; i < x.length; i++) {
    const s = subj[i]!;
    if (s < 0) continue;
    const dx = x[i]! - sumX[s]! / count[s]!;
    const dy = y[i]! - sumY[s]! / count[s]!;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0))
    return rmcorrError('no-within-subject-variation', `${sxx > 0 ? 'y' : 'x'} does not vary within any subject`);
  const slope = sxy / sxx;
  const ssX = (sxy * sxy) / sxx;
  const ssResidual = Math.max(0, syy - ssX);
  const F = ssX / (ssResidual / df);
  return {
    ok: true,
    method: 'rmcorr',
    r: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))),
    slope,
    df,
    F,
    p: fUpperTail(F, 1, df),
    ssX,
    ssResidual,
    nObs: n,
    nSubjects: S,
  };
}

/** An RmcorrError value. */
function rmcorrError(reason: RmcorrError['reason'], message: string): RmcorrError {
  return { ok: false, reason, message };
}
