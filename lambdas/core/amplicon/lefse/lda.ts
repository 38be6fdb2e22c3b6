/**
 * The parts of MASS `lda` (Venables & Ripley, MASS 7.3, `lda.default`,
 * method "moment", prior = class proportions) that LEfSe's `test_lda_r`
 * reads: the class means and the first column of the scaling (the first
 * linear discriminant), on dense typed arrays.
 */
import { householderQr, rightSingularVectors, upperTriangularInverse } from './svd.js';

/** LEfSe's `tol` for MASS `lda` (`lefse_run.py` passes 1e-10). */
export const LEFSE_LDA_TOL = 1e-10;

/** The full-rank shortcut is taken only when σ_min ≥ 1/‖R⁻¹‖_F exceeds tol by this factor. */
const FULL_RANK_MARGIN = 1e4;

/** What LEfSe takes from one `lda` fit. */
export interface LdaFit {
  ok: true;
  /** classes present, as indices into the caller's class list, increasing */
  groups: Int32Array;
  /** groups.length × p row-major: mean of feature j in group g at g·p + j (`z$means`) */
  means: Float64Array;
  /** the first discriminant direction, p entries (`z$scaling[, 1]`, sign arbitrary) */
  ld1: Float64Array;
  /** rank of the within-class matrix kept at `tol` */
  withinRank: number;
}

/** An `lda` call that R would stop with an error. */
export interface LdaFailure {
  ok: false;
  reason: string;
}

/**
 * MASS `lda.default(x, g, tol)`: group means m_g; f1_j = sd of the
 * within-group residuals; X = √(1/(n − ng)) (x − m_g) diag(1/f1) with SVD
 * U S Vᵀ, kept where s > tol; scaling₁ = diag(1/f1) V_r S_r⁻¹; then the
 * between matrix √(n π_g/(ng − 1)) (m_g − x̄) scaling₁ (π = proportions,
 * x̄ = Σ π_g m_g) and its first right singular vector v: LD1 = scaling₁ v.
 * `x` is n × p sample-major (`x[i·p + j]`), `g[i]` the class index of row i.
 */
export function ldaFirstDiscriminant(
  x: Float64Array,
  n: number,
  p: number,
  g: Int32Array,
  nClasses: number,
  tol = LEFSE_LDA_TOL,
): LdaFit | LdaFailure {
  const { groups, slot, counts } = presentGroups(g, nClasses);
  const ng = groups.length;
  if (ng < 2) return { ok: false, reason: `only ${ng} group(s) present; lda needs at least 2` };
  if (n - ng < 1) return { ok: false, reason: `${n} rows for ${ng} groups leave no within-group degrees of freedom` };
  const means = groupMeans(x, n, p, g, slot, counts);
  const residual = new Float64Array(n * p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) residual[i * p + j] = x[i * p + j]! - means[slot[g[i]!]! * p + j]!;
  const f1 = columnSds(residual, n, p);
  const constant: number[] = [];
  f1.forEach((s, j) => (s < tol || Number.isNaN(s) ? constant.push(j + 1) : undefined));
  if (constant.length)
    return { ok: false, reason: `variable(s) ${constant.slice(0, 10).join(' ')} appear to be constant within groups` };
  const within = scaledWithin(residual, n, p, f1, Math.sqrt(1 / (n - ng)));
  const whitening = n >= p ? fullRankWhitening(within, n, p, f1, tol) : null;
  const { scaling, r } = whitening ?? truncatedWhitening(within, n, p, f1, tol);
  if (r === 0) return { ok: false, reason: 'rank = 0: variables are numerically constant' };
  const between = betweenMatrix(means, counts, n, p, scaling, r);
  const top = rightSingularVectors(between, ng, r, 0);
  if (top.k === 0) return { ok: false, reason: 'group means are numerically identical' };
  const ld1 = new Float64Array(p);
  for (let t = 0; t < r; t++) {
    const w = top.vectors[t]!;
    if (w !== 0) for (let j = 0; j < p; j++) ld1[j]! += scaling[t * p + j]! * w;
  }
  return { ok: true, groups, means, ld1, withinRank: r };
}

/**
 * MASS's scaling₁ = diag(1/f1) V_r S_r⁻¹ (p × r column-major) from the SVD
 * of the within matrix, keeping the singular values > tol.
 */
function truncatedWhitening(
  within: Float64Array,
  n: number,
  p: number,
  f1: Float64Array,
  tol: number,
): { scaling: Float64Array; r: number } {
  const { k: r, values: d, vectors: v } = rightSingularVectors(within, n, p, tol);
  const scaling = new Float64Array(p * r);
  for (let t = 0; t < r; t++) for (let j = 0; j < p; j++) scaling[t * p + j] = v[t * p + j]! / (f1[j]! * d[t]!);
  return { scaling, r };
}

