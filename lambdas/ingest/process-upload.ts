/**
 * Ingest one uploaded object: dedupe on the S3 sequencer, read and hash the
 * bytes, parse and summarize them (core), write the run's rows, flip the
 * dataset pointer last, then tell the analysis queue the study changed.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { parseInput, sniffFormat, type ParseHints } from '../core/pipeline/index.js';
import { kindOfFormat } from '../core/pipeline/sniff.js';
import { tryParse } from '../core/errors.js';
import { designOutcome, failedOutcome, outcomeOf, type OutcomeContext } from '../core/pipeline/dataset-outcome.js';
import { StudyDesignSchema } from '../core/study/study-design.js';
import { parseW4mSampleMetadata, parseW4mVariableMetadata } from '../core/metabolomics/formats/w4m.js';
import type { DatasetOutcome } from '../core/results/model.js';
import { SOFTWARE_VERSION } from '../core/version.js';
import { fetchObject, putResultObject, MAX_OBJECT_BYTES, type FetchedObject } from '../adapters/object-source.js';
import type { DatasetPointer, DynamoResultsStore } from '../adapters/results-store.js';
import type { QueueSender } from '../adapters/queues.js';
import { normalizeSequencer, type ResultFamily } from '../adapters/results-keys.js';
import type { Logger } from '../adapters/logger.js';

export interface IngestDeps {
  s3: S3Client;
  bucket: string;
  /** where result files go in the bucket, e.g. 'results/' (never under the studies/ prefix that triggers ingest) */
  resultsPrefix: string;
  store: DynamoResultsStore;
  queues: QueueSender;
  log: Logger;
  now: () => Date;
  supersededTtlSeconds: number;
}

export interface UploadRef {
  study: string;
  datasetId: string;
  key: string;
  versionId: string | null;
  etag: string;
  sequencer: string;
}

export type IngestResult = 'processed' | 'duplicate' | 'stale' | 'unchanged';

/** Handles an S3 ObjectCreated event for a study file. */
export async function ingestUpload(deps: IngestDeps, ref: UploadRef): Promise<IngestResult> {
  const seq = normalizeSequencer(ref.sequencer);
  const current = await deps.store.getDataset(ref.study, ref.datasetId);
  if (current && current.sequencer > seq) return 'stale';
  if (current && current.sequencer === seq) {
    // the first delivery may have stopped between the flip and the fan-out; the FIFO dedup id collapses a repeat
    await sendAnalyze(deps, ref.study, ref.datasetId, current);
    return 'duplicate';
  }
  return processDataset(deps, { ...ref, sequencer: seq }, current);
}

/** Recomputes a dataset from the object its pointer names (same sequencer), e.g. after the study's taxonomy changed. */
export async function reprocessDataset(deps: IngestDeps, study: string, datasetId: string): Promise<IngestResult> {
  const current = await deps.store.getDataset(study, datasetId);
  if (!current) return 'stale';
  const p = current.provenance;
  const ref = { study, datasetId, key: p.key, versionId: p.versionId, etag: p.etag, sequencer: current.sequencer };
  const context = await findContext(deps, ref);
  if (runIdOf(ref, p.sha256, context) === current.runId) return 'unchanged';
  return processDataset(deps, ref, current);
}

