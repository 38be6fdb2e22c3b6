/**
 * The pipeline contract: every name and number the CDK stack, the adapters,
 * the handlers and the local mode must agree on, in one place. Pure constants
 * and zod schemas; nothing here reads the environment.
 *
 *   environment   variable names and their schema (`RuntimeEnvSchema`)
 *   bucket        `studies/<study>/<path>` triggers ingest; results go under `results/`
 *   queues        batch sizes, receives before dead-lettering, FIFO deduplication
 *   study ids     the rule a study id follows where one is chosen (CLI, local runs)
 *   results table key schema, GSI1 and the TTL attribute
 */
import { z } from 'zod';

/** Names of the environment variables the functions read (the stack sets the first five; local mode also sets the endpoints). */
export const ENV = {
  tableName: 'TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  analyzeQueueUrl: 'ANALYZE_QUEUE_URL',
  ingestQueueUrl: 'INGEST_QUEUE_URL',
  resultsPrefix: 'RESULTS_PREFIX',
  region: 'AWS_REGION',
  s3Endpoint: 'BIOMEFLOW_S3_ENDPOINT',
  dynamodbEndpoint: 'BIOMEFLOW_DYNAMODB_ENDPOINT',
  sqsEndpoint: 'BIOMEFLOW_SQS_ENDPOINT',
  supersededTtlSeconds: 'BIOMEFLOW_SUPERSEDED_TTL_SECONDS',
  log: 'BIOMEFLOW_LOG',
} as const;

/** Uploads land under this prefix; only these objects trigger ingest. */
export const STUDIES_PREFIX = 'studies/';
/** The pipeline writes its own outputs here; it must never trigger ingest. */
export const RESULTS_PREFIX = 'results/';
/** Where the analysis writes the study exports (Parquet per result family, tool files; docs/exports.md). */
export const EXPORTS_PREFIX = 'exports/';
/** The study's design file, at the study root. */
export const STUDY_DESIGN_FILE = 'study.json';

/** Seconds a superseded run stays readable before TTL removes it (in-flight readers finish first). */
export const DEFAULT_SUPERSEDED_TTL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_REGION = 'us-east-1';

/** The runtime configuration, validated once at the boundary; endpoints are absent in Lambda (SDK defaults). */
export const RuntimeEnvSchema = z.object({
  [ENV.tableName]: z.string().min(3),
  [ENV.bucketName]: z.string().min(3),
  [ENV.analyzeQueueUrl]: z.string().url(),
  [ENV.ingestQueueUrl]: z.string().url(),
  [ENV.resultsPrefix]: z.string().default(RESULTS_PREFIX),
  [ENV.region]: z.string().default(DEFAULT_REGION),
  [ENV.s3Endpoint]: z.string().url().optional(),
  [ENV.dynamodbEndpoint]: z.string().url().optional(),
  [ENV.sqsEndpoint]: z.string().url().optional(),
  /** seconds a superseded run stays readable before TTL removes it */
  [ENV.supersededTtlSeconds]: z.coerce.number().int().positive().default(DEFAULT_SUPERSEDED_TTL_SECONDS),
});
export type RuntimeEnv = z.output<typeof RuntimeEnvSchema>;

/** Receives before a message is parked in its dead-letter queue (both queues). */
export const MAX_RECEIVE_COUNT = 3;
/** SQS FIFO drops a message whose deduplication id was seen within this window. */
export const FIFO_DEDUP_WINDOW_SECONDS = 5 * 60;
/** Longest MessageDeduplicationId SQS accepts. */
export const MAX_DEDUP_ID_LENGTH = 128;

/** Settings of one queue and the function consuming it. */
export interface QueueContract {
  /** queue name in local mode (the deployed queue gets a generated name) */
  readonly localName: string;
  readonly fifo: boolean;
  /** records per invocation */
  readonly batchSize: number;
  readonly maxReceiveCount: number;
  /** the consumer's timeout; the queue's visibility timeout is derived from it */
  readonly timeoutSeconds: number;
}

