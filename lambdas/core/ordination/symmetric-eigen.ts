/**
 * Full eigendecomposition of a real symmetric matrix: Householder reduction to
 * tridiagonal form, then implicit QL iterations with Wilkinson shifts on the
 * tridiagonal matrix (the tred2/tql2 scheme; Golub & Van Loan, Matrix
 * Computations, §8.3). Storage is row-major Float64Array; eigenvectors are
 * kept as rows so every plane rotation updates two contiguous rows.
 */

/** Eigenvalues (unsorted) and unit eigenvectors: row k of `vectors` (n×n, row-major) belongs to `values[k]`. */
export interface SymmetricEigen {
  n: number;
  values: Float64Array;
  vectors: Float64Array;
}

/** Eigenpairs of the symmetric n×n matrix `a` (row-major; only its lower triangle is read). `a` is overwritten. */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  if (a.length !== n * n) throw new RangeError(`matrix has ${a.length} entries, expected ${n}×${n}`);
  const { diagonal, offDiagonal, reflectors } = tridiagonalize(a, n);
  const vectors = transposedReflectorProduct(reflectors, n);
  diagonalizeTridiagonal(diagonal, offDiagonal, vectors, n);
  return { n, values: diagonal, vectors };
}

/** Householder vectors v_k (stored in row k of `a`, columns k+1…n−1) and their β_k, H_k = I − β_k v_k v_kᵀ. */
interface Reflectors {
  a: Float64Array;
  beta: Float64Array;
}

/**
 * Reduces A to T = Qᵀ A Q, Q = H_0 H_1 ⋯ H_{n−3}. Step k picks H_k to zero
 * column k below the subdiagonal, then applies the two-sided update to the
 * trailing block on its lower triangle: p = βAv, w = p − (β/2)(pᵀv)v,
 * A ← A − v wᵀ − w vᵀ. Returns diag(T), subdiag(T) (e[k] = T[k+1][k], e[n−1] = 0).
 */
function tridiagonalize(
  a: Float64Array,
  n: number,
): { diagonal: Float64Array; offDiagonal: Float64Array; reflectors: Reflectors } {
  const d = new Float64Array(n),
    e = new Float64Array(n),
    beta = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    const rowK = k * n;
    const b = householderIntoRow(a, n, k);
    beta[k] = b;
    e[k] = a[(k + 1) * n + k]!;
    d[k] = a[rowK + k]!;
    if (b === 0) continue;
    symmetricLowerTimes(a, n, k + 1, rowK, b, p);
    let pv = 0;
    for (let i = k + 1; i < n; i++) pv += p[i]! * a[rowK + i]!;
    const half = 0.5 * b * pv;
    for (let i = k + 1; i < n; i++) p[i] = p[i]! - half * a[rowK + i]!;
    symmetricLowerRank2(a, n, k + 1, rowK, p);
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = a[n * n - 1]!;
  return { diagonal: d, offDiagonal: e, reflectors: { a, beta } };
}

/**
 * Householder vector for x = A[k+1…n−1][k]: v = x − αe₁ with α = −sign(x₀)‖x‖,
 * stored in row k (columns k+1…); A[k+1][k] becomes α. Returns β = 2/(vᵀv)
 * = 1/(‖x‖² − αx₀), or 0 when x is already zero below its first entry.
 */
function householderIntoRow(a: Float64Array, n: number, k: number): number {
  const rowK = k * n;
  let scale = 0;
  for (let i = k + 1; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + k]!));
  let tail = 0;
  if (scale > 0) for (let i = k + 2; i < n; i++) tail += (a[i * n + k]! / scale) ** 2;
  const x0 = a[(k + 1) * n + k]!;
  if (tail === 0) {
    for (let i = k + 1; i < n; i++) a[rowK + i] = 0;
    return 0;
  }
  const norm = scale * Math.sqrt((x0 / scale) ** 2 + tail);
  const alpha = x0 >= 0 ? -norm : norm;
  a[rowK + k + 1] = x0 - alpha;
  for (let i = k + 2; i < n; i++) a[rowK + i] = a[i * n + k]!;
  a[(k + 1) * n + k] = alpha;
  return 1 / (norm * norm - alpha * x0);
}

