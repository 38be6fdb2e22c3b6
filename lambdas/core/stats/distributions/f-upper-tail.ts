import { regularizedBeta } from '../special/regularized-beta.js';

/** P(F > f) = I_(d2/(d2 + d1 f))(d2/2, d1/2) for F ~ F(d1, d2), d1, d2 > 0 (R `pf(f, d1, d2, lower.tail = FALSE)`). */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || Number.isNaN(d1) || Number.isNaN(d2) || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  return regularizedBeta(d2 / 2, d1 / 2, 1 / (1 + (d1 * f) / d2), 1 / (1 + d2 / (d1 * f))).lower;
}
