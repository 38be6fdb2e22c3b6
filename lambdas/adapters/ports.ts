/**
 * The small interfaces the handlers and queries depend on. DynamoDB, S3 and
 * SQS implement them in Lambda and in local mode; test/helpers/fakes.ts holds
 * in-memory implementations, so a handler test needs no server.
 */
import type { ResultFamily } from '../core/results/model.js';
import type {
  AnalysisPointer,
  DatasetPointer,
  FamilyRow,
  IndexedFamily,
  RunHistoryItem,
  StudyRecord,
} from '../core/results/records.js';
import type { AnalyzeMessage, ReprocessMessage } from './events.js';

/** Outcome of a pointer flip. */
export type FlipResult = 'flipped' | 'stale';

/** One dataset status as the study record lists it. */
export interface DatasetSeen {
  datasetId: string;
  runId: string;
  status: DatasetPointer['status'];
}

/** What every reader needs: pointers, the rows of a run, GSI1 partitions, the study record, run history. */
export interface ResultsReader {
  /** the current pointer of one dataset, or null */
  getDataset(study: string, datasetId: string): Promise<DatasetPointer | null>;
  /** every dataset pointer of a study */
  listDatasets(study: string): Promise<DatasetPointer[]>;
  /** all rows of one family of a run */
  readFamily<F extends ResultFamily>(runId: string, family: F, shards: number): Promise<FamilyRow<F>[]>;
  /** rows of one GSI1 partition in GSI1SK order (hits or correlations by q), at most `limit` */
  queryIndex<F extends IndexedFamily>(family: F, gsi1pk: string, limit?: number): Promise<FamilyRow<F>[]>;
  /** the study record (last change, analysis pointer), or null */
  getStudy(study: string): Promise<StudyRecord | null>;
  /** run history of a study, newest first */
  listRuns(study: string, limit?: number): Promise<RunHistoryItem[]>;
}

/** The results table as the handlers use it: the reads, plus idempotent row writes, conditional flips and TTL marks. */
export interface ResultsStore extends ResultsReader {
  /** writes one family of a run over shards; returns the shard count (same run, same keys) */
  writeFamily<T extends object>(
    runId: string,
    family: ResultFamily,
    rows: readonly T[],
    idOf: (row: T) => string,
  ): Promise<number>;
  /** makes `pointer` current unless an equal or newer upload already is */
  flipDataset(pointer: DatasetPointer): Promise<FlipResult>;
  /** makes an analysis current unless one from newer inputs already is */
  flipStudyAnalysis(study: string, analysis: AnalysisPointer): Promise<FlipResult>;
  /** marks every row of a run for TTL expiry; returns the rows marked */
  expireRun(runId: string, shards: Record<string, number>, expiresAt: number): Promise<number>;
  /** appends a run-history item */
  putRunHistory(study: string, isoTime: string, runId: string, item: Record<string, unknown>): Promise<void>;
  /** records that a study changed (counter, datasets seen, reason) */
  recordStudyChange(study: string, at: string, datasets: DatasetSeen[], reason: string): Promise<void>;
}

/** An object as read: the bytes (one copy), its identity and sha256. */
export interface FetchedObject {
  bytes: Uint8Array;
  etag: string;
  versionId: string | null;
  sha256: string;
  size: number;
}

/** The bucket: uploaded objects are read at an exact version, result files written. */
export interface ObjectStore {
  readonly bucket: string;
  /** one object version (the current one when `versionId` is null) */
  get(key: string, versionId?: string | null): Promise<FetchedObject>;
  /** writes a result file; returns its s3:// URI */
  put(key: string, body: Uint8Array | string, contentType: string, contentEncoding?: string): Promise<string>;
}

/** biomeflow's own messages: reprocess requests to the ingest queue, study changes to the FIFO analysis queue. */
export interface PipelineQueues {
  reprocess(msg: ReprocessMessage): Promise<void>;
  /** group = study; the same dedup id within the FIFO window collapses */
  analyze(msg: AnalyzeMessage, dedupId: string): Promise<void>;
}

/** Wall-clock time (pointer times, TTLs, timings). */
export interface Clock {
  now(): Date;
}

export type { Logger } from './logger.js';
