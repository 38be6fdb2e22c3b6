/**
 * Everything computed for one metabolomics dataset: parse, reconcile
 * sample names with the study metadata, process (MetaboAnalyst defaults or the
 * study's options), PCA, per-feature and per-sample summaries, and the processed
 * matrix as a TSV.gz artifact.
 */

import { gzipSync } from 'fflate';
import type { Attached } from '../amplicon/dataset.js';
import { pca } from '../ordination/pca.js';
import { prepareMetabolomics } from '../pipeline/metabolomics-step.js';
import { listIds } from '../pipeline/notes.js';
import type { DatasetOutcome } from '../results/model.js';
import type { MetadataTable } from '../study/feature-annotations.js';
import type { MetabolomicsFormatId, MetabolomicsTable } from './matrix.js';
import type { ProcessOptions } from './process/options.js';
import type { MetabolomicsProcessing } from './process/process.js';

export interface MetabolomicsContext {
  metadataSampleIds?: Attached<string[]>;
  featureMetadata?: Attached<MetadataTable>;
  options?: ProcessOptions;
}

/** PCA components stored (scores per sample, variance per component). */
const PCA_COMPONENTS = 10;

/** The metabolomics outcome of a parsed metabolomics table (`parseInput`), processed and reconciled by `prepareMetabolomics`. */
export function metabolomicsOutcome(
  parsed: MetabolomicsTable,
  format: MetabolomicsFormatId | 'biom-hdf5' | 'biom-json' | 'biom-tsv',
  fileName: string,
  ctx: MetabolomicsContext,
): DatasetOutcome {
  const prepared = prepareMetabolomics(parsed, fileName, {
    ...(ctx.metadataSampleIds ? { metadataSampleIds: ctx.metadataSampleIds.value } : {}),
    ...(ctx.featureMetadata ? { featureMetadata: ctx.featureMetadata.value } : {}),
    ...(ctx.options ? { options: ctx.options } : {}),
  });
  if (!prepared.ok) return { status: 'FAILED', kind: 'metabolomics', format, error: prepared.error };
  const { table, processing: p, reconciliation: reconciled, unmatchedFeatures } = prepared.value;
  const notes = table.warnings.map((w) => `${w.message}${w.line ? ` (line ${w.line})` : ''}`);
  if (!ctx.metadataSampleIds) notes.push('no sample metadata in the study yet');
  if (unmatchedFeatures?.length)
    notes.push(
      `${unmatchedFeatures.length} features have no row in ${ctx.featureMetadata!.source}: ${listIds(unmatchedFeatures)}`,
    );
  if (reconciled?.unmatchedTable.length)
    notes.push(
      `${reconciled.unmatchedTable.length} table samples match no row of ${ctx.metadataSampleIds!.source}: ${listIds(reconciled.unmatchedTable)}`,
    );
  if (reconciled?.unmatchedMetadata.length)
    notes.push(
      `${reconciled.unmatchedMetadata.length} rows of ${ctx.metadataSampleIds!.source} match no sample of this table: ${listIds(reconciled.unmatchedMetadata)}`,
    );
  if (p.featureIds.length === 0) notes.push('no feature passed the filters: nothing to ordinate');

  const canPca = p.sampleIds.length >= 3 && p.featureIds.length >= 2;
  const scores = canPca
    ? pca(
        p.processed,
        p.sampleIds.length,
        p.featureIds.length,
        Math.min(PCA_COMPONENTS, p.sampleIds.length - 1, p.featureIds.length),
      )
    : null;
  const processedIndex = new Map(Array.from(p.sampleIndex, (s, k) => [s, k]));

  const sampleRows = table.sampleIds.map((sampleId, s) => {
    const k = processedIndex.get(s);
    return {
      sampleId,
      order: s,
      totalIntensity: p.sampleStats.totalIntensity[s]!,
      missingFraction: p.sampleStats.missingFraction[s]!,
      metadataId: reconciled ? (reconciled.mapping.get(sampleId) ?? null) : null,
      sampleType: table.samples.sampleType[s] ?? null,
      classLabel: table.samples.classLabel[s] ?? null,
      processed: k !== undefined,
      ...(scores && k !== undefined
        ? { axes: { pca: Array.from(scores.scores.subarray(k * scores.nComponents, (k + 1) * scores.nComponents)) } }
        : {}),
    };
  });
  return {
    status: 'READY',
    kind: 'metabolomics',
    format,
    samples: table.sampleIds.length,
    features: table.featureIds.length,
    sampleRows,
    featureRows: featureRows(table, p),
    notes,
    families: scores
      ? {
          ORDINATION: [
            {
              id: 'pca',
              metric: 'pca',
              method: 'pca',
              samples: p.sampleIds.length,
              axes: scores.nComponents,
              eigenvalues: Array.from(scores.variance),
              proportionExplained: Array.from(scores.proportion),
              totalVariance: scores.totalVariance,
              nNegativeEigenvalues: 0,
              mostNegativeEigenvalue: 0,
            },
          ],
        }
      : {},
    artifacts: [
      {
        name: 'processed',
        fileName: 'processed.tsv.gz',
        contentType: 'text/tab-separated-values',
        contentEncoding: 'gzip',
        body: gzipSync(new TextEncoder().encode(processedTsv(p)), { level: 6 }),
      },
    ],
    parameters: {
      steps: p.steps,
      options: p.options,
      glogOffset: p.glogOffset,
      normalizationReference: p.normalization.referenceSamples,
      quantity: table.quantity,
      rtUnit: table.features.rtUnit,
      orientation: table.orientation,
      orientationSource: table.orientationSource,
      decimalSeparator: table.decimalSeparator,
      keptFeatures: p.featureIds.length,
      droppedFeatures: p.dropped.length,
      unmatchedSamples: reconciled?.unmatchedTable ?? [],
    },
  };
}

