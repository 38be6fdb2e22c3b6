import { regularizedGamma } from '../special/regularized-gamma.js';

/** P(X > x) = Q(df/2, x/2) for X ~ χ²(df), df > 0 (R `pchisq(x, df, lower.tail = FALSE)`). */
export function chiSquaredUpperTail(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df) || !(df > 0)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedGamma(df / 2, x / 2).upper;
}
