/**
 * Principal component analysis of a processed samples × features matrix, as
 * MetaboAnalyst's `PCA.Anal` (R `prcomp(x, center = TRUE, scale. = FALSE)`):
 * columns are centred (a no-op after Pareto or auto scaling), X_c = U S Vᵀ,
 * scores = U S (= X_c V), variance of component k = s_k² / (n − 1),
 * proportion of variance = s_k² / Σ s_j² (Σ s_j² = ‖X_c‖², all components).
 *
 * The s_k² are the eigenvalues of the samples × samples Gram matrix
 * G = X_c X_cᵀ, with U its eigenvectors. Up to `FULL_EIGEN_MAX_SAMPLES`
 * samples G is formed and fully decomposed (Householder + implicit QL,
 * `ordination/symmetric-eigen.ts`). Above, G is never formed: Lanczos with
 * full reorthogonalization runs on v ↦ X_c (X_cᵀ v) (2np flops per step,
 * seeded start vector) until the top components' residuals ‖G u − λ u‖ fall
 * below 1e-12 · λ_1. Missing values (NaN) are not allowed.
 *
 * Signs are arbitrary (as in any SVD); each component is oriented so that
 * its largest |score| is positive.
 */
import { fail } from '../errors.js';
import { createRng } from '../random/rng.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Largest sample count decomposed in full (cost ~ n³). */
export const FULL_EIGEN_MAX_SAMPLES = 400;
/** Lanczos stops when every wanted residual is below this × λ_1. */
const LANCZOS_TOLERANCE = 1e-12;
const LANCZOS_SEED = 20240611;
/** Steps between convergence checks. */
const CHECK_EVERY = 5;

/** Scores and variances of the leading components. */
export interface Pca {
  nComponents: number;
  /** samples × nComponents, sample-major: scores[s * nComponents + k] */
  scores: Float64Array;
  /** s_k² / (n − 1) */
  variance: Float64Array;
  /** s_k² / Σ_j s_j² */
  proportion: Float64Array;
  /** Σ_j s_j² / (n − 1): the total variance of the centred matrix */
  totalVariance: number;
  method: 'full-eigen' | 'lanczos';
}

/** PCA of a samples × features matrix (sample-major); see module doc. `method` overrides the choice by sample count. */
export function pca(
  values: Float64Array,
  nSamples: number,
  nFeatures: number,
  nComponents = 5,
  method?: Pca['method'],
): Pca {
  if (values.length !== nSamples * nFeatures)
    throw new RangeError(`matrix has ${values.length} values, expected ${nSamples}×${nFeatures}`);
  const x = centredColumns(values, nSamples, nFeatures);
  const k = Math.max(0, Math.min(nComponents, nSamples - 1, nFeatures));
  const total = sumOfSquares(x);
  const how = method ?? (nSamples <= FULL_EIGEN_MAX_SAMPLES ? 'full-eigen' : 'lanczos');
  const { lambda, vectors } =
    how === 'full-eigen' ? gramEigen(x, nSamples, nFeatures, k) : lanczosEigen(x, nSamples, nFeatures, k);
  const scores = new Float64Array(nSamples * k);
  for (let c = 0; c < k; c++) placeScores(scores, vectors, c, k, nSamples, Math.sqrt(Math.max(0, lambda[c]!)));
  return {
    nComponents: k,
    scores,
    variance: lambda.map((l) => Math.max(0, l) / (nSamples - 1)),
    proportion: lambda.map((l) => Math.max(0, l) / total),
    totalVariance: total / (nSamples - 1),
    method: how,
  };
}

/** Copy with each column's mean subtracted; fails on a missing value. */
function centredColumns(values: Float64Array, n: number, p: number): Float64Array {
  const mean = new Float64Array(p);
  for (let s = 0; s < n; s++) for (let f = 0; f < p; f++) mean[f] = mean[f]! + values[s * p + f]!;
  for (let f = 0; f < p; f++) mean[f] = mean[f]! / n;
  const x = new Float64Array(n * p);
  for (let i = 0; i < x.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v))
      fail('SHAPE_MISMATCH', 'PCA needs a complete matrix (no missing values); impute first', {
        expected: 'no missing values',
      });
    x[i] = v - mean[i % p]!;
  }
  return x;
}

/** Σ x². */
function sumOfSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s;
}

/** Dot product of a[ao…ao+len) and b[bo…bo+len), four accumulators. */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += a[ao + i]! * b[bo + i]!;
    s1 += a[ao + i + 1]! * b[bo + i + 1]!;
    s2 += a[ao + i + 2]! * b[bo + i + 2]!;
    s3 += a[ao + i + 3]! * b[bo + i + 3]!;
  }
  for (; i < len; i++) s0 += a[ao + i]! * b[bo + i]!;
  return s0 + s1 + s2 + s3;
}

/** Top-k eigenpairs of G = X Xᵀ by full decomposition; vectors[c * n + s]. */
function gramEigen(x: Float64Array, n: number, p: number, k: number): { lambda: Float64Array; vectors: Float64Array } {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) g[i * n + j] = g[j * n + i] = dot(x, i * p, x, j * p, p);
  const { values, vectors } = symmetricEigen(g, n);
  const order = Int32Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  const lambda = new Float64Array(k),
    out = new Float64Array(k * n);
  for (let c = 0; c < k; c++) {
    lambda[c] = values[order[c]!]!;
    out.set(vectors.subarray(order[c]! * n, (order[c]! + 1) * n), c * n);
  }
  return { lambda, vectors: out };
}

