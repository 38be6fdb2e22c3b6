import type { Duration } from 'aws-cdk-lib';
import type { Queue, QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ANALYSIS_QUEUE, ANALYZE_TIMEOUT, visibilityTimeoutFor } from '../defaults.js';
import { createQueueWithDlq } from './queue-with-dlq.js';

/** All optional. */
export interface AnalysisQueueProps {
  readonly queueProps?: QueueProps;
  readonly deadLetterQueueProps?: QueueProps;
  /** @default MAX_RECEIVE_COUNT */
  readonly maxReceiveCount?: number;
  /** Timeout of the queue's consumer; the visibility timeout is derived from it. @default ANALYZE_TIMEOUT */
  readonly consumerTimeout?: Duration;
}

/**
 * FIFO queue of "analyze <study>" requests with a FIFO dead-letter queue.
 * Contract for senders: MessageGroupId = study id, so one study is analysed at a
 * time while different studies run in parallel; content-based deduplication
 * collapses identical requests sent within five minutes.
 */
export class AnalysisQueue extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: AnalysisQueueProps = {}) {
    super(scope, id);
    const { queue, deadLetterQueue } = createQueueWithDlq(this, 'Queue', {
      fifo: ANALYSIS_QUEUE.fifo,
      queueProps: {
        visibilityTimeout: visibilityTimeoutFor(props.consumerTimeout ?? ANALYZE_TIMEOUT),
        ...props.queueProps,
      },
      deadLetterQueueProps: props.deadLetterQueueProps,
      maxReceiveCount: props.maxReceiveCount,
    });
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
  }
}
