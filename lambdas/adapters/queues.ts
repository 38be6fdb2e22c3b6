/** Sends biomeflow's own messages through SQS: reprocess requests to the ingest queue, study changes to the FIFO analysis queue. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { analysisGroupId, dedupIdOf } from '../core/pipeline/contract.js';
import type { AnalyzeMessage, ReprocessMessage } from './events.js';
import type { PipelineQueues } from './ports.js';

export class QueueSender implements PipelineQueues {
  constructor(
    private readonly sqs: SQSClient,
    private readonly ingestQueueUrl: string,
    private readonly analyzeQueueUrl: string,
  ) {}

  /** Asks ingest to recompute one dataset. */
  async reprocess(msg: ReprocessMessage): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.ingestQueueUrl, MessageBody: JSON.stringify(msg) }));
  }

  /** One analysis at a time per study (group = study); the same change sent twice within 5 minutes collapses (dedup id). */
  async analyze(msg: AnalyzeMessage, dedupId: string): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.analyzeQueueUrl,
        MessageBody: JSON.stringify(msg),
        MessageGroupId: analysisGroupId(msg.study),
        MessageDeduplicationId: dedupIdOf(dedupId),
      }),
    );
  }
}
