/**
 * In-memory implementations of the handlers' ports (lambdas/adapters/ports.ts):
 * a results store with DynamoDB's conditional-flip and GSI1 semantics, a
 * versioned object store, recording queues, a settable clock and a logger that
 * keeps its lines. Items are stored as JSON (undefined dropped, as the document
 * client's removeUndefinedValues does) and read back through the same schemas
 * as the DynamoDB store.
 */
import { createHash } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { AnalyzeMessage, ReprocessMessage } from '../../lambdas/adapters/events.js';
import type {
  Clock,
  DatasetSeen,
  FetchedObject,
  FlipResult,
  Logger,
  ObjectStore,
  PipelineQueues,
  ResultsStore,
} from '../../lambdas/adapters/ports.js';
import { shardCount } from '../../lambdas/adapters/results-keys.js';
import type { ResultFamily } from '../../lambdas/core/results/model.js';
import {
  type AnalysisPointer,
  type DatasetPointer,
  DatasetPointerSchema,
  type FamilyRow,
  type IndexedFamily,
  type RunHistoryItem,
  RunHistoryItemSchema,
  readFamilyRow,
  readRecord,
  type StudyRecord,
  StudyRecordSchema,
} from '../../lambdas/core/results/records.js';

/** A JSON round trip: what a store gives back is never the object that was written. */
function stored<T>(x: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(x)) as Record<string, unknown>;
}

/** The results table in memory. `failOn` makes the named method throw (an infrastructure fault) for a study or run. */
export class MemoryResultsStore implements ResultsStore {
  readonly datasets = new Map<string, Record<string, unknown>>();
  readonly studies = new Map<string, Record<string, unknown>>();
  readonly history = new Map<string, Record<string, unknown>[]>();
  /** `${runId}#${family}` -> row id -> row */
  readonly rows = new Map<string, Map<string, Record<string, unknown>>>();
  /** calls per method, to assert that something was (not) written */
  readonly calls: Record<string, number> = {};
  failOn: { method: string; key: string } | null = null;

  private count(method: string, key: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    if (this.failOn && this.failOn.method === method && this.failOn.key === key)
      throw new Error(`injected fault in ${method}(${key})`);
  }

  async getDataset(study: string, datasetId: string): Promise<DatasetPointer | null> {
    this.count('getDataset', study);
    const item = this.datasets.get(`${study}|${datasetId}`);
    return item ? DatasetPointerSchema.parse(item) : null;
  }

  async listDatasets(study: string): Promise<DatasetPointer[]> {
    this.count('listDatasets', study);
    return [...this.datasets.entries()]
      .filter(([k]) => k.startsWith(`${study}|`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, v]) => DatasetPointerSchema.parse(v));
  }

  async writeFamily<T extends object>(
    runId: string,
    family: ResultFamily,
    rows: readonly T[],
    idOf: (row: T) => string,
  ): Promise<number> {
    this.count('writeFamily', runId);
    const key = `${runId}#${family}`;
    const target = this.rows.get(key) ?? new Map<string, Record<string, unknown>>();
    const seen = new Set<string>();
    for (const row of rows) {
      const id = idOf(row);
      if (seen.has(id)) throw new Error(`writeFamily ${family}: two rows share the id '${id}'`);
      seen.add(id);
      target.set(id, stored({ runId, ...row }));
    }
    this.rows.set(key, target);
    return shardCount(rows.length);
  }

  /** DynamoDB's condition: no pointer yet, an older sequencer, or the same sequencer with another run. */
  async flipDataset(pointer: DatasetPointer): Promise<FlipResult> {
    this.count('flipDataset', pointer.study);
    const key = `${pointer.study}|${pointer.datasetId}`;
    const cur = this.datasets.get(key);
    const ok =
      !cur ||
      String(cur.sequencer) < pointer.sequencer ||
      (cur.sequencer === pointer.sequencer && cur.runId !== pointer.runId);
    if (!ok) return 'stale';
    this.datasets.set(key, stored({ type: 'dataset', ...pointer }));
    return 'flipped';
  }

  /** DynamoDB's condition: no analysis yet, or one from inputs no newer. */
  async flipStudyAnalysis(study: string, analysis: AnalysisPointer): Promise<FlipResult> {
    this.count('flipStudyAnalysis', study);
    const cur = this.studies.get(study) ?? {};
    const curAnalysis = cur.analysis as { inputsAt: string } | undefined;
    if (curAnalysis && !(curAnalysis.inputsAt <= analysis.inputsAt)) return 'stale';
    this.studies.set(study, { ...cur, type: 'study', study, analysis: stored(analysis) });
    return 'flipped';
  }

  async expireRun(runId: string, shards: Record<string, number>, expiresAt: number): Promise<number> {
    this.count('expireRun', runId);
    let n = 0;
    for (const family of Object.keys(shards)) {
      for (const row of this.rows.get(`${runId}#${family}`)?.values() ?? []) {
        row.expiresAt = expiresAt;
        n++;
      }
    }
    return n;
  }

  async putRunHistory(study: string, isoTime: string, runId: string, item: Record<string, unknown>): Promise<void> {
    this.count('putRunHistory', study);
    const list = this.history.get(study) ?? [];
    list.push(stored({ sk: `RUN#${isoTime}#${runId}`, type: 'run', runId, ...item }));
    this.history.set(study, list);
  }

  async recordStudyChange(study: string, at: string, datasets: DatasetSeen[], reason: string): Promise<void> {
    this.count('recordStudyChange', study);
    const cur = this.studies.get(study) ?? {};
    this.studies.set(study, {
      ...cur,
      type: 'study',
      study,
      lastChangedAt: at,
      lastChangeReason: reason,
      datasetsSeen: stored(datasets),
      changeCount: Number(cur.changeCount ?? 0) + 1,
    });
  }

  async readFamily<F extends ResultFamily>(runId: string, family: F, shards: number): Promise<FamilyRow<F>[]> {
    this.count('readFamily', runId);
    if (shards === 0) return [];
    const rows = [...(this.rows.get(`${runId}#${family}`)?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : 1));
    return rows.map(([, r]) => readFamilyRow(family, stored(r)));
  }

  async queryIndex<F extends IndexedFamily>(family: F, gsi1pk: string, limit?: number): Promise<FamilyRow<F>[]> {
    this.count('queryIndex', gsi1pk);
    const rows: Record<string, unknown>[] = [];
    for (const [key, m] of this.rows)
      if (key.endsWith(`#${family}`)) rows.push(...[...m.values()].filter((r) => r.GSI1PK === gsi1pk));
    rows.sort((a, b) => (String(a.GSI1SK) < String(b.GSI1SK) ? -1 : 1));
    return rows
      .slice(0, limit ?? rows.length)
      .map(({ GSI1PK: _p, GSI1SK: _s, ...r }) => readFamilyRow(family, stored(r)));
  }

  async getStudy(study: string): Promise<StudyRecord | null> {
    this.count('getStudy', study);
    const s = this.studies.get(study);
    return s ? StudyRecordSchema.parse(stored(s)) : null;
  }

  async listRuns(study: string, limit = 100): Promise<RunHistoryItem[]> {
    this.count('listRuns', study);
    const list = [...(this.history.get(study) ?? [])]
      .sort((a, b) => (String(a.sk) < String(b.sk) ? 1 : -1))
      .slice(0, limit);
    return list.map(({ sk: _sk, ...r }) => readRecord(RunHistoryItemSchema, stored(r)));
  }

  /** The rows of one family of a run as stored (with expiresAt marks), by id. */
  storedRows(runId: string, family: ResultFamily): Record<string, unknown>[] {
    return [...(this.rows.get(`${runId}#${family}`)?.values() ?? [])];
  }
}

