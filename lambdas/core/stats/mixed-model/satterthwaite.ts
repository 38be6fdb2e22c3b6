/**
 * Satterthwaite degrees of freedom as lmerTest defines them, computed analytically. The variance
 * parameters are lmerTest's varpar = (θ, σ) with θ = σ_b/σ; its deviance is the REML criterion
 * not profiled over σ:
 *   D(θ, σ) = Σ_s log(1 + n_s θ²) + log det A(θ²) + r(θ²)/σ² + (n − p) log(2πσ²),
 * cov(β̂) = C(θ, σ) = σ² A(θ²)⁻¹, vcov(varpar) = 2 H⁻¹ with H the Hessian of D (Moore–Penrose
 * inverse over eigenvalues > 1e-8), and for a contrast l:  ν = 2 (lᵀCl)² / (gᵀ vcov(varpar) g),
 * g = (lᵀ ∂C/∂θ l, lᵀ ∂C/∂σ l). Multi-row hypotheses follow lmerTest `contestMD`.
 */
import { fUpperTail } from '../distributions/f-upper-tail.js';
import { studentTUpperTail } from '../distributions/student-t-upper-tail.js';
import { bilinear, symmetricEigen } from './dense.js';

/** lmerTest's default tolerance on the eigenvalues of the varpar Hessian. */
export const HESSIAN_TOLERANCE = 1e-8;
/** sqrt(.Machine$double.eps): relative eigenvalue cut-off of Var(Lβ) in `contestMD`. */
const RANK_EPS = Math.sqrt(2.220446049250313e-16);
/** `get_Fstat_ddf`: ν_m this close together are averaged. */
const NU_TIE = 1e-8;

/** What Satterthwaite tests need from a fit. Matrices p × p row-major. */
export interface SatterthwaiteState {
  p: number;
  beta: Float64Array;
  /** cov(β̂) = σ² A⁻¹ */
  vcovBeta: Float64Array;
  /** ∂C/∂θ = −2θσ² A⁻¹ A′ A⁻¹ (A′ = dA/dλ) */
  jacobianTheta: Float64Array;
  /** ∂C/∂σ = 2σ A⁻¹ */
  jacobianSigma: Float64Array;
  /** vcov(θ̂, σ̂) = 2 H⁺, 2 × 2 row-major */
  vcovVarpar: Float64Array;
  /** σ̂² (scales F into mean squares) */
  sigma2: number;
}

/** The 2 × 2 Hessian of D(θ, σ) from the λ-derivatives of f(λ) = Σ log(1 + n_sλ) + log det A and r(λ). */
export function varparHessian(
  lambda: number,
  sigma2: number,
  nMinusP: number,
  rss: number,
  f1: number,
  f2: number,
  r1: number,
  r2: number,
): Float64Array {
  const theta = Math.sqrt(lambda);
  const sigma = Math.sqrt(sigma2);
  // D = f(θ²) + r(θ²)/σ² + (n−p) log σ²;  ∂D/∂θ = 2θ (f′ + r′/σ²)
  const hThetaTheta = 2 * (f1 + r1 / sigma2) + 4 * lambda * (f2 + r2 / sigma2);
  const hThetaSigma = (-4 * theta * r1) / (sigma2 * sigma);
  const hSigmaSigma = (6 * rss) / (sigma2 * sigma2) - (2 * nMinusP) / sigma2;
  return Float64Array.from([hThetaTheta, hThetaSigma, hThetaSigma, hSigmaSigma]);
}

/** 2 H⁺ over the eigenvalues > tolerance, and lmerTest's warnings about negative or near-zero eigenvalues. */
export function varparCovariance(
  h: Float64Array,
  tolerance = HESSIAN_TOLERANCE,
): { vcov: Float64Array; messages: string[] } {
  const { values, vectors } = symmetricEigen(h, 2);
  const messages: string[] = [];
  const neg = [...values].filter((v) => v < -tolerance);
  const zero = [...values].filter((v) => v > -tolerance && v < tolerance);
  if (neg.length)
    messages.push(
      `Model failed to converge with ${neg.length} negative eigenvalue${neg.length > 1 ? 's' : ''}: ${neg.map((v) => v.toExponential(1)).join(' ')}`,
    );
  if (zero.length)
    messages.push(
      `Model may not have converged with ${zero.length} eigenvalue${zero.length > 1 ? 's' : ''} close to zero: ${zero.map((v) => v.toExponential(1)).join(' ')}`,
    );
  const vcov = new Float64Array(4);
  for (let k = 0; k < 2; k++) {
    if (!(values[k]! > tolerance)) continue;
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) vcov[i * 2 + j]! += (2 * vectors[i * 2 + k]! * vectors[j * 2 + k]!) / values[k]!;
  }
  return { vcov, messages };
}

/** One t test of a contrast. */
export interface ContrastTest {
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
}

