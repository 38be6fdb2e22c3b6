/**
 * The ingest handler against the embedded S3 and DynamoDB with a real S3 event
 * (test/events/s3/object-created-put.json, cloned before mutation): bad data is
 * recorded, never thrown; an infrastructure fault fails only its own record.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  LOCAL_BUCKET,
  LOCAL_REGION,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../../cli/local/environment.js';
import { LOCAL_CREDENTIALS } from '../../../lambdas/adapters/aws-clients.js';
import { ingestDepsFromEnv, makeIngestHandler } from '../../../lambdas/ingest/handler.js';
import { localStoreFor } from '../../helpers/local-env.js';

const EVENT = JSON.parse(fs.readFileSync(new URL('../../events/s3/object-created-put.json', import.meta.url), 'utf8'));

function sqsRecord(id: string, key: string, sequencer: string): SQSRecord {
  const body = structuredClone(EVENT);
  body.Records[0].s3.object.key = key;
  body.Records[0].s3.object.sequencer = sequencer;
  delete body.Records[0].s3.object.versionId; // s3rver keeps no versions
  return {
    messageId: id,
    receiptHandle: id,
    body: JSON.stringify(body),
    attributes: {} as never,
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
    awsRegion: 'us-east-1',
  };
}

describe('ingest handler', () => {
  let tmp: string;
  let env: LocalEnvironment;
  let s3: S3Client;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-handler-'));
    env = await startLocalEnvironment({ stateDir: tmp, silentLogs: true, processEvents: false });
    s3 = new S3Client({
      endpoint: env.s3Endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    await s3.send(
      new PutObjectCommand({
        Bucket: LOCAL_BUCKET,
        Key: 'studies/h/ok.tsv',
        Body: '#OTU ID\tA\tB\nf1\t1\t0\nf2\t3\t2\n',
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: LOCAL_BUCKET,
        Key: 'studies/h/ragged.tsv',
        Body: '#OTU ID\tA\tB\nf1\t1\nf2\t3\t2\n',
      }),
    );
  });
  afterAll(async () => {
    s3.destroy();
    await env.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('records a ragged table as FAILED with line and column, returns no batch failure, and processes the good record of the same batch', async () => {
    const handler = makeIngestHandler(() => ingestDepsFromEnv(env.env));
    const event: SQSEvent = {
      Records: [sqsRecord('m1', 'studies/h/ragged.tsv', '0A'), sqsRecord('m2', 'studies/h/ok.tsv', '0B')],
    };
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([]);
    const { store, close } = await localStoreFor(env);
    const ragged = await store.getDataset('h', 'ragged.tsv');
    const ok = await store.getDataset('h', 'ok.tsv');
    await close();
    expect(ragged).toMatchObject({ status: 'FAILED', error: { code: 'RAGGED_ROW', line: 2, file: 'ragged.tsv' } });
    expect(ok).toMatchObject({ status: 'READY', samples: 2, features: 2 });
  });

  it('reports only the record whose object cannot be read as a batch item failure', async () => {
    const handler = makeIngestHandler(() => ingestDepsFromEnv(env.env));
    const event: SQSEvent = {
      Records: [sqsRecord('m3', 'studies/h/missing.tsv', '0C'), sqsRecord('m4', 'studies/h/ok.tsv', '0D')],
    };
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
  });

  it('ignores the S3 test event and messages that are not S3 events, without failing', async () => {
    const handler = makeIngestHandler(() => ingestDepsFromEnv(env.env));
    const base = sqsRecord('m5', 'studies/h/ok.tsv', '0E');
    const res = await handler({
      Records: [
        {
          ...base,
          messageId: 't1',
          body: JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: LOCAL_BUCKET }),
        },
        { ...base, messageId: 't2', body: 'not json' },
      ],
    });
    expect(res.batchItemFailures).toEqual([]);
  });
});
