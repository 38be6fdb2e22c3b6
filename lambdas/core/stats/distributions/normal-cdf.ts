import { erfc } from '../special/erfc.js';

/** P(Z ≤ z) = erfc(−z / √2) / 2 for a standard normal Z, full relative precision far into the lower tail (R `pnorm(z)`). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}