async function processDataset(deps: IngestDeps, ref: UploadRef, current: DatasetPointer | null): Promise<IngestResult> {
  const t0 = Date.now();
  const obj = await fetchObject(deps.s3, deps.bucket, ref.key, ref.versionId);
  const tFetch = Date.now();
  const fileName = path.posix.basename(ref.key);
  const context = await findContext(deps, ref);
  const outcome = await computeOutcome(deps, obj, fileName, ref, context);
  const tCompute = Date.now();

  const runId = runIdOf(ref, obj.sha256, context);
  if (current && current.runId === runId) return 'unchanged';

  const shards: Record<string, number> = {};
  const artifacts: Record<string, string> = {};
  if (outcome.status === 'READY') {
    if (outcome.sampleRows.length) shards['SAMPLES'] = await deps.store.writeFamily(runId, 'SAMPLES', outcome.sampleRows, (r) => String(r['sampleId']));
    if (outcome.featureRows.length) shards['FEATURES'] = await deps.store.writeFamily(runId, 'FEATURES', outcome.featureRows, (r) => String(r['featureId']));
    for (const [family, rows] of Object.entries(outcome.families ?? {}) as [ResultFamily, Record<string, unknown>[]][]) {
      if (rows.length) shards[family] = await deps.store.writeFamily(runId, family, rows, (r) => String(r['id']));
    }
    for (const a of outcome.artifacts ?? []) {
      const key = `${deps.resultsPrefix}${ref.study}/${ref.datasetId}/${runId}/${a.fileName}`;
      await putResultObject(deps.s3, deps.bucket, key, a.body, a.contentType, a.contentEncoding);
      artifacts[a.name] = key;
    }
  }
  const tWrite = Date.now();

  const at = deps.now().toISOString();
  const pointer: DatasetPointer = {
    study: ref.study,
    datasetId: ref.datasetId,
    kind: outcome.kind,
    format: outcome.format,
    status: outcome.status,
    runId,
    sequencer: ref.sequencer,
    etag: obj.etag,
    samples: outcome.status === 'READY' ? outcome.samples : 0,
    features: outcome.status === 'READY' ? outcome.features : 0,
    ...(outcome.status === 'FAILED' ? { error: { ...outcome.error, file: ref.datasetId } } : {}),
    notes: outcome.status === 'READY' ? outcome.notes : [],
    shards,
    artifacts,
    provenance: {
      bucket: deps.bucket,
      key: ref.key,
      versionId: obj.versionId,
      etag: obj.etag,
      sha256: obj.sha256,
      size: obj.size,
      sequencer: ref.sequencer,
      parameters: outcome.status === 'READY' ? outcome.parameters : {},
      softwareVersion: SOFTWARE_VERSION,
      timingsMs: { fetch: tFetch - t0, compute: tCompute - tFetch, write: tWrite - tCompute },
      inputs: context.map((c) => ({ datasetId: c.datasetId, runId: c.runId })),
    },
    updatedAt: at,
  };

  const flip = await deps.store.flipDataset(pointer);
  const expiresAt = Math.floor(deps.now().getTime() / 1000) + deps.supersededTtlSeconds;
  if (flip === 'stale') {
    const winner = await deps.store.getDataset(ref.study, ref.datasetId);
    if (winner?.runId !== runId && Object.keys(shards).length) await deps.store.expireRun(runId, shards, expiresAt);
    return winner?.runId === runId ? 'duplicate' : 'stale';
  }
  if (current && current.runId !== runId && Object.keys(current.shards).length) {
    await deps.store.expireRun(current.runId, current.shards, expiresAt).catch((e) =>
      deps.log.warn('could not mark superseded run for expiry', { runId: current.runId, error: String(e) }),
    );
  }
  await deps.store.putRunHistory(ref.study, at, runId, {
    datasetId: ref.datasetId,
    status: outcome.status,
    kind: outcome.kind,
    key: ref.key,
    sha256: obj.sha256,
    sequencer: ref.sequencer,
    supersedes: current?.runId ?? null,
    timingsMs: pointer.provenance.timingsMs,
    softwareVersion: SOFTWARE_VERSION,
  });
  deps.log.info('dataset processed', { study: ref.study, datasetId: ref.datasetId, status: outcome.status, runId, ms: Date.now() - t0 });

  await afterFlip(deps, ref, pointer, context);
  return 'processed';
}

/** Kinds of study files that attach to the study's tables; when one changes, the tables are recomputed. */
const CONTEXT_KINDS = ['taxonomy', 'metadata', 'feature-metadata', 'tree', 'design'] as const;
type ContextKind = (typeof CONTEXT_KINDS)[number];
/** Kinds recomputed when a study file changes. */
const TABLE_KINDS = ['16s', 'metabolomics'];

interface ContextSource {
  kind: ContextKind;
  datasetId: string;
  runId: string;
  key: string;
  versionId: string | null;
  sameFolder: boolean;
  pointer: DatasetPointer;
}

/** How near a study file is to a table's folder: its own folder, then the closest enclosing folder (the study root last), then anything else. */
function closeness(datasetId: string, tableDir: string): number {
  const dir = path.posix.dirname(datasetId);
  if (dir === tableDir) return 1000;
  if (dir === '.') return 1;
  return tableDir.startsWith(dir + '/') ? 1 + dir.split('/').length : 0;
}

/** The study files a table uses, one per kind: the nearest READY one (same folder, enclosing folders, study root), else the most recently updated. */
async function findContext(deps: IngestDeps, ref: UploadRef): Promise<ContextSource[]> {
  const datasets = await deps.store.listDatasets(ref.study);
  const dir = path.posix.dirname(ref.datasetId);
  const sameDir = (d: DatasetPointer) => path.posix.dirname(d.datasetId) === dir;
  const out: ContextSource[] = [];
  for (const kind of CONTEXT_KINDS) {
    const candidates = datasets.filter((d) => d.kind === kind && d.status === 'READY' && d.datasetId !== ref.datasetId);
    if (!candidates.length) continue;
    candidates.sort((a, b) => closeness(b.datasetId, dir) - closeness(a.datasetId, dir) || b.updatedAt.localeCompare(a.updatedAt));
    const c = candidates[0]!;
    out.push({ kind, datasetId: c.datasetId, runId: c.runId, key: c.provenance.key, versionId: c.provenance.versionId, sameFolder: sameDir(c), pointer: c });
  }
  return out;
}

