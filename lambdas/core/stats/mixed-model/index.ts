/** Linear mixed models with a random subject intercept: REML fits as lme4, Satterthwaite t and type-III F tests as lmerTest (docs/mixed-models.md). */
export {
  type DesignError,
  type DesignTerm,
  designFromMatrix,
  type Factor,
  type FactorialDesignOptions,
  type FactorOptions,
  type FixedDesign,
  factor,
  factorialDesign,
  fullFactorialTerms,
  isDesignError,
} from './design-matrix.js';
export {
  type FactorialSpec,
  type FixedEffect,
  fitPreparedMixedModel,
  linearMixedModel,
  linearMixedModels,
  type MixedModelConvergence,
  type MixedModelFit,
  type MixedModelOptions,
  type MixedModelResult,
  type PreparedMixedModel,
  prepareMixedModel,
  resolveDesign,
  type Type3Test,
} from './fit.js';
export {
  brentRoot,
  optimizeVarianceRatio,
  type ProfilePoint,
  profileAt,
  type RatioOptimum,
  type ResponseStatistics,
  responseStatistics,
} from './reml.js';
export {
  type ContrastTest,
  contrastTest,
  type FTest,
  fStatisticDf,
  hypothesisFTest,
  type SatterthwaiteState,
} from './satterthwaite.js';
export { type MixedModelError, type SubjectStructure, subjectStructure } from './subjects.js';
export { type TermHypothesis, type3Contrasts } from './type3.js';
