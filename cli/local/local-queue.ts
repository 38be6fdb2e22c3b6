/**
 * In-process stand-in for an SQS queue with a Lambda event source mapping:
 * batches of records shaped as AWS sends them, partial batch failures retried,
 * a message moved to the dead-letter list after `maxReceiveCount` receives,
 * and for FIFO queues one batch at a time per message group plus 5-minute
 * deduplication. Only used in local mode; the handler code is the Lambda's.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { FIFO_DEDUP_WINDOW_SECONDS } from '../../lambdas/core/pipeline/contract.js';

export interface LocalQueueOptions {
  name: string;
  arn: string;
  fifo?: boolean;
  batchSize?: number;
  maxReceiveCount?: number;
  concurrency?: number;
  retryDelayMs?: number;
  // biome-ignore lint/suspicious/noConfusingVoidType: an SQS handler may return nothing (no partial batch failures)
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
}

interface Message {
  id: string;
  body: string;
  groupId?: string;
  receiveCount: number;
  sentAt: number;
}

const DEDUP_WINDOW_MS = FIFO_DEDUP_WINDOW_SECONDS * 1000;

export class LocalQueue {
  readonly deadLetters: Message[] = [];
  private readonly pending: Message[] = [];
  private readonly dedup = new Map<string, number>();
  private readonly busyGroups = new Set<string>();
  private inFlight = 0;
  private delayed = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly opts: LocalQueueOptions) {}

  /** Enqueues one message; FIFO duplicates within the window are dropped. Returns the message id. */
  send(body: string, groupId?: string, dedupId?: string): string {
    if (this.opts.fifo) {
      const key = dedupId ?? createHash('sha256').update(body).digest('hex');
      const now = Date.now();
      const seen = this.dedup.get(key);
      if (seen !== undefined && now - seen < DEDUP_WINDOW_MS) return `dedup-${key.slice(0, 8)}`;
      this.dedup.set(key, now);
    }
    const msg: Message = {
      id: randomUUID(),
      body,
      receiveCount: 0,
      sentAt: Date.now(),
      ...(groupId ? { groupId } : {}),
    };
    this.pending.push(msg);
    queueMicrotask(() => this.pump());
    return msg.id;
  }

  /** Resolves when nothing is pending, delayed or in flight. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  isIdle(): boolean {
    return this.pending.length === 0 && this.inFlight === 0 && this.delayed === 0;
  }

  close(): void {
    this.closed = true;
  }

  private pump(): void {
    const limit = this.opts.concurrency ?? 2;
    while (!this.closed && this.inFlight < limit) {
      const batch = this.takeBatch();
      if (!batch.length) break;
      this.inFlight++;
      void this.deliver(batch).finally(() => {
        this.inFlight--;
        if (batch[0]?.groupId) this.busyGroups.delete(batch[0].groupId);
        this.pump();
        this.notifyIdle();
      });
    }
    this.notifyIdle();
  }

  private takeBatch(): Message[] {
    const size = this.opts.batchSize ?? 5;
    if (!this.opts.fifo) return this.pending.splice(0, size);
    const i = this.pending.findIndex((m) => !this.busyGroups.has(m.groupId ?? ''));
    if (i < 0) return [];
    const group = this.pending[i]!.groupId ?? '';
    this.busyGroups.add(group);
    const batch: Message[] = [];
    for (let k = i; k < this.pending.length && batch.length < size; ) {
      if ((this.pending[k]!.groupId ?? '') === group) batch.push(...this.pending.splice(k, 1));
      else k++;
    }
    return batch;
  }

  private async deliver(batch: Message[]): Promise<void> {
    for (const m of batch) m.receiveCount++;
    let failed: Set<string>;
    try {
      const res = await this.opts.handler({ Records: batch.map((m) => this.record(m)) });
      failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.id));
    }
    for (const m of batch) {
      if (!failed.has(m.id)) continue;
      if (m.receiveCount >= (this.opts.maxReceiveCount ?? 3)) this.deadLetters.push(m);
      else this.retryLater(m);
    }
  }

  private retryLater(m: Message): void {
    this.delayed++;
    setTimeout(() => {
      this.delayed--;
      this.pending.unshift(m);
      this.pump();
    }, this.opts.retryDelayMs ?? 200);
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    w.forEach((r) => r());
  }

  private record(m: Message): SQSRecord {
    return {
      messageId: m.id,
      receiptHandle: `local-${m.id}-${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'LOCAL',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
        ...(m.groupId ? { MessageGroupId: m.groupId } : {}),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(m.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.opts.arn,
      awsRegion: 'us-east-1',
    };
  }
}
