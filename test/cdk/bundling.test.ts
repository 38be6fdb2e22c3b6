/**
 * The one slow test: synthesizes the stack as `cdk synth` does (real esbuild
 * bundling, CloudFormation validator on), proving synthesis needs neither
 * network nor Docker and that the bundles are ESM as docs/toolchain.md requires.
 */

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LOCAL_BUCKET, LOCAL_REGION, startLocalEnvironment } from '../../cli/local/environment.js';
import { s3NotificationFor } from '../../cli/local/s3-notifications.js';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import { BiomeflowStack } from '../../lib/biomeflow-stack.js';
import { readFixture } from '../helpers/fixtures.js';
import { localStoreFor } from '../helpers/local-env.js';
import { cdkJsonContext, logicalId } from './helpers.js';

// inside the project, so a bundle run below resolves the external @aws-sdk/* from node_modules as Lambda's runtime would provide it
const outdir = mkdtempSync(path.join(process.cwd(), '.cdk-test-'));

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Directory of the staged Lambda asset behind a function's logical id. */
function assetDir(template: Template, functionId: string): string {
  const s3Key: string = template.toJSON().Resources[functionId].Properties.Code.S3Key;
  return path.join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
}

describe('real synthesis with local esbuild bundling', () => {
  let stack: BiomeflowStack;
  let template: Template;

  beforeAll(() => {
    const app = new App({ outdir, context: cdkJsonContext() });
    stack = new BiomeflowStack(app, 'Biomeflow');
    app.synth();
    template = Template.fromStack(stack);
  }, 120_000);

  test('each function has a bundled ESM asset with the createRequire banner and a source map', () => {
    for (const fn of [stack.ingestFunction, stack.analyzeFunction]) {
      const dir = assetDir(template, logicalId(fn));
      const bundle = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
      expect(
        bundle.startsWith("import { createRequire } from 'module'; const require = createRequire(import.meta.url);"),
      ).toBe(true);
      expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(existsSync(path.join(dir, 'index.mjs.map'))).toBe(true);
    }
  });

  test('the AWS SDK is left to the Lambda runtime, not bundled', () => {
    for (const fn of [stack.ingestFunction, stack.analyzeFunction]) {
      const map = JSON.parse(readFileSync(path.join(assetDir(template, logicalId(fn)), 'index.mjs.map'), 'utf8'));
      expect((map.sources as string[]).filter((source) => source.includes('node_modules/@aws-sdk/'))).toEqual([]);
    }
  });

  test('the bundled ingest handler, run as Lambda would run it, turns a BIOM HDF5 upload into a READY dataset in the embedded servers', async () => {
    const state = mkdtempSync(path.join(outdir, 'state-'));
    const env = await startLocalEnvironment({ stateDir: state, silentLogs: true, processEvents: false });
    try {
      const s3 = new S3Client({
        endpoint: env.s3Endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: LOCAL_BUCKET,
          Key: 'studies/bundle/table.biom',
          Body: readFixture('data', 'qiime2-moving-pictures', 'feature-table.biom'),
        }),
      );
      s3.destroy();
      const event = {
        Records: [
          {
            messageId: 'm1',
            body: JSON.stringify(s3NotificationFor(LOCAL_BUCKET, 'studies/bundle/table.biom', 1, put.ETag ?? '')),
          },
        ],
      };
      const bundle = path.join(assetDir(template, logicalId(stack.ingestFunction)), 'index.mjs');
      const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(JSON.stringify(await handler(${JSON.stringify(event)})));`;
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--input-type=module', '-e', script],
          { env: { ...process.env, ...env.env, NODE_OPTIONS: '' } },
          (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout)),
        );
      });
      expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ batchItemFailures: [] });
      const { store, close } = await localStoreFor(env);
      const d = await store.getDataset('bundle', 'table.biom');
      await close();
      expect(d).toMatchObject({ status: 'READY', format: 'biom-hdf5', samples: 34, features: 770 });
    } finally {
      await env.close();
    }
  }, 120_000);
});
