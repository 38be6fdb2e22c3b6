/**
 * Random-intercept linear mixed model y = Xβ + b_subject + ε, b ~ N(0, σ_b²), ε ~ N(0, σ²), fitted by
 * REML as lme4 `lmer(y ~ X + (1 | subject), REML = TRUE)`, with lmerTest's Satterthwaite t tests
 * (`summary(m, ddf = "Satterthwaite")`) and type-III F tests (`anova(m, type = 3)`).
 */

import { bilinear, frobeniusInner } from './dense.js';
import { type DesignError, type Factor, type FixedDesign, factorialDesign, isDesignError } from './design-matrix.js';
import {
  optimizeVarianceRatio,
  profileAt,
  type RemlWorkspace,
  type ResponseStatistics,
  remlWorkspace,
  responseStatistics,
} from './reml.js';
import {
  contrastTest,
  HESSIAN_TOLERANCE,
  hypothesisFTest,
  type SatterthwaiteState,
  varparCovariance,
  varparHessian,
} from './satterthwaite.js';
import { type MixedModelError, modelError, type SubjectStructure, subjectStructure } from './subjects.js';

/** A factorial fixed part `f1 * f2 * …` (or the given hierarchical terms) with treatment contrasts. */
export interface FactorialSpec {
  factors: Factor[];
  /** terms as sorted factor-index lists; default the full factorial */
  terms?: number[][];
}

/** Options of the fits. */
export interface MixedModelOptions {
  /** θ = σ_b/σ below this marks a singular fit (lme4 `isSingular(tol = 1e-4)`) @default 1e-4 */
  singularTolerance?: number;
  /** eigenvalue tolerance of the variance-parameter Hessian (lmerTest) @default 1e-8 */
  hessianTolerance?: number;
  /** compute the type-III F tests @default true */
  anova?: boolean;
}

/** One row of `summary(m, ddf = "Satterthwaite")$coefficients`. */
export interface FixedEffect {
  term: string;
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
}

/** One row of `anova(m, type = 3, ddf = "Satterthwaite")`. */
export interface Type3Test {
  term: string;
  sumSq: number;
  meanSq: number;
  numDF: number;
  denDF: number;
  F: number;
  p: number;
}

/** How the REML optimisation went. */
export interface MixedModelConvergence {
  /** an optimum was found (always true in a fit; failures are MixedModelError values) */
  converged: boolean;
  /** REML profile evaluations */
  evaluations: number;
  /** the optimum is the boundary σ_b² = 0 */
  boundary: boolean;
  /** dREML/dλ at the optimum (0 up to rounding in the interior) */
  gradient: number;
  /** local minima of the profile found by the scan */
  localMinima: number;
  /** lme4/lmerTest-style messages (singular fit, Hessian eigenvalues); empty when clean */
  messages: string[];
}

/** A fitted model. */
export interface MixedModelFit {
  ok: true;
  method: 'lmer_reml_satterthwaite';
  nObs: number;
  nSubjects: number;
  /** design rows not used (missing response, factor or subject) */
  nDropped: number;
  /** subjects with one used observation */
  singletonSubjects: number;
  fixed: FixedEffect[];
  /** type-III tests per term (empty when `anova: false`) */
  anova: Type3Test[];
  /** σ_b² (`VarCorr`: subject (Intercept) variance) */
  varSubject: number;
  /** σ² (residual variance) */
  varResidual: number;
  /** θ = σ_b/σ (lme4 `getME(m, "theta")`) */
  theta: number;
  /** lme4 `REMLcrit(m)` */
  remlCriterion: number;
  /** θ < singularTolerance (lme4 `isSingular`) */
  singular: boolean;
  convergence: MixedModelConvergence;
  /** the fixed-effect estimates, covariances and Satterthwaite pieces, for further contrasts (`contrastTest`) */
  satterthwaite: SatterthwaiteState;
}

/** A fit or the reason there is none. */
export type MixedModelResult = MixedModelFit | MixedModelError;

/** Design-only preparation shared by every response: the design, the subject structure and the scratch space. */
export interface PreparedMixedModel {
  design: FixedDesign;
  subject: Int32Array;
  structure: SubjectStructure;
  workspace: RemlWorkspace;
}

/** Builds X (treatment contrasts) from a factorial spec, or passes a ready design through. */
export function resolveDesign(fixed: FixedDesign | FactorialSpec): FixedDesign | DesignError {
  return 'x' in fixed ? fixed : factorialDesign(fixed.factors, fixed.terms ? { terms: fixed.terms } : {});
}

