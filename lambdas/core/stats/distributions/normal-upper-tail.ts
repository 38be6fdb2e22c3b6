import { erfc } from '../special/erfc.js';
import { expMinusSquare } from '../special/exp-minus-square.js';
import { lentzConverged } from '../special/lentz.js';

const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
/** Below this z the erfc series route is used; above it Mills' ratio, whose continued fraction needs ≤ ~185 steps here. */
const MILLS_FROM = Math.SQRT2;
const MAX_TERMS = 500;

/** P(Z > z) = erfc(z/√2)/2 below √2, else φ(z)/(z + 1/(z + 2/(z + 3/(z + …)))) (Mills' ratio, DLMF 7.9.2), ~1e-15 relative to 1e-300 (R `pnorm(z, lower.tail = FALSE)`). */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return z;
  if (z < MILLS_FROM) return 0.5 * erfc(z / Math.SQRT2);
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < MAX_TERMS; n++) {
    d = z + n * d;
    c = z + n / c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (lentzConverged(delta)) break;
  }
  return (ONE_OVER_SQRT_TWO_PI * expMinusSquare(z, 0.5)) / f;
}
