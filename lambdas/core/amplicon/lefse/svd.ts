/**
 * Singular values and right singular vectors of a dense matrix, accurate in
 * the small singular values (absolute error ~ ε·σ_max, as LAPACK's SVD that
 * R's `svd` calls), which MASS `lda` compares with an absolute tolerance.
 * Householder QR reduces the matrix to a square triangle R (Golub & Van Loan,
 * Matrix Computations, §5.2), then one-sided Jacobi (Hestenes 1958; Demmel &
 * Veselić 1992) orthogonalises the rows or columns of R. Forming a Gram matrix
 * instead would square the condition number and blur the rank decision.
 */

/** Largest number of Jacobi sweeps; convergence is quadratic, a dozen is typical. */
const MAX_SWEEPS = 80;

/** The singular triplets of A kept by `rightSingularVectors`. */
export interface RightSingular {
  /** number of singular values kept (those > tol) */
  k: number;
  /** the kept singular values, largest first */
  values: Float64Array;
  /** p × k column-major: column t (entries t·p … t·p + p − 1) is the unit right singular vector of values[t] */
  vectors: Float64Array;
}

/**
 * SVD A = U S Vᵀ of the m × p matrix A given column-major (`a[j·m + i]` =
 * A[i, j]); returns the singular values > `tol` and their right singular
 * vectors (signs arbitrary, as in any SVD).
 */
export function rightSingularVectors(a: Float64Array, m: number, p: number, tol: number): RightSingular {
  if (a.length !== m * p) throw new RangeError(`matrix has ${a.length} entries, expected ${m}×${p}`);
  if (m >= p) return fromRowsOfR(a, m, p, tol);
  return fromColumnsOfR(transpose(a, m, p), p, m, tol);
}

/** Column-major m × p → column-major p × m. */
function transpose(a: Float64Array, m: number, p: number): Float64Array {
  const t = new Float64Array(m * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < m; i++) t[i * p + j] = a[j * m + i]!;
  return t;
}

/**
 * m ≥ p: A = QR, and one-sided Jacobi on the rows of R gives Rᵀ J = V S,
 * so R = J S Vᵀ and A = (QJ) S Vᵀ: the normalised rows are A's right vectors.
 */
function fromRowsOfR(a: Float64Array, m: number, p: number, tol: number): RightSingular {
  const qr = householderQr(Float64Array.from(a), m, p);
  const rows = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) rows[i * p + j] = qr.a[j * m + i]!;
  orthogonalizeRows(rows, p, p);
  return keep(rows, p, p, tol, (u, out) => out.set(u));
}

/**
 * m < p, given Aᵀ (p × m, column-major): Aᵀ = QR, one-sided Jacobi on the
 * columns of R gives R J = U S, so A = J S (QU)ᵀ and A's right vectors are
 * Q applied to the normalised columns.
 */
function fromColumnsOfR(at: Float64Array, p: number, m: number, tol: number): RightSingular {
  const qr = householderQr(at, p, m);
  const cols = new Float64Array(m * m);
  for (let j = 0; j < m; j++) for (let i = 0; i <= j; i++) cols[j * m + i] = qr.a[j * p + i]!;
  orthogonalizeRows(cols, m, m);
  return keep(cols, m, p, tol, (u, out) => {
    out.fill(0);
    out.set(u);
    applyQ(qr, out);
  });
}

/** Householder vectors below the diagonal of `a` (v_k[k] = 1 implied) with τ_k, R on and above it. */
export interface HouseholderQr {
  a: Float64Array;
  rows: number;
  cols: number;
  tau: Float64Array;
}

/**
 * In-place Householder QR of the column-major rows × cols matrix (rows ≥
 * cols): H_k = I − τ_k v_k v_kᵀ zeroes column k below the diagonal, with
 * β = −sign(x_k)‖x‖ so no cancellation occurs (LAPACK dgeqr2).
 */
export function householderQr(a: Float64Array, rows: number, cols: number): HouseholderQr {
  const tau = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    const col = k * rows;
    let norm2 = 0;
    for (let i = k + 1; i < rows; i++) norm2 += a[col + i]! * a[col + i]!;
    const alpha = a[col + k]!;
    if (norm2 === 0) continue;
    const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, Math.sqrt(norm2));
    tau[k] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = k + 1; i < rows; i++) a[col + i]! *= scale;
    a[col + k] = beta;
    for (let j = k + 1; j < cols; j++) {
      const cj = j * rows;
      let dot = a[cj + k]!;
      for (let i = k + 1; i < rows; i++) dot += a[col + i]! * a[cj + i]!;
      dot *= tau[k]!;
      a[cj + k]! -= dot;
      for (let i = k + 1; i < rows; i++) a[cj + i]! -= dot * a[col + i]!;
    }
  }
  return { a, rows, cols, tau };
}

