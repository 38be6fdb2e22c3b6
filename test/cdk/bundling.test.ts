/**
 * The one slow test: synthesizes the stack as `cdk synth` does (real esbuild
 * bundling, CloudFormation validator on), proving synthesis needs neither
 * network nor Docker and that the bundles are ESM as TOOLCHAIN.md requires.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BiomeflowStack } from '../../lib/biomeflow-stack.js';
import { cdkJsonContext, logicalId } from './helpers.js';

const outdir = mkdtempSync(path.join(tmpdir(), 'biomeflow-synth-'));

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
      expect(bundle.startsWith("import { createRequire } from 'module'; const require = createRequire(import.meta.url);")).toBe(true);
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
});