/** A versioned bucket in memory: every put is a new version; reading a missing key throws NoSuchKey as S3 does. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<
    string,
    { versionId: string; bytes: Uint8Array; etag: string; contentType?: string; contentEncoding?: string }[]
  >();
  private version = 0;

  constructor(readonly bucket = 'test-bucket') {}

  async get(key: string, versionId?: string | null): Promise<FetchedObject> {
    const versions = this.objects.get(key) ?? [];
    const v = versionId ? versions.find((x) => x.versionId === versionId) : versions[versions.length - 1];
    if (!v) throw Object.assign(new Error(`NoSuchKey: ${key}`), { name: 'NoSuchKey' });
    return {
      bytes: v.bytes,
      etag: v.etag,
      versionId: v.versionId,
      sha256: createHash('sha256').update(v.bytes).digest('hex'),
      size: v.bytes.length,
    };
  }

  async put(key: string, body: Uint8Array | string, contentType: string, contentEncoding?: string): Promise<string> {
    this.upload(key, body, contentType, contentEncoding);
    return `s3://${this.bucket}/${key}`;
  }

  /** Stores a new version (an upload); returns its version id and etag. */
  upload(
    key: string,
    body: Uint8Array | string,
    contentType = 'application/octet-stream',
    contentEncoding?: string,
  ): { versionId: string; etag: string } {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const v = {
      versionId: `v${++this.version}`,
      bytes,
      etag: createHash('md5').update(bytes).digest('hex'),
      contentType,
      ...(contentEncoding ? { contentEncoding } : {}),
    };
    this.objects.set(key, [...(this.objects.get(key) ?? []), v]);
    return { versionId: v.versionId, etag: v.etag };
  }
}

/** Queues that record what was sent. */
export class RecordingQueues implements PipelineQueues {
  readonly reprocessed: ReprocessMessage[] = [];
  readonly analyzed: { msg: AnalyzeMessage; dedupId: string }[] = [];

  async reprocess(msg: ReprocessMessage): Promise<void> {
    this.reprocessed.push(msg);
  }

  async analyze(msg: AnalyzeMessage, dedupId: string): Promise<void> {
    this.analyzed.push({ msg, dedupId });
  }
}

/** A clock that stands still until told to move. */
export class ManualClock implements Clock {
  private t: number;
  constructor(iso = '2026-01-01T00:00:00.000Z') {
    this.t = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A logger that keeps its lines instead of printing them. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  info(msg: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'INFO', msg, fields });
  }
  warn(msg: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'WARN', msg, fields });
  }
  error(msg: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'ERROR', msg, fields });
  }
}

/** An SQS record with this body (and, for FIFO queues, its message group). */
export function sqsRecord(messageId: string, body: string, groupId?: string): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'TEST',
      ApproximateFirstReceiveTimestamp: '0',
      ...(groupId ? { MessageGroupId: groupId } : {}),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
    awsRegion: 'us-east-1',
  };
}

/** The body S3 sends for one ObjectCreated:Put (key URL-encoded as S3 does, '+' for spaces). */
export function s3EventBody(bucket: string, key: string, sequencer: string, versionId?: string): string {
  const encoded = key
    .split('/')
    .map((p) => encodeURIComponent(p).replace(/%20/g, '+'))
    .join('/');
  return JSON.stringify({
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: bucket },
          object: { key: encoded, size: 1, eTag: 'etag', sequencer, ...(versionId ? { versionId } : {}) },
        },
      },
    ],
  });
}

/** The body ingest sends to the analysis queue. */
export function analyzeBody(study: string, reason: string): string {
  return JSON.stringify({ type: 'analyze', study, reason });
}