/** y ← Q y = H_0 H_1 ⋯ H_(cols−1) y for y of length `rows`. */
function applyQ(qr: HouseholderQr, y: Float64Array): void {
  const { a, rows, cols, tau } = qr;
  for (let k = cols - 1; k >= 0; k--) {
    if (tau[k] === 0) continue;
    const col = k * rows;
    let dot = y[k]!;
    for (let i = k + 1; i < rows; i++) dot += a[col + i]! * y[i]!;
    dot *= tau[k]!;
    y[k]! -= dot;
    for (let i = k + 1; i < rows; i++) y[i]! -= dot * a[col + i]!;
  }
}

/**
 * One-sided Jacobi: plane rotations of row pairs (i, j) until every pair is
 * orthogonal to √len·ε relative, each rotation zeroing b_i·b_j
 * (t = sign(ζ)/(|ζ| + √(1 + ζ²)), ζ = (‖b_j‖² − ‖b_i‖²)/(2 b_i·b_j)).
 * Afterwards row i is σ_i u_iᵀ with orthonormal u_i. Within a sweep the
 * squared norms follow the rotation exactly (‖b_i‖² − tγ, ‖b_j‖² + tγ); they
 * are recomputed from the rows after every sweep.
 */
export function orthogonalizeRows(b: Float64Array, r: number, len: number): void {
  const eps = Math.sqrt(len) * Number.EPSILON;
  const norm2 = new Float64Array(r);
  for (let i = 0; i < r; i++) norm2[i] = dot(b, i * len, i * len, len);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let i = 0; i < r - 1; i++) {
      for (let j = i + 1; j < r; j++) {
        const alpha = norm2[i]!,
          beta = norm2[j]!;
        if (alpha === 0 || beta === 0) continue;
        const gamma = dot(b, i * len, j * len, len);
        if (Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        const oi = i * len,
          oj = j * len;
        for (let q = 0; q < len; q++) {
          const x = b[oi + q]!,
            y = b[oj + q]!;
          b[oi + q] = c * x - s * y;
          b[oj + q] = s * x + c * y;
        }
        norm2[i] = alpha - t * gamma;
        norm2[j] = beta + t * gamma;
      }
    }
    if (!rotated) return;
    for (let i = 0; i < r; i++) norm2[i] = dot(b, i * len, i * len, len);
  }
}

/** Σ_q b[x + q] · b[y + q]. */
function dot(b: Float64Array, x: number, y: number, len: number): number {
  let s = 0;
  for (let q = 0; q < len; q++) s += b[x + q]! * b[y + q]!;
  return s;
}

/** Rows with norm > tol, largest first, normalised and mapped to right vectors of length p by `place`. */
function keep(
  rows: Float64Array,
  r: number,
  p: number,
  tol: number,
  place: (u: Float64Array, out: Float64Array) => void,
): RightSingular {
  const norms: number[] = [];
  for (let i = 0; i < r; i++) norms.push(Math.sqrt(dot(rows, i * r, i * r, r)));
  const order = norms
    .map((_, i) => i)
    .filter((i) => norms[i]! > tol)
    .sort((x, y) => norms[y]! - norms[x]! || x - y);
  const k = order.length;
  const values = Float64Array.from(order, (i) => norms[i]!);
  const vectors = new Float64Array(p * k);
  const u = new Float64Array(r);
  order.forEach((i, t) => {
    for (let q = 0; q < r; q++) u[q] = rows[i * r + q]! / norms[i]!;
    place(u, vectors.subarray(t * p, (t + 1) * p));
  });
  return { k, values, vectors };
}

/**
 * R⁻¹ of the upper triangle of a QR (column-major cols × cols) by back
 * substitution, or null when a diagonal entry is 0.
 */
export function upperTriangularInverse(qr: HouseholderQr): Float64Array | null {
  const { a, rows, cols: m } = qr;
  const inv = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    if (a[j * rows + j] === 0) return null;
    inv[j * m + j] = 1 / a[j * rows + j]!;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += a[k * rows + i]! * inv[j * m + k]!;
      inv[j * m + i] = -s / a[i * rows + i]!;
    }
  }
  return inv;
}
