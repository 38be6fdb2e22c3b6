/** Two-class PLS-DA and OPLS-DA as ropls 1.39 computes them, with ropls's cross-validation, automatic rules, VIP and permutation test. */

export { crossValidationFits, type Fit, roplsSegments } from './cross-validation.js';
export { chooseGramMethod, EXPLICIT_GRAM_MAX_SAMPLES, type GramOperator, gramMatrix } from './gram.js';
export { NO_OPLS_MODEL_MESSAGE, oplsDa } from './opls-da.js';
export { atLeastAsGood, PERMUTATION_RULE } from './permutation.js';
export { plsDa } from './pls-da.js';
export { classLevelsOf, ZERO_VARIANCE } from './preprocess.js';
export { automaticMaximum, componentSignificance, MIN_R2Y, q2Threshold, signif } from './rules.js';
export type * from './types.js';
export { oplsVip, plsVip } from './vip.js';