/** p[from…] = β · A[from…][from…] · v, v = row `vRow` of a, reading only the lower triangle of the block. */
function symmetricLowerTimes(
  a: Float64Array,
  n: number,
  from: number,
  vRow: number,
  beta: number,
  p: Float64Array,
): void {
  p.fill(0, from, n);
  for (let i = from; i < n; i++) {
    const row = i * n,
      vi = a[vRow + i]!;
    let s = 0;
    for (let j = from; j < i; j++) {
      const aij = a[row + j]!;
      s += aij * a[vRow + j]!;
      p[j] = p[j]! + aij * vi;
    }
    p[i] = p[i]! + s + a[row + i]! * vi;
  }
  for (let i = from; i < n; i++) p[i] = beta * p[i]!;
}

/** A[i][j] −= v_i w_j + w_i v_j on the lower triangle of the block from `from`, v = row `vRow` of a. */
function symmetricLowerRank2(a: Float64Array, n: number, from: number, vRow: number, w: Float64Array): void {
  for (let i = from; i < n; i++) {
    const row = i * n,
      vi = a[vRow + i]!,
      wi = w[i]!;
    for (let j = from; j <= i; j++) a[row + j] = a[row + j]! - vi * w[j]! - wi * a[vRow + j]!;
  }
}

/** Reflectors applied together to each row while it sits in cache. */
const REFLECTOR_BLOCK = 16;

/**
 * Qᵀ = H_{n−3} ⋯ H_1 H_0, built as M ← M H_k for k = n−3 down to 0 from M = I.
 * Right-multiplying by H_k changes only rows and columns k+1…: row r loses
 * β (M_r · v) vᵀ. Rows are independent, so a block of reflectors is applied to
 * one row after another, each row staying in cache for the whole block.
 */
function transposedReflectorProduct({ a, beta }: Reflectors, n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  for (let top = n - 3; top >= 0; top -= REFLECTOR_BLOCK) {
    const bottom = Math.max(0, top - REFLECTOR_BLOCK + 1);
    for (let r = bottom + 1; r < n; r++) {
      const row = r * n;
      for (let k = Math.min(top, r - 1); k >= bottom; k--) applyReflectorToRow(m, row, a, k * n, k + 1, n, beta[k]!);
    }
  }
  return m;
}

/** m[row + j] −= β (m_row · v) v_j for j in [from, n), v = a[vRow + j]. */
function applyReflectorToRow(
  m: Float64Array,
  row: number,
  a: Float64Array,
  vRow: number,
  from: number,
  n: number,
  beta: number,
): void {
  if (beta === 0) return;
  const s = beta * dot(m, row, a, vRow, from, n);
  if (s !== 0) for (let j = from; j < n; j++) m[row + j] = m[row + j]! - s * a[vRow + j]!;
}

/** Σ_{j∈[from,to)} x[xRow + j]·y[yRow + j], four independent partial sums (the adds no longer wait on each other). */
function dot(x: Float64Array, xRow: number, y: Float64Array, yRow: number, from: number, to: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let j = from;
  for (; j + 3 < to; j += 4) {
    s0 += x[xRow + j]! * y[yRow + j]!;
    s1 += x[xRow + j + 1]! * y[yRow + j + 1]!;
    s2 += x[xRow + j + 2]! * y[yRow + j + 2]!;
    s3 += x[xRow + j + 3]! * y[yRow + j + 3]!;
  }
  for (; j < to; j++) s0 += x[xRow + j]! * y[yRow + j]!;
  return s0 + s1 + (s2 + s3);
}

