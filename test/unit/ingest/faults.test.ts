/**
 * Each class of exception goes where it belongs: a data-provoked exception while computing a dataset becomes a
 * FAILED INTERNAL dataset (the record succeeds, nothing is retried or dead-lettered); an S3/DynamoDB/network
 * fault is reported as a batch item failure (retried, then dead-lettered).
 */
import { isInfrastructureFault } from '../../../lambdas/adapters/faults.js';
import { makeIngestHandler } from '../../../lambdas/ingest/handler.js';
import type { IngestDeps } from '../../../lambdas/ingest/process-upload.js';
import {
  ManualClock,
  MemoryLogger,
  MemoryObjectStore,
  MemoryResultsStore,
  RecordingQueues,
  s3EventBody,
  sqsRecord,
} from '../../helpers/fakes.js';

function setup() {
  const deps = {
    objects: new MemoryObjectStore('bucket-1'),
    store: new MemoryResultsStore(),
    queues: new RecordingQueues(),
    log: new MemoryLogger(),
    clock: new ManualClock('2026-03-01T12:00:00.000Z'),
    resultsPrefix: 'results/',
    supersededTtlSeconds: 3600,
  } satisfies IngestDeps;
  const { versionId } = deps.objects.upload('studies/s/16s/t.tsv', '#OTU ID\tA\nf1\t1\n');
  return { deps, record: sqsRecord('m1', s3EventBody('bucket-1', 'studies/s/16s/t.tsv', '0A', versionId)) };
}

describe('fault classes', () => {
  it('classifies AWS SDK, throttling and network errors as infrastructure, a TypeError or RangeError as not', () => {
    expect(
      isInfrastructureFault(
        Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      ),
    ).toBe(true);
    expect(isInfrastructureFault(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))).toBe(true);
    expect(isInfrastructureFault(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(
      isInfrastructureFault(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) })),
    ).toBe(true);
    expect(isInfrastructureFault(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isInfrastructureFault(new RangeError('Invalid array length'))).toBe(false);
  });

  it('an exception while computing a dataset is a FAILED INTERNAL dataset, not a retry', async () => {
    const { deps, record } = setup();
    const get = deps.objects.get.bind(deps.objects);
    deps.objects.get = async (key, versionId) => {
      const o = await get(key, versionId);
      return {
        ...o,
        get bytes(): Uint8Array {
          throw new RangeError('Invalid typed array length: 4294967296');
        },
      };
    };
    const res = await makeIngestHandler(() => deps)({ Records: [record] });
    expect(res.batchItemFailures).toEqual([]);
    const p = (await deps.store.getDataset('s', '16s/t.tsv'))!;
    expect(p.status).toBe('FAILED');
    expect(p.error).toMatchObject({ code: 'INTERNAL', file: '16s/t.tsv' });
    expect(p.error!.message).toMatch(/RangeError: Invalid typed array length/);
  });

  it('an S3 fault is a batch item failure (retried by SQS), and writes no pointer', async () => {
    const { deps, record } = setup();
    deps.objects.get = async () => {
      throw Object.assign(new Error('Service Unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      });
    };
    const res = await makeIngestHandler(() => deps)({ Records: [record] });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(await deps.store.getDataset('s', '16s/t.tsv')).toBeNull();
  });
});
