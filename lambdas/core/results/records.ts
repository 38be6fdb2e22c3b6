/**
 * Schemas of every record the pipeline reads back from the results table: the
 * dataset pointer, the study record with its analysis pointer, run history and
 * the result rows the analysis and the queries read again. The store parses
 * each item with these at the read boundary, so nothing downstream casts.
 * Rows are loose: fields a reader does not name pass through unchanged.
 */
import { z } from 'zod';
import { type ResultFamily, ResultFamilySchema, StoredKindSchema } from './model.js';

/** A DataError as stored (`code` kept as a string so a code added later still reads). */
export const DataErrorItemSchema = z.object({
  code: z.string(),
  message: z.string(),
  file: z.string().optional(),
  line: z.number(),
  column: z.number(),
  expected: z.string().optional(),
});
export type DataErrorItem = z.output<typeof DataErrorItemSchema>;

export const DatasetStatusSchema = z.enum(['READY', 'FAILED', 'IGNORED']);
export type DatasetStatus = z.output<typeof DatasetStatusSchema>;

/** Where a dataset run came from: the exact object version, its hash, the parameters and the study files it used. */
export const ProvenanceSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  versionId: z.string().nullable(),
  etag: z.string(),
  sha256: z.string(),
  size: z.number(),
  sequencer: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  softwareVersion: z.string(),
  timingsMs: z.record(z.string(), z.number()),
  inputs: z.array(z.object({ datasetId: z.string(), runId: z.string() })).default([]),
});
export type Provenance = z.output<typeof ProvenanceSchema>;

/** The dataset pointer item: the one item a reader needs to find a dataset's current results. */
export const DatasetPointerSchema = z.object({
  study: z.string(),
  datasetId: z.string(),
  kind: StoredKindSchema,
  format: z.string(),
  status: DatasetStatusSchema,
  runId: z.string(),
  sequencer: z.string(),
  etag: z.string(),
  samples: z.number().default(0),
  features: z.number().default(0),
  error: DataErrorItemSchema.optional(),
  notes: z.array(z.string()).default([]),
  shards: z.record(z.string(), z.number()).default({}),
  artifacts: z.record(z.string(), z.string()).default({}),
  provenance: ProvenanceSchema,
  updatedAt: z.string(),
});
export type DatasetPointer = z.output<typeof DatasetPointerSchema>;

/** Fields both kinds of analysis pointer carry. */
const AnalysisPointerBase = {
  runId: z.string(),
  inputsAt: z.string(),
  analyzedAt: z.string(),
  reason: z.string(),
  /** dataset id -> run id of every dataset the analysis used */
  inputs: z.record(z.string(), z.string()),
  shards: z.record(z.string(), z.number()).default({}),
  softwareVersion: z.string(),
};

/** Row counts of an analysis run, per family. */
export const AnalysisCountsSchema = z.object({
  comparisons: z.number(),
  tests: z.number(),
  hits: z.number(),
  correlations: z.number(),
  pathways: z.number(),
  models: z.number().default(0),
  lefse: z.number().default(0),
  opls: z.number().default(0),
});
export type AnalysisCounts = z.output<typeof AnalysisCountsSchema>;

/** A study's current analysis: READY with its counts, design and notes, or FAILED with the data error. */
export const AnalysisPointerSchema = z.discriminatedUnion('status', [
  z.object({
    ...AnalysisPointerBase,
    status: z.literal('READY'),
    /** the design used and how it came about (core/analysis DesignRecord), opaque to readers */
    design: z.unknown(),
    counts: AnalysisCountsSchema,
    /** one row per correlation family (core/analysis CorrelationFamilyRow), opaque to readers */
    correlationFamilies: z.array(z.unknown()).default([]),
    notes: z.array(z.string()).default([]),
    timingsMs: z.record(z.string(), z.number()),
  }),
  z.object({ ...AnalysisPointerBase, status: z.literal('FAILED'), error: DataErrorItemSchema }),
]);
export type AnalysisPointer = z.output<typeof AnalysisPointerSchema>;
/** A READY analysis pointer. */
export type ReadyAnalysisPointer = Extract<AnalysisPointer, { status: 'READY' }>;

/** The study record: the last change seen and the current analysis pointer. */
export const StudyRecordSchema = z.object({
  study: z.string(),
  lastChangedAt: z.string().optional(),
  lastChangeReason: z.string().optional(),
  datasetsSeen: z
    .array(z.object({ datasetId: z.string(), runId: z.string(), status: DatasetStatusSchema }))
    .default([]),
  changeCount: z.number().default(0),
  analysis: AnalysisPointerSchema.optional(),
});
export type StudyRecord = z.output<typeof StudyRecordSchema>;

/** One run-history item: a dataset run (kind = the dataset's kind) or an analysis run (kind 'analysis'). */
export const RunHistoryItemSchema = z.looseObject({
  runId: z.string(),
  kind: z.union([StoredKindSchema, z.literal('analysis')]),
  status: DatasetStatusSchema,
  softwareVersion: z.string(),
  datasetId: z.string().optional(),
  reason: z.string().optional(),
  supersedes: z.string().nullable().optional(),
  error: DataErrorItemSchema.optional(),
});
export type RunHistoryItem = z.output<typeof RunHistoryItemSchema>;

const Num = z.number().nullable();
/** Every row carries the run that wrote it. */
const RowBase = { runId: z.string() };

