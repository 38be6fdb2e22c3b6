/**
 * Inputs and results of the study-level statistics (docs/study-statistics.md).
 * Every result row is flat: strings, numbers, booleans and nulls only, so the
 * results store can write it as one item.
 */

import type { PhyloTree } from '../study/newick.js';
import type { SampleMetadata } from '../study/qiime2-metadata.js';
import type { StudyDesign } from '../study/study-design.js';
import type { FeatureTable } from '../table/feature-table.js';

/** One 16S dataset: raw counts and the lineage of each feature (null when unknown). */
export interface AmpliconInput {
  datasetId: string;
  table: FeatureTable;
  lineages: (string | null)[];
  /** the study's tree when it has a tip for every feature: adds the UniFrac distances to PERMANOVA and ANOSIM */
  tree?: PhyloTree;
}

/** One processed metabolomics dataset: samples × kept features, sample-major (`processMetabolomics`). */
export interface MetabolomicsInput {
  datasetId: string;
  sampleIds: string[];
  featureIds: string[];
  /** normalized, untransformed (imputed) values: the fold-change scale */
  normalized: Float64Array;
  /** glog values before scaling: the test scale */
  transformed: Float64Array;
  /** 1 where the raw value was observed (not imputed), sample-major like `transformed`; all observed when absent */
  observed?: Uint8Array;
  /** the processed (scaled) matrix OPLS-DA and PLS-DA run on; `transformed` when absent */
  processed?: Float64Array;
  /** dataset sample id -> metadata sample id, for names that differ from the metadata's (ids not in the map are used as they are) */
  sampleIdMap?: Map<string, string>;
}

/** A feature -> pathways map (`parsePathwayMap`) and the dataset it came from. */
export interface PathwayInput {
  datasetId: string;
  featureToPathways: Map<string, string[]>;
}

/** Everything `analyzeStudy` reads: metadata, design, the study's datasets and its pathway map. */
export interface StudyInputs {
  metadata: SampleMetadata | null;
  /** null: infer everything (docs/study-design.md) */
  design: StudyDesign | null;
  amplicon: AmpliconInput[];
  metabolomics: MetabolomicsInput[];
  pathways: PathwayInput | null;
}

export type ComparisonKind = 'between' | 'within' | 'change' | 'omnibus';

/** Where a comparison came from: written in study.json, generated from its subject/group/time/baseline, or inferred from the metadata. */
export type ComparisonOrigin = 'study.json' | 'generated' | 'inferred';

/** A comparison as it runs: `groups` = [A, B], or every level (in order) for an omnibus comparison. */
export interface ResolvedComparison {
  name: string;
  kind: ComparisonKind;
  factor: string;
  groups: string[];
  /** column -> level every sample of the comparison must have */
  where: Record<string, string>;
  paired: boolean;
  origin: ComparisonOrigin;
  /** inferred comparisons of other columns that split the samples identically (compared once, under this name) */
  aliases?: string[];
}

/** A metadata column the design does not compare, and why. */
export interface SkippedColumn {
  column: string;
  reason: string;
}

/** The design actually used, recorded on the study. */
export interface ResolvedDesign {
  subject: string | null;
  group: string | null;
  time: string | null;
  baseline: string | null;
  comparisons: ResolvedComparison[];
  clinical: string[];
  prevalence: number;
  rarefactionDepth: number | null;
  permutations: number;
  oplsPermutations: number;
  minObserved: number;
  seed: number;
  correlationQ: number;
  topCorrelationsPerFeature: number;
  pathwayHitQ: number;
  pathways: string | null;
}

/** The design used and how it came about. */
export interface DesignRecord {
  resolved: ResolvedDesign;
  /** true when the comparisons were inferred from the metadata (no study.json, or one naming no comparisons, group or time) */
  inferred: boolean;
  /** the fields filled by inference: 'subject', 'baseline', 'comparisons', 'clinical' */
  inferredFields: string[];
  /** what was inferred and why, and what was skipped */
  notes: string[];
  /** metadata columns not compared, each with its reason (inferred designs) */
  skippedColumns?: SkippedColumn[];
}

/** One comparison with its sample counts in the metadata (paired and change: subjects with both samples). */
export interface ComparisonRow {
  name: string;
  kind: ComparisonKind;
  factor: string;
  /** '' for omnibus */
  groupA: string;
  groupB: string;
  /** every level compared, joined with ' | ' */
  levels: string;
  nLevels: number;
  /** the `where` filter as "column=level" joined with ', ' ('' when none) */
  where: string;
  paired: boolean;
  origin: ComparisonOrigin;
  /** null for omnibus */
  nA: number | null;
  nB: number | null;
  n: number;
}

