import { awayFromZero, LENTZ_TINY, lentzConverged } from './lentz.js';
import { logGamma } from './log-gamma.js';

/** A series stops when its term is below this fraction of the sum. */
const EPS = 1e-17;
const MAX_TERMS = 10000;

/** Both regularized incomplete gamma functions; the smaller one is computed directly, never as 1 minus the other. */
export interface RegularizedGamma {
  /** P(a, x) = γ(a, x) / Γ(a) */
  lower: number;
  /** Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x) */
  upper: number;
}

/** P(a, x) and Q(a, x) for a > 0, x ≥ 0: the power series of P when x < a + 1, else Legendre's continued fraction for Q (DLMF 8.7.1, 8.9.2; R `pgamma`). */
export function regularizedGamma(a: number, x: number): RegularizedGamma {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return { lower: Number.NaN, upper: Number.NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Number.POSITIVE_INFINITY) return { lower: 1, upper: 0 };
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    const lower = Math.exp(logPrefactor) * lowerSeries(a, x);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.exp(logPrefactor) * upperContinuedFraction(a, x);
  return { lower: 1 - upper, upper };
}

/** Σ_n x^n / (a (a+1) … (a+n)), so that P(a, x) = x^a e^(−x) / Γ(a) times it. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * EPS) break;
  }
  return sum;
}

/** 1 / (x + 1 − a − 1(1 − a) / (x + 3 − a − 2(2 − a) / (x + 5 − a − …))) by modified Lentz, so that Q(a, x) = x^a e^(−x) / Γ(a) times it. */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / LENTZ_TINY;
  let d = 1 / awayFromZero(b);
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = 1 / awayFromZero(an * d + b);
    c = awayFromZero(b + an / c);
    const delta = d * c;
    h *= delta;
    if (lentzConverged(delta)) break;
  }
  return h;
}
