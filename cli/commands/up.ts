/** `biomeflow up`: keep the embedded servers running and process uploads from any S3 client until Ctrl-C. */
import fs from 'node:fs';
import type { Io } from '../io.js';
import {
  endpointsFile,
  LOCAL_BUCKET,
  LOCAL_REGION,
  LOCAL_TABLE,
  runningEndpoints,
  startLocalEnvironment,
} from '../local/environment.js';
import { CliError, parseOptions, UpOptionsSchema } from '../options.js';

export async function upCommand(raw: unknown, io: Io, stop: Promise<void>): Promise<number> {
  const opts = parseOptions(UpOptionsSchema, raw);
  const live = runningEndpoints(opts.state);
  if (live) throw new CliError(`already running for ${opts.state} (pid ${live.pid}): S3 ${live.s3Endpoint}`);
  const env = await startLocalEnvironment({ stateDir: opts.state });
  const info = {
    pid: process.pid,
    s3Endpoint: env.s3Endpoint,
    dynamoEndpoint: env.dynamoEndpoint,
    bucket: LOCAL_BUCKET,
    table: LOCAL_TABLE,
    region: LOCAL_REGION,
  };
  fs.writeFileSync(endpointsFile(opts.state), JSON.stringify(info, null, 2));
  io.out(
    [
      `biomeflow up: state ${env.stateDir}`,
      `  S3        ${env.s3Endpoint}  bucket ${LOCAL_BUCKET}  (access key S3RVER / secret S3RVER, path-style)`,
      `  DynamoDB  ${env.dynamoEndpoint}  table ${LOCAL_TABLE}`,
      `  upload:   aws --endpoint-url ${env.s3Endpoint} s3 cp <folder> s3://${LOCAL_BUCKET}/studies/<study>/ --recursive`,
      `  query:    biomeflow query <study> datasets --state ${opts.state}`,
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await stop;
  await env.whenIdle();
  await env.close();
  fs.rmSync(endpointsFile(opts.state), { force: true });
  io.err('biomeflow up: stopped\n');
  return 0;
}
