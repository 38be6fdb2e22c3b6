/** Study-level statistics: design resolution, comparisons, PERMANOVA, differential features, correlations and pathways (docs/study-statistics.md). */
export { analyzeStudy } from './analyze-study.js';
export { resolveStudyDesign, inferSubject, MAX_INFERRED_LEVELS, MAX_SAMPLES_PER_SUBJECT_LEVEL } from './design.js';
export { selectSamples, groupSizes, StudySamples, type DatasetSamples, type Selection, type GroupSelection, type PairedSelection, type ChangeSelection } from './samples.js';
export { pairedT, type PairedTResult } from '../stats/paired-t.js';
export { rankVariables, rhoOf, MAX_EXACT_RANK_SAMPLES, type RankedVariables } from '../stats/rank-variables.js';
export { spearmanFamily, EXACT_FAMILY_PAIRS, type FamilyOptions, type FamilyResult, type StoredPair } from '../stats/spearman-family.js';
export { spearmanPTable, TABLE_TOLERANCE, type SpearmanPTable } from '../stats/spearman-p-table.js';
export { pathwayEnrichment, pathwayLookup } from './pathways.js';
export { ALPHA_TEST_METRICS, type AlphaTestMetric } from './alpha-tests.js';
export type * from './types.js';
