/** LEfSe: clade building, the KW and subclass tests, and the bootstrap LDA effect size. */
export {
  buildLefseClades,
  GENUS_RANK_INDEX,
  LEFSE_NORMALIZATION,
  type LefseCladeOptions,
  type LefseClades,
  lineagePrefixes,
  normalizeClades,
  roundHalfEven,
} from './clades.js';
export {
  type EffectSizeFailure,
  type EffectSizeOptions,
  type EffectSizes,
  jitterFewValued,
  lefseEffectSizes,
  MAX_SUBSAMPLE_DRAWS,
  subsampleRejected,
} from './effect-size.js';
export { type LefseKruskal, lefseKruskalWallis, tieCubeSumAsR } from './kruskal.js';
export { type LdaFailure, type LdaFit, LEFSE_LDA_TOL, ldaFirstDiscriminant } from './lda.js';
export {
  LEFSE_DEFAULT_SEED,
  type LefseDesign,
  type LefseEffectSizeStatus,
  type LefseFailure,
  type LefseFeature,
  type LefseOptions,
  type LefseResult,
  lefseHierarchy,
  lefseSampleOrder,
  type ResolvedLefseOptions,
  resolveLefseOptions,
  runLefse,
} from './lefse.js';
export { orthogonalizeRows, type RightSingular, rightSingularVectors } from './svd.js';
export {
  coinWilcoxonP,
  type LefseHierarchy,
  type LefseSubclass,
  type MulticlassStrategy,
  median,
  passesWilcoxonStep,
  type SubclassCorrection,
  type WilcoxonStepOptions,
} from './wilcoxon.js';