/** Everything that depends only on the design and the subjects (rows with a missing factor or subject code −1 are left out). */
export function prepareMixedModel(
  fixed: FixedDesign | FactorialSpec,
  subject: Int32Array,
): PreparedMixedModel | MixedModelError | DesignError {
  const design = resolveDesign(fixed);
  if (isDesignError(design)) return design;
  const structure = subjectStructure(design, subject);
  if ('ok' in structure) return structure;
  return { design, subject, structure, workspace: remlWorkspace(design.p) };
}

/** Fits one response (indexed like the design rows; NaN = missing, those rows are dropped and the subject structure rebuilt for this response). */
export function fitPreparedMixedModel(
  prepared: PreparedMixedModel,
  y: ArrayLike<number>,
  options: MixedModelOptions = {},
): MixedModelResult {
  const { design } = prepared;
  if (y.length !== design.nObs)
    return modelError('shape-mismatch', `${y.length} responses for ${design.nObs} design rows`);
  let st = prepared.structure;
  let missing = false;
  for (const i of st.rows) {
    const v = y[i]!;
    if (Number.isNaN(v)) missing = true;
    else if (!Number.isFinite(v)) return modelError('non-finite-response', `response of row ${i} is ${v}`);
  }
  if (missing) {
    const use = Uint8Array.from({ length: design.nObs }, (_, i) => (Number.isNaN(y[i]!) ? 0 : 1));
    const sub = subjectStructure(design, prepared.subject, use);
    if ('ok' in sub) return sub;
    st = sub;
  }
  return fitStructure(st, y, prepared.workspace, options);
}

/** `lmer(y ~ fixed + (1 | subject), REML = TRUE)` with Satterthwaite t and type-III F tests; an error value instead of a throw for data conditions. */
export function linearMixedModel(
  y: ArrayLike<number>,
  fixed: FixedDesign | FactorialSpec,
  subject: Int32Array,
  options: MixedModelOptions = {},
): MixedModelResult | DesignError {
  const prepared = prepareMixedModel(fixed, subject);
  if ('ok' in prepared) return prepared;
  return fitPreparedMixedModel(prepared, y, options);
}

/** The same model for many responses (one per array), sharing the design-only work. */
export function linearMixedModels(
  responses: readonly ArrayLike<number>[],
  fixed: FixedDesign | FactorialSpec,
  subject: Int32Array,
  options: MixedModelOptions = {},
): MixedModelResult[] | MixedModelError | DesignError {
  const prepared = prepareMixedModel(fixed, subject);
  if ('ok' in prepared) return prepared;
  return responses.map((y) => fitPreparedMixedModel(prepared, y, options));
}

/** The fit of one response on a ready subject structure. */
function fitStructure(
  st: SubjectStructure,
  y: ArrayLike<number>,
  ws: RemlWorkspace,
  options: MixedModelOptions,
): MixedModelResult {
  const rs = responseStatistics(st, y);
  if (!(rs.totalSS > 0)) return modelError('constant-response', 'the response is constant over the usable rows');
  const opt = optimizeVarianceRatio(st, rs, ws);
  if ('ok' in opt) return opt;
  const pt = profileAt(st, rs, opt.lambda, ws, true);
  if (!pt) return modelError('no-optimum', 'the REML criterion could not be evaluated at its optimum');
  const { n, p } = st;
  const lambda = opt.lambda;
  const sigma2 = pt.rss / (n - p);
  const theta = Math.sqrt(lambda);
  const ainv = Float64Array.from(ws.ainv);
  const beta = Float64Array.from(ws.beta);
  if (st.design.interceptColumn >= 0) beta[st.design.interceptColumn]! += rs.shift;
  const state = satterthwaiteState(
    st,
    rs,
    lambda,
    sigma2,
    pt.rss,
    ainv,
    ws,
    beta,
    options.hessianTolerance ?? HESSIAN_TOLERANCE,
  );
  const singular = theta < (options.singularTolerance ?? 1e-4);
  const messages = [...state.messages];
  if (singular) messages.unshift("boundary (singular) fit: see help('isSingular')");
  const design = st.design;
  const fixed = design.columnNames.map((term, j) => {
    const e = new Float64Array(p);
    e[j] = 1;
    return { term, ...contrastTest(state.state, e) };
  });
  const anova =
    options.anova === false
      ? []
      : design.hypotheses.map((h) => ({ term: h.term, ...hypothesisFTest(state.state, h.l, h.rows) }));
  return {
    ok: true,
    method: 'lmer_reml_satterthwaite',
    nObs: n,
    nSubjects: st.nSubjects,
    nDropped: design.nObs - n,
    singletonSubjects: st.singletons,
    fixed,
    anova,
    varSubject: lambda * sigma2,
    varResidual: sigma2,
    theta,
    remlCriterion: opt.criterion + (n - p) * (1 + Math.log((2 * Math.PI) / (n - p))),
    singular,
    convergence: {
      converged: true,
      evaluations: opt.evaluations + 1,
      boundary: opt.boundary,
      gradient: pt.derivative,
      localMinima: opt.localMinima,
      messages,
    },
    satterthwaite: state.state,
  };
}