/**
 * A per-sample row. Rows of metadata datasets carry the user's columns, which may use any name, so only the id is
 * typed here; the fields only table datasets write are read with their own schemas (`SampleAxesSchema`, `TopTaxaSchema`).
 */
export const SampleRowSchema = z.looseObject({ ...RowBase, sampleId: z.string() });
/** The ordination axes of a sample, per metric. */
export const SampleAxesSchema = z.record(z.string(), z.array(z.number()));
/** The relative abundance of the top taxa of a sample, per rank. */
export const TopTaxaSchema = z.record(z.string(), z.record(z.string(), z.number()));
/** A per-feature row: summaries, the lineage (16S) or the metabolite name (metabolomics); user columns are text. */
export const FeatureRowSchema = z.looseObject({
  ...RowBase,
  featureId: z.string(),
  taxonomy: z.string().nullable().optional(),
  annotation: z.string().nullable().optional(),
});
/** One taxon at one rank. */
export const TaxaRowSchema = z.looseObject({
  ...RowBase,
  id: z.string(),
  rank: z.string(),
  taxon: z.string(),
  meanRelativeAbundance: z.number(),
});
/** One ordination (PCoA of a distance, or PCA). */
export const OrdinationRowSchema = z.looseObject({
  ...RowBase,
  id: z.string(),
  metric: z.string(),
  method: z.string(),
  eigenvalues: z.array(z.number()),
  proportionExplained: z.array(z.number()),
  nNegativeEigenvalues: z.number(),
  mostNegativeEigenvalue: z.number(),
});
export const ComparisonRowSchema = z.looseObject({ ...RowBase, name: z.string() });
export const TestRowSchema = z.looseObject({
  ...RowBase,
  comparison: z.string(),
  test: z.string(),
  metric: z.string(),
  p: Num,
  q: Num,
});
export const HitRowSchema = z.looseObject({
  ...RowBase,
  comparison: z.string(),
  datasetId: z.string(),
  level: z.string(),
  feature: z.string(),
  q: Num,
});
export const CorrelationRowSchema = z.looseObject({
  ...RowBase,
  family: z.string(),
  x: z.string(),
  y: z.string(),
  q: Num,
  mirror: z.boolean(),
});
export const PathwayRowSchema = z.looseObject({
  ...RowBase,
  comparison: z.string(),
  datasetId: z.string(),
  pathway: z.string(),
  q: Num,
});
export const ModelRowSchema = z.looseObject({
  ...RowBase,
  datasetId: z.string(),
  level: z.string(),
  response: z.string(),
  test: z.string(),
  term: z.string(),
  p: Num,
  q: Num,
});
export const LefseRowSchema = z.looseObject({
  ...RowBase,
  comparison: z.string(),
  datasetId: z.string(),
  clade: z.string(),
  kwP: Num,
  lda: Num,
  discriminative: z.boolean(),
});
export const OplsRowSchema = z.looseObject({
  ...RowBase,
  comparison: z.string(),
  datasetId: z.string(),
  method: z.string(),
  record: z.enum(['model', 'score']),
});

/** A row of each family as read back. */
export interface FamilyRows {
  SAMPLES: z.output<typeof SampleRowSchema>;
  FEATURES: z.output<typeof FeatureRowSchema>;
  TAXA: z.output<typeof TaxaRowSchema>;
  ORDINATION: z.output<typeof OrdinationRowSchema>;
  COMPARISONS: z.output<typeof ComparisonRowSchema>;
  TESTS: z.output<typeof TestRowSchema>;
  HITS: z.output<typeof HitRowSchema>;
  CORRELATIONS: z.output<typeof CorrelationRowSchema>;
  PATHWAYS: z.output<typeof PathwayRowSchema>;
  MODELS: z.output<typeof ModelRowSchema>;
  LEFSE: z.output<typeof LefseRowSchema>;
  OPLS: z.output<typeof OplsRowSchema>;
}
/** A row of one family as read back. */
export type FamilyRow<F extends ResultFamily> = FamilyRows[F];

/** The schema of each row family. */
export const FAMILY_ROW_SCHEMAS: { [F in ResultFamily]: z.ZodType<FamilyRows[F]> } = {
  SAMPLES: SampleRowSchema,
  FEATURES: FeatureRowSchema,
  TAXA: TaxaRowSchema,
  ORDINATION: OrdinationRowSchema,
  COMPARISONS: ComparisonRowSchema,
  TESTS: TestRowSchema,
  HITS: HitRowSchema,
  CORRELATIONS: CorrelationRowSchema,
  PATHWAYS: PathwayRowSchema,
  MODELS: ModelRowSchema,
  LEFSE: LefseRowSchema,
  OPLS: OplsRowSchema,
};

/** The families GSI1 indexes: hits by q per comparison, correlations by q per feature. */
export const IndexedFamilySchema = ResultFamilySchema.extract(['HITS', 'CORRELATIONS']);
export type IndexedFamily = z.output<typeof IndexedFamilySchema>;

/**
 * Parses one item with `schema`, keeping the item's field order (the queries print rows as they are stored):
 * the parsed values (defaults applied) are laid over the item.
 */
export function readRecord<T extends object>(schema: z.ZodType<T>, item: Record<string, unknown>): T {
  return { ...item, ...schema.parse(item) };
}

/** Parses one row of `family` with the family's schema (field order kept). */
export function readFamilyRow<F extends ResultFamily>(family: F, item: Record<string, unknown>): FamilyRow<F> {
  return readRecord(FAMILY_ROW_SCHEMAS[family], item);
}
