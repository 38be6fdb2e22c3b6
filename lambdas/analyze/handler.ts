/**
 * Analyze Lambda (FIFO queue, group = study, so one analysis per study at a
 * time): records the change, then computes the study statistics from the
 * current run of every dataset and flips the study's analysis pointer last.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { runtimeEnvFrom } from '../adapters/config.js';
import { createAwsClients } from '../adapters/aws-clients.js';
import { DynamoResultsStore } from '../adapters/results-store.js';
import { createLogger } from '../adapters/logger.js';
import { runStudyAnalysis, type AnalysisDeps } from './run-analysis.js';
import { AnalyzeMessageSchema } from '../adapters/events.js';

export type AnalyzeDeps = AnalysisDeps;

export function analyzeDepsFromEnv(env: Record<string, string | undefined>): AnalyzeDeps {
  const cfg = runtimeEnvFrom(env);
  const clients = createAwsClients(cfg);
  return {
    s3: clients.s3,
    bucket: cfg.BUCKET_NAME,
    store: new DynamoResultsStore(clients.ddb, cfg.TABLE_NAME),
    log: createLogger('analyze', env),
    now: () => new Date(),
    supersededTtlSeconds: cfg.BIOMEFLOW_SUPERSEDED_TTL_SECONDS,
  };
}

/** Records one study change with the current run of every dataset. */
export async function recordStudyChange(deps: AnalyzeDeps, study: string, reason: string): Promise<void> {
  const datasets = await deps.store.listDatasets(study);
  await deps.store.recordStudyChange(
    study,
    deps.now().toISOString(),
    datasets.map((d) => ({ datasetId: d.datasetId, runId: d.runId, status: d.status })),
    reason,
  );
}

/**
 * A FIFO batch holds messages of one or more studies in order; each study is analysed once per batch (the
 * analysis reads the latest state anyway). When a study fails, all its messages are reported as failures.
 */
export function makeAnalyzeHandler(getDeps: () => AnalyzeDeps) {
  let deps: AnalyzeDeps | undefined;
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    deps ??= getDeps();
    const byStudy = new Map<string, { ids: string[]; reasons: string[] }>();
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = null;
      }
      const msg = AnalyzeMessageSchema.safeParse(body);
      if (!msg.success) {
        deps.log.warn('ignoring an unrecognised analyze message', { messageId: record.messageId });
        continue;
      }
      const entry = byStudy.get(msg.data.study) ?? { ids: [], reasons: [] };
      entry.ids.push(record.messageId);
      entry.reasons.push(msg.data.reason);
      byStudy.set(msg.data.study, entry);
    }
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const [study, { ids, reasons }] of byStudy) {
      const reason = reasons.length > 1 ? `${reasons.length} changes: ${reasons.slice(-3).join('; ')}` : reasons[0]!;
      try {
        await recordStudyChange(deps, study, reason);
        const r = await runStudyAnalysis(deps, study, reason);
        deps.log.info('analysis', { study, result: r, messages: ids.length });
      } catch (e) {
        deps.log.error('analysis failed; it will be retried', { study, error: (e as Error).message });
        failures.push(...ids.map((itemIdentifier) => ({ itemIdentifier })));
      }
    }
    return { batchItemFailures: failures };
  };
}

export const handler = makeAnalyzeHandler(() => analyzeDepsFromEnv(process.env));