/** lᵀβ̂, se = √(lᵀCl), Satterthwaite ν, t and two-sided p = 2 P(T_ν > |t|) (lmerTest `contest1D`). */
export function contrastTest(state: SatterthwaiteState, l: ArrayLike<number>): ContrastTest {
  const { p, beta } = state;
  let estimate = 0;
  for (let j = 0; j < p; j++) estimate += l[j]! * beta[j]!;
  const variance = bilinear(l, state.vcovBeta, l, p);
  const df = satterthwaiteDf(state, l, variance);
  const se = Math.sqrt(variance);
  const t = estimate / se;
  return { estimate, se, df, t, p: Math.min(1, 2 * studentTUpperTail(Math.abs(t), df)) };
}

/** ν = 2 v² / (gᵀ vcov(varpar) g) for the contrast l with variance v = lᵀCl. */
function satterthwaiteDf(state: SatterthwaiteState, l: ArrayLike<number>, variance: number): number {
  const gTheta = bilinear(l, state.jacobianTheta, l, state.p);
  const gSigma = bilinear(l, state.jacobianSigma, l, state.p);
  const a = state.vcovVarpar;
  const denom = gTheta * gTheta * a[0]! + 2 * gTheta * gSigma * a[1]! + gSigma * gSigma * a[3]!;
  return (2 * variance * variance) / denom;
}

/** One F test of a hypothesis L β = 0 (columns as lmerTest's anova table). */
export interface FTest {
  sumSq: number;
  meanSq: number;
  numDF: number;
  denDF: number;
  F: number;
  p: number;
}

/**
 * lmerTest `contestMD`: eigen-decompose Var(Lβ̂) = P D Pᵀ, keep eigenvalues > √ε · d₁ (q of them),
 * F = (1/q) Σ_m (P_mᵀLβ̂)²/d_m, ν_m = 2 d_m²/(g_mᵀ vcov(varpar) g_m), denDF from the ν_m (`get_Fstat_ddf`),
 * mean square F σ̂², sum of squares q F σ̂². One row: F = t².
 */
export function hypothesisFTest(state: SatterthwaiteState, l: Float64Array, rows: number): FTest {
  const { p, sigma2 } = state;
  const table = (F: number, numDF: number, denDF: number): FTest => ({
    sumSq: F * sigma2 * numDF,
    meanSq: F * sigma2,
    numDF,
    denDF,
    F,
    p: fUpperTail(F, numDF, denDF),
  });
  if (rows === 0) return table(Number.NaN, 0, Number.NaN);
  if (rows === 1) {
    const t = contrastTest(state, l.subarray(0, p));
    return table(t.t * t.t, 1, t.df);
  }
  const vl = new Float64Array(rows * rows);
  for (let a = 0; a < rows; a++)
    for (let b = 0; b <= a; b++) {
      const v = bilinear(l.subarray(a * p, (a + 1) * p), state.vcovBeta, l.subarray(b * p, (b + 1) * p), p);
      vl[a * rows + b] = v;
      vl[b * rows + a] = v;
    }
  const { values, vectors } = symmetricEigen(vl, rows);
  const tol = Math.max(RANK_EPS * values[0]!, 0);
  let q = 0;
  while (q < rows && values[q]! > tol) q++;
  if (q === 0) return table(Number.NaN, 0, Number.NaN);
  const ptl = new Float64Array(q * p);
  for (let m = 0; m < q; m++)
    for (let r = 0; r < rows; r++) {
      const w = vectors[r * rows + m]!;
      if (w === 0) continue;
      for (let j = 0; j < p; j++) ptl[m * p + j]! += w * l[r * p + j]!;
    }
  if (q === 1) {
    const t = contrastTest(state, ptl);
    return table(t.t * t.t, 1, t.df);
  }
  let sumT2 = 0;
  const nu = new Float64Array(q);
  for (let m = 0; m < q; m++) {
    const row = ptl.subarray(m * p, (m + 1) * p);
    let est = 0;
    for (let j = 0; j < p; j++) est += row[j]! * state.beta[j]!;
    sumT2 += (est * est) / values[m]!;
    nu[m] = satterthwaiteDf(state, row, values[m]!);
  }
  return table(sumT2 / q, q, fStatisticDf(nu));
}

/**
 * Denominator df of an F built from q squared t statistics with df ν_m (lmerTest `get_Fstat_ddf`):
 * ν₁ for q = 1; the mean when consecutive ν differ by < 1e-8; 2 when any ν ≤ 2; else 2E/(E − q), E = Σ ν/(ν − 2).
 */
export function fStatisticDf(nu: ArrayLike<number>): number {
  const q = nu.length;
  if (q === 1) return nu[0]!;
  let tied = true;
  for (let m = 1; m < q; m++) if (!(Math.abs(nu[m]! - nu[m - 1]!) < NU_TIE)) tied = false;
  if (tied) {
    let s = 0;
    for (let m = 0; m < q; m++) s += nu[m]!;
    return s / q;
  }
  let E = 0;
  for (let m = 0; m < q; m++) {
    if (nu[m]! <= 2) return 2;
    E += nu[m]! / (nu[m]! - 2);
  }
  return (2 * E) / (E - q);
}
