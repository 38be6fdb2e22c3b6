import { expMinusSquare } from './exp-minus-square.js';
import { lentzConverged } from './lentz.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
/** From here up the continued fraction (≤ 185 steps); below it 1 − erf ≥ 0.157, so the subtraction loses under one digit. */
const CONTINUED_FRACTION_FROM = 1;
/** A series stops when its term is below this fraction of the sum. */
const EPS = 1e-17;
const MAX_TERMS = 500;

/** erfc(x) = 1 − erf(x) = (2/√π) ∫_x^∞ e^(−t²) dt with relative accuracy ~1e-15 in both tails (R `2 * pnorm(-x * sqrt(2))`). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 0) return 2 - erfc(-x);
  if (x < CONTINUED_FRACTION_FROM) return 1 - erfPositiveSeries(x);
  return erfcContinuedFraction(x);
}

/** erf(x) = (2/√π) e^(−x²) Σ_n (2x²)^n x / (1·3·…·(2n+1)): every term positive, so no cancellation. */
function erfPositiveSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * EPS) break;
  }
  return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
}

/** erfc(x) = (e^(−x²)/√π) / (x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (DLMF 7.9.2), evaluated by the modified Lentz method. */
function erfcContinuedFraction(x: number): number {
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < MAX_TERMS; n++) {
    const a = n / 2;
    d = x + a * d;
    c = x + a / c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (lentzConverged(delta)) break;
  }
  return (ONE_OVER_SQRT_PI * expMinusSquare(x)) / f;
}
