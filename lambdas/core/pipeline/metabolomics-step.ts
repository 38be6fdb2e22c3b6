/**
 * The one metabolomics step both handlers run on a parsed intensity table:
 * attach the feature annotations, process (MetaboAnalyst defaults or the
 * study's options) and match the sample names to the metadata. Ingest turns
 * the result into the dataset's rows (`metabolomicsOutcome`); the analysis into
 * the dataset's input of the study statistics (`metabolomicsStudyInput`).
 */

import type { MetabolomicsInput } from '../analysis/types.js';
import { type Result, tryParse } from '../errors.js';
import type { MetabolomicsTable } from '../metabolomics/matrix.js';
import type { ProcessOptions } from '../metabolomics/process/options.js';
import { type MetabolomicsProcessing, processMetabolomics } from '../metabolomics/process/process.js';
import { reconcileSampleNames, type SampleReconciliation } from '../metabolomics/reconcile.js';
import { attachFeatureMetadata, type MetadataTable } from '../study/feature-annotations.js';

/** What the step uses besides the table; each part optional. */
export interface MetabolomicsStepContext {
  /** sample ids of the metadata the sample names are matched to */
  metadataSampleIds?: readonly string[];
  /** per-feature annotations (W4M variableMetadata) */
  featureMetadata?: MetadataTable;
  options?: ProcessOptions;
}

/** A processed metabolomics table. */
export interface PreparedMetabolomics {
  /** the table with the feature annotations attached */
  table: MetabolomicsTable;
  processing: MetabolomicsProcessing;
  /** features the annotations do not name; null without annotations */
  unmatchedFeatures: string[] | null;
  /** every table sample matched to the metadata; null without metadata */
  reconciliation: SampleReconciliation | null;
  /** the processed samples matched to the metadata (what the study statistics use); empty without metadata */
  processedSampleMap: Map<string, string>;
}

/** Attaches annotations, processes and reconciles; a processing data error (e.g. nothing left to normalize) comes back as a value. */
export function prepareMetabolomics(
  parsed: MetabolomicsTable,
  fileName: string,
  ctx: MetabolomicsStepContext = {},
): Result<PreparedMetabolomics> {
  const annotated = ctx.featureMetadata ? attachFeatureMetadata(parsed, ctx.featureMetadata) : null;
  const table = annotated?.table ?? parsed;
  const processed = tryParse(() => processMetabolomics(table, ctx.options ?? {}), fileName);
  if (!processed.ok) return processed;
  const p = processed.value;
  const ids = ctx.metadataSampleIds;
  return {
    ok: true,
    value: {
      table,
      processing: p,
      unmatchedFeatures: annotated ? annotated.unmatchedFeatures : null,
      reconciliation: ids ? reconcileSampleNames(table.sampleIds, ids) : null,
      processedSampleMap: ids ? reconcileSampleNames(p.sampleIds, ids).mapping : new Map<string, string>(),
    },
  };
}

/** The study-statistics input of a prepared dataset: processed samples under their metadata names, normalized and glog scales. */
export function metabolomicsStudyInput(datasetId: string, prepared: PreparedMetabolomics): MetabolomicsInput {
  const p = prepared.processing;
  return {
    datasetId,
    sampleIds: p.sampleIds.map((id) => prepared.processedSampleMap.get(id) ?? id),
    featureIds: p.featureIds,
    normalized: p.normalized ?? p.processed,
    transformed: p.transformed ?? p.processed,
    processed: p.processed,
    observed: p.observed,
  };
}
