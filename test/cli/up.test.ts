/**
 * `biomeflow up` in a child process: any S3 client's upload is processed; `query`
 * on the same state reuses the running servers; `query --table` reads through
 * the AWS code path (endpoint from AWS_ENDPOINT_URL_DYNAMODB); Ctrl-C stops it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const BIN = path.resolve('bin/biomeflow.js');

function waitFor(file: string, ms: number): Promise<Record<string, string>> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (fs.existsSync(file)) return resolve(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (Date.now() > until) return reject(new Error(`${file} did not appear`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

function query(args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, 'query', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...extraEnv },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('biomeflow up', () => {
  let tmp: string;
  let child: ChildProcess;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-up-'));
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('processes an upload from a plain S3 client, serves queries, and stops on SIGINT', async () => {
    const state = path.join(tmp, 'state');
    child = spawn(process.execPath, [BIN, 'up', '--state', state], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const ep = await waitFor(path.join(state, 'endpoints.json'), 30_000);
    expect(ep.s3Endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const s3 = new S3Client({
      endpoint: ep.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    await s3.send(
      new PutObjectCommand({
        Bucket: ep.bucket,
        Key: 'studies/live/run 1/otu.tsv',
        Body: '#OTU ID\tA\tB\tC\nf1\t1\t0\t2\nf2\t3\t2\t2\n',
      }),
    );
    s3.destroy();

    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      rows = JSON.parse(query(['live', 'datasets', '--format', 'json', '--state', state]).out);
    }
    expect(rows).toEqual([
      expect.objectContaining({ datasetId: 'run 1/otu.tsv', status: 'READY', samples: 3, features: 2 }),
    ]);

    // the deployed-table code path, pointed at the running server through the SDK's standard endpoint variable
    const viaTable = query(['live', 'samples', '--table', ep.table!, '--region', 'us-east-1', '--format', 'json'], {
      AWS_ENDPOINT_URL_DYNAMODB: ep.dynamoEndpoint!,
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
    });
    expect(viaTable.code).toBe(0);
    expect(JSON.parse(viaTable.out).map((r: Record<string, unknown>) => [r.sampleId, r.depth])).toEqual([
      ['A', 4],
      ['B', 2],
      ['C', 4],
    ]);

    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(state, 'endpoints.json'))).toBe(false);
    expect(out).toMatch(/S3\s+http:\/\/127\.0\.0\.1:\d+\s+bucket biomeflow-local/);
  });
});
