/**
 * The records of one dataset run, as pure functions of what ingest read and
 * computed: the parts its run id hashes, the dataset pointer it flips, and the
 * run-history item it appends.
 */
import type { DatasetOutcome } from '../results/model.js';
import type { DatasetPointer } from '../results/records.js';
import { SOFTWARE_VERSION } from '../version.js';
import { type AttachedFile, studyFileRuns } from './study-files.js';

/** One upload of a study file: where it is, and the S3 event's identity of it. */
export interface UploadRef {
  study: string;
  datasetId: string;
  key: string;
  versionId: string | null;
  etag: string;
  /** the S3 sequencer (normalized to 32 hex digits once ingest compares it) */
  sequencer: string;
}

/** The object as read: its version, etag, size and sha256. */
export interface ObjectIdentity {
  bucket: string;
  versionId: string | null;
  etag: string;
  sha256: string;
  size: number;
}

/**
 * What a run id hashes: study, dataset, sequencer, the bytes' sha256, the run of every attached study file and the
 * software version. The same input always gives the same id, so retries overwrite rather than double.
 */
export function datasetRunIdParts(ref: UploadRef, sha256: string, files: readonly AttachedFile[]): string[] {
  return [ref.study, ref.datasetId, ref.sequencer, sha256, ...studyFileRuns(files), SOFTWARE_VERSION];
}

/** Everything the pointer of a finished run needs. */
export interface DatasetRun {
  ref: UploadRef;
  object: ObjectIdentity;
  outcome: DatasetOutcome;
  runId: string;
  files: readonly AttachedFile[];
  /** family -> shard count of the rows written */
  shards: Record<string, number>;
  /** artifact name -> object key */
  artifacts: Record<string, string>;
  timingsMs: Record<string, number>;
  /** ISO time of the flip */
  at: string;
}

/** The dataset pointer of a run: READY with counts and notes, or FAILED with the error located in the dataset. */
export function datasetPointerOf(run: DatasetRun): DatasetPointer {
  const { ref, object: obj, outcome } = run;
  return {
    study: ref.study,
    datasetId: ref.datasetId,
    kind: outcome.kind,
    format: outcome.format,
    status: outcome.status,
    runId: run.runId,
    sequencer: ref.sequencer,
    etag: obj.etag,
    samples: outcome.status === 'READY' ? outcome.samples : 0,
    features: outcome.status === 'READY' ? outcome.features : 0,
    ...(outcome.status === 'FAILED' ? { error: { ...outcome.error, file: ref.datasetId } } : {}),
    notes:
      outcome.status === 'READY' ? outcome.notes : outcome.status === 'IGNORED' ? [`ignored: ${outcome.reason}`] : [],
    shards: run.shards,
    artifacts: run.artifacts,
    provenance: {
      bucket: obj.bucket,
      key: ref.key,
      versionId: obj.versionId,
      etag: obj.etag,
      sha256: obj.sha256,
      size: obj.size,
      sequencer: ref.sequencer,
      parameters: outcome.status === 'READY' ? outcome.parameters : {},
      softwareVersion: SOFTWARE_VERSION,
      timingsMs: run.timingsMs,
      inputs: run.files.map((c) => ({ datasetId: c.pointer.datasetId, runId: c.pointer.runId })),
    },
    updatedAt: run.at,
  };
}

/** The run-history item of a flipped dataset run. */
export function datasetRunHistory(pointer: DatasetPointer, supersedes: string | null): Record<string, unknown> {
  return {
    datasetId: pointer.datasetId,
    status: pointer.status,
    kind: pointer.kind,
    key: pointer.provenance.key,
    sha256: pointer.provenance.sha256,
    sequencer: pointer.sequencer,
    supersedes,
    timingsMs: pointer.provenance.timingsMs,
    softwareVersion: SOFTWARE_VERSION,
  };
}

/** The rows of a READY outcome by family, each with the id that keys it (sample id, feature id, or the row's own id). */
export function outcomeFamilies(outcome: DatasetOutcome): {
  family: 'SAMPLES' | 'FEATURES' | 'TAXA' | 'ORDINATION';
  rows: Record<string, unknown>[];
  idOf: (row: Record<string, unknown>) => string;
}[] {
  if (outcome.status !== 'READY') return [];
  return [
    { family: 'SAMPLES', rows: outcome.sampleRows, idOf: (r) => String(r.sampleId) },
    { family: 'FEATURES', rows: outcome.featureRows, idOf: (r) => String(r.featureId) },
    { family: 'TAXA', rows: outcome.families?.TAXA ?? [], idOf: (r) => String(r.id) },
    { family: 'ORDINATION', rows: outcome.families?.ORDINATION ?? [], idOf: (r) => String(r.id) },
  ];
}
