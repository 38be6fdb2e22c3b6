/**
 * The Spearman p-value of |ρ| = a for a fixed n, p(a) = 2·P(T_(n−2) > a√((n−2)/(1−a²))),
 * by cubic Hermite interpolation of ln p on a uniform grid, with the exact slope
 * d ln p/da = −2 c_ν √ν (1 − a²)^((ν−2)/2) / p (ν = n − 2, c_ν the Student t
 * density constant Γ((ν+1)/2) / (√(νπ) Γ(ν/2))). Used only to rank the p-values
 * of a large correlation family for Benjamini–Hochberg; every stored p is exact.
 * A table is built only when every grid midpoint agrees with `spearmanPValue`
 * to TABLE_TOLERANCE (relative); otherwise callers fall back to the exact p.
 */

import { spearmanPValue } from './spearman-p-value.js';
import { logGamma } from './special/log-gamma.js';

/** Largest relative difference from `spearmanPValue` accepted at the grid midpoints (where the interpolation error peaks). */
export const TABLE_TOLERANCE = 1e-10;
/** The table stops where p falls below this (deeper tails use the exact p). */
const SMALLEST_TABULATED_P = 1e-250;
/** Largest |ρ| tabulated. */
const LARGEST_TABULATED_A = 0.98;
/** Below this many samples the exact p is cheap enough relative to the family and the tail is far from Gaussian. */
const SMALLEST_TABULATED_N = 10;
const FIRST_INTERVALS = 1024;
const MOST_INTERVALS = 65536;

/** p(a) for 0 ≤ a ≤ 1 at a fixed n. */
export interface SpearmanPTable {
  n: number;
  /** largest tabulated a; above it `p` computes the exact value */
  aMax: number;
  intervals: number;
  p(a: number): number;
}

/** d ln p / da at a, given p(a). */
function logSlope(a: number, p: number, logConstant: number, nu: number): number {
  return (-2 * Math.exp(logConstant + 0.5 * Math.log(nu) + ((nu - 2) / 2) * Math.log1p(-a * a))) / p;
}

/** The largest a ≤ LARGEST_TABULATED_A with p(a) ≥ SMALLEST_TABULATED_P, by bisection (p decreases in a). */
function tabulatedRange(n: number): number {
  if (spearmanPValue(LARGEST_TABULATED_A, n) >= SMALLEST_TABULATED_P) return LARGEST_TABULATED_A;
  let lo = 0,
    hi = LARGEST_TABULATED_A;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (spearmanPValue(mid, n) >= SMALLEST_TABULATED_P) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A verified table for n samples, or null (n too small, or the accuracy not reached with MOST_INTERVALS). */
export function spearmanPTable(n: number): SpearmanPTable | null {
  if (!Number.isInteger(n) || n < SMALLEST_TABULATED_N) return null;
  const nu = n - 2;
  const logConstant = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  const aMax = tabulatedRange(n);
  for (let intervals = FIRST_INTERVALS; intervals <= MOST_INTERVALS; intervals *= 2) {
    const h = aMax / intervals;
    const g = new Float64Array(intervals + 1);
    const d = new Float64Array(intervals + 1);
    for (let k = 0; k <= intervals; k++) {
      const a = k * h;
      const p = spearmanPValue(a, n);
      g[k] = Math.log(p);
      d[k] = logSlope(a, p, logConstant, nu);
    }
    const p = (a: number) => (a > aMax ? spearmanPValue(a, n) : Math.exp(hermite(g, d, h, intervals, a)));
    if (verified(p, n, h, intervals)) return { n, aMax, intervals, p };
  }
  return null;
}

/** Cubic Hermite interpolation of the node values g and slopes d at a (0 ≤ a ≤ intervals·h). */
function hermite(g: Float64Array, d: Float64Array, h: number, intervals: number, a: number): number {
  const t = a / h;
  const k = Math.min(intervals - 1, Math.floor(t));
  const u = t - k;
  const u2 = u * u,
    u3 = u2 * u;
  return (
    (2 * u3 - 3 * u2 + 1) * g[k]! +
    (u3 - 2 * u2 + u) * h * d[k]! +
    (3 * u2 - 2 * u3) * g[k + 1]! +
    (u3 - u2) * h * d[k + 1]!
  );
}

/** True when the interpolated p is within TABLE_TOLERANCE of the exact one at every midpoint. */
function verified(p: (a: number) => number, n: number, h: number, intervals: number): boolean {
  for (let k = 0; k < intervals; k++) {
    const a = (k + 0.5) * h;
    const exact = spearmanPValue(a, n);
    if (!(Math.abs(p(a) - exact) <= TABLE_TOLERANCE * exact)) return false;
  }
  return true;
}
