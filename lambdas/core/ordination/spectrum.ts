/**
 * All eigenvalues (no eigenvectors) of a real symmetric matrix stored as a
 * packed lower triangle: Householder reduction to tridiagonal form, then
 * implicit QL with Wilkinson shifts on the tridiagonal (Golub & Van Loan,
 * Matrix Computations, §8.3; LAPACK `dsytrd` + `dsterf` do the same job).
 * About (4/3) n³ flops and no memory beyond the packed matrix — against about
 * 9 n³ flops and two full n × n arrays for the eigendecomposition with
 * vectors (`symmetricEigen`).
 */
import { packedIndex } from './gower-operator.js';

/** Eigenvalues of the packed lower triangle `a` (n(n+1)/2 values, overwritten), ascending. */
export function packedSymmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  if (a.length !== (n * (n + 1)) / 2)
    throw new RangeError(`packed matrix has ${a.length} entries, expected ${(n * (n + 1)) / 2} for n = ${n}`);
  const { diagonal, offDiagonal } = tridiagonalizePacked(a, n);
  tridiagonalEigenvalues(diagonal, offDiagonal);
  return diagonal.sort();
}

/**
 * T = Qᵀ A Q by Householder reflectors H_k = I − β v vᵀ (v zeroes column k
 * below the subdiagonal). Step k needs p = βA₂₂v and w = p − (β/2)(pᵀv)v, and
 * leaves A₂₂ ← A₂₂ − v wᵀ − w vᵀ. That update is not applied at once: it is
 * fused with the next step's product A₂₂v into one pass over the trailing
 * triangle (each entry is read and written once per step, four rows at a
 * time). Returns diag(T) and subdiag(T) (e[k] = T[k+1][k], e[n−1] = 0).
 */
export function tridiagonalizePacked(
  a: Float64Array,
  n: number,
): { diagonal: Float64Array; offDiagonal: Float64Array } {
  const d = new Float64Array(n),
    e = new Float64Array(n);
  const v = new Float64Array(n),
    p = new Float64Array(n);
  const vp = new Float64Array(n),
    wp = new Float64Array(n);
  let pending = false;
  for (let k = 0; k + 2 < n; k++) {
    if (pending) applyToColumn(a, n, k, vp, wp);
    d[k] = a[packedIndex(k, k)]!;
    const beta = householderOfColumn(a, n, k, v, e);
    if (!pending && beta === 0) continue;
    p.fill(0);
    fusedUpdateAndProduct(a, n, k + 1, vp, wp, pending, v, p);
    pending = beta !== 0;
    if (!pending) continue;
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] = beta * p[i]!;
      pv += p[i]! * v[i]!;
    }
    const half = 0.5 * beta * pv;
    vp.fill(0);
    wp.fill(0);
    for (let i = k + 1; i < n; i++) {
      vp[i] = v[i]!;
      wp[i] = p[i]! - half * v[i]!;
    }
  }
  if (n >= 2) {
    if (pending) {
      applyToColumn(a, n, n - 2, vp, wp);
      const last = packedIndex(n - 1, n - 1);
      a[last] = a[last]! - 2 * vp[n - 1]! * wp[n - 1]!;
    }
    d[n - 2] = a[packedIndex(n - 2, n - 2)]!;
    e[n - 2] = a[packedIndex(n - 1, n - 2)]!;
  }
  if (n >= 1) d[n - 1] = a[packedIndex(n - 1, n - 1)]!;
  return { diagonal: d, offDiagonal: e };
}

/** Column k, rows k…n−1, gets the pending update: a_ik −= v_i w_k + w_i v_k. */
function applyToColumn(a: Float64Array, n: number, k: number, v: Float64Array, w: Float64Array): void {
  const vk = v[k]!,
    wk = w[k]!;
  for (let i = k; i < n; i++) {
    const at = packedIndex(i, k);
    a[at] = a[at]! - (v[i]! * wk + w[i]! * vk);
  }
}

/**
 * Householder vector of x = A[k+1…n−1][k]: v = x − αe₁, α = −sign(x₀)‖x‖,
 * in v[k+1…] (zero elsewhere); e[k] = α. Returns β = 1/(‖x‖² − αx₀), or 0
 * (and e[k] = x₀) when x is already zero below its first entry.
 */
function householderOfColumn(a: Float64Array, n: number, k: number, v: Float64Array, e: Float64Array): number {
  v.fill(0);
  const x0 = a[packedIndex(k + 1, k)]!;
  let scale = 0;
  for (let i = k + 1; i < n; i++) scale = Math.max(scale, Math.abs(a[packedIndex(i, k)]!));
  let tail = 0;
  if (scale > 0) for (let i = k + 2; i < n; i++) tail += (a[packedIndex(i, k)]! / scale) ** 2;
  if (tail === 0) {
    e[k] = x0;
    return 0;
  }
  const norm = scale * Math.sqrt((x0 / scale) ** 2 + tail);
  const alpha = x0 >= 0 ? -norm : norm;
  e[k] = alpha;
  v[k + 1] = x0 - alpha;
  for (let i = k + 2; i < n; i++) v[i] = a[packedIndex(i, k)]!;
  return 1 / (norm * norm - alpha * x0);
}

