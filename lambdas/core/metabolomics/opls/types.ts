/**
 * Options and results of the two-class PLS-DA and OPLS-DA (ropls 1.39 `opls`
 * on a matrix with a two-level character response).
 *
 * Layouts: sample-indexed matrices are **sample-major** (`scores[s * k + h]`,
 * s < nSamples, h < k components); feature-indexed matrices are
 * **feature-major** (`loadings[j * k + h]`, j < nFeatures of the input).
 * Features removed for near-zero variance keep their slot, filled with NaN.
 */

/** Column scaling before the fit (ropls `scaleC`): none, centring, centring + /√sd (Pareto), centring + /sd (unit variance). */
export type OplsScaling = 'none' | 'center' | 'pareto' | 'standard';

/** ropls's verdict on a component: R1 kept (Q² rule passed), NS Q² below the threshold, N4 R²Y below 0.01. */
export type ComponentSignificance = 'R1' | 'NS' | 'N4';

/** How the samples × samples products K·z (K = X Xᵀ of the scaled matrix) are formed: a stored Gram matrix, X(Xᵀz) on the fly, or chosen by cost. */
export type GramMethod = 'explicit' | 'factored' | 'auto';

/** Options shared by `plsDa` and `oplsDa`. */
export interface DiscriminantOptions {
  /** cross-validation segments, ropls's deterministic interleaved folds @default 7 */
  crossValI?: number;
  /** @default 'center' (the input is normally already scaled by the processing) */
  scaling?: OplsScaling;
  /** response permutations for pR²Y / pQ²; 0 skips the test @default 200 */
  permI?: number;
  /** seed of the permutation stream (`createRng`), an integer in [0, 2^32); recorded in the result */
  seed: number;
  /** the two class labels as [coded 0, coded 1]; default: the two labels sorted (en collation), the second coded 1, as ropls's `sort(unique(y))` */
  classLevels?: readonly [string, string];
  /** @default 'auto' */
  gram?: GramMethod;
  /** permuted models fitted together per batch (memory ~ batch·(crossValI+1)·n doubles per component) @default 64 */
  permutationBatch?: number;
}

/** Options of `plsDa`. */
export interface PlsDaOptions extends DiscriminantOptions {
  /** predictive components, or 'auto' (ropls `predI = NA`: add components while the Q² rule holds, at most min(10, n, p)) @default 'auto' */
  predI?: number | 'auto';
}

/** Options of `oplsDa` (one predictive component). */
export interface OplsDaOptions extends DiscriminantOptions {
  /** orthogonal components, or 'auto' (ropls `orthoI = NA`: add them while R²Y ≥ 0.01 and Q² gain ≥ 0.01, at most min(10, n, p) − 1) @default 'auto' */
  orthoI?: number | 'auto';
}

/**
 * ropls's `modelDF`: one row per component (p1, p2, … for PLS; p1, o1, o2, … for
 * OPLS), without its 'sum' row (see `ModelSummary`). NaN where ropls has NA.
 * PLS: cumulative columns are running sums (R²) and 1 − Π(1 − Q²_h) (Q²).
 * OPLS: row o_k holds the gain in total R²Y / Q² from the k-th orthogonal
 * component; its "cum" columns hold, as ropls prints them, the total minus
 * the p1 row's value (the gain of o_1..o_k together), not the overall total.
 */
export interface ComponentTable {
  names: string[];
  r2x: Float64Array;
  r2xCum: Float64Array;
  r2y: Float64Array;
  r2yCum: Float64Array;
  q2: Float64Array;
  q2Cum: Float64Array;
  /** null for rows ropls did not evaluate */
  significance: (ComponentSignificance | null)[];
}

/** Whole-model totals (ropls `summaryDF`), unrounded. */
export interface ModelSummary {
  r2x: number;
  r2y: number;
  q2: number;
  /** root mean squared error of estimation on the 0/1 scale, with ropls's n / (n − 1 − components) correction */
  rmsee: number;
}

