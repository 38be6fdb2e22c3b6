/**
 * DynamoDB results store: writes a run's rows idempotently (deterministic keys,
 * BatchWriteItem with retry of UnprocessedItems), flips a dataset's pointer in
 * one conditional write, expires superseded runs via TTL, and reads by Query only.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { BatchWriteWriteRequest } from '@aws-sdk/lib-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../core/pipeline/contract.js';
import { ResultFamilySchema } from '../core/results/model.js';
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
} from '../core/results/records.js';
import type { DatasetSeen, FlipResult, ResultsStore } from './ports.js';
import {
  DATASET_SK_PREFIX,
  datasetSk,
  familyPk,
  type ResultFamily,
  RUN_HISTORY_SK_PREFIX,
  rowSk,
  runHistorySk,
  STUDY_SK,
  shardCount,
  shardOf,
  studyPk,
} from './results-keys.js';

export {
  DataErrorItemSchema,
  type DatasetPointer,
  DatasetPointerSchema,
  type Provenance,
  ProvenanceSchema,
} from '../core/results/records.js';
export type { FlipResult } from './ports.js';

export interface StoreOptions {
  /** BatchWriteItem calls in flight at once */
  concurrency?: number;
  /** retries of UnprocessedItems / throttling before giving up */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

const BATCH = 25;

