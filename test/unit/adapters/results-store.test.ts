import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLE } from '../../../cli/local/environment.js';
import { familyPk, rowSk } from '../../../lambdas/adapters/results-keys.js';
import { type DatasetPointer, DynamoResultsStore } from '../../../lambdas/adapters/results-store.js';
import { localStore } from '../../helpers/local-dynamo.js';

function pointer(over: Partial<DatasetPointer>): DatasetPointer {
  return {
    study: 'trial',
    datasetId: '16s/table.biom',
    kind: '16s',
    format: 'biom-json',
    status: 'READY',
    runId: 'run-a',
    sequencer: '00000000000000000000000000000010',
    etag: 'e1',
    samples: 3,
    features: 4,
    notes: [],
    shards: {},
    artifacts: {},
    provenance: {
      bucket: 'b',
      key: 'studies/trial/16s/table.biom',
      versionId: null,
      etag: 'e1',
      sha256: 'x',
      size: 1,
      sequencer: '00000000000000000000000000000010',
      parameters: {},
      softwareVersion: '0.1.0',
      timingsMs: {},
      inputs: [],
    },
    updatedAt: '2026-11-27T00:00:00.000Z',
    ...over,
  };
}

describe('DynamoResultsStore against the embedded DynamoDB', () => {
  let env: Awaited<ReturnType<typeof localStore>>;
  beforeAll(async () => {
    env = await localStore();
  });
  afterAll(async () => env.close());

  it('flips a pointer only forward: newer sequencer wins, duplicates and older events are stale, a reprocess of the same object flips', async () => {
    const s = env.store;
    expect(await s.flipDataset(pointer({ runId: 'run-a', sequencer: '0000000000000000000000000000000A' }))).toBe(
      'flipped',
    );
    expect(await s.flipDataset(pointer({ runId: 'run-a', sequencer: '0000000000000000000000000000000A' }))).toBe(
      'stale',
    );
    expect(await s.flipDataset(pointer({ runId: 'run-old', sequencer: '00000000000000000000000000000009' }))).toBe(
      'stale',
    );
    expect(await s.flipDataset(pointer({ runId: 'run-b', sequencer: '0000000000000000000000000000000A' }))).toBe(
      'flipped',
    );
    expect(await s.flipDataset(pointer({ runId: 'run-c', sequencer: '0000000000000000000000000000000B' }))).toBe(
      'flipped',
    );
    expect((await s.getDataset('trial', '16s/table.biom'))?.runId).toBe('run-c');
  });

  it('writes a family over shards, reads it back whole, and marks a superseded run for TTL expiry', async () => {
    const s = env.store;
    const rows = Array.from({ length: 6000 }, (_, i) => ({ featureId: `f${i}`, prevalence: i / 6000 }));
    const shards = await s.writeFamily('run-x', 'FEATURES', rows, (r) => String(r.featureId));
    expect(shards).toBe(3);
    const back = await s.readFamily('run-x', 'FEATURES', shards);
    expect(back).toHaveLength(6000);
    expect(new Set(back.map((r) => r.featureId)).size).toBe(6000);
    expect(back.every((r) => r.runId === 'run-x')).toBe(true);

    const marked = await s.expireRun('run-x', { FEATURES: shards }, 1_900_000_000);
    expect(marked).toBe(6000);
    const one = back[0]!;
    const { shardOf } = await import('../../../lambdas/adapters/results-keys.js');
    const got = await env.doc.send(
      new GetCommand({
        TableName: LOCAL_TABLE,
        Key: {
          PK: familyPk('run-x', 'FEATURES', shardOf(String(one.featureId), shards)),
          SK: rowSk('FEATURES', String(one.featureId)),
        },
      }),
    );
    expect(got.Item?.expiresAt).toBe(1_900_000_000);
  });

  it('retries UnprocessedItems until every item is written', async () => {
    let calls = 0;
    const written: unknown[] = [];
    const fake = {
      send: async (cmd: { input: { RequestItems: Record<string, unknown[]> } }) => {
        calls++;
        const reqs = cmd.input.RequestItems.t!;
        // first call: DynamoDB accepts only the first 10 requests
        const accepted = calls === 1 ? reqs.slice(0, 10) : reqs;
        written.push(...accepted);
        return { UnprocessedItems: calls === 1 ? { t: reqs.slice(10) } : {} };
      },
    };
    const s = new DynamoResultsStore(fake as never, 't', { sleep: async () => undefined });
    await s.batchPut(Array.from({ length: 25 }, (_, i) => ({ PK: 'p', SK: `s${i}` })));
    expect(calls).toBe(2);
    expect(written).toHaveLength(25);
  });
});
