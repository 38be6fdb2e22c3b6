/** Smallest magnitude a modified-Lentz numerator or denominator may take (Thompson & Barnett 1986). */
export const LENTZ_TINY = 1e-300;
/** A step changing the value by less than this (about 1.35 ulp of 1) ends the continued fraction. */
const CF_EPS = 3e-16;

/** v, or LENTZ_TINY when |v| < LENTZ_TINY: keeps the modified Lentz recurrences away from division by zero. */
export function awayFromZero(v: number): number {
  return v < LENTZ_TINY && v > -LENTZ_TINY ? LENTZ_TINY : v;
}

/** True when a Lentz step's multiplier δ is within 3e-16 of 1, i.e. the continued fraction has converged to double precision. */
export function lentzConverged(delta: number): boolean {
  return delta < 1 + CF_EPS && delta > 1 - CF_EPS;
}
