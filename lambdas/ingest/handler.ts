/**
 * Ingest Lambda: SQS batch of S3 ObjectCreated notifications (and reprocess
 * requests) -> one dataset result each. Reports partial batch failures so one
 * infrastructure fault retries only its own record; bad data never throws.
 * Only wiring: the message is decoded at the boundary (adapters/events.ts),
 * the work is process-upload.ts, the batch rule adapters/sqs-batch.ts.
 */
import type { SQSRecord } from 'aws-lambda';
import { createAwsClients } from '../adapters/aws-clients.js';
import { runtimeEnvFrom } from '../adapters/config.js';
import { ingestRequestOf } from '../adapters/events.js';
import { createLogger } from '../adapters/logger.js';
import { S3ObjectStore } from '../adapters/object-source.js';
import { QueueSender } from '../adapters/queues.js';
import { DynamoResultsStore } from '../adapters/results-store.js';
import { type BatchWork, makeBatchHandler } from '../adapters/sqs-batch.js';
import { INGEST_QUEUE } from '../core/pipeline/contract.js';
import { type IngestDeps, ingestUpload, reprocessDataset } from './process-upload.js';

/** Builds the dependencies from the environment (Lambda or local endpoints). */
export function ingestDepsFromEnv(env: Record<string, string | undefined>): IngestDeps {
  const cfg = runtimeEnvFrom(env);
  const clients = createAwsClients(cfg);
  return {
    objects: new S3ObjectStore(clients.s3, cfg.BUCKET_NAME),
    resultsPrefix: cfg.RESULTS_PREFIX,
    store: new DynamoResultsStore(clients.ddb, cfg.TABLE_NAME),
    queues: new QueueSender(clients.sqs, cfg.INGEST_QUEUE_URL, cfg.ANALYZE_QUEUE_URL),
    log: createLogger('ingest', env),
    clock: { now: () => new Date() },
    supersededTtlSeconds: cfg.BIOMEFLOW_SUPERSEDED_TTL_SECONDS,
  };
}

/** Processes one SQS record; throws only for faults worth a retry. */
export async function handleIngestRecord(deps: IngestDeps, record: SQSRecord): Promise<void> {
  const req = ingestRequestOf(record.body, deps.objects.bucket);
  if (req.type === 'ignore') {
    if (req.why !== 'the S3 test event')
      deps.log.warn(`ignoring ${req.why}`, {
        messageId: record.messageId,
        ...(req.issues ? { issues: req.issues } : {}),
      });
    return;
  }
  if (req.type === 'reprocess') {
    const { study, datasetId, reason } = req.message;
    const r = await reprocessDataset(deps, study, datasetId);
    deps.log.info('reprocess', { study, datasetId, result: r, reason });
    return;
  }
  for (const upload of req.uploads) {
    const r = await ingestUpload(deps, upload);
    if (r !== 'processed') deps.log.info('upload skipped', { key: upload.key, result: r });
  }
}

/** One unit of work per record: a failure retries only its own record. */
function ingestWork(deps: IngestDeps, records: readonly SQSRecord[]): BatchWork[] {
  return records.map((record) => ({
    records: [record],
    run: () => handleIngestRecord(deps, record),
    label: { messageId: record.messageId },
  }));
}

/** Wraps a deps factory into an SQS handler with partial batch responses. */
export function makeIngestHandler(getDeps: () => IngestDeps) {
  return makeBatchHandler(getDeps, ingestWork, { fifo: INGEST_QUEUE.fifo });
}

export const handler = makeIngestHandler(() => ingestDepsFromEnv(process.env));
