/**
 * Small dense linear algebra for the mixed-model fits: p × p matrices (p = number of fixed
 * effects, a handful) stored row-major in Float64Array, element (i, j) at i·p + j.
 */

/** Pivot, relative to its diagonal element, below which a Cholesky factorisation calls a matrix not positive definite. */
export const CHOLESKY_PIVOT_TOLERANCE = 1e-13;

/**
 * Lower Cholesky factor L of a symmetric positive-definite A (A = L Lᵀ), written to `out`
 * (upper triangle zeroed); false when a pivot falls below tolerance · A_jj (its own diagonal,
 * so the test does not depend on the scale of the columns).
 */
export function cholesky(a: Float64Array, p: number, out: Float64Array, tolerance = CHOLESKY_PIVOT_TOLERANCE): boolean {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= out[j * p + k]! * out[j * p + k]!;
    if (!(d > tolerance * a[j * p + j]!) || !(d > 0)) return false;
    const ljj = Math.sqrt(d);
    out[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= out[i * p + k]! * out[j * p + k]!;
      out[i * p + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) out[i * p + j] = 0;
  }
  return true;
}

/** log det A = 2 Σ log L_ii from the Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) s += Math.log(l[i * p + i]!);
  return 2 * s;
}

/** x = A⁻¹ b from the Cholesky factor (forward then back substitution); `out` may alias `b`. */
export function choleskySolve(l: Float64Array, p: number, b: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * out[k]!;
    out[i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = out[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * out[k]!;
    out[i] = s / l[i * p + i]!;
  }
  return out;
}

/** A⁻¹ (symmetric, full storage) from the Cholesky factor: A⁻¹ = L⁻ᵀ L⁻¹. */
export function choleskyInverse(l: Float64Array, p: number, out: Float64Array): Float64Array {
  const linv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    linv[j * p + j] = 1 / l[j * p + j]!;
    for (let i = j + 1; i < p; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * p + k]! * linv[k * p + j]!;
      linv[i * p + j] = s / l[i * p + i]!;
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < p; k++) s += linv[k * p + i]! * linv[k * p + j]!;
      out[i * p + j] = s;
      out[j * p + i] = s;
    }
  }
  return out;
}

/** Quadratic form uᵀ M v for a p × p row-major M. */
export function bilinear(u: ArrayLike<number>, m: Float64Array, v: ArrayLike<number>, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) {
    const ui = u[i]!;
    if (ui === 0) continue;
    let row = 0;
    for (let j = 0; j < p; j++) row += m[i * p + j]! * v[j]!;
    s += ui * row;
  }
  return s;
}

/** y = M v for a p × p row-major M. */
export function matVec(m: Float64Array, v: ArrayLike<number>, p: number, out: Float64Array): Float64Array {
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += m[i * p + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

/** Σ_ij A_ij B_ij = tr(A Bᵀ) (= tr(A B) for symmetric B). */
export function frobeniusInner(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** Eigen-decomposition of a symmetric q × q matrix. */
export interface SymmetricEigen {
  /** eigenvalues in decreasing order (R `eigen(symmetric = TRUE)`) */
  values: Float64Array;
  /** eigenvectors as columns, row-major q × q: component i of vector k at i·q + k */
  vectors: Float64Array;
}

/** Cyclic Jacobi rotations to convergence (off-diagonal mass below 1e-30 of the total): exact to rounding for the small matrices used here. */
export function symmetricEigen(a: Float64Array, q: number): SymmetricEigen {
  const m = Float64Array.from(a);
  const v = new Float64Array(q * q);
  for (let i = 0; i < q; i++) v[i * q + i] = 1;
  let total = 0;
  for (let k = 0; k < m.length; k++) total += m[k]! * m[k]!;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < q; i++) for (let j = i + 1; j < q; j++) off += m[i * q + j]! * m[i * q + j]!;
    if (off <= 1e-30 * total || off === 0) break;
    for (let i = 0; i < q; i++) {
      for (let j = i + 1; j < q; j++) {
        const aij = m[i * q + j]!;
        if (aij === 0) continue;
        const theta = (m[j * q + j]! - m[i * q + i]!) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < q; k++) {
          const mki = m[k * q + i]!,
            mkj = m[k * q + j]!;
          m[k * q + i] = c * mki - s * mkj;
          m[k * q + j] = s * mki + c * mkj;
        }
        for (let k = 0; k < q; k++) {
          const mik = m[i * q + k]!,
            mjk = m[j * q + k]!;
          m[i * q + k] = c * mik - s * mjk;
          m[j * q + k] = s * mik + c * mjk;
        }
        for (let k = 0; k < q; k++) {
          const vki = v[k * q + i]!,
            vkj = v[k * q + j]!;
          v[k * q + i] = c * vki - s * vkj;
          v[k * q + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const order = Array.from({ length: q }, (_, k) => k).sort((x, y) => m[y * q + y]! - m[x * q + x]!);
  const values = new Float64Array(q);
  const vectors = new Float64Array(q * q);
  order.forEach((k, r) => {
    values[r] = m[k * q + k]!;
    for (let i = 0; i < q; i++) vectors[i * q + r] = v[i * q + k]!;
  });
  return { values, vectors };
}