export type GroupTestName = 'kruskal_wallis' | 'wilcoxon_rank_sum' | 'wilcoxon_signed_rank' | 'permanova' | 'anosim';

/** An alpha-diversity test, a PERMANOVA or an ANOSIM of one comparison on one 16S dataset. */
export interface TestRow {
  /** unique within a run: comparison|datasetId|test|metric|groupA|groupB */
  id: string;
  comparison: string;
  datasetId: string;
  test: GroupTestName;
  /** alpha metric, or distance for PERMANOVA and ANOSIM */
  metric: string;
  /** the two groups of a two-group test ('' for Kruskal–Wallis and an omnibus PERMANOVA) */
  groupA: string;
  groupB: string;
  /** the levels the test compares, joined with ' | ' (for Kruskal–Wallis and omnibus PERMANOVA/ANOSIM: every level) */
  levels: string;
  /** pseudo-F (PERMANOVA), R (ANOSIM), W/V/H (rank tests); null when undefined (e.g. every value tied); rows never hold NaN */
  statistic: number | null;
  /** PERMANOVA R², else null */
  r2: number | null;
  p: number | null;
  /** BH over the pairwise tests of an omnibus comparison (one metric, one dataset), else null */
  q: number | null;
  /** PERMANOVA / ANOSIM permutations, else null */
  permutations: number | null;
  /** PERMANOVA / ANOSIM permuted within subject */
  strata: boolean;
  /** observations used (signed rank: pairs with a non-zero difference; change: subjects) */
  n: number;
  nA: number | null;
  nB: number | null;
  /** rank tests: exact null distribution used; else null */
  exact: boolean | null;
  /** Kruskal–Wallis degrees of freedom, else null */
  df: number | null;
}

export type HitLevel = 'feature' | 'genus' | 'phylum' | 'metabolite';
export type EffectName = 'clr_mean_difference' | 'log2_fold_change' | 'mean_change_difference';

/** One tested feature of one comparison (16S: one rank; metabolomics: both tests in one row). */
export interface HitRow {
  comparison: string;
  datasetId: string;
  level: HitLevel;
  feature: string;
  /** 16S: wilcoxon_rank_sum | wilcoxon_signed_rank; metabolomics: welch_t | paired_t */
  test: string;
  statistic: number | null;
  p: number | null;
  /** BH over the family (comparison × dataset × level, per test) */
  q: number | null;
  effectName: EffectName;
  effect: number | null;
  /** 16S: fraction of the group's samples with a count > 0; metabolomics: null */
  prevalenceA: number | null;
  prevalenceB: number | null;
  /** 16S: mean relative abundance; metabolomics: mean normalized value (change: mean change of the glog value) */
  meanA: number | null;
  meanB: number | null;
  nA: number;
  nB: number;
  /** samples of each group where the feature was observed: 16S count > 0; metabolomics not missing (so not imputed); change: subjects observed at both times */
  observedA: number;
  observedB: number;
  /** fewer than the design's minObserved observed values in either group: tested, but never a headline */
  lowObserved: boolean;
  /** metabolomics: the rank test (wilcoxon_rank_sum | wilcoxon_signed_rank); 16S: null */
  secondTest: string | null;
  secondStatistic: number | null;
  secondP: number | null;
  secondQ: number | null;
  /** metabolomics: OPLS-DA predictive and orthogonal VIP and PLS-DA VIP of the comparison (null without a model); 16S: null */
  vip?: number | null;
  vipOrthogonal?: number | null;
  vipPls?: number | null;
}

export type CorrelationLevel = 'clinical' | 'feature' | 'genus' | 'metabolite';

/** One stored Spearman pair. */
export interface CorrelationRow {
  family: string;
  x: string;
  y: string;
  /** 'metadata' for a clinical variable */
  xDataset: string;
  yDataset: string;
  xLevel: CorrelationLevel;
  yLevel: CorrelationLevel;
  rho: number;
  p: number;
  /** BH over every tested pair of the family */
  q: number;
  n: number;
  /** pairs tested in the family (BH m) */
  familySize: number;
  /** why it is stored: q below correlationQ, among the top pairs of x or y, or both */
  selectedBy: 'q' | 'top' | 'q+top';
}

/** One correlation family: what was tested and how much was stored. */
export interface CorrelationFamilyRow {
  family: string;
  xDataset: string;
  yDataset: string;
  xLevel: CorrelationLevel;
  yLevel: CorrelationLevel;
  /** variables tested on each side (after the prevalence filter; constant ones excluded) */
  nX: number;
  nY: number;
  excludedX: number;
  excludedY: number;
  /** shared samples */
  n: number;
  pairs: number;
  significant: number;
  stored: number;
  /** 'exact': every p from the t tail; 'tabulated': BH ranks from an interpolated p (stored p exact), see docs */
  pMethod: 'exact' | 'tabulated';
}

