/**
 * Ingest one uploaded object: dedupe on the S3 sequencer, read and hash the
 * bytes, parse and summarize them (core), write the run's rows, flip the
 * dataset pointer last, then tell the analysis queue the study changed.
 * Which study files attach, the parse hints and the per-kind dispatch are
 * core decisions (core/pipeline); this module only reads and writes.
 */

import { readDatasetInput } from '../adapters/dataset-reader.js';
import type { UploadEvent } from '../adapters/events.js';
import { internalError, isInfrastructureFault } from '../adapters/faults.js';
import { MAX_OBJECT_BYTES } from '../adapters/object-source.js';
import type { Clock, FetchedObject, Logger, ObjectStore, PipelineQueues, ResultsStore } from '../adapters/ports.js';
import { normalizeSequencer } from '../adapters/results-keys.js';
import { runIdOf } from '../adapters/run-id.js';
import { resultObjectKey, STUDY_DESIGN_FILE } from '../core/pipeline/contract.js';
import {
  datasetOutcome,
  designOutcome,
  failedOutcome,
  ignoredOutcome,
  type OutcomeContext,
  tooLargeOutcome,
} from '../core/pipeline/dataset-outcome.js';
import {
  datasetPointerOf,
  datasetRunHistory,
  datasetRunIdParts,
  outcomeFamilies,
  type UploadRef,
} from '../core/pipeline/dataset-run.js';
import { notDataReason } from '../core/pipeline/non-data.js';
import { parseSniffed, sniffInput } from '../core/pipeline/parse-input.js';
import {
  type AttachedFile,
  attachStudyFiles,
  fileNameOf,
  type LoadedStudyFile,
  mustRead,
  needsStudyFiles,
  parseHintsFor,
  studyFileContext,
  studyFilesChanged,
  tablesToReprocess,
} from '../core/pipeline/study-files.js';
import { type DatasetOutcome, isStudyFileKind, isTableKind } from '../core/results/model.js';
import type { DatasetPointer } from '../core/results/records.js';

export type { UploadRef } from '../core/pipeline/dataset-run.js';

export interface IngestDeps {
  objects: ObjectStore;
  /** where result files go in the bucket, e.g. 'results/' (never under the studies/ prefix that triggers ingest) */
  resultsPrefix: string;
  store: ResultsStore;
  queues: PipelineQueues;
  log: Logger;
  clock: Clock;
  supersededTtlSeconds: number;
}

export type IngestResult = 'processed' | 'duplicate' | 'stale' | 'unchanged';

/** Handles an S3 ObjectCreated event for a study file. */
export async function ingestUpload(deps: IngestDeps, upload: UploadEvent): Promise<IngestResult> {
  const seq = normalizeSequencer(upload.sequencer);
  const current = await deps.store.getDataset(upload.study, upload.datasetId);
  if (current && current.sequencer > seq) return 'stale';
  if (current && current.sequencer === seq) {
    // the first delivery may have stopped between the flip and the fan-out; the FIFO dedup id collapses a repeat
    await sendAnalyze(deps, current);
    return 'duplicate';
  }
  return processDataset(deps, { ...upload, sequencer: seq }, current);
}

/** Recomputes a dataset from the object its pointer names (same sequencer), e.g. after the study's taxonomy changed. */
export async function reprocessDataset(deps: IngestDeps, study: string, datasetId: string): Promise<IngestResult> {
  const current = await deps.store.getDataset(study, datasetId);
  if (!current) return 'stale';
  const p = current.provenance;
  const ref: UploadRef = {
    study,
    datasetId,
    key: p.key,
    versionId: p.versionId,
    etag: p.etag,
    sequencer: current.sequencer,
  };
  const files = await studyFilesOf(deps, ref);
  if (runIdOf(datasetRunIdParts(ref, p.sha256, files)) === current.runId) return 'unchanged';
  return processDataset(deps, ref, current);
}

async function processDataset(deps: IngestDeps, ref: UploadRef, current: DatasetPointer | null): Promise<IngestResult> {
  const ms = () => deps.clock.now().getTime();
  const t0 = ms();
  const obj = await deps.objects.get(ref.key, ref.versionId);
  const tFetch = ms();
  const files = await studyFilesOf(deps, ref);
  const outcome = await computeOutcome(deps, obj, ref, files);
  const tCompute = ms();

  const runId = runIdOf(datasetRunIdParts(ref, obj.sha256, files));
  if (current && current.runId === runId) return 'unchanged';

  const { shards, artifacts } = await writeRun(deps, ref, runId, outcome);
  const tWrite = ms();

  const at = deps.clock.now().toISOString();
  const object = {
    bucket: deps.objects.bucket,
    versionId: obj.versionId,
    etag: obj.etag,
    sha256: obj.sha256,
    size: obj.size,
  };
  const timingsMs = { fetch: tFetch - t0, compute: tCompute - tFetch, write: tWrite - tCompute };
  const pointer = datasetPointerOf({ ref, object, outcome, runId, files, shards, artifacts, timingsMs, at });

  const flip = await deps.store.flipDataset(pointer);
  const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + deps.supersededTtlSeconds;
  if (flip === 'stale') {
    const winner = await deps.store.getDataset(ref.study, ref.datasetId);
    if (winner?.runId !== runId && Object.keys(shards).length) await deps.store.expireRun(runId, shards, expiresAt);
    return winner?.runId === runId ? 'duplicate' : 'stale';
  }
  if (current && current.runId !== runId && Object.keys(current.shards).length) {
    await deps.store
      .expireRun(current.runId, current.shards, expiresAt)
      .catch((e) =>
        deps.log.warn('could not mark superseded run for expiry', { runId: current.runId, error: String(e) }),
      );
  }
  await deps.store.putRunHistory(ref.study, at, runId, datasetRunHistory(pointer, current?.runId ?? null));
  deps.log.info('dataset processed', {
    study: ref.study,
    datasetId: ref.datasetId,
    status: outcome.status,
    runId,
    ms: ms() - t0,
  });

  await afterFlip(deps, ref, pointer, files);
  return 'processed';
}

