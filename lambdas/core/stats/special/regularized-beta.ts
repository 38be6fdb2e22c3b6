import { awayFromZero, lentzConverged } from './lentz.js';
import { logBeta } from './log-beta.js';

const MAX_TERMS = 10000;

/** I_x(a, b) and its complement; the one on the continued fraction's side is computed directly, never as 1 minus the other. */
export interface RegularizedBeta {
  /** I_x(a, b) */
  lower: number;
  /** 1 − I_x(a, b) = I_(1−x)(b, a) */
  upper: number;
}

/** I_x(a, b) and 1 − I_x(a, b) by the continued fraction DLMF 8.17.22 on whichever of (x; a, b), (1−x; b, a) lies below the mean; y = 1 − x given without cancellation (R `pbeta`). */
export function regularizedBeta(a: number, b: number, x: number, y: number = 1 - x): RegularizedBeta {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x) || Number.isNaN(y) || a <= 0 || b <= 0 || x < 0 || y < 0)
    return { lower: Number.NaN, upper: Number.NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (y === 0) return { lower: 1, upper: 0 };
  const logPrefactor = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logPrefactor) * betaContinuedFraction(a, b, x)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (Math.exp(logPrefactor) * betaContinuedFraction(b, a, y)) / b;
  return { lower: 1 - upper, upper };
}

/** 1 / (1 + d1 / (1 + d2 / (1 + …))) with d_2m = m(b−m)x / ((a+2m−1)(a+2m)), d_2m+1 = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)), by modified Lentz. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 / awayFromZero(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m < MAX_TERMS; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 / awayFromZero(1 + even * d);
    c = awayFromZero(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 / awayFromZero(1 + odd * d);
    c = awayFromZero(1 + odd / c);
    const delta = d * c;
    h *= delta;
    if (lentzConverged(delta)) break;
  }
  return h;
}
