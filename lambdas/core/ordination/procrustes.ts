/**
 * Procrustes superimposition of one configuration onto another (Gower 1975; vegan `procrustes`):
 * rotate (reflections allowed), optionally scale and translate Y to fit X in least squares.
 * Configurations are n × k row-major Float64Arrays (point i, axis d at [i·k + d]).
 */

/** Options of `procrustes`. */
export interface ProcrustesOptions {
  /** centre both and scale both to unit sum of squares first, so the fit is symmetric in X and Y (vegan `symmetric = TRUE`) @default false */
  symmetric?: boolean;
  /** fit a dilation c of Y (vegan `scale = TRUE`); false fits rotation (and translation) only @default true */
  scale?: boolean;
}

/** A Procrustes fit of Y onto X. */
export interface Procrustes {
  n: number;
  k: number;
  /** k × k row-major rotation A = V Uᵀ from svd(XᵀY) = U D Vᵀ (columns of X, Y centred) */
  rotation: Float64Array;
  /** dilation c = Σ D / tr(YᵀY), or 1 without scaling */
  scale: number;
  /** Y fitted to X: c · Y A (in the centred, and for `symmetric` normalised, frame of X) */
  yRotated: Float64Array;
  /** X as compared (centred; for `symmetric` also of unit sum of squares) */
  x: Float64Array;
  /** residual sum of squares tr(XᵀX) + c² tr(YᵀY) − 2c Σ D (vegan `ss`) */
  ss: number;
  /** √(ss / n) (vegan `summary(...)$rmse`) */
  rmse: number;
  /** per point ‖x_i − ŷ_i‖ (vegan `residuals`) */
  residuals: Float64Array;
}

/** Least-squares fit of Y onto X: X, Y centred (and for `symmetric` scaled to unit trace), A = V Uᵀ with svd(XᵀY) = U D Vᵀ, c = Σ D / tr(YᵀY) (vegan `procrustes`). */
export function procrustes(
  x: Float64Array,
  y: Float64Array,
  n: number,
  k: number,
  options: ProcrustesOptions = {},
): Procrustes {
  if (x.length !== n * k || y.length !== n * k)
    throw new RangeError(`procrustes: configurations must be ${n}×${k}, got ${x.length} and ${y.length} values`);
  const symmetric = options.symmetric ?? false;
  const X = centred(x, n, k);
  const Y = centred(y, n, k);
  if (symmetric) {
    scaleInPlace(X, 1 / Math.sqrt(sumOfSquares(X)));
    scaleInPlace(Y, 1 / Math.sqrt(sumOfSquares(Y)));
  }
  const { u, d, v } = smallSvd(crossProduct(X, Y, n, k), k);
  const rotation = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += v[a * k + m]! * u[b * k + m]!;
      rotation[a * k + b] = s;
    }
  const traceD = d.reduce((s, t) => s + t, 0);
  const trX = sumOfSquares(X);
  const trY = sumOfSquares(Y);
  const c = (options.scale ?? true) ? traceD / trY : 1;
  const yRotated = new Float64Array(n * k);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += Y[i * k + a]! * rotation[a * k + b]!;
      yRotated[i * k + b] = c * s;
      r += (X[i * k + b]! - c * s) ** 2;
    }
    residuals[i] = Math.sqrt(r);
  }
  const ss = trX + c * c * trY - 2 * c * traceD;
  return { n, k, rotation, scale: c, yRotated, x: X, ss, rmse: Math.sqrt(Math.max(0, ss) / n), residuals };
}

/** Copy of an n × k configuration with every column centred on its mean. */
function centred(x: Float64Array, n: number, k: number): Float64Array {
  const out = Float64Array.from(x);
  for (let a = 0; a < k; a++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * k + a]!;
    mean /= n;
    for (let i = 0; i < n; i++) out[i * k + a]! -= mean;
  }
  return out;
}

/** Σ x². */
function sumOfSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s;
}

/** x ← f·x. */
function scaleInPlace(x: Float64Array, f: number): void {
  for (let i = 0; i < x.length; i++) x[i]! *= f;
}

