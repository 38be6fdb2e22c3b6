/** The partial-batch helper both handlers use: per-unit try/catch, and the FIFO rule that a failure fails the rest of its group. */
import { type BatchWork, settleBatch } from '../../../lambdas/adapters/sqs-batch.js';
import { MemoryLogger, sqsRecord } from '../../helpers/fakes.js';

/** One unit per record; records whose body is 'fail' throw. `ran` collects the bodies run, in order. */
function perRecord(records: ReturnType<typeof sqsRecord>[], ran: string[]): BatchWork[] {
  return records.map((r) => ({
    records: [r],
    run: async () => {
      ran.push(r.messageId);
      if (r.body === 'fail') throw new Error(`fault in ${r.messageId}`);
    },
  }));
}

describe('settleBatch', () => {
  it('standard queue: only the failing records are reported; every other record runs', async () => {
    const records = [sqsRecord('a', 'ok'), sqsRecord('b', 'fail'), sqsRecord('c', 'ok'), sqsRecord('d', 'fail')];
    const ran: string[] = [];
    const log = new MemoryLogger();
    const res = await settleBatch(records, perRecord(records, ran), { fifo: false, log });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'b' }, { itemIdentifier: 'd' }]);
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
    expect(log.lines.filter((l) => l.level === 'ERROR').map((l) => l.fields.error)).toEqual([
      'fault in b',
      'fault in d',
    ]);
  });

  it('FIFO: after the first failure in a group, the later records of that group fail without running; other groups go on', async () => {
    const records = [
      sqsRecord('g1', 'ok', 'g'),
      sqsRecord('g2', 'fail', 'g'),
      sqsRecord('h1', 'ok', 'h'),
      sqsRecord('g3', 'ok', 'g'),
      sqsRecord('h2', 'ok', 'h'),
    ];
    const ran: string[] = [];
    const res = await settleBatch(records, perRecord(records, ran), { fifo: true, log: new MemoryLogger() });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'g2' }, { itemIdentifier: 'g3' }]);
    expect(ran).toEqual(['g1', 'g2', 'h1', 'h2']);
  });

  it('FIFO: records no unit answers for (e.g. unreadable messages) fail too when they follow a failure of their group', async () => {
    const records = [
      sqsRecord('x1', 'a', 'x'),
      sqsRecord('x2', 'junk', 'x'),
      sqsRecord('y1', 'b', 'y'),
      sqsRecord('x0', 'junk', 'x'),
    ];
    // the unit for group x answers for x1 only and fails; x2 and x0 were ignored by the planner
    const work: BatchWork[] = [
      { records: [records[0]!], run: async () => Promise.reject(new Error('down')) },
      { records: [records[2]!], run: async () => undefined },
    ];
    const res = await settleBatch(records, work, { fifo: true, log: new MemoryLogger() });
    expect(res.batchItemFailures).toEqual([
      { itemIdentifier: 'x1' },
      { itemIdentifier: 'x2' },
      { itemIdentifier: 'x0' },
    ]);
  });

  it("FIFO: a unit's group comes from the work when its records carry no MessageGroupId", async () => {
    const records = [sqsRecord('s1', 'fail'), sqsRecord('s2', 'ok')];
    const ran: string[] = [];
    const work = perRecord(records, ran).map((w) => ({ ...w, group: 'study-1' }));
    const res = await settleBatch(records, work, { fifo: true, log: new MemoryLogger() });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 's1' }, { itemIdentifier: 's2' }]);
    expect(ran).toEqual(['s1']);
  });
});
