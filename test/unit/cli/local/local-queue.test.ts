import type { SQSEvent } from 'aws-lambda';
import { LocalQueue } from '../../../../cli/local/local-queue.js';

describe('LocalQueue (the local SQS event source mapping)', () => {
  it('retries only the records reported as batch item failures, and dead-letters a record after maxReceiveCount receives', async () => {
    const seen: string[] = [];
    const q = new LocalQueue({
      name: 'q',
      arn: 'arn:aws:sqs:us-east-1:000000000000:q',
      batchSize: 5,
      maxReceiveCount: 3,
      retryDelayMs: 1,
      handler: async (e: SQSEvent) => {
        seen.push(...e.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
        return {
          batchItemFailures: e.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })),
        };
      },
    });
    q.send('good');
    q.send('bad');
    await q.whenIdle();
    expect(seen.filter((s) => s.startsWith('good'))).toEqual(['good#1']);
    expect(seen.filter((s) => s.startsWith('bad'))).toEqual(['bad#1', 'bad#2', 'bad#3']);
    expect(q.deadLetters.map((m) => m.body)).toEqual(['bad']);
  });

  it('retries the whole batch when the handler throws', async () => {
    let calls = 0;
    const q = new LocalQueue({
      name: 'q',
      arn: 'arn',
      retryDelayMs: 1,
      handler: async () => {
        calls++;
        if (calls === 1) throw new Error('transient');
      },
    });
    q.send('a');
    await q.whenIdle();
    expect(calls).toBe(2);
    expect(q.deadLetters).toHaveLength(0);
  });

  it('FIFO: drops a duplicate deduplication id and delivers one batch at a time per group, in order', async () => {
    const order: string[] = [];
    let inFlightForG = 0;
    let maxInFlightForG = 0;
    const q = new LocalQueue({
      name: 'q.fifo',
      arn: 'arn',
      fifo: true,
      batchSize: 1,
      concurrency: 4,
      handler: async (e: SQSEvent) => {
        const r = e.Records[0]!;
        if (r.attributes.MessageGroupId === 'g') inFlightForG++;
        maxInFlightForG = Math.max(maxInFlightForG, inFlightForG);
        await new Promise((res) => setTimeout(res, 5));
        order.push(r.body);
        if (r.attributes.MessageGroupId === 'g') inFlightForG--;
      },
    });
    q.send('g1', 'g', 'd1');
    q.send('g1-again', 'g', 'd1');
    q.send('g2', 'g', 'd2');
    q.send('h1', 'h', 'd3');
    await q.whenIdle();
    expect(order.filter((b) => b.startsWith('g'))).toEqual(['g1', 'g2']);
    expect(order).toContain('h1');
    expect(maxInFlightForG).toBe(1);
  });
});
