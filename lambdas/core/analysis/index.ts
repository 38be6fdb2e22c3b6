/** Study-level statistics: design resolution, comparisons, PERMANOVA, differential features, correlations and pathways (docs/study-statistics.md). */

export { type PairedTResult, pairedT } from '../stats/paired-t.js';
export { MAX_EXACT_RANK_SAMPLES, type RankedVariables, rankVariables, rhoOf } from '../stats/rank-variables.js';
export {
  EXACT_FAMILY_PAIRS,
  type FamilyOptions,
  type FamilyResult,
  type StoredPair,
  spearmanFamily,
} from '../stats/spearman-family.js';
export { type SpearmanPTable, spearmanPTable, TABLE_TOLERANCE } from '../stats/spearman-p-table.js';
export { ALPHA_TEST_METRICS, type AlphaTestMetric } from './alpha-tests.js';
export { analyzeStudy } from './analyze-study.js';
export { inferSubject, MAX_INFERRED_LEVELS, MAX_SAMPLES_PER_SUBJECT_LEVEL, resolveStudyDesign } from './design.js';
export { pathwayEnrichment, pathwayLookup } from './pathways.js';
export {
  type ChangeSelection,
  type DatasetSamples,
  type GroupSelection,
  groupSizes,
  type PairedSelection,
  type Selection,
  StudySamples,
  selectSamples,
} from './samples.js';
export type * from './types.js';