/** y = X (Xᵀ v) without forming X Xᵀ; `u` is p scratch. */
function gramTimes(x: Float64Array, n: number, p: number, v: Float64Array, u: Float64Array, y: Float64Array): void {
  u.fill(0);
  for (let s = 0; s < n; s++) {
    const w = v[s]!,
      o = s * p;
    if (w === 0) continue;
    for (let f = 0; f < p; f++) u[f] = u[f]! + w * x[o + f]!;
  }
  for (let s = 0; s < n; s++) y[s] = dot(x, s * p, u, 0, p);
}

/** Top-k eigenpairs of X Xᵀ by Lanczos with full reorthogonalization (see module doc). */
function lanczosEigen(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
): { lambda: Float64Array; vectors: Float64Array } {
  const maxSteps = n;
  const q = new Float64Array(maxSteps * n);
  const alpha = new Float64Array(maxSteps),
    beta = new Float64Array(maxSteps);
  const w = new Float64Array(n),
    u = new Float64Array(p);
  startVector(q, n);
  let m = 0;
  for (; m < maxSteps; ) {
    gramTimes(x, n, p, q.subarray(m * n, (m + 1) * n), u, w);
    alpha[m] = dot(w, 0, q, m * n, n);
    for (let pass = 0; pass < 2; pass++) orthogonalize(w, q, m + 1, n);
    const b = Math.sqrt(dot(w, 0, w, 0, n));
    beta[m] = b;
    m++;
    const done = m === maxSteps || b === 0 || (m >= k && m % CHECK_EVERY === 0 && converged(alpha, beta, m, k));
    if (done) break;
    for (let i = 0; i < n; i++) q[m * n + i] = w[i]! / b;
  }
  return ritzPairs(q, alpha, beta, m, n, k);
}

/** q_0: seeded normal draws, normalized. */
function startVector(q: Float64Array, n: number): void {
  const rng = createRng(LANCZOS_SEED);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    q[i] = rng.normal();
    norm += q[i]! * q[i]!;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) q[i] = q[i]! / norm;
}

/** w ← w − Σ_j (q_jᵀ w) q_j over the first `count` basis vectors. */
function orthogonalize(w: Float64Array, q: Float64Array, count: number, n: number): void {
  for (let j = 0; j < count; j++) {
    const c = dot(w, 0, q, j * n, n);
    for (let i = 0; i < n; i++) w[i] = w[i]! - c * q[j * n + i]!;
  }
}

/** Eigenpairs of the m × m tridiagonal T (alpha on the diagonal, beta below), largest first. */
function tridiagonalEigen(
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
): { values: Float64Array; vectors: Float64Array; order: Int32Array } {
  const t = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    t[i * m + i] = alpha[i]!;
    if (i + 1 < m) t[(i + 1) * m + i] = t[i * m + i + 1] = beta[i]!;
  }
  const { values, vectors } = symmetricEigen(t, m);
  const order = Int32Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  return { values, vectors, order };
}

/** True when the k largest Ritz values have residual β_m |s_{m,c}| ≤ tol · λ_1. */
function converged(alpha: Float64Array, beta: Float64Array, m: number, k: number): boolean {
  const { values, vectors, order } = tridiagonalEigen(alpha, beta, m);
  const scale = Math.abs(values[order[0]!]!) || 1;
  for (let c = 0; c < k; c++) {
    const last = vectors[order[c]! * m + m - 1]!;
    if (Math.abs(beta[m - 1]! * last) > LANCZOS_TOLERANCE * scale) return false;
  }
  return true;
}

/** Ritz values and vectors Q s of the k largest. */
function ritzPairs(
  q: Float64Array,
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
  n: number,
  k: number,
): { lambda: Float64Array; vectors: Float64Array } {
  const { values, vectors, order } = tridiagonalEigen(alpha, beta, m);
  const lambda = new Float64Array(k),
    out = new Float64Array(k * n);
  for (let c = 0; c < k; c++) {
    lambda[c] = values[order[c]!]!;
    const s = vectors.subarray(order[c]! * m, (order[c]! + 1) * m);
    for (let j = 0; j < m; j++) {
      const sj = s[j]!;
      for (let i = 0; i < n; i++) out[c * n + i] = out[c * n + i]! + sj * q[j * n + i]!;
    }
  }
  return { lambda, vectors: out };
}

/** Column c of the scores: sqrt(λ_c) u_c, oriented so its largest |value| is positive. */
function placeScores(scores: Float64Array, vectors: Float64Array, c: number, k: number, n: number, s: number): void {
  let big = 0;
  for (let i = 0; i < n; i++) if (Math.abs(vectors[c * n + i]!) > Math.abs(big)) big = vectors[c * n + i]!;
  const sign = big < 0 ? -1 : 1;
  for (let i = 0; i < n; i++) scores[i * k + c] = sign * s * vectors[c * n + i]!;
}