async function computeOutcome(deps: IngestDeps, obj: FetchedObject, fileName: string, ref: UploadRef, context: ContextSource[]): Promise<DatasetOutcome> {
  if (obj.size > MAX_OBJECT_BYTES) {
    return failedOutcome({ code: 'TOO_LARGE', message: `object is ${obj.size} bytes`, line: 0, column: 0, expected: `at most ${MAX_OBJECT_BYTES} bytes` });
  }
  if (ref.datasetId === 'study.json') return designOutcome(obj.bytes, ref.datasetId);
  // study files only matter to tables; a taxonomy, metadata, tree or pathway upload needs none of them
  const sniffedKind = tryParse(() => kindOfFormat(sniffFormat(obj.bytes, fileName)));
  const needsContext = !sniffedKind.ok || sniffedKind.value === null || TABLE_KINDS.includes(sniffedKind.value);
  const ctx = needsContext ? await loadContext(deps, context) : {};
  const hints: ParseHints = {
    path: ref.key,
    ...(ctx.design?.kinds[ref.datasetId] ? { kind: ctx.design.kinds[ref.datasetId] } : {}),
    ...(ctx.metadataSampleIds ? { studySampleIds: ctx.metadataSampleIds.value } : {}),
    ...(ctx.design?.mothurLabel ? { mothurLabel: ctx.design.mothurLabel } : {}),
  };
  const parsed = await parseInput(obj.bytes, fileName, hints);
  if (!parsed.ok) {
    const sniffed = tryParse(() => sniffFormat(obj.bytes, fileName));
    const format = sniffed.ok ? sniffed.value : 'unknown';
    return failedOutcome({ ...parsed.error, file: ref.datasetId }, (sniffed.ok && kindOfFormat(sniffed.value)) || 'unknown', format);
  }
  return outcomeOf(parsed.value, fileName, ctx);
}

/** Reads and parses the attached study files; the design comes validated from its dataset item. */
async function loadContext(deps: IngestDeps, context: ContextSource[]): Promise<OutcomeContext> {
  const ctx: OutcomeContext = {};
  for (const c of context) {
    if (c.kind === 'design') {
      const d = StudyDesignSchema.safeParse(c.pointer.provenance.parameters['design']);
      if (d.success) ctx.design = d.data;
      continue;
    }
    const o = await fetchObject(deps.s3, deps.bucket, c.key, c.versionId);
    const p = await parseInput(o.bytes, path.posix.basename(c.key));
    if (!p.ok) continue;
    const attached = <T>(value: T) => ({ value, source: c.datasetId, sameFolder: c.sameFolder });
    if (p.value.kind === 'taxonomy') {
      const t = p.value.taxonomy;
      ctx.taxonomy = attached(new Map(t.featureIds.map((id, i) => [id, t.taxa[i]!])));
    } else if (p.value.kind === 'metadata') ctx.metadataSampleIds = attached(p.value.metadata.sampleIds);
    else if (p.value.kind === 'tree') ctx.tree = attached(p.value.tree);
    else if (p.value.kind === 'metabolomics' && p.value.format === 'w4m-sample-metadata') ctx.metadataSampleIds = attached(parseW4mSampleMetadata(p.value.bytes).ids);
    else if (p.value.kind === 'metabolomics' && p.value.format === 'w4m-variable-metadata' && c.sameFolder) ctx.featureMetadata = attached(parseW4mVariableMetadata(p.value.bytes));
  }
  return ctx;
}

/** Deterministic run id: the same input (object + sequencer + attached study files) always gives the same id, so retries overwrite rather than double. */
function runIdOf(ref: UploadRef, sha256: string, context: ContextSource[]): string {
  return createHash('sha256')
    .update([ref.study, ref.datasetId, ref.sequencer, sha256, ...context.map((c) => `${c.kind}:${c.runId}`), SOFTWARE_VERSION].join('\0'))
    .digest('hex')
    .slice(0, 20);
}

/**
 * Fan-out after a flip: a new taxonomy or metadata file recomputes the study's tables; a table that finds the
 * study files changed while it ran re-queues itself (closing the race); every change queues one study analysis.
 */
async function afterFlip(deps: IngestDeps, ref: UploadRef, pointer: DatasetPointer, used: ContextSource[]): Promise<void> {
  if ((CONTEXT_KINDS as readonly string[]).includes(pointer.kind) && pointer.status === 'READY') {
    const tables = (await deps.store.listDatasets(ref.study)).filter((d) => TABLE_KINDS.includes(d.kind) && d.status === 'READY');
    for (const t of tables) await deps.queues.reprocess({ type: 'reprocess', study: ref.study, datasetId: t.datasetId, reason: `${pointer.kind} ${ref.datasetId} changed` });
  }
  if (TABLE_KINDS.includes(pointer.kind) && pointer.status === 'READY') {
    const latest = await findContext(deps, ref);
    const key = (cs: ContextSource[]) => cs.map((c) => `${c.kind}:${c.runId}`).join(',');
    if (key(latest) !== key(used)) {
      await deps.queues.reprocess({ type: 'reprocess', study: ref.study, datasetId: ref.datasetId, reason: 'study files changed while processing' });
    }
  }
  await sendAnalyze(deps, ref.study, ref.datasetId, pointer);
}

/** Queues one analysis of the study; the run id is the FIFO deduplication id. */
async function sendAnalyze(deps: IngestDeps, study: string, datasetId: string, pointer: DatasetPointer): Promise<void> {
  await deps.queues.analyze({ type: 'analyze', study, reason: `${datasetId} ${pointer.status}`, datasetId, runId: pointer.runId }, pointer.runId);
}
