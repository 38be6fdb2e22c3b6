/**
 * What a random-intercept model y = Xβ + b_subject + ε needs from the design and the subject
 * labels alone, computed once and shared by every response: rows grouped by subject, X centred
 * within subject, the within-subject cross-product W_xx = Σ_s (X_s − x̄_s)ᵀ(X_s − x̄_s), the
 * subject column sums c_s = X_sᵀ1 and, per distinct subject size n, M_n = Σ_{s: n_s = n} c_s c_sᵀ.
 * With λ = σ_b²/σ² and γ_s = 1/(1 + n_s λ), XᵀV⁻¹X·σ² = W_xx + Σ_n (γ_n/n) M_n.
 */
import { cholesky } from './dense.js';
import type { FixedDesign } from './design-matrix.js';

/** The design-only part of a fit (see the module comment). Matrices are row-major. */
export interface SubjectStructure {
  design: FixedDesign;
  /** design rows used (complete X, subject present, response present), in subject-grouped order */
  rows: Int32Array;
  /** used observations */
  n: number;
  /** fixed effects */
  p: number;
  nSubjects: number;
  /** used rows of subject s are rows[start[s] .. start[s+1]) */
  start: Int32Array;
  /** the caller's subject code of each subject, in order of first appearance */
  subjectCodes: Int32Array;
  /** n_s */
  size: Int32Array;
  /** distinct subject sizes, ascending */
  sizes: Int32Array;
  /** index into `sizes` of each subject */
  sizeIndex: Int32Array;
  /** number of subjects of each distinct size */
  sizeCount: Int32Array;
  /** X centred within subject, n × p in `rows` order */
  xw: Float64Array;
  /** W_xx, p × p */
  wxx: Float64Array;
  /** c_s, S × p */
  colSums: Float64Array;
  /** M_n per distinct size, each p × p */
  m: Float64Array[];
  /** subjects with a single used observation (lme4 fits them; they inform only the total variance) */
  singletons: number;
}

/** Why a model cannot be fitted. */
export interface MixedModelError {
  ok: false;
  reason:
    | 'shape-mismatch'
    | 'too-few-subjects'
    | 'no-replication'
    | 'no-residual-df'
    | 'rank-deficient-design'
    | 'non-finite-response'
    | 'constant-response'
    | 'no-optimum'
    | 'not-identifiable';
  message: string;
}

/** Pivot of the unit-diagonal XᵀX below which X counts as column-rank deficient (a QR diagonal below 1e-6 relative; R `qr` uses 1e-7). */
const RANK_TOLERANCE = 1e-12;

/**
 * Groups the rows with complete X and a subject code ≥ 0 (and `use[i]` when given) by subject and
 * computes the design-only statistics; an error value for designs lme4 refuses (fewer than 2
 * subjects, no subject with repeated rows (n ≤ S), n ≤ p, X rank deficient).
 */
