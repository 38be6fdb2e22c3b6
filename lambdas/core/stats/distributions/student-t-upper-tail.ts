import { regularizedBeta } from '../special/regularized-beta.js';

/** P(T > t) for Student's T with df > 0 (any real df): ½ I_(df/(df+t²))(df/2, ½) for t ≥ 0, 1 minus that for t < 0 (R `pt(t, df, lower.tail = FALSE)`). */
export function studentTUpperTail(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return Number.NaN;
  const t2 = t * t;
  const tails = regularizedBeta(df / 2, 0.5, 1 / (1 + t2 / df), 1 / (1 + df / t2));
  return t >= 0 ? 0.5 * tails.lower : 0.5 + 0.5 * tails.upper;
}