/** Most QL sweeps spent on one eigenvalue before giving up (convergence is cubic; a handful is typical). */
const MAX_SWEEPS_PER_EIGENVALUE = 60;

/**
 * Implicit QL on the symmetric tridiagonal (d, e): for each l, sweeps run on
 * the unreduced block l…m (e[m] negligible against ‖T‖) with the Wilkinson
 * shift of its leading 2×2, chasing the bulge upward by plane rotations, until
 * e[l] is negligible and d[l] is an eigenvalue. Each rotation is applied to
 * rows i, i+1 of `z`, which start as Qᵀ and end as the eigenvectors of A.
 */
function diagonalizeTridiagonal(d: Float64Array, e: Float64Array, z: Float64Array, n: number): void {
  const log = new RotationLog(z, n);
  let norm = 0;
  for (let i = 0; i < n; i++)
    norm = Math.max(norm, Math.abs(d[i]!) + Math.abs(e[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0));
  const negligible = Number.EPSILON * norm;
  for (let l = 0; l < n; l++) {
    for (let sweep = 0; ; sweep++) {
      let m = l;
      while (m < n - 1 && Math.abs(e[m]!) > negligible) m++;
      if (m === l) break;
      if (sweep === MAX_SWEEPS_PER_EIGENVALUE)
        throw new Error(`QL iteration did not converge for eigenvalue ${l} of ${n}`);
      qlSweep(d, e, log, l, m);
    }
  }
  log.flush();
}

/** One implicit shifted QL sweep over rows l…m of the tridiagonal; see `diagonalizeTridiagonal`. */
function qlSweep(d: Float64Array, e: Float64Array, log: RotationLog, l: number, m: number): void {
  const t = (d[l + 1]! - d[l]!) / (2 * e[l]!);
  const root = Math.hypot(t, 1);
  // g = d_m − μ, μ = Wilkinson shift (eigenvalue of the leading 2×2 nearer d_l)
  let g = d[m]! - d[l]! + e[l]! / (t + (t >= 0 ? root : -root));
  let sin = 1,
    cos = 1,
    carry = 0;
  for (let i = m - 1; i >= l; i--) {
    const f = sin * e[i]!,
      b = cos * e[i]!;
    const r = Math.hypot(f, g);
    e[i + 1] = r;
    if (r === 0) {
      // the block split at i: T[i+1][i] is exactly zero, restart from the top
      d[i + 1] = d[i + 1]! - carry;
      e[m] = 0;
      return;
    }
    sin = f / r;
    cos = g / r;
    const h = d[i + 1]! - carry;
    const q = (d[i]! - h) * sin + 2 * cos * b;
    carry = sin * q;
    d[i + 1] = h + carry;
    g = cos * q - b;
    log.record(i, cos, sin);
  }
  d[l] = d[l]! - carry;
  e[l] = g;
  e[m] = 0;
}

/** Doubles in one column strip of the eigenvector rows (1 MiB). */
const STRIP_DOUBLES = 131072;

/** Columns [k0, k1) of rows (i, i+1) ← (c·z_i − s·z_{i+1}, s·z_i + c·z_{i+1}). */
function rotateRowPair(z: Float64Array, n: number, i: number, k0: number, k1: number, c: number, s: number): void {
  const ri = i * n,
    rj = ri + n;
  for (let k = k0; k < k1; k++) {
    const x = z[ri + k]!,
      y = z[rj + k]!;
    z[ri + k] = c * x - s * y;
    z[rj + k] = s * x + c * y;
  }
}

/** Columns [k0, k1): rotation (c1, s1) on rows (h+1, h+2), then (c2, s2) on rows (h, h+1), in one pass. */
function rotateRowTriple(
  z: Float64Array,
  n: number,
  h: number,
  k0: number,
  k1: number,
  c1: number,
  s1: number,
  c2: number,
  s2: number,
): void {
  const r0 = h * n,
    r1 = r0 + n,
    r2 = r1 + n;
  for (let k = k0; k < k1; k++) {
    const x1 = z[r1 + k]!,
      x2 = z[r2 + k]!,
      x0 = z[r0 + k]!;
    z[r2 + k] = s1 * x1 + c1 * x2;
    const y1 = c1 * x1 - s1 * x2;
    z[r0 + k] = c2 * x0 - s2 * y1;
    z[r1 + k] = s2 * x0 + c2 * y1;
  }
}

/** Columns [k0, k1): rotations (c1, s1) on rows (h+2, h+3), (c2, s2) on (h+1, h+2), (c3, s3) on (h, h+1), in one pass. */
function rotateRowQuad(
  z: Float64Array,
  n: number,
  h: number,
  k0: number,
  k1: number,
  c1: number,
  s1: number,
  c2: number,
  s2: number,
  c3: number,
  s3: number,
): void {
  const r0 = h * n,
    r1 = r0 + n,
    r2 = r1 + n,
    r3 = r2 + n;
  for (let k = k0; k < k1; k++) {
    const x0 = z[r0 + k]!,
      x1 = z[r1 + k]!,
      x2 = z[r2 + k]!,
      x3 = z[r3 + k]!;
    z[r3 + k] = s1 * x2 + c1 * x3;
    const y2 = c1 * x2 - s1 * x3;
    z[r2 + k] = s2 * x1 + c2 * y2;
    const y1 = c2 * x1 - s2 * y2;
    z[r0 + k] = c3 * x0 - s3 * y1;
    z[r1 + k] = s3 * x0 + c3 * y1;
  }
}

/**
 * Plane rotations of the eigenvector rows, recorded in order and applied in
 * batches one column strip at a time: a strip of all n rows stays in cache
 * while every rotation of the batch passes over it (the rotations never feed
 * back into the tridiagonal iteration, so they can wait).
 */
class RotationLog {
  private static readonly CAPACITY = 1 << 18;
  private readonly rows = new Int32Array(RotationLog.CAPACITY);
  private readonly cos = new Float64Array(RotationLog.CAPACITY);
  private readonly sin = new Float64Array(RotationLog.CAPACITY);
  private count = 0;

  constructor(
    private readonly z: Float64Array,
    private readonly n: number,
  ) {}

  /** Queues rows (i, i+1) ← (c·z_i − s·z_{i+1}, s·z_i + c·z_{i+1}). */
  record(i: number, c: number, s: number): void {
    if (this.count === RotationLog.CAPACITY) this.flush();
    this.rows[this.count] = i;
    this.cos[this.count] = c;
    this.sin[this.count] = s;
    this.count++;
  }

  /**
   * Applies the queued rotations in order, strip by strip (n rows × `width`
   * columns). Within a QL sweep the rows step down by one, so consecutive
   * rotations (i, i+1) then (i−1, i) are fused into one pass over three rows.
   */
  flush(): void {
    const { z, n, rows, cos, sin, count } = this;
    const width = Math.max(64, Math.floor(STRIP_DOUBLES / Math.max(1, n)));
    for (let k0 = 0; k0 < n; k0 += width) {
      const k1 = Math.min(n, k0 + width);
      for (let r = 0; r < count; r++) {
        const i = rows[r]!;
        if (r + 2 < count && rows[r + 1] === i - 1 && rows[r + 2] === i - 2) {
          rotateRowQuad(z, n, i - 2, k0, k1, cos[r]!, sin[r]!, cos[r + 1]!, sin[r + 1]!, cos[r + 2]!, sin[r + 2]!);
          r += 2;
        } else if (r + 1 < count && rows[r + 1] === i - 1) {
          rotateRowTriple(z, n, i - 1, k0, k1, cos[r]!, sin[r]!, cos[r + 1]!, sin[r + 1]!);
          r++;
        } else rotateRowPair(z, n, i, k0, k1, cos[r]!, sin[r]!);
      }
    }
    this.count = 0;
  }
}
