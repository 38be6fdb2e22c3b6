/** LEfSe: clade building, the KW and subclass tests, and the bootstrap LDA effect size. */
export { buildLefseClades, normalizeClades, lineagePrefixes, roundHalfEven, LEFSE_NORMALIZATION, GENUS_RANK_INDEX, type LefseClades, type LefseCladeOptions } from './clades.js';
export { lefseKruskalWallis, tieCubeSumAsR, type LefseKruskal } from './kruskal.js';
export { passesWilcoxonStep, coinWilcoxonP, median, type LefseHierarchy, type LefseSubclass, type MulticlassStrategy, type SubclassCorrection, type WilcoxonStepOptions } from './wilcoxon.js';
export { ldaFirstDiscriminant, LEFSE_LDA_TOL, type LdaFit, type LdaFailure } from './lda.js';
export { lefseEffectSizes, jitterFewValued, subsampleRejected, MAX_SUBSAMPLE_DRAWS, type EffectSizes, type EffectSizeFailure, type EffectSizeOptions } from './effect-size.js';
export { rightSingularVectors, orthogonalizeRows, type RightSingular } from './svd.js';
export {
  runLefse,
  resolveLefseOptions,
  lefseSampleOrder,
  lefseHierarchy,
  LEFSE_DEFAULT_SEED,
  type LefseOptions,
  type ResolvedLefseOptions,
  type LefseDesign,
  type LefseFeature,
  type LefseResult,
  type LefseFailure,
  type LefseEffectSizeStatus,
} from './lefse.js';
