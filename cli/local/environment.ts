/**
 * The embedded default: an S3-compatible server (s3rver) and a DynamoDB-compatible
 * server (dynalite) in-process on 127.0.0.1 with ephemeral ports, state kept on
 * disk, plus in-process queues that drive the very same handler functions as in
 * Lambda. Only endpoints differ.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import dynalite from 'dynalite';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import { TABLE_KEYS } from '../../lambdas/adapters/results-keys.js';
import { ingestDepsFromEnv, makeIngestHandler } from '../../lambdas/ingest/handler.js';
import { analyzeDepsFromEnv, makeAnalyzeHandler } from '../../lambdas/analyze/handler.js';
import { LocalQueue } from './local-queue.js';
import { startSqsEndpoint } from './sqs-endpoint.js';
import { s3NotificationFor } from './s3-notifications.js';

export const LOCAL_BUCKET = 'biomeflow-local';
export const LOCAL_TABLE = 'biomeflow-results';
export const LOCAL_REGION = 'us-east-1';

export interface LocalEnvironment {
  stateDir: string;
  env: Record<string, string>;
  s3Endpoint: string;
  dynamoEndpoint: string;
  ingestQueue: LocalQueue;
  analyzeQueue: LocalQueue;
  /** resolves once both queues are idle (and stay idle across one tick) */
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}

export interface LocalOptions {
  stateDir: string;
  /** process S3 events (false: servers only, e.g. for `query`) */
  processEvents?: boolean;
  silentLogs?: boolean;
}

/** Starts the servers and queues; creates the bucket and table when absent. */
export async function startLocalEnvironment(opts: LocalOptions): Promise<LocalEnvironment> {
  const stateDir = path.resolve(opts.stateDir);
  fs.mkdirSync(path.join(stateDir, 's3'), { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'dynamodb'), { recursive: true });

  const ddb = await startDynalite(stateDir);
  const dynamoEndpoint = ddb.endpoint;

  const { server: s3, endpoint: s3Endpoint } = await startS3rver(stateDir);


  const queues = new Map<string, LocalQueue>();
  const sqs = await startSqsEndpoint(queues);
  const env: Record<string, string> = {
    TABLE_NAME: LOCAL_TABLE,
    BUCKET_NAME: LOCAL_BUCKET,
    INGEST_QUEUE_URL: sqs.queueUrl('ingest'),
    ANALYZE_QUEUE_URL: sqs.queueUrl('analyze.fifo'),
    RESULTS_PREFIX: 'results/',
    AWS_REGION: LOCAL_REGION,
    BIOMEFLOW_S3_ENDPOINT: s3Endpoint,
    BIOMEFLOW_DYNAMODB_ENDPOINT: dynamoEndpoint,
    BIOMEFLOW_SQS_ENDPOINT: sqs.url,
    ...(opts.silentLogs ? { BIOMEFLOW_LOG: 'silent' } : {}),
  };

  const ingestQueue = new LocalQueue({
    name: 'ingest',
    arn: `arn:aws:sqs:${LOCAL_REGION}:000000000000:ingest`,
    batchSize: 5,
    maxReceiveCount: 3,
    concurrency: 2,
    handler: makeIngestHandler(() => ingestDepsFromEnv(env)),
  });
  const analyzeQueue = new LocalQueue({
    name: 'analyze.fifo',
    arn: `arn:aws:sqs:${LOCAL_REGION}:000000000000:analyze.fifo`,
    fifo: true,
    batchSize: 10,
    maxReceiveCount: 3,
    concurrency: 2,
    handler: makeAnalyzeHandler(() => analyzeDepsFromEnv(env)),
  });
  queues.set('ingest', ingestQueue);
  queues.set('analyze.fifo', analyzeQueue);

  if (opts.processEvents !== false) {
    s3.on('event', (e: { Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }[] }) => {
      for (const r of e.Records) {
        if (!r.eventName.startsWith('ObjectCreated') || !r.s3.object.key.startsWith('studies/')) continue;
        ingestQueue.send(JSON.stringify(s3NotificationFor(r.s3.bucket.name, r.s3.object.key, r.s3.object.size ?? 0, r.s3.object.eTag ?? '', r.eventName)));
      }
    });
  }

  const whenIdle = async () => {
    for (;;) {
      await ingestQueue.whenIdle();
      await analyzeQueue.whenIdle();
      await new Promise((r) => setTimeout(r, 20));
      if (ingestQueue.isIdle() && analyzeQueue.isIdle()) return;
    }
  };

  return {
    stateDir,
    env,
    s3Endpoint,
    dynamoEndpoint,
    ingestQueue,
    analyzeQueue,
    whenIdle,
    async close() {
      ingestQueue.close();
      analyzeQueue.close();
      await sqs.close();
      await s3.close();
      await ddb.close();
    },
  };
}

/** Starts only the S3-compatible server on the state folder, with the local bucket. */
export async function startS3rver(stateDir: string): Promise<{ server: S3rver; endpoint: string }> {
  const dir = path.join(path.resolve(stateDir), 's3');
  fs.mkdirSync(dir, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: LOCAL_BUCKET, configs: [] }] });
  const info = (await server.run()) as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${info.port}` };
}

/** Starts only the DynamoDB-compatible server on the state folder (for reading results), creating the table if needed. */
export async function startDynalite(stateDir: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const dir = path.join(path.resolve(stateDir), 'dynamodb');
  fs.mkdirSync(dir, { recursive: true });
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: dir });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await ensureTable(endpoint);
  return { endpoint, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Where `biomeflow up` advertises its endpoints so other commands on the same state reuse its servers. */
export function endpointsFile(stateDir: string): string {
  return path.join(path.resolve(stateDir), 'endpoints.json');
}

/** The endpoints of a live `biomeflow up` on this state folder, or null. */
export function runningEndpoints(stateDir: string): { pid: number; s3Endpoint: string; dynamoEndpoint: string } | null {
  try {
    const e = JSON.parse(fs.readFileSync(endpointsFile(stateDir), 'utf8'));
    process.kill(e.pid, 0);
    return e;
  } catch {
    return null;
  }
}

/** Creates the results table (PK/SK, GSI1) the way the CDK stack defines it, if it does not exist. */
async function ensureTable(endpoint: string): Promise<void> {
  const c = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await c.send(new DescribeTableCommand({ TableName: LOCAL_TABLE }));
    return;
  } catch (e) {
    if ((e as { name?: string }).name !== 'ResourceNotFoundException') throw e;
  }
  const k = TABLE_KEYS;
  await c.send(
    new CreateTableCommand({
      TableName: LOCAL_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [k.partitionKey, k.sortKey, k.gsi1PartitionKey, k.gsi1SortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
      KeySchema: [
        { AttributeName: k.partitionKey, KeyType: 'HASH' },
        { AttributeName: k.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: k.gsi1Name,
          KeySchema: [
            { AttributeName: k.gsi1PartitionKey, KeyType: 'HASH' },
            { AttributeName: k.gsi1SortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  c.destroy();
}