/**
 * When the within matrix X = QR (n ≥ p) is clearly of full rank (σ_min ≥
 * 1/‖R⁻¹‖_F > tol · 1e4, so MASS keeps every singular value), diag(1/f1) R⁻¹
 * whitens it as diag(1/f1) V S⁻¹ does: both satisfy Wᵀ XᵀX W = I, so they
 * differ by an orthogonal factor that the between-class SVD absorbs, and LD1
 * is the same. Null when the shortcut does not apply.
 */
function fullRankWhitening(
  within: Float64Array,
  n: number,
  p: number,
  f1: Float64Array,
  tol: number,
): { scaling: Float64Array; r: number } | null {
  const inv = upperTriangularInverse(householderQr(Float64Array.from(within), n, p));
  if (inv === null) return null;
  let frob = 0;
  for (let k = 0; k < inv.length; k++) frob += inv[k]! * inv[k]!;
  if (!(1 / Math.sqrt(frob) > tol * FULL_RANK_MARGIN)) return null;
  for (let t = 0; t < p; t++) for (let j = 0; j < p; j++) inv[t * p + j]! /= f1[j]!;
  return { scaling: inv, r: p };
}

/** Classes that occur in g, increasing; slot[c] = position of class c among them (−1 when absent); their sizes. */
function presentGroups(g: Int32Array, nClasses: number) {
  const size = new Int32Array(nClasses);
  for (let i = 0; i < g.length; i++) size[g[i]!]!++;
  const groups: number[] = [];
  const slot = new Int32Array(nClasses).fill(-1);
  for (let c = 0; c < nClasses; c++) if (size[c]! > 0) slot[c] = groups.push(c) - 1;
  return { groups: Int32Array.from(groups), slot, counts: Int32Array.from(groups, (c) => size[c]!) };
}

/** m_gj = mean of x_ij over the rows of group g (ng × p row-major). */
function groupMeans(
  x: Float64Array,
  n: number,
  p: number,
  g: Int32Array,
  slot: Int32Array,
  counts: Int32Array,
): Float64Array {
  const means = new Float64Array(counts.length * p);
  for (let i = 0; i < n; i++) {
    const o = slot[g[i]!]! * p;
    for (let j = 0; j < p; j++) means[o + j]! += x[i * p + j]!;
  }
  for (let s = 0; s < counts.length; s++) for (let j = 0; j < p; j++) means[s * p + j]! /= counts[s]!;
  return means;
}

/** sd of each column (R `sqrt(diag(var(.)))`, n − 1 denominator, centred on the column mean). */
function columnSds(r: Float64Array, n: number, p: number): Float64Array {
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += r[i * p + j]!;
  for (let j = 0; j < p; j++) mean[j]! /= n;
  const ss = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      const d = r[i * p + j]! - mean[j]!;
      ss[j]! += d * d;
    }
  return ss.map((s) => Math.sqrt(s / (n - 1)));
}

/** c · residual · diag(1/f1), column-major n × p (the layout of `rightSingularVectors`). */
function scaledWithin(residual: Float64Array, n: number, p: number, f1: Float64Array, c: number): Float64Array {
  const a = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) a[j * n + i] = (c * residual[i * p + j]!) / f1[j]!;
  return a;
}

/**
 * √(n π_g /(ng − 1)) (m_g − x̄) · scaling₁, ng × r column-major, with π_g =
 * n_g/n and x̄ = Σ_g π_g m_g (MASS: `scale(group.means, center = xbar)`).
 */
function betweenMatrix(
  means: Float64Array,
  counts: Int32Array,
  n: number,
  p: number,
  scaling: Float64Array,
  r: number,
): Float64Array {
  const ng = counts.length;
  const xbar = new Float64Array(p);
  for (let s = 0; s < ng; s++) for (let j = 0; j < p; j++) xbar[j]! += (counts[s]! / n) * means[s * p + j]!;
  const out = new Float64Array(ng * r);
  const centred = new Float64Array(p);
  for (let s = 0; s < ng; s++) {
    const w = Math.sqrt((n * (counts[s]! / n)) / (ng - 1));
    for (let j = 0; j < p; j++) centred[j] = means[s * p + j]! - xbar[j]!;
    for (let t = 0; t < r; t++) {
      let acc = 0;
      for (let j = 0; j < p; j++) acc += centred[j]! * scaling[t * p + j]!;
      out[t * ng + s] = w * acc;
    }
  }
  return out;
}
