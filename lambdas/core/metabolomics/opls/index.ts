/** Two-class PLS-DA and OPLS-DA as ropls 1.39 computes them, with ropls's cross-validation, automatic rules, VIP and permutation test. */
export { plsDa } from './pls-da.js';
export { oplsDa, NO_OPLS_MODEL_MESSAGE } from './opls-da.js';
export { roplsSegments, crossValidationFits, type Fit } from './cross-validation.js';
export { gramMatrix, chooseGramMethod, EXPLICIT_GRAM_MAX_SAMPLES, type GramOperator } from './gram.js';
export { signif, componentSignificance, q2Threshold, automaticMaximum, MIN_R2Y } from './rules.js';
export { atLeastAsGood, PERMUTATION_RULE } from './permutation.js';
export { plsVip, oplsVip } from './vip.js';
export { classLevelsOf, ZERO_VARIANCE } from './preprocess.js';
export type * from './types.js';