/**
 * One pass over the trailing triangle rows/columns from…n−1: applies the
 * pending update A −= vp wpᵀ + wp vpᵀ (when `pending`) and accumulates
 * p += A v with the updated entries (lower triangle only: a_ij feeds p_i and p_j).
 * Rows go four at a time so each load of vp_j, wp_j, v_j and p_j serves four entries.
 */
function fusedUpdateAndProduct(
  a: Float64Array,
  n: number,
  from: number,
  vp: Float64Array,
  wp: Float64Array,
  pending: boolean,
  v: Float64Array,
  p: Float64Array,
): void {
  const f = pending ? 1 : 0;
  let i = from;
  for (; i + 3 < n; i += 4) {
    const o0 = packedIndex(i, 0),
      o1 = o0 + i + 1,
      o2 = o1 + i + 2,
      o3 = o2 + i + 3;
    const v0 = f * vp[i]!,
      w0 = f * wp[i]!,
      u0 = v[i]!;
    const v1 = f * vp[i + 1]!,
      w1 = f * wp[i + 1]!,
      u1 = v[i + 1]!;
    const v2 = f * vp[i + 2]!,
      w2 = f * wp[i + 2]!,
      u2 = v[i + 2]!;
    const v3 = f * vp[i + 3]!,
      w3 = f * wp[i + 3]!,
      u3 = v[i + 3]!;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let j = from; j < i; j++) {
      const wj = wp[j]!,
        vj = vp[j]!,
        uj = v[j]!;
      const x0 = a[o0 + j]! - (v0 * wj + w0 * vj);
      const x1 = a[o1 + j]! - (v1 * wj + w1 * vj);
      const x2 = a[o2 + j]! - (v2 * wj + w2 * vj);
      const x3 = a[o3 + j]! - (v3 * wj + w3 * vj);
      a[o0 + j] = x0;
      a[o1 + j] = x1;
      a[o2 + j] = x2;
      a[o3 + j] = x3;
      s0 += x0 * uj;
      s1 += x1 * uj;
      s2 += x2 * uj;
      s3 += x3 * uj;
      p[j] = p[j]! + (x0 * u0 + x1 * u1) + (x2 * u2 + x3 * u3);
    }
    // the 4×4 corner (columns i…i+3 of rows i…i+3), entry by entry
    p[i] = p[i]! + s0;
    p[i + 1] = p[i + 1]! + s1;
    p[i + 2] = p[i + 2]! + s2;
    p[i + 3] = p[i + 3]! + s3;
    for (let r = 0; r < 4; r++) {
      const row = packedIndex(i + r, 0),
        vr = f * vp[i + r]!,
        wr = f * wp[i + r]!,
        ur = v[i + r]!;
      for (let c = 0; c <= r; c++) {
        const j = i + c;
        const x = a[row + j]! - (vr * wp[j]! + wr * vp[j]!);
        a[row + j] = x;
        if (c === r) p[j] = p[j]! + x * ur;
        else {
          p[i + r] = p[i + r]! + x * v[j]!;
          p[j] = p[j]! + x * ur;
        }
      }
    }
  }
  for (; i < n; i++) {
    const o = packedIndex(i, 0);
    const vi = f * vp[i]!,
      wi = f * wp[i]!,
      ui = v[i]!;
    let s = 0;
    for (let j = from; j < i; j++) {
      const x = a[o + j]! - (vi * wp[j]! + wi * vp[j]!);
      a[o + j] = x;
      s += x * v[j]!;
      p[j] = p[j]! + x * ui;
    }
    const xii = a[o + i]! - 2 * vi * wi;
    a[o + i] = xii;
    p[i] = p[i]! + s + xii * ui;
  }
}

/** Most QL sweeps spent on one eigenvalue before giving up (convergence is cubic; a handful is typical). */
const MAX_SWEEPS_PER_EIGENVALUE = 60;

/**
 * Eigenvalues of the symmetric tridiagonal (d, e) by implicit QL with
 * Wilkinson shifts, in place in d (unsorted); e is destroyed. An off-diagonal
 * entry counts as zero when it is ≤ ε‖T‖. O(n²) at most, no vectors.
 */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): void {
  const n = d.length;
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
      qlSweepValues(d, e, l, m);
    }
  }
}

/** One implicit shifted QL sweep over rows l…m of the tridiagonal, values only. */
function qlSweepValues(d: Float64Array, e: Float64Array, l: number, m: number): void {
  const t = (d[l + 1]! - d[l]!) / (2 * e[l]!);
  const root = Math.hypot(t, 1);
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
  }
  d[l] = d[l]! - carry;
  e[l] = g;
  e[m] = 0;
}