export function subjectStructure(
  design: FixedDesign,
  subject: Int32Array,
  use?: Uint8Array,
): SubjectStructure | MixedModelError {
  const { p, x, nObs } = design;
  if (subject.length !== nObs)
    return modelError('shape-mismatch', `${subject.length} subject codes for ${nObs} design rows`);
  const index = new Map<number, number>();
  const codes: number[] = [];
  const counts: number[] = [];
  const subjOfRow = new Int32Array(nObs).fill(-1);
  for (let i = 0; i < nObs; i++) {
    if (subject[i]! < 0 || (use && !use[i])) continue;
    let complete = true;
    for (let j = 0; j < p; j++) if (!Number.isFinite(x[i * p + j]!)) complete = false;
    if (!complete) continue;
    let s = index.get(subject[i]!);
    if (s === undefined) {
      s = codes.length;
      index.set(subject[i]!, s);
      codes.push(subject[i]!);
      counts.push(0);
    }
    counts[s]!++;
    subjOfRow[i] = s;
  }
  const S = codes.length;
  const start = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) start[s + 1] = start[s]! + counts[s]!;
  const n = start[S]!;
  if (S < 2)
    return modelError('too-few-subjects', `the random intercept needs at least 2 subjects; the usable rows have ${S}`);
  if (n <= S)
    return modelError(
      'no-replication',
      `${n} observations on ${S} subjects: no subject is measured twice, so subject and residual variance cannot be separated (lme4: number of observations must exceed the number of levels)`,
    );
  if (n <= p)
    return modelError(
      'no-residual-df',
      `${n} observations for ${p} fixed effects leave no residual degrees of freedom`,
    );
  const rows = new Int32Array(n);
  const fill = start.slice(0, S);
  for (let i = 0; i < nObs; i++) if (subjOfRow[i]! >= 0) rows[fill[subjOfRow[i]!]!++] = i;
  if (!fullColumnRank(x, rows, p))
    return modelError(
      'rank-deficient-design',
      `the fixed-effects design of the ${n} usable rows is column-rank deficient (an empty cell or a constant column); lme4 would drop columns`,
    );

  const size = Int32Array.from(counts);
  const sizes = Int32Array.from([...new Set(counts)].sort((a, b) => a - b));
  const sizeIndex = Int32Array.from(counts, (c) => sizes.indexOf(c));
  const sizeCount = new Int32Array(sizes.length);
  for (let s = 0; s < S; s++) sizeCount[sizeIndex[s]!]!++;
  const colSums = new Float64Array(S * p);
  const xw = new Float64Array(n * p);
  const wxx = new Float64Array(p * p);
  const m = Array.from(sizes, () => new Float64Array(p * p));
  for (let s = 0; s < S; s++) {
    const cs = colSums.subarray(s * p, (s + 1) * p);
    for (let k = start[s]!; k < start[s + 1]!; k++) for (let j = 0; j < p; j++) cs[j]! += x[rows[k]! * p + j]!;
    const ns = size[s]!;
    for (let k = start[s]!; k < start[s + 1]!; k++)
      for (let j = 0; j < p; j++) xw[k * p + j] = x[rows[k]! * p + j]! - cs[j]! / ns;
    const ms = m[sizeIndex[s]!]!;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) ms[a * p + b]! += cs[a]! * cs[b]!;
  }
  for (let k = 0; k < n; k++)
    for (let a = 0; a < p; a++) {
      const xa = xw[k * p + a]!;
      if (xa === 0) continue;
      for (let b = 0; b < p; b++) wxx[a * p + b]! += xa * xw[k * p + b]!;
    }
  return {
    design,
    rows,
    n,
    p,
    nSubjects: S,
    start,
    subjectCodes: Int32Array.from(codes),
    size,
    sizes,
    sizeIndex,
    sizeCount,
    xw,
    wxx,
    colSums,
    m,
    singletons: counts.filter((c) => c === 1).length,
  };
}

/** Cholesky of the column-scaled XᵀX over `rows` succeeds with a relative pivot tolerance. */
function fullColumnRank(x: Float64Array, rows: Int32Array, p: number): boolean {
  const xtx = new Float64Array(p * p);
  for (const i of rows)
    for (let a = 0; a < p; a++) {
      const xa = x[i * p + a]!;
      if (xa === 0) continue;
      for (let b = 0; b < p; b++) xtx[a * p + b]! += xa * x[i * p + b]!;
    }
  const scale = Float64Array.from({ length: p }, (_, a) => 1 / Math.sqrt(xtx[a * p + a]! || 1));
  for (let a = 0; a < p; a++) {
    if (xtx[a * p + a] === 0) return false;
    for (let b = 0; b < p; b++) xtx[a * p + b] = xtx[a * p + b]! * scale[a]! * scale[b]!;
  }
  return cholesky(xtx, p, new Float64Array(p * p), RANK_TOLERANCE);
}

/** A MixedModelError value. */
export function modelError(reason: MixedModelError['reason'], message: string): MixedModelError {
  return { ok: false, reason, message };
}