/** Writes the rows of a READY outcome (one family at a time) and its result files; returns the shard counts and file keys. */
async function writeRun(
  deps: IngestDeps,
  ref: UploadRef,
  runId: string,
  outcome: DatasetOutcome,
): Promise<{ shards: Record<string, number>; artifacts: Record<string, string> }> {
  const shards: Record<string, number> = {};
  const artifacts: Record<string, string> = {};
  for (const { family, rows, idOf } of outcomeFamilies(outcome)) {
    if (rows.length) shards[family] = await deps.store.writeFamily(runId, family, rows, idOf);
  }
  for (const a of outcome.status === 'READY' ? (outcome.artifacts ?? []) : []) {
    const key = resultObjectKey(deps.resultsPrefix, ref.study, ref.datasetId, runId, a.fileName);
    await deps.objects.put(key, a.body, a.contentType, a.contentEncoding);
    artifacts[a.name] = key;
  }
  return { shards, artifacts };
}

/** The study files the dataset uses now (core's nearest-READY rule over the study's pointers). */
async function studyFilesOf(deps: IngestDeps, ref: UploadRef): Promise<AttachedFile[]> {
  return attachStudyFiles(ref.datasetId, await deps.store.listDatasets(ref.study));
}

/** Sniffs once; reads the study files only when the upload is (or may be) a table; parses with the hints they give. */
async function computeOutcome(
  deps: IngestDeps,
  obj: FetchedObject,
  ref: UploadRef,
  files: AttachedFile[],
): Promise<DatasetOutcome> {
  if (obj.size > MAX_OBJECT_BYTES) return tooLargeOutcome(obj.size, MAX_OBJECT_BYTES);
  if (ref.datasetId === STUDY_DESIGN_FILE) return designOutcome(obj.bytes, ref.datasetId);
  const fileName = fileNameOf(ref.key);
  const notData = notDataReason(ref.datasetId);
  if (notData) return ignoredOutcome(fileName, notData);
  try {
    const sniffed = sniffInput(obj.bytes, fileName);
    const ctx = needsStudyFiles(sniffed) ? await loadStudyFiles(deps, files) : {};
    const parsed = await parseSniffed(sniffed, fileName, parseHintsFor(ref.key, ref.datasetId, ctx));
    return datasetOutcome(parsed, fileName, ctx);
  } catch (e) {
    // safety net: an S3/DynamoDB/network fault is retried; anything else the data provoked is a FAILED dataset
    if (isInfrastructureFault(e)) throw e;
    deps.log.error('internal error computing a dataset; recorded as FAILED INTERNAL', {
      datasetId: ref.datasetId,
      error: String(e),
    });
    return failedOutcome(internalError(e, ref.datasetId));
  }
}

/** Reads and parses the attached study files (a design comes validated from its pointer); what they give the table. */
async function loadStudyFiles(deps: IngestDeps, files: AttachedFile[]): Promise<OutcomeContext> {
  const loaded: LoadedStudyFile[] = [];
  for (const file of files) {
    if (!mustRead(file)) {
      loaded.push({ file, parsed: null });
      continue;
    }
    const p = await readDatasetInput(deps.objects, file.pointer);
    loaded.push({ file, parsed: p.ok ? p.value : null });
  }
  return studyFileContext(loaded);
}

/**
 * Fan-out after a flip: a new study file recomputes the study's tables; a table that finds the study files
 * changed while it ran re-queues itself (closing the race); every change queues one study analysis.
 */
async function afterFlip(
  deps: IngestDeps,
  ref: UploadRef,
  pointer: DatasetPointer,
  used: AttachedFile[],
): Promise<void> {
  const datasets =
    pointer.status === 'READY' && isStudyFileKind(pointer.kind) ? await deps.store.listDatasets(ref.study) : [];
  for (const t of tablesToReprocess(pointer, datasets))
    await deps.queues.reprocess({
      type: 'reprocess',
      study: ref.study,
      datasetId: t.datasetId,
      reason: `${pointer.kind} ${ref.datasetId} changed`,
    });
  if (
    isTableKind(pointer.kind) &&
    pointer.status === 'READY' &&
    studyFilesChanged(used, await studyFilesOf(deps, ref))
  ) {
    await deps.queues.reprocess({
      type: 'reprocess',
      study: ref.study,
      datasetId: ref.datasetId,
      reason: 'study files changed while processing',
    });
  }
  await sendAnalyze(deps, pointer);
}

/** Queues one analysis of the study; the run id is the FIFO deduplication id. */
async function sendAnalyze(deps: IngestDeps, pointer: DatasetPointer): Promise<void> {
  await deps.queues.analyze(
    {
      type: 'analyze',
      study: pointer.study,
      reason: `${pointer.datasetId} ${pointer.status}`,
      datasetId: pointer.datasetId,
      runId: pointer.runId,
    },
    pointer.runId,
  );
}