/** XᵀY (k × k row-major) of two n × k row-major configurations. */
function crossProduct(X: Float64Array, Y: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < k; a++) {
      const xa = X[i * k + a]!;
      for (let b = 0; b < k; b++) out[a * k + b]! += xa * Y[i * k + b]!;
    }
  return out;
}

/** Singular value decomposition of a small square matrix: M = U diag(d) Vᵀ, all k × k row-major, d ≥ 0 (unsorted). */
export interface SmallSvd {
  u: Float64Array;
  d: Float64Array;
  v: Float64Array;
}

/** Largest number of Jacobi sweeps; k ≤ a few dozen converges in well under 20. */
const MAX_SWEEPS = 60;

/**
 * One-sided Jacobi SVD (Hestenes 1958; Demmel & Veselić 1992) of a k × k row-major matrix: plane rotations
 * applied from the right orthogonalise the columns of W = M V, then d_j = ‖w_j‖ and u_j = w_j / d_j.
 * Columns of U for zero singular values are completed to an orthonormal basis (Gram–Schmidt on e_1…e_k).
 */
export function smallSvd(m: Float64Array, k: number): SmallSvd {
  if (m.length !== k * k) throw new RangeError(`smallSvd: expected ${k}×${k} values, got ${m.length}`);
  const w = Float64Array.from(m);
  const v = new Float64Array(k * k);
  for (let a = 0; a < k; a++) v[a * k + a] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++)
      for (let q = p + 1; q < k; q++) if (orthogonalisePair(w, v, k, p, q)) rotated = true;
    if (!rotated) break;
  }
  const d = new Float64Array(k);
  const u = new Float64Array(k * k);
  let largest = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let a = 0; a < k; a++) s += w[a * k + j]! ** 2;
    d[j] = Math.sqrt(s);
    largest = Math.max(largest, d[j]!);
  }
  const tiny = largest * k * Number.EPSILON;
  const filled: number[] = [];
  for (let j = 0; j < k; j++) {
    if (d[j]! > tiny && d[j]! > 0) {
      for (let a = 0; a < k; a++) u[a * k + j] = w[a * k + j]! / d[j]!;
      filled.push(j);
    }
  }
  for (let j = 0; j < k; j++) {
    if (filled.includes(j)) continue;
    d[j] = 0;
    completeColumn(u, k, j, filled);
    filled.push(j);
  }
  return { u, d, v };
}

/** One Jacobi rotation making columns p and q of W orthogonal (also applied to V); false when they already are. */
function orthogonalisePair(w: Float64Array, v: Float64Array, k: number, p: number, q: number): boolean {
  let alpha = 0,
    beta = 0,
    gamma = 0;
  for (let a = 0; a < k; a++) {
    const wp = w[a * k + p]!,
      wq = w[a * k + q]!;
    alpha += wp * wp;
    beta += wq * wq;
    gamma += wp * wq;
  }
  if (gamma === 0 || Math.abs(gamma) <= Number.EPSILON * Math.sqrt(alpha * beta)) return false;
  const zeta = (beta - alpha) / (2 * gamma);
  const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
  const c = 1 / Math.sqrt(1 + t * t);
  const s = c * t;
  for (const mat of [w, v]) {
    for (let a = 0; a < k; a++) {
      const xp = mat[a * k + p]!,
        xq = mat[a * k + q]!;
      mat[a * k + p] = c * xp - s * xq;
      mat[a * k + q] = s * xp + c * xq;
    }
  }
  return true;
}

/** Sets column j of U to a unit vector orthogonal to the columns listed in `done` (Gram–Schmidt on the standard basis). */
function completeColumn(u: Float64Array, k: number, j: number, done: number[]): void {
  for (let e = 0; e < k; e++) {
    const col = new Float64Array(k);
    col[e] = 1;
    for (const c of done) {
      let dot = 0;
      for (let a = 0; a < k; a++) dot += u[a * k + c]! * col[a]!;
      for (let a = 0; a < k; a++) col[a]! -= dot * u[a * k + c]!;
    }
    const norm = Math.hypot(...col);
    if (norm > 0.5) {
      for (let a = 0; a < k; a++) u[a * k + j] = col[a]! / norm;
      return;
    }
  }
}
