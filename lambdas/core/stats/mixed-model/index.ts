/** Linear mixed models with a random subject intercept: REML fits as lme4, Satterthwaite t and type-III F tests as lmerTest (docs/mixed-models.md). */
export {
  designFromMatrix,
  factor,
  factorialDesign,
  fullFactorialTerms,
  isDesignError,
  type DesignError,
  type DesignTerm,
  type Factor,
  type FactorialDesignOptions,
  type FactorOptions,
  type FixedDesign,
} from './design-matrix.js';
export {
  fitPreparedMixedModel,
  linearMixedModel,
  linearMixedModels,
  prepareMixedModel,
  resolveDesign,
  type FactorialSpec,
  type FixedEffect,
  type MixedModelConvergence,
  type MixedModelFit,
  type MixedModelOptions,
  type MixedModelResult,
  type PreparedMixedModel,
  type Type3Test,
} from './fit.js';
export { brentRoot, optimizeVarianceRatio, profileAt, responseStatistics, type ProfilePoint, type RatioOptimum, type ResponseStatistics } from './reml.js';
export { contrastTest, fStatisticDf, hypothesisFTest, type ContrastTest, type FTest, type SatterthwaiteState } from './satterthwaite.js';
export { subjectStructure, type MixedModelError, type SubjectStructure } from './subjects.js';
export { type3Contrasts, type TermHypothesis } from './type3.js';
