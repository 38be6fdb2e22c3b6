import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DLQ_RETENTION, MAX_RECEIVE_COUNT } from '../defaults.js';

/** Tuning for a work queue and its dead-letter queue; everything optional. */
export interface QueueWithDlqProps {
  readonly queueProps?: QueueProps;
  readonly deadLetterQueueProps?: QueueProps;
  /** @default MAX_RECEIVE_COUNT */
  readonly maxReceiveCount?: number;
  /** Both queues FIFO (a FIFO queue needs a FIFO dead-letter queue). @default false */
  readonly fifo?: boolean;
}

/** A work queue with its dead-letter queue, both SSE-SQS encrypted and SSL-only. */
export interface QueueWithDlq {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/** Security defaults every biomeflow queue starts from. */
function baseQueueProps(): QueueProps {
  return { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true };
}

/** Creates `<id>` and `<id>Dlq` with the redrive wired; user props override defaults, the redrive and FIFO-ness cannot be overridden. */
export function createQueueWithDlq(scope: Construct, id: string, props: QueueWithDlqProps = {}): QueueWithDlq {
  const fifo = props.fifo ?? false;
  const deadLetterQueue = new Queue(scope, `${id}Dlq`, {
    ...baseQueueProps(),
    retentionPeriod: DLQ_RETENTION,
    ...props.deadLetterQueueProps,
    ...(fifo ? { fifo: true } : {}),
  });
  const queue = new Queue(scope, id, {
    ...baseQueueProps(),
    ...(fifo ? { contentBasedDeduplication: true } : {}),
    ...props.queueProps,
    ...(fifo ? { fifo: true } : {}),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? MAX_RECEIVE_COUNT },
  });
  return { queue, deadLetterQueue };
}
