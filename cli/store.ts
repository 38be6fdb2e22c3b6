/** Opens what a query reads: the deployed table and bucket (--table/--region), a running `biomeflow up`, or the state folder. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { gunzipSync } from 'fflate';
import { LOCAL_CREDENTIALS } from '../lambdas/adapters/aws-clients.js';
import { DynamoResultsStore } from '../lambdas/adapters/results-store.js';
import {
  LOCAL_BUCKET,
  LOCAL_REGION,
  LOCAL_TABLE,
  runningEndpoints,
  runningRun,
  startDynalite,
  startS3rver,
} from './local/environment.js';
import { CliError } from './options.js';

export interface OpenResults {
  store: DynamoResultsStore;
  /** the bytes of a result file, gunzipped when it is gzip */
  readResult(key: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface OpenOptions {
  state: string;
  table?: string | undefined;
  region?: string | undefined;
  bucket?: string | undefined;
}

/** How long a query waits for a `biomeflow run` that holds the state folder. */
const RUN_WAIT_MS = 30 * 60 * 1000;

/** Waits (saying so once on stderr) while a `biomeflow run` holds the state folder, whose LevelDB one process opens at a time. */
async function untilNoRun(state: string): Promise<void> {
  let pid = runningRun(state);
  if (!pid) return;
  process.stderr.write(
    `biomeflow: waiting for the 'biomeflow run' (pid ${pid}) that is using ${state} to finish (use 'biomeflow up' to query while uploading)\n`,
  );
  const deadline = Date.now() + RUN_WAIT_MS;
  while (pid && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    pid = runningRun(state);
  }
  if (pid) throw new CliError(`the state folder ${state} is still in use by 'biomeflow run' (pid ${pid})`);
}

export async function openResults(opts: OpenOptions): Promise<OpenResults> {
  const closers: (() => Promise<void> | void)[] = [];
  let store: DynamoResultsStore;
  let s3: () => Promise<{ client: S3Client; bucket: string }>;
  if (opts.table) {
    const region = opts.region ? { region: opts.region } : {};
    const client = new DynamoDBClient(region);
    closers.push(() => client.destroy());
    store = new DynamoResultsStore(DynamoDBDocumentClient.from(client), opts.table);
    s3 = async () => {
      if (!opts.bucket) throw new Error('--bucket is needed to read result files from the deployed stack');
      const c = new S3Client(region);
      closers.push(() => c.destroy());
      return { client: c, bucket: opts.bucket };
    };
  } else {
    await untilNoRun(opts.state);
    const running = runningEndpoints(opts.state);
    let endpoint = running?.dynamoEndpoint;
    if (!endpoint) {
      const server = await startDynalite(opts.state);
      closers.push(() => server.close());
      endpoint = server.endpoint;
    }
    const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    closers.push(() => client.destroy());
    store = new DynamoResultsStore(DynamoDBDocumentClient.from(client), LOCAL_TABLE);
    s3 = async () => {
      let s3Endpoint = running?.s3Endpoint;
      if (!s3Endpoint) {
        const s = await startS3rver(opts.state);
        closers.push(() => s.server.close());
        s3Endpoint = s.endpoint;
      }
      const c = new S3Client({
        endpoint: s3Endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      closers.push(() => c.destroy());
      return { client: c, bucket: LOCAL_BUCKET };
    };
  }
  return {
    store,
    async readResult(key) {
      const { client, bucket } = await s3();
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await out.Body!.transformToByteArray();
      return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    },
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
}
