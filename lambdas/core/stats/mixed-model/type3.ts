/**
 * Hypothesis matrices of type-III F tests as lmerTest builds them for treatment contrasts
 * (`get_contrasts_type3` → `extract_contrasts_type3`): express every cell indicator of every
 * term in the treatment-coded coefficients, orthogonalise the columns of each term against
 * the columns of the terms that contain it (higher order first), and read each term's
 * hypothesis off its columns. The tests do not depend on the coding of the factors.
 */
import type { FixedDesign, TermHypothesis } from './types.js';

export type { TermHypothesis } from './types.js';

/** Entries below this (relative to 1) are rounding noise of exact rational contrasts and set to 0. */
const ZERO = 1e-10;
/** lmerTest keeps hypothesis rows whose Σ|L| exceeds this. */
const ROW_KEEP = 1e-8;
/** Rank tolerance of the least-squares projection (R `lm.fit`). */
const LM_FIT_TOLERANCE = 1e-7;

/** Per-term type-III hypotheses of a factorial design; type-I (Doolittle) when the model has one term, as lmerTest. */
export function type3Contrasts(design: FixedDesign): TermHypothesis[] {
  if (design.terms.length === 0) return [];
  if (design.terms.length === 1 || design.p <= 1) return type1Contrasts(design);
  const { grid, rdNames } = cellGrid(design);
  const p = design.p;
  const m = rdNames.length;
  // L (m × p): row r = cell indicator r of rdX expressed in X's coefficients, B = (XᵀX)⁻¹ Xᵀ rdX, L = Bᵀ
  const L = cellsInCoefficients(grid.x, grid.rd, grid.nCells, p, m);
  const contains = design.terms.map((t) =>
    design.terms.map((u, k) => (u !== t && isSubset(t.factors, u.factors) ? k : -1)).filter((k) => k >= 0),
  );
  const order = design.terms
    .map((_, k) => k)
    .sort((a, b) => design.terms[b]!.factors.length - design.terms[a]!.factors.length || a - b);
  for (const t of order) {
    if (contains[t]!.length === 0) continue;
    const basisCols = contains[t]!.flatMap((u) => design.terms[u]!.columns);
    residualizeColumns(L, m, p, design.terms[t]!.columns, basisCols);
  }
  // rows of L that are X's own columns (the rdX indicator with X's column name)
  const keep = design.columnNames.map((name) => rdNames.indexOf(name));
  return design.terms.map((t) => {
    const rows: number[][] = [];
    for (const c of t.columns) {
      const row = keep.map((r) => clean(L[r * p + c]!));
      if (row.reduce((s, v) => s + Math.abs(v), 0) > ROW_KEEP) rows.push(row);
    }
    return { term: t.name, rows: rows.length, l: Float64Array.from(rows.flat()) };
  });
}

/** v, with |v| < ZERO set to 0. */
function clean(v: number): number {
  return Math.abs(v) < ZERO ? 0 : v;
}

/** Every element of a is in b and b has more. */
function isSubset(a: number[], b: number[]): boolean {
  return b.length > a.length && a.every((f) => b.includes(f));
}

/**
 * One row per combination of factor levels: the treatment-coded X row and the rdX row
 * (intercept, then every term's full cell indicators, first factor fastest, named as R's
 * `model.matrix(~ 0 + term)`).
 */
function cellGrid(design: FixedDesign) {
  const { factors, terms, p } = design;
  const nLevels = factors.map((f) => f.levels.length);
  const nCells = nLevels.reduce((a, b) => a * b, 1);
  const rdNames = ['(Intercept)'];
  const rdTerm = [-1];
  const rdCells: number[][] = [[]];
  terms.forEach((t, k) => {
    let cells: number[][] = [[]];
    for (const f of t.factors) {
      const next: number[][] = [];
      for (let l = 0; l < nLevels[f]!; l++) for (const c of cells) next.push([...c, l]);
      cells = next;
    }
    for (const c of cells) {
      rdNames.push(t.factors.map((f, q) => `${factors[f]!.name}${factors[f]!.levels[c[q]!]}`).join(':'));
      rdTerm.push(k);
      rdCells.push(c);
    }
  });
  const m = rdNames.length;
  const x = new Float64Array(nCells * p);
  const rd = new Float64Array(nCells * m);
  const levelOf = new Int32Array(factors.length);
  for (let g = 0; g < nCells; g++) {
    let rest = g;
    for (let f = 0; f < factors.length; f++) {
      levelOf[f] = rest % nLevels[f]!;
      rest = Math.floor(rest / nLevels[f]!);
    }
    x[g * p] = 1;
    rd[g * m] = 1;
    terms.forEach((t) => {
      for (const j of t.columns) {
        const name = design.columnNames[j]!;
        // X column j is the product of its term's non-reference indicators: match by rdX name
        const r = rdNames.indexOf(name);
        x[g * p + j] = rdCells[r]!.every((l, q) => levelOf[t.factors[q]!] === l) ? 1 : 0;
      }
    });
    for (let r = 1; r < m; r++) {
      const t = terms[rdTerm[r]!]!;
      rd[g * m + r] = rdCells[r]!.every((l, q) => levelOf[t.factors[q]!] === l) ? 1 : 0;
    }
  }
  return { grid: { x, rd, nCells }, rdNames };
}