/** featureId, m/z, RT, annotation, missing fraction, mean, median, RSD, QC RSD, kept or the reason it was dropped. */
function featureRows(table: MetabolomicsTable, p: MetabolomicsProcessing): Record<string, unknown>[] {
  const drops = new Map(p.dropped.map((d) => [d.index, d]));
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  const f = table.features;
  return table.featureIds.map((featureId, i) => ({
    featureId,
    order: i,
    mz: num(f.mz[i]!),
    rt: num(f.rt[i]!),
    rtUnit: f.rtUnit,
    annotation: f.name[i] ?? null,
    missingFraction: num(p.featureStats.missingFraction[i]!),
    mean: num(p.featureStats.mean[i]!),
    median: num(p.featureStats.median[i]!),
    rsd: num(p.featureStats.rsd[i]!),
    qcRsd: num(p.featureStats.qcRsd[i]!),
    kept: !drops.has(i),
    dropReason: drops.get(i)?.reason ?? null,
    ...extraColumns(f.extra, i),
  }));
}

const ROW_FIELDS = new Set([
  'featureId',
  'order',
  'mz',
  'rt',
  'rtUnit',
  'annotation',
  'missingFraction',
  'mean',
  'median',
  'rsd',
  'qcRsd',
  'kept',
  'dropReason',
  'datasetId',
  'runId',
]);

/** The file's other per-feature columns (e.g. W4M variableMetadata's hmdb, chemicalClass), flat, never overriding a computed field. */
function extraColumns(extra: Record<string, (string | null)[]>, i: number): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, values] of Object.entries(extra)) if (name && !ROW_FIELDS.has(name)) out[name] = values[i] ?? null;
  return out;
}

/** The processed matrix as TSV: features in rows, processed samples in columns (full-precision numbers). */
export function processedTsv(p: MetabolomicsProcessing): string {
  const nS = p.sampleIds.length;
  const nF = p.featureIds.length;
  const lines = [['featureId', ...p.sampleIds].join('\t')];
  const row = new Array<string>(nS + 1);
  for (let f = 0; f < nF; f++) {
    row[0] = p.featureIds[f]!;
    for (let s = 0; s < nS; s++) row[s + 1] = String(p.processed[s * nF + f]);
    lines.push(row.join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
