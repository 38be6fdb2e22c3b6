/**
 * Analyze Lambda (FIFO queue, group = study, so one analysis per study at a
 * time): records the change, then computes the study statistics from the
 * current run of every dataset and flips the study's analysis pointer last.
 * Only wiring: messages are grouped at the boundary (adapters/events.ts), the
 * work is run-analysis.ts, the FIFO batch rule adapters/sqs-batch.ts.
 */
import type { SQSRecord } from 'aws-lambda';
import { createAwsClients } from '../adapters/aws-clients.js';
import { runtimeEnvFrom } from '../adapters/config.js';
import { analysisRequestsOf, batchReason } from '../adapters/events.js';
import { createLogger } from '../adapters/logger.js';
import { S3ObjectStore } from '../adapters/object-source.js';
import { DynamoResultsStore } from '../adapters/results-store.js';
import { type BatchWork, makeBatchHandler } from '../adapters/sqs-batch.js';
import { ANALYSIS_QUEUE } from '../core/pipeline/contract.js';
import { type AnalysisDeps, runStudyAnalysis } from './run-analysis.js';

export type AnalyzeDeps = AnalysisDeps;

export function analyzeDepsFromEnv(env: Record<string, string | undefined>): AnalyzeDeps {
  const cfg = runtimeEnvFrom(env);
  const clients = createAwsClients(cfg);
  return {
    objects: new S3ObjectStore(clients.s3, cfg.BUCKET_NAME),
    store: new DynamoResultsStore(clients.ddb, cfg.TABLE_NAME),
    log: createLogger('analyze', env),
    clock: { now: () => new Date() },
    supersededTtlSeconds: cfg.BIOMEFLOW_SUPERSEDED_TTL_SECONDS,
  };
}

/** Records one study change with the current run of every dataset. */
export async function recordStudyChange(deps: AnalyzeDeps, study: string, reason: string): Promise<void> {
  const datasets = await deps.store.listDatasets(study);
  await deps.store.recordStudyChange(
    study,
    deps.clock.now().toISOString(),
    datasets.map((d) => ({ datasetId: d.datasetId, runId: d.runId, status: d.status })),
    reason,
  );
}

/**
 * A FIFO batch holds messages of one or more studies in order; each study is analysed once per batch (the
 * analysis reads the latest state anyway). When a study fails, all its messages are reported as failures.
 */
function analysisWork(deps: AnalyzeDeps, records: readonly SQSRecord[]): BatchWork[] {
  const { requests, ignored } = analysisRequestsOf(records);
  for (const r of ignored) deps.log.warn('ignoring an unrecognised analyze message', { messageId: r.messageId });
  return requests.map(({ study, records: mine, reasons }) => ({
    records: mine,
    group: study,
    label: { study },
    run: async () => {
      const reason = batchReason(reasons);
      await recordStudyChange(deps, study, reason);
      const r = await runStudyAnalysis(deps, study, reason);
      deps.log.info('analysis', { study, result: r, messages: mine.length });
    },
  }));
}

export function makeAnalyzeHandler(getDeps: () => AnalyzeDeps) {
  return makeBatchHandler(getDeps, analysisWork, { fifo: ANALYSIS_QUEUE.fifo });
}

export const handler = makeAnalyzeHandler(() => analyzeDepsFromEnv(process.env));