/** Over-representation of one pathway among the hits of one metabolomics comparison. */
export interface PathwayRow {
  comparison: string;
  datasetId: string;
  pathwayDataset: string;
  pathway: string;
  hits: number;
  setSize: number;
  drawn: number;
  universe: number;
  expected: number;
  p: number;
  /** BH over the pathways with at least one hit, per comparison × dataset */
  q: number;
  /** the hit features in the pathway, joined with ' | ' */
  hitFeatures: string;
}

/** What a model row describes: an alpha metric, a genus (clr) or a metabolite (glog). */
export type ModelLevel = 'alpha' | 'genus' | 'feature' | 'metabolite';

/** One row of the `models` family: a fixed effect (t), a type-III term (F) or a repeated-measures correlation. */
export interface ModelRow {
  /** unique within a run: datasetId|level|response|test|term */
  id: string;
  datasetId: string;
  level: ModelLevel;
  response: string;
  /** 't': fixed effect; 'F': type-III test of a term; 'rmcorr': repeated-measures correlation with `term` (a clinical variable) */
  test: 't' | 'F' | 'rmcorr';
  /** lme4 term name ('(Intercept)', 'armhigh_calcium', 'time12', 'armhigh_calcium:time12'), type-III term ('arm', 'time', 'arm:time'), or the clinical variable */
  term: string;
  /** fixed effect estimate; rmcorr: the common within-subject slope */
  estimate: number | null;
  se: number | null;
  /** t, F, or r_rm */
  statistic: number | null;
  /** Satterthwaite df (t), denominator df (F), residual df (rmcorr) */
  df: number | null;
  /** numerator df of F, else null */
  numDF: number | null;
  p: number | null;
  /** BH per term (or clinical variable) over the responses of one dataset and level; null for alpha metrics */
  q: number | null;
  nObs: number;
  nSubjects: number;
  /** σ_b² and σ² of the fit (null for rmcorr) */
  varSubject: number | null;
  varResidual: number | null;
  singular: boolean | null;
}

/** One clade of a LEfSe run that passed the Kruskal–Wallis step (lefse-tests.ts). */
export interface LefseRow {
  /** unique within a run: comparison|datasetId|clade */
  id: string;
  comparison: string;
  datasetId: string;
  /** the clade's lineage key up to its rank (`;`-joined, `__` for unassigned ranks) */
  clade: string;
  rank: string;
  /** class with the highest mean */
  enrichedClass: string;
  kwP: number | null;
  /** log10 LDA score; null when the subclass step failed */
  lda: number | null;
  /** passed both tests and |LDA| > 2 */
  discriminative: boolean;
  /** per-class means of the per-million values, "class=mean | …" */
  classMeans: string;
  /** seed of the bootstrap */
  seed: number;
  n: number;
}

/** One OPLS-DA or PLS-DA record of a comparison on a metabolomics dataset: the model (`record` 'model') or one sample's scores ('score'). */
export interface OplsRow {
  /** unique within a run: comparison|datasetId|method|record[|sampleId] */
  id: string;
  comparison: string;
  datasetId: string;
  method: string;
  record: 'model' | 'score';
  /** false when ropls would build no model (reason says why) */
  built: boolean;
  reason: string | null;
  r2x: number | null;
  r2y: number | null;
  q2: number | null;
  nPredictive: number | null;
  nOrthogonal: number | null;
  pR2Y: number | null;
  pQ2: number | null;
  permutations: number | null;
  /** score rows: the sample, its group, its first predictive score and first orthogonal score */
  sampleId: string | null;
  group: string | null;
  t1: number | null;
  to1: number | null;
  n: number;
  seed: number;
}

/** Every result family of one study analysis (docs/study-statistics.md "What is stored"). */
export interface StudyAnalysis {
  design: DesignRecord;
  comparisons: ComparisonRow[];
  tests: TestRow[];
  hits: HitRow[];
  correlations: CorrelationRow[];
  correlationFamilies: CorrelationFamilyRow[];
  pathways: PathwayRow[];
  /** mixed models (t and type-III F per term) and repeated-measures correlations (trial-models.ts) */
  models: ModelRow[];
  /** LEfSe per comparison on 16S datasets with taxonomy */
  lefse: LefseRow[];
  /** OPLS-DA / PLS-DA per two-group comparison of each metabolomics dataset */
  opls: OplsRow[];
  notes: string[];
}