/**
 * Hessian of lmerTest's D(θ, σ) and the Jacobian of cov(β̂) at the optimum, from the λ-derivatives
 * f′, f″, r′, r″ (see satterthwaite.ts): with A′ = −Σ_n γ_n² M_n, A″ = Σ_n 2nγ_n³ M_n and the subject
 * residual sums es_s = ys_s − c_sᵀβ̂:
 *   f′ = Σ_s n_sγ_s + tr(A⁻¹A′), f″ = −Σ_s n_s²γ_s² + tr(A⁻¹A″) − tr(A⁻¹A′A⁻¹A′),
 *   r′ = −Σ_s γ_s² es_s², r″ = Σ_s 2n_sγ_s³ es_s² − 2uᵀA⁻¹u, u = Σ_s γ_s² es_s c_s.
 */
function satterthwaiteState(
  st: SubjectStructure,
  rs: ResponseStatistics,
  lambda: number,
  sigma2: number,
  rss: number,
  ainv: Float64Array,
  ws: RemlWorkspace,
  beta: Float64Array,
  tolerance: number,
): { state: SatterthwaiteState; messages: string[] } {
  const { p, n, nSubjects: S, sizes, sizeCount, m, colSums, size } = st;
  const aPrime = new Float64Array(p * p);
  const aSecond = new Float64Array(p * p);
  let f1 = 0,
    f2 = 0;
  for (let g = 0; g < sizes.length; g++) {
    const ng = sizes[g]!;
    const gamma = 1 / (1 + ng * lambda);
    const mg = m[g]!;
    for (let k = 0; k < p * p; k++) {
      aPrime[k]! -= gamma * gamma * mg[k]!;
      aSecond[k]! += 2 * ng * gamma * gamma * gamma * mg[k]!;
    }
    f1 += sizeCount[g]! * ng * gamma;
    f2 -= sizeCount[g]! * ng * ng * gamma * gamma;
  }
  // P = A⁻¹A′
  const P = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += ainv[i * p + k]! * aPrime[k * p + j]!;
      P[i * p + j] = s;
    }
  let trPP = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) trPP += P[i * p + j]! * P[j * p + i]!;
  f1 += frobeniusInner(ainv, aPrime);
  f2 += frobeniusInner(ainv, aSecond) - trPP;
  // centred β (the intercept shift is not part of the centred sums)
  const bc = ws.beta;
  let r1 = 0,
    qLL = 0;
  const u = new Float64Array(p);
  for (let s = 0; s < S; s++) {
    let fit = 0;
    for (let j = 0; j < p; j++) fit += colSums[s * p + j]! * bc[j]!;
    const es = rs.ys[s]! - fit;
    const gamma = 1 / (1 + size[s]! * lambda);
    r1 -= gamma * gamma * es * es;
    qLL += 2 * size[s]! * gamma * gamma * gamma * es * es;
    for (let j = 0; j < p; j++) u[j]! += gamma * gamma * es * colSums[s * p + j]!;
  }
  const r2 = qLL - 2 * bilinear(u, ainv, u, p);
  const h = varparHessian(lambda, sigma2, n - p, rss, f1, f2, r1, r2);
  const { vcov, messages } = varparCovariance(h, tolerance);
  const theta = Math.sqrt(lambda);
  const sigma = Math.sqrt(sigma2);
  const vcovBeta = new Float64Array(p * p);
  const jacobianSigma = new Float64Array(p * p);
  const jacobianTheta = new Float64Array(p * p);
  for (let k = 0; k < p * p; k++) {
    vcovBeta[k] = sigma2 * ainv[k]!;
    jacobianSigma[k] = 2 * sigma * ainv[k]!;
  }
  // ∂C/∂θ = −2θσ² A⁻¹A′A⁻¹ = −2θσ² P A⁻¹
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += P[i * p + k]! * ainv[k * p + j]!;
      jacobianTheta[i * p + j] = -2 * theta * sigma2 * s;
    }
  symmetrize(jacobianTheta, p);
  return { state: { p, beta, vcovBeta, jacobianTheta, jacobianSigma, vcovVarpar: vcov, sigma2 }, messages };
}

/** M ← (M + Mᵀ)/2. */
function symmetrize(mat: Float64Array, p: number): void {
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++) {
      const v = 0.5 * (mat[i * p + j]! + mat[j * p + i]!);
      mat[i * p + j] = v;
      mat[j * p + i] = v;
    }
}
