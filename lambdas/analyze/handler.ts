/**
 * Analyze Lambda (FIFO queue, group = study): for now it records that the study
 * changed and which dataset runs it saw. Study statistics (comparisons,
 * PERMANOVA, differential features, correlations) are issue #5 and are not faked.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { runtimeEnvFrom } from '../adapters/config.js';
import { createAwsClients } from '../adapters/aws-clients.js';
import { DynamoResultsStore } from '../adapters/results-store.js';
import { createLogger, type Logger } from '../adapters/logger.js';
import { AnalyzeMessageSchema } from '../adapters/events.js';

export interface AnalyzeDeps {
  store: DynamoResultsStore;
  log: Logger;
  now: () => Date;
}

export function analyzeDepsFromEnv(env: Record<string, string | undefined>): AnalyzeDeps {
  const cfg = runtimeEnvFrom(env);
  const clients = createAwsClients(cfg);
  return { store: new DynamoResultsStore(clients.ddb, cfg.TABLE_NAME), log: createLogger('analyze', env), now: () => new Date() };
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

export function makeAnalyzeHandler(getDeps: () => AnalyzeDeps) {
  let deps: AnalyzeDeps | undefined;
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    deps ??= getDeps();
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const msg = AnalyzeMessageSchema.safeParse(JSON.parse(record.body));
        if (!msg.success) {
          deps.log.warn('ignoring an unrecognised analyze message', { messageId: record.messageId });
          continue;
        }
        await recordStudyChange(deps, msg.data.study, msg.data.reason);
      } catch (e) {
        deps.log.error('analyze failed; it will be retried', { messageId: record.messageId, error: (e as Error).message });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

export const handler = makeAnalyzeHandler(() => analyzeDepsFromEnv(process.env));
