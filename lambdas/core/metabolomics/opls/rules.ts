/**
 * ropls's decision rules: which components count as significant, how many
 * components the automatic modes may try, and R's `signif`, which ropls
 * applies to every reported R² / Q² (and so to what the permutation test
 * compares).
 */
import type { ComponentSignificance } from './types.js';

/** R²Y below this marks a component N4 (ropls, PLS and OPLS). */
export const MIN_R2Y = 0.01;

/** Q² threshold of a component: OPLS 0.01; PLS 0 when n > 100, else 0.05 (ropls `ru1ThrN`). */
export function q2Threshold(orthogonal: boolean, nSamples: number): number {
  if (orthogonal) return 0.01;
  return nSamples > 100 ? 0 : 0.05;
}

/** N4 if R²Y < 0.01, else NS if Q² < threshold, else R1 (ropls `Signif.`). */
export function componentSignificance(r2y: number, q2: number, threshold: number): ComponentSignificance {
  if (r2y < MIN_R2Y) return 'N4';
  if (q2 < threshold) return 'NS';
  return 'R1';
}

/** Components the automatic modes may use: min(10, n, p) (ropls `autMaxN`). */
export function automaticMaximum(nSamples: number, nFeatures: number): number {
  return Math.min(10, nSamples, nFeatures);
}

/** 10^k for an integer k ≥ 0 by repeated multiplication (exact up to 10^22, like R's `R_pow_di`). */
function pow10(k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r *= 10;
  return r;
}

/** Round half to even (C `nearbyint` in the default rounding mode). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * R `signif(x, digits)` (nmath fprec): with e = digits − 1 − ⌊log10|x|⌋,
 * sign · nearbyint(|x|·10^e) / 10^e for e > 0, else sign · nearbyint(|x| / 10^−e) · 10^−e.
 * Values whose |log10| is within 2 of the double range are returned as is.
 */
export function signif(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const dig = Math.max(1, Math.floor(digits + 0.5));
  if (dig > 22) return x;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const l10 = Math.log10(a);
  if (Math.abs(l10) >= 306) return x;
  const e10 = dig - 1 - Math.floor(l10);
  if (e10 > 0) {
    const p = pow10(e10);
    return (sign * roundHalfEven(a * p)) / p;
  }
  const p = pow10(-e10);
  return sign * roundHalfEven(a / p) * p;
}
