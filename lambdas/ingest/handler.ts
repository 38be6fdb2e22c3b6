/**
 * Ingest Lambda: SQS batch of S3 ObjectCreated notifications (and reprocess
 * requests) -> one dataset result each. Reports partial batch failures so one
 * infrastructure fault retries only its own record; bad data never throws.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { runtimeEnvFrom } from '../adapters/config.js';
import { createAwsClients } from '../adapters/aws-clients.js';
import { DynamoResultsStore } from '../adapters/results-store.js';
import { QueueSender } from '../adapters/queues.js';
import { createLogger } from '../adapters/logger.js';
import { IngestMessageSchema, decodeS3Key, parseStudyKey } from '../adapters/events.js';
import { ingestUpload, reprocessDataset, type IngestDeps } from './process-upload.js';

/** Builds the dependencies from the environment (Lambda or local endpoints). */
export function ingestDepsFromEnv(env: Record<string, string | undefined>): IngestDeps {
  const cfg = runtimeEnvFrom(env);
  const clients = createAwsClients(cfg);
  return {
    s3: clients.s3,
    bucket: cfg.BUCKET_NAME,
    resultsPrefix: cfg.RESULTS_PREFIX,
    store: new DynamoResultsStore(clients.ddb, cfg.TABLE_NAME),
    queues: new QueueSender(clients.sqs, cfg.INGEST_QUEUE_URL, cfg.ANALYZE_QUEUE_URL),
    log: createLogger('ingest', env),
    now: () => new Date(),
    supersededTtlSeconds: cfg.BIOMEFLOW_SUPERSEDED_TTL_SECONDS,
  };
}

/** Processes one SQS record; throws only for faults worth a retry. */
export async function handleIngestRecord(deps: IngestDeps, record: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    deps.log.warn('ignoring a message that is not JSON', { messageId: record.messageId });
    return;
  }
  const msg = IngestMessageSchema.safeParse(body);
  if (!msg.success) {
    deps.log.warn('ignoring an unrecognised message', { messageId: record.messageId, issues: msg.error.issues.slice(0, 3) });
    return;
  }
  const m = msg.data;
  if ('Event' in m) return;
  if ('type' in m) {
    const r = await reprocessDataset(deps, m.study, m.datasetId);
    deps.log.info('reprocess', { study: m.study, datasetId: m.datasetId, result: r, reason: m.reason });
    return;
  }
  for (const rec of m.Records) {
    if (!rec.eventName.startsWith('ObjectCreated:') || rec.s3.bucket.name !== deps.bucket) continue;
    const key = decodeS3Key(rec.s3.object.key);
    const where = parseStudyKey(key);
    if (!where) continue;
    const r = await ingestUpload(deps, {
      ...where,
      key,
      versionId: rec.s3.object.versionId ?? null,
      etag: rec.s3.object.eTag ?? '',
      sequencer: rec.s3.object.sequencer,
    });
    if (r !== 'processed') deps.log.info('upload skipped', { key, result: r });
  }
}

/** Wraps a deps factory into an SQS handler with partial batch responses. */
export function makeIngestHandler(getDeps: () => IngestDeps) {
  let deps: IngestDeps | undefined;
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    deps ??= getDeps();
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await handleIngestRecord(deps, record);
      } catch (e) {
        deps.log.error('record failed; it will be retried', { messageId: record.messageId, error: (e as Error).message });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

export const handler = makeIngestHandler(() => ingestDepsFromEnv(process.env));