/** S3 upload notifications and reprocess requests: up to five per invocation, each failing or succeeding on its own. */
export const INGEST_QUEUE: QueueContract = {
  localName: 'ingest',
  fifo: false,
  batchSize: 5,
  maxReceiveCount: MAX_RECEIVE_COUNT,
  timeoutSeconds: 5 * 60,
};

/**
 * Study changes, FIFO with MessageGroupId = study: up to ten per invocation, each study analysed once per batch
 * (the analysis reads the latest state). A failing study fails only its own group's messages. The Lambda maximum
 * timeout: permutations and correlations are the slow part.
 */
export const ANALYSIS_QUEUE: QueueContract = {
  localName: 'analyze.fifo',
  fifo: true,
  batchSize: 10,
  maxReceiveCount: MAX_RECEIVE_COUNT,
  timeoutSeconds: 15 * 60,
};

/** The FIFO message group of a study's analysis requests: one analysis of a study at a time. */
export function analysisGroupId(study: string): string {
  return study;
}

/** The deduplication id SQS accepts for a change (at most MAX_DEDUP_ID_LENGTH characters). */
export function dedupIdOf(id: string): string {
  return id.slice(0, MAX_DEDUP_ID_LENGTH);
}

/** A study id chosen by a user (CLI, local runs): letters, digits, '.', '_' or '-', starting with a letter or digit, at most 128. */
export const STUDY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const STUDY_ID_RULE = 'letters, digits, ".", "_" or "-", at most 128';
export const StudyIdSchema = z.string().regex(STUDY_ID_PATTERN, STUDY_ID_RULE);

/** True when `id` follows the study-id rule. */
export function isValidStudyId(id: string): boolean {
  return STUDY_ID_PATTERN.test(id);
}

/** The object key of a study file: `studies/<study>/<datasetId>`. */
export function studyObjectKey(study: string, datasetId: string): string {
  return `${STUDIES_PREFIX}${study}/${datasetId}`;
}

/** `studies/<study>/<datasetId>` -> parts; null for keys outside studies/ and for folder markers. */
export function parseStudyKey(key: string): { study: string; datasetId: string } | null {
  if (!key.startsWith(STUDIES_PREFIX) || key.endsWith('/')) return null;
  const rest = key.slice(STUDIES_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return null;
  return { study: rest.slice(0, slash), datasetId: rest.slice(slash + 1) };
}

/** The key of a result file of one dataset run: `<resultsPrefix><study>/<datasetId>/<runId>/<fileName>`. */
export function resultObjectKey(
  resultsPrefix: string,
  study: string,
  datasetId: string,
  runId: string,
  fileName: string,
): string {
  return `${resultsPrefix}${study}/${datasetId}/${runId}/${fileName}`;
}

/** One key attribute of the results table (all are strings). */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S';
}

/** The results table's key schema: the CDK stack and the local mode both create the table from this. */
export const RESULTS_TABLE = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'GSI1',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: 'ALL',
    },
  ],
  ttlAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
} as const satisfies {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: readonly {
    indexName: string;
    partitionKey: KeyAttribute;
    sortKey: KeyAttribute;
    projection: 'ALL';
  }[];
  ttlAttribute: string;
  billingMode: 'PAY_PER_REQUEST';
};

/** The attribute names of the key schema, flat (what the readers and writers use). */
export const TABLE_KEYS = {
  partitionKey: RESULTS_TABLE.partitionKey.name,
  sortKey: RESULTS_TABLE.sortKey.name,
  gsi1Name: RESULTS_TABLE.globalSecondaryIndexes[0].indexName,
  gsi1PartitionKey: RESULTS_TABLE.globalSecondaryIndexes[0].partitionKey.name,
  gsi1SortKey: RESULTS_TABLE.globalSecondaryIndexes[0].sortKey.name,
  ttlAttribute: RESULTS_TABLE.ttlAttribute,
} as const;