/** The permutation test (Szymańska et al. 2012, as ropls runs it). */
export interface PermutationTest {
  permI: number;
  seed: number;
  /** (1 + #{signif(R²Y*, 3) ≥ signif(R²Y, 3)}) / permI */
  pR2Y: number;
  /** (1 + #{signif(Q²*, 3) ≥ signif(Q², 3)}) / permI */
  pQ2: number;
  /** unrounded totals of each permuted model */
  r2yPermuted: Float64Array;
  q2Permuted: Float64Array;
  /** fraction of samples whose permuted label equals the observed one */
  similarity: Float64Array;
  /** the counting rule, in words */
  rule: string;
}

/** A fitted PLS-DA or OPLS-DA model. */
export interface DiscriminantModel {
  built: true;
  method: 'PLS-DA' | 'OPLS-DA';
  nSamples: number;
  /** features of the input, including removed ones */
  nFeatures: number;
  /** input columns removed because their variance is below double epsilon (ropls) */
  zeroVarianceFeatures: Int32Array;
  /** [coded 0, coded 1] */
  classLevels: [string, string];
  /** the 0/1 response in sample order */
  y: Float64Array;
  scaling: OplsScaling;
  crossValI: number;
  gram: 'explicit' | 'factored';
  xMean: Float64Array;
  xSd: Float64Array;
  yMean: number;
  ySd: number;
  nPredictive: number;
  nOrthogonal: number;
  components: ComponentTable;
  summary: ModelSummary;
  /** `summary` R²X, R²Y, Q² rounded to 3 significant digits (R `signif`), what ropls reports and what the permutation test compares */
  summaryRounded: { r2x: number; r2y: number; q2: number };
  /** predictive scores t, n × nPredictive */
  scores: Float64Array;
  /** predictive loadings p, nFeatures × nPredictive */
  loadings: Float64Array;
  /** predictive weights w (unit length), nFeatures × nPredictive */
  weights: Float64Array;
  /** y weights c, one per predictive component */
  yWeights: Float64Array;
  /** regression coefficients on the scaled X and scaled y (ropls `coef`) */
  coefficients: Float64Array;
  /** fitted response on the 0/1 scale */
  fitted: Float64Array;
  /** VIP per feature: PLS the classic VIP; OPLS VIP4,p (Galindo-Prieto et al. 2014) */
  vip: Float64Array;
  /** OPLS: orthogonal scores t_o, n × nOrthogonal (empty for PLS) */
  orthoScores: Float64Array;
  /** OPLS: orthogonal loadings p_o, nFeatures × nOrthogonal */
  orthoLoadings: Float64Array;
  /** OPLS: orthogonal weights w_o (unit length), nFeatures × nOrthogonal */
  orthoWeights: Float64Array;
  /** OPLS: y weight of each orthogonal component (≈ 0) */
  orthoYWeights: Float64Array;
  /** OPLS: VIP4,o per feature; null for PLS */
  orthoVip: Float64Array | null;
  permutation: PermutationTest | null;
}

/** Why no model was returned. */
export type NoModelReason =
  | 'not-two-classes'
  | 'missing-values'
  | 'too-few-samples'
  | 'too-many-components'
  | 'no-variable-features'
  | 'rank-deficient'
  | 'first-predictive-not-significant'
  | 'first-orthogonal-not-significant';

/** No model: the input cannot be modelled, or (automatic mode) ropls's rule refused the first component. */
export interface NoModel {
  built: false;
  method: 'PLS-DA' | 'OPLS-DA';
  reason: NoModelReason;
  message: string;
  /** automatic mode: the component table of the refused search, as far as it went (ropls's diagnostic modelDF) */
  search: ComponentTable | null;
}

/** `plsDa` / `oplsDa` result. */
export type DiscriminantResult = DiscriminantModel | NoModel;