export class DynamoResultsStore implements ResultsStore {
  private readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    readonly tableName: string,
    opts: StoreOptions = {},
  ) {
    this.concurrency = opts.concurrency ?? 8;
    this.maxRetries = opts.maxRetries ?? 8;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The current pointer of one dataset, or null. */
  async getDataset(study: string, datasetId: string): Promise<DatasetPointer | null> {
    const out = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: studyPk(study), SK: datasetSk(datasetId) },
        ConsistentRead: true,
      }),
    );
    return out.Item ? DatasetPointerSchema.parse(out.Item) : null;
  }

  /** Every dataset pointer of a study (Query on the study partition). */
  async listDatasets(study: string): Promise<DatasetPointer[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': studyPk(study), ':sk': DATASET_SK_PREFIX },
      ConsistentRead: true,
    });
    return items.map((i) => DatasetPointerSchema.parse(i));
  }

  /** Writes one result family of a run, spread over shards; returns the shard count. Idempotent: same run, same keys. */
  async writeFamily<T extends object>(
    runId: string,
    family: ResultFamily,
    rows: readonly T[],
    idOf: (row: T) => string,
  ): Promise<number> {
    const shards = shardCount(rows.length);
    const seen = new Set<string>();
    const items = rows.map((row) => {
      const id = idOf(row);
      if (seen.has(id))
        throw new Error(`writeFamily ${family}: two rows share the id '${id}' (a bug in the producer of these rows)`);
      seen.add(id);
      return { PK: familyPk(runId, family, shardOf(id, shards)), SK: rowSk(family, id), runId, ...row };
    });
    await this.batchPut(items);
    return shards;
  }

  /** Writes arbitrary items (keys already set) with batching and retries. */
  async batchPut(items: Record<string, unknown>[]): Promise<void> {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const b = batches[next++]!;
        await this.writeBatch(b.map((Item) => ({ PutRequest: { Item } })));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, batches.length) }, worker));
  }

  private async writeBatch(requests: BatchWriteWriteRequest[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > this.maxRetries)
        throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed after ${this.maxRetries} retries`);
      if (attempt > 0) await this.sleep(backoffMs(attempt));
      try {
        const out = await this.ddb.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = out.UnprocessedItems?.[this.tableName] ?? [];
      } catch (e) {
        if (!isThrottle(e)) throw e;
      }
    }
  }

  /**
   * Makes `pointer` the dataset's current state in one conditional write: it wins
   * only over an older sequencer, or over the same sequencer with another run
   * (a reprocess, e.g. new taxonomy). A duplicate or older event is 'stale'.
   */
  async flipDataset(pointer: DatasetPointer): Promise<FlipResult> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { PK: studyPk(pointer.study), SK: datasetSk(pointer.datasetId), type: 'dataset', ...pointer },
          ConditionExpression: 'attribute_not_exists(PK) OR sequencer < :seq OR (sequencer = :seq AND runId <> :run)',
          ExpressionAttributeValues: { ':seq': pointer.sequencer, ':run': pointer.runId },
        }),
      );
      return 'flipped';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || errorName(e) === 'ConditionalCheckFailedException')
        return 'stale';
      throw e;
    }
  }

  /**
   * Marks every row of a run with a TTL so DynamoDB removes it later; readers never see it (no pointer names it).
   * Rows are re-put with the attribute in batches of 25, far cheaper in requests than one UpdateItem each.
   */
  async expireRun(runId: string, shards: Record<string, number>, expiresAt: number): Promise<number> {
    let n = 0;
    for (const [family, count] of Object.entries(shards)) {
      for (let s = 0; s < count; s++) {
        const items = await this.queryAll({
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': familyPk(runId, ResultFamilySchema.parse(family), s) },
        });
        await this.batchPut(items.map((i) => ({ ...i, expiresAt })));
        n += items.length;
      }
    }
    return n;
  }

  /** All rows of one family of a run (one Query per shard, in parallel), validated by the family's row schema. */
  async readFamily<F extends ResultFamily>(runId: string, family: F, shards: number): Promise<FamilyRow<F>[]> {
    const parts = await Promise.all(
      Array.from({ length: shards }, (_, s) =>
        this.queryAll({
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': familyPk(runId, family, s) },
        }),
      ),
    );
    return parts.flat().map((i) => readFamilyRow(family, stripKeys(i)));
  }

  /** Rows of one GSI1 partition in GSI1SK order (e.g. hits by q), at most `limit`, validated by the family's row schema. */
  async queryIndex<F extends IndexedFamily>(family: F, gsi1pk: string, limit?: number): Promise<FamilyRow<F>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE_KEYS.gsi1Name,
          KeyConditionExpression: `${TABLE_KEYS.gsi1PartitionKey} = :pk`,
          ExpressionAttributeValues: { ':pk': gsi1pk },
          ExclusiveStartKey: start,
          ...(limit ? { Limit: limit - items.length } : {}),
        }),
      );
      const page: Record<string, unknown>[] = out.Items ?? [];
      items.push(...page);
      start = out.LastEvaluatedKey;
    } while (start && (!limit || items.length < limit));
    return items.map((i) => readFamilyRow(family, stripKeys(i)));
  }

  /** Makes a study analysis run current, unless a run computed from newer inputs is already current. */
  async flipStudyAnalysis(study: string, analysis: AnalysisPointer): Promise<FlipResult> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: studyPk(study), SK: STUDY_SK },
          UpdateExpression: 'SET #t = :type, study = :study, analysis = :a',
          ConditionExpression: 'attribute_not_exists(analysis) OR analysis.inputsAt <= :at',
          ExpressionAttributeNames: { '#t': 'type' },
          ExpressionAttributeValues: { ':type': 'study', ':study': study, ':a': analysis, ':at': analysis.inputsAt },
        }),
      );
      return 'flipped';
    } catch (e) {
      if (errorName(e) === 'ConditionalCheckFailedException') return 'stale';
      throw e;
    }
  }

  /** Appends a run-history item to the study partition. */
  async putRunHistory(study: string, isoTime: string, runId: string, item: Record<string, unknown>): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: studyPk(study), SK: runHistorySk(isoTime, runId), type: 'run', runId, ...item },
      }),
    );
  }

  /** Run history of a study, newest first. */
  async listRuns(study: string, limit = 100): Promise<RunHistoryItem[]> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': studyPk(study), ':sk': RUN_HISTORY_SK_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => readRecord(RunHistoryItemSchema, stripKeys(i)));
  }

  /** Reads the study record (analysis pointer and last change). */
  async getStudy(study: string): Promise<StudyRecord | null> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: studyPk(study), SK: STUDY_SK }, ConsistentRead: true }),
    );
    return out.Item ? StudyRecordSchema.parse(out.Item) : null;
  }

  /** Records that a study changed; a counter and the dataset runs seen, in one update. */
  async recordStudyChange(study: string, at: string, datasets: DatasetSeen[], reason: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: studyPk(study), SK: STUDY_SK },
        UpdateExpression:
          'SET #t = :type, study = :study, lastChangedAt = :at, lastChangeReason = :reason, datasetsSeen = :ds ADD changeCount :one',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: {
          ':type': 'study',
          ':study': study,
          ':at': at,
          ':reason': reason,
          ':ds': datasets,
          ':one': 1,
        },
      }),
    );
  }

  private async queryAll(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.ddb.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      const page: Record<string, unknown>[] = out.Items ?? [];
      items.push(...page);
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** Exponential backoff with full jitter, capped at 5 s. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(5000, 50 * 2 ** attempt);
}

/** The name of an SDK error ('' for anything else). */
function errorName(e: unknown): string {
  return e instanceof Error ? e.name : '';
}

function isThrottle(e: unknown): boolean {
  const name = errorName(e);
  return (
    name === 'ProvisionedThroughputExceededException' ||
    name === 'ThrottlingException' ||
    name === 'RequestLimitExceeded'
  );
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...rest } = item;
  return rest;
}
