import { normalUpperTail } from './normal-upper-tail.js';

/** P(Z ≤ z) = P(Z > −z) for a standard normal Z, full relative precision far into the lower tail (R `pnorm(z)`). */
export function normalCdf(z: number): number {
  return normalUpperTail(-z);
}