/** Bᵀ with B = (XᵀX)⁻¹ Xᵀ R (exact for the full cell grid): m × p row-major. */
function cellsInCoefficients(x: Float64Array, rd: Float64Array, nCells: number, p: number, m: number): Float64Array {
  const xtx = new Float64Array(p * p);
  const xtr = new Float64Array(p * m);
  for (let g = 0; g < nCells; g++) {
    for (let i = 0; i < p; i++) {
      const xi = x[g * p + i]!;
      if (xi === 0) continue;
      for (let j = 0; j < p; j++) xtx[i * p + j]! += xi * x[g * p + j]!;
      for (let r = 0; r < m; r++) xtr[i * m + r]! += xi * rd[g * m + r]!;
    }
  }
  const inv = gaussJordanInverse(xtx, p);
  const L = new Float64Array(m * p);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += inv[i * p + k]! * xtr[k * m + r]!;
      L[r * p + i] = clean(s);
    }
  }
  return L;
}

/** A⁻¹ by Gauss–Jordan with partial pivoting (A is the cell-grid XᵀX, small and well conditioned). */
function gaussJordanInverse(a: Float64Array, p: number): Float64Array {
  const w = Float64Array.from(a);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(w[r * p + c]!) > Math.abs(w[piv * p + c]!)) piv = r;
    if (piv !== c)
      for (let k = 0; k < p; k++) {
        [w[c * p + k], w[piv * p + k]] = [w[piv * p + k]!, w[c * p + k]!];
        [inv[c * p + k], inv[piv * p + k]] = [inv[piv * p + k]!, inv[c * p + k]!];
      }
    const d = w[c * p + c]!;
    for (let k = 0; k < p; k++) {
      w[c * p + k] = w[c * p + k]! / d;
      inv[c * p + k] = inv[c * p + k]! / d;
    }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = w[r * p + c]!;
      if (f === 0) continue;
      for (let k = 0; k < p; k++) {
        w[r * p + k]! -= f * w[c * p + k]!;
        inv[r * p + k]! -= f * inv[c * p + k]!;
      }
    }
  }
  return inv;
}

/** Replaces columns `target` of the m × p matrix L by their least-squares residuals on columns `basis` (R `resid(lm.fit(L[, basis], L[, target]))`). */
function residualizeColumns(L: Float64Array, m: number, p: number, target: number[], basis: number[]): void {
  // orthonormal basis of span(L[, basis]) by modified Gram–Schmidt, dropping dependent columns
  const q: Float64Array[] = [];
  for (const c of basis) {
    const v = new Float64Array(m);
    for (let r = 0; r < m; r++) v[r] = L[r * p + c]!;
    const norm0 = Math.hypot(...v);
    for (const u of q) {
      let d = 0;
      for (let r = 0; r < m; r++) d += u[r]! * v[r]!;
      for (let r = 0; r < m; r++) v[r]! -= d * u[r]!;
    }
    const norm = Math.hypot(...v);
    if (norm > LM_FIT_TOLERANCE * Math.max(norm0, 1e-300)) {
      for (let r = 0; r < m; r++) v[r]! /= norm;
      q.push(v);
    }
  }
  for (const c of target) {
    const y = new Float64Array(m);
    for (let r = 0; r < m; r++) y[r] = L[r * p + c]!;
    for (const u of q) {
      let d = 0;
      for (let r = 0; r < m; r++) d += u[r]! * y[r]!;
      for (let r = 0; r < m; r++) y[r]! -= d * u[r]!;
    }
    for (let r = 0; r < m; r++) L[r * p + c] = clean(y[r]!);
  }
}

/** lmerTest `get_contrasts_type1` for a one-term model: the term's rows of t(L) of the Doolittle factorisation XᵀX = L U over the complete rows of X. */
function type1Contrasts(design: FixedDesign): TermHypothesis[] {
  const { p, nObs, x } = design;
  const xtx = new Float64Array(p * p);
  for (let i = 0; i < nObs; i++) {
    let complete = true;
    for (let j = 0; j < p; j++) if (Number.isNaN(x[i * p + j]!)) complete = false;
    if (!complete) continue;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) xtx[a * p + b]! += x[i * p + a]! * x[i * p + b]!;
  }
  const lower = doolittleLower(xtx, p);
  return design.terms.map((t) => {
    const rows = t.columns.map((c) => Array.from({ length: p }, (_, j) => lower[j * p + c]!));
    return { term: t.name, rows: rows.length, l: Float64Array.from(rows.flat()) };
  });
}

/** Unit lower-triangular L of A = L U without pivoting, entries below 1e-6 zeroed (lmerTest `doolittle`). */
function doolittleLower(a: Float64Array, n: number, eps = 1e-6): Float64Array {
  const L = new Float64Array(n * n);
  const U = new Float64Array(n * n);
  for (let i = 0; i < n; i++) L[i * n + i] = 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let u = a[i * n + j]!;
      for (let k = 0; k < i; k++) u -= L[i * n + k]! * U[k * n + j]!;
      U[i * n + j] = u;
    }
    for (let j = i + 1; j < n; j++) {
      let l = a[j * n + i]!;
      for (let k = 0; k < i; k++) l -= L[j * n + k]! * U[k * n + i]!;
      L[j * n + i] = Math.abs(U[i * n + i]!) < eps ? 0 : l / U[i * n + i]!;
    }
  }
  for (let k = 0; k < L.length; k++) if (Math.abs(L[k]!) < eps) L[k] = 0;
  return L;
}
