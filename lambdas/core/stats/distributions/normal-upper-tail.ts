import { erfc } from '../special/erfc.js';

/** P(Z > z) = erfc(z / √2) / 2 for a standard normal Z, full relative precision far into the upper tail (R `pnorm(z, lower.tail = FALSE)`). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}
