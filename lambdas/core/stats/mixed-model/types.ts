/** The types of a fixed-effects design (design-matrix.ts builds them; type3.ts reads them). */

/** The hypothesis L β = 0 of one term's F test: `rows` × p, row-major. */
export interface TermHypothesis {
  term: string;
  rows: number;
  l: Float64Array;
}

/** A categorical variable: level k of sample i is `levels[codes[i]]`; code −1 is missing. `levels[0]` is the reference level. */
export interface Factor {
  name: string;
  levels: string[];
  codes: Int32Array;
}

/** A model term of a design: its label (`arm`, `arm:time`) and the factors and X columns it spans. */
export interface DesignTerm {
  name: string;
  /** indices into `FixedDesign.factors` (empty for terms of a user matrix) */
  factors: number[];
  /** X columns of the term */
  columns: number[];
}

/** The fixed-effects part of a mixed model: X, its column and term names, and one hypothesis matrix per term. */
export interface FixedDesign {
  nObs: number;
  p: number;
  /** row-major n × p; rows with a missing factor value hold NaN */
  x: Float64Array;
  columnNames: string[];
  /** model terms in R order (main effects, then two-way interactions, …) */
  terms: DesignTerm[];
  /** column of the intercept, −1 when the model has none */
  interceptColumn: number;
  /** factors of a factorial design (empty for a user matrix) */
  factors: Factor[];
  /** per term, the hypothesis L of its type-III F test (lmerTest `anova(m, type = 3)`); L rows × p */
  hypotheses: TermHypothesis[];
}

/** Why a design could not be built. */
export interface DesignError {
  ok: false;
  reason: 'unknown-level' | 'too-few-levels' | 'duplicate-level' | 'bad-term' | 'shape-mismatch' | 'no-columns';
  message: string;
}

/** Options of `factor`. */
export interface FactorOptions {
  /** the levels in order (first = reference); default: the distinct values sorted (numerically when all are numbers, as R's `factor` of a numeric column) */
  levels?: readonly string[];
  /** moves this level first (R `relevel(f, ref)`) */
  reference?: string;
}

/** R `factor(values, levels)` then `relevel(ref)`; null/'' values are missing (code −1); a value outside `levels` is an error. */
