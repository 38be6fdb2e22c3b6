/**
 * Gathers a study's current inputs for the study statistics: the metadata, the
 * validated design, every READY table (re-read from its exact object version and
 * re-parsed, so the analysis sees the same bytes the dataset run did) and the
 * pathway map.
 */
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { parseInput, type ParseHints } from '../core/pipeline/index.js';
import type { SampleMetadata } from '../core/study/qiime2-metadata.js';
import { StudyDesignSchema, type StudyDesign } from '../core/study/study-design.js';
import { parseMetabolomicsTable } from '../core/metabolomics/formats/index.js';
import { processMetabolomics } from '../core/metabolomics/process/process.js';
import { reconcileSampleNames } from '../core/metabolomics/reconcile.js';
import type { StudyInputs } from '../core/analysis/index.js';
import { fetchObject } from '../adapters/object-source.js';
import type { DatasetPointer, DynamoResultsStore } from '../adapters/results-store.js';

export interface LoadDeps {
  s3: S3Client;
  bucket: string;
  store: DynamoResultsStore;
}

export interface LoadedStudy {
  inputs: StudyInputs;
  /** dataset id -> run id of every dataset the analysis used */
  used: Record<string, string>;
  /** the newest updatedAt among the datasets used (orders analysis runs) */
  inputsAt: string;
  notes: string[];
}

/** Loads everything READY in the study; datasets that cannot be re-read are reported in notes, not fatal. */
export async function loadStudyInputs(deps: LoadDeps, study: string, ready?: DatasetPointer[]): Promise<LoadedStudy> {
  const datasets = ready ?? (await deps.store.listDatasets(study)).filter((d) => d.status === 'READY');
  const notes: string[] = [];
  const used: Record<string, string> = {};
  const use = (d: DatasetPointer) => (used[d.datasetId] = d.runId);

  const designPointer = datasets.find((d) => d.kind === 'design');
  const parsedDesign = designPointer ? StudyDesignSchema.safeParse(designPointer.provenance.parameters['design']) : null;
  const design: StudyDesign | null = parsedDesign?.success ? parsedDesign.data : null;
  if (designPointer && design) use(designPointer);

  const metadataPointer = preferred(datasets.filter((d) => d.kind === 'metadata'), 'metadata.tsv');
  const metadata = metadataPointer ? await readMetadata(deps, metadataPointer) : null;
  if (metadataPointer && metadata) use(metadataPointer);
  if (!metadata) notes.push('no READY sample metadata: comparisons and correlations need metadata.tsv');

  const hints = (d: DatasetPointer): ParseHints => ({
    path: d.provenance.key,
    ...(design?.kinds[d.datasetId] ? { kind: design.kinds[d.datasetId] } : {}),
    ...(metadata ? { studySampleIds: metadata.sampleIds } : {}),
    ...(design?.mothurLabel ? { mothurLabel: design.mothurLabel } : {}),
  });

  const amplicon: StudyInputs['amplicon'] = [];
  for (const d of datasets.filter((x) => x.kind === '16s')) {
    const parsed = await parseInput((await fetchObject(deps.s3, deps.bucket, d.provenance.key, d.provenance.versionId)).bytes, path.posix.basename(d.datasetId), hints(d));
    if (!parsed.ok || parsed.value.kind !== '16s') {
      notes.push(`${d.datasetId}: could not be re-read for the analysis`);
      continue;
    }
    const features = d.shards['FEATURES'] ? await deps.store.readFamily(d.runId, 'FEATURES', d.shards['FEATURES']) : [];
    const lineage = new Map(features.map((f) => [String(f['featureId']), (f['taxonomy'] as string | null) ?? null]));
    amplicon.push({ datasetId: d.datasetId, table: parsed.value.table, lineages: parsed.value.table.featureIds.map((id) => lineage.get(id) ?? null) });
    use(d);
  }

  const metabolomics: StudyInputs['metabolomics'] = [];
  for (const d of datasets.filter((x) => x.kind === 'metabolomics')) {
    const bytes = (await fetchObject(deps.s3, deps.bucket, d.provenance.key, d.provenance.versionId)).bytes;
    const parsed = await parseInput(bytes, path.posix.basename(d.datasetId), hints(d));
    if (!parsed.ok || parsed.value.kind !== 'metabolomics') {
      notes.push(`${d.datasetId}: could not be re-read for the analysis`);
      continue;
    }
    const table = parseMetabolomicsTable(parsed.value.bytes, path.posix.basename(d.datasetId), { format: parsed.value.format, ...(metadata ? { sampleIds: metadata.sampleIds } : {}) });
    if (!table.ok) continue;
    const p = processMetabolomics(table.value, design?.metabolomics ?? {});
    const mapping = metadata ? reconcileSampleNames(p.sampleIds, metadata.sampleIds).mapping : new Map<string, string>();
    metabolomics.push({
      datasetId: d.datasetId,
      sampleIds: p.sampleIds.map((id) => mapping.get(id) ?? id),
      featureIds: p.featureIds,
      normalized: p.normalized ?? p.processed,
      transformed: p.transformed ?? p.processed,
    });
    use(d);
  }

  const pathwayPointer = preferred(datasets.filter((d) => d.kind === 'pathways'), design?.pathways);
  let pathways: StudyInputs['pathways'] = null;
  if (pathwayPointer) {
    const parsed = await parseInput((await fetchObject(deps.s3, deps.bucket, pathwayPointer.provenance.key, pathwayPointer.provenance.versionId)).bytes, path.posix.basename(pathwayPointer.datasetId));
    if (parsed.ok && parsed.value.kind === 'pathways') {
      pathways = { datasetId: pathwayPointer.datasetId, featureToPathways: parsed.value.pathways };
      use(pathwayPointer);
    }
  }

  const inputsAt = datasets.filter((d) => used[d.datasetId]).reduce((m, d) => (d.updatedAt > m ? d.updatedAt : m), '');
  return { inputs: { metadata, design, amplicon, metabolomics, pathways }, used, inputsAt, notes };
}

/** The dataset at `preferredId` when present, else the most recently updated. */
function preferred(ds: DatasetPointer[], preferredId?: string): DatasetPointer | undefined {
  return ds.find((d) => d.datasetId === preferredId) ?? [...ds].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
}

async function readMetadata(deps: LoadDeps, d: DatasetPointer): Promise<SampleMetadata | null> {
  const parsed = await parseInput((await fetchObject(deps.s3, deps.bucket, d.provenance.key, d.provenance.versionId)).bytes, path.posix.basename(d.datasetId));
  return parsed.ok && parsed.value.kind === 'metadata' ? parsed.value.metadata : null;
}
