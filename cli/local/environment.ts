/**
 * The embedded default: an S3-compatible server (s3rver) and a DynamoDB-compatible
 * server (dynalite) in-process on 127.0.0.1 with ephemeral ports, state kept on
 * disk, plus in-process queues that drive the very same handler functions as in
 * Lambda. Only endpoints differ.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import { createTableInput } from '../../lambdas/adapters/table-schema.js';
import { analyzeDepsFromEnv, makeAnalyzeHandler } from '../../lambdas/analyze/handler.js';
import {
  ANALYSIS_QUEUE,
  ENV,
  INGEST_QUEUE,
  type QueueContract,
  RESULTS_PREFIX,
  STUDIES_PREFIX,
} from '../../lambdas/core/pipeline/contract.js';
import { ingestDepsFromEnv, makeIngestHandler } from '../../lambdas/ingest/handler.js';
import { LocalQueue, type LocalQueueOptions } from './local-queue.js';
import { s3NotificationFor } from './s3-notifications.js';
import { startSqsEndpoint } from './sqs-endpoint.js';

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
    [ENV.tableName]: LOCAL_TABLE,
    [ENV.bucketName]: LOCAL_BUCKET,
    [ENV.ingestQueueUrl]: sqs.queueUrl(INGEST_QUEUE.localName),
    [ENV.analyzeQueueUrl]: sqs.queueUrl(ANALYSIS_QUEUE.localName),
    [ENV.resultsPrefix]: RESULTS_PREFIX,
    [ENV.region]: LOCAL_REGION,
    [ENV.s3Endpoint]: s3Endpoint,
    [ENV.dynamodbEndpoint]: dynamoEndpoint,
    [ENV.sqsEndpoint]: sqs.url,
    ...(opts.silentLogs ? { [ENV.log]: 'silent' } : {}),
  };

  const ingestQueue = localQueueFor(
    INGEST_QUEUE,
    makeIngestHandler(() => ingestDepsFromEnv(env)),
  );
  const analyzeQueue = localQueueFor(
    ANALYSIS_QUEUE,
    makeAnalyzeHandler(() => analyzeDepsFromEnv(env)),
  );
  queues.set(INGEST_QUEUE.localName, ingestQueue);
  queues.set(ANALYSIS_QUEUE.localName, analyzeQueue);

  if (opts.processEvents !== false) {
    s3.on(
      'event',
      (e: {
        Records: {
          eventName: string;
          s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
        }[];
      }) => {
        for (const r of e.Records) {
          if (!r.eventName.startsWith('ObjectCreated') || !r.s3.object.key.startsWith(STUDIES_PREFIX)) continue;
          ingestQueue.send(
            JSON.stringify(
              s3NotificationFor(
                r.s3.bucket.name,
                r.s3.object.key,
                r.s3.object.size ?? 0,
                r.s3.object.eTag ?? '',
                r.eventName,
              ),
            ),
          );
        }
      },
    );
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
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: LOCAL_BUCKET, configs: [] }],
  });
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

/** Where a running `biomeflow run` records its pid, so queries on the same state wait for it (LevelDB allows one process). */
export function runLockFile(stateDir: string): string {
  return path.join(path.resolve(stateDir), 'run.pid');
}

/** The pid of a live `biomeflow run` on this state folder, or null. */
export function runningRun(stateDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(runLockFile(stateDir), 'utf8'));
    if (!Number.isInteger(pid) || pid === process.pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** An in-process queue with the contract's settings (batch size, receives, FIFO); two batches in flight, as a small event source mapping. */
function localQueueFor(q: QueueContract, handler: LocalQueueOptions['handler']): LocalQueue {
  return new LocalQueue({
    name: q.localName,
    arn: `arn:aws:sqs:${LOCAL_REGION}:000000000000:${q.localName}`,
    ...(q.fifo ? { fifo: true } : {}),
    batchSize: q.batchSize,
    maxReceiveCount: q.maxReceiveCount,
    concurrency: 2,
    handler,
  });
}

/** Creates the results table from the contract's key schema (as the CDK stack does), if it does not exist. */
async function ensureTable(endpoint: string): Promise<void> {
  const c = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await c.send(new DescribeTableCommand({ TableName: LOCAL_TABLE }));
    return;
  } catch (e) {
    if ((e as { name?: string }).name !== 'ResourceNotFoundException') throw e;
  }
  await c.send(new CreateTableCommand(createTableInput(LOCAL_TABLE)));
  c.destroy();
}
