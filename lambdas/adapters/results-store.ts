/**
 * DynamoDB results store: writes a run's rows idempotently (deterministic keys,
 * BatchWriteItem with retry of UnprocessedItems), flips a dataset's pointer in
 * one conditional write, expires superseded runs via TTL, and reads by Query only.
 */
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import {
  DATASET_SK_PREFIX,
  RUN_HISTORY_SK_PREFIX,
  STUDY_SK,
  datasetSk,
  familyPk,
  rowSk,
  runHistorySk,
  shardCount,
  shardOf,
  studyPk,
  type ResultFamily,
} from './results-keys.js';

export const DataErrorItemSchema = z.object({
  code: z.string(),
  message: z.string(),
  file: z.string().optional(),
  line: z.number(),
  column: z.number(),
  expected: z.string().optional(),
});

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
  kind: z.string(),
  format: z.string(),
  status: z.enum(['READY', 'FAILED']),
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

/** Outcome of a pointer flip. */
export type FlipResult = 'flipped' | 'stale';

export interface StoreOptions {
  /** BatchWriteItem calls in flight at once */
  concurrency?: number;
  /** retries of UnprocessedItems / throttling before giving up */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

const BATCH = 25;

export class DynamoResultsStore {
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
      new GetCommand({ TableName: this.tableName, Key: { PK: studyPk(study), SK: datasetSk(datasetId) }, ConsistentRead: true }),
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
  async writeFamily(runId: string, family: ResultFamily, rows: Record<string, unknown>[], idOf: (row: Record<string, unknown>) => string): Promise<number> {
    const shards = shardCount(rows.length);
    const seen = new Set<string>();
    const items = rows.map((row) => {
      const id = idOf(row);
      if (seen.has(id)) throw new Error(`writeFamily ${family}: two rows share the id '${id}' (a bug in the producer of these rows)`);
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

  private async writeBatch(requests: Record<string, unknown>[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > this.maxRetries) throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed after ${this.maxRetries} retries`);
      if (attempt > 0) await this.sleep(backoffMs(attempt));
      try {
        const out = await this.ddb.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }));
        pending = (out.UnprocessedItems?.[this.tableName] as Record<string, unknown>[] | undefined) ?? [];
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
      if (e instanceof ConditionalCheckFailedException || (e as { name?: string }).name === 'ConditionalCheckFailedException') return 'stale';
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
          ExpressionAttributeValues: { ':pk': familyPk(runId, family as ResultFamily, s) },
        });
        await this.batchPut(items.map((i) => ({ ...i, expiresAt })));
        n += items.length;
      }
    }
    return n;
  }

  /** All rows of one family of a run (one Query per shard, in parallel). */
  async readFamily(runId: string, family: ResultFamily, shards: number): Promise<Record<string, unknown>[]> {
    const parts = await Promise.all(
      Array.from({ length: shards }, (_, s) =>
        this.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': familyPk(runId, family, s) } }),
      ),
    );
    return parts.flat().map(stripKeys);
  }

  /** Items of one GSI1 partition in GSI1SK order (e.g. hits by q), at most `limit`. */
  async queryIndex(gsi1pk: string, limit?: number): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': gsi1pk },
          ExclusiveStartKey: start,
          ...(limit ? { Limit: limit - items.length } : {}),
        }),
      );
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start && (!limit || items.length < limit));
    return items.map(stripKeys);
  }

  /** Makes a study analysis run current, unless a run computed from newer inputs is already current. */
  async flipStudyAnalysis(study: string, analysis: Record<string, unknown> & { runId: string; inputsAt: string }): Promise<FlipResult> {
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
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return 'stale';
      throw e;
    }
  }

  /** Appends a run-history item to the study partition. */
  async putRunHistory(study: string, isoTime: string, runId: string, item: Record<string, unknown>): Promise<void> {
    await this.ddb.send(
      new PutCommand({ TableName: this.tableName, Item: { PK: studyPk(study), SK: runHistorySk(isoTime, runId), type: 'run', runId, ...item } }),
    );
  }

  /** Run history of a study, newest first. */
  async listRuns(study: string, limit = 100): Promise<Record<string, unknown>[]> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': studyPk(study), ':sk': RUN_HISTORY_SK_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(stripKeys);
  }

  /** Reads the study record (analysis pointer and last change). */
  async getStudy(study: string): Promise<Record<string, unknown> | null> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: studyPk(study), SK: STUDY_SK }, ConsistentRead: true }),
    );
    return out.Item ? stripKeys(out.Item) : null;
  }

  /** Records that a study changed; a counter and the dataset runs seen, in one update. */
  async recordStudyChange(study: string, at: string, datasets: { datasetId: string; runId: string; status: string }[], reason: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: studyPk(study), SK: STUDY_SK },
        UpdateExpression: 'SET #t = :type, study = :study, lastChangedAt = :at, lastChangeReason = :reason, datasetsSeen = :ds ADD changeCount :one',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':type': 'study', ':study': study, ':at': at, ':reason': reason, ':ds': datasets, ':one': 1 },
      }),
    );
  }

  private async queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.ddb.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start);
    return items;
  }
}

/** Exponential backoff with full jitter, capped at 5 s. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(5000, 50 * 2 ** attempt);
}

function isThrottle(e: unknown): boolean {
  const name = (e as { name?: string }).name ?? '';
  return name === 'ProvisionedThroughputExceededException' || name === 'ThrottlingException' || name === 'RequestLimitExceeded';
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...rest } = item;
  return rest;
}
