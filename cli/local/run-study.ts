/**
 * `biomeflow run`: upload a folder as a study through the S3 API of the
 * embedded server and wait until the upload events, driving the Lambda
 * handlers, have left every dataset READY, FAILED or IGNORED (a file that is not data).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import { type DatasetPointer, DynamoResultsStore } from '../../lambdas/adapters/results-store.js';
import { isValidStudyId, studyObjectKey } from '../../lambdas/core/pipeline/contract.js';
import {
  LOCAL_BUCKET,
  LOCAL_REGION,
  LOCAL_TABLE,
  type LocalEnvironment,
  startLocalEnvironment,
} from './environment.js';

export interface RunProgress {
  filesUploaded: number;
  filesTotal: number;
  datasetsDone: number;
  elapsedMs: number;
}

export interface RunOptions {
  study: string;
  stateDir: string;
  onProgress?: (p: RunProgress) => void;
  /** give up waiting after this long */
  timeoutMs?: number;
  /** an already started environment (tests); otherwise one is started and closed */
  environment?: LocalEnvironment;
}

export interface RunResult {
  study: string;
  datasets: DatasetPointer[];
  uploadedKeys: string[];
  ok: boolean;
  deadLetters: number;
}

/** Files of a study folder, relative paths with '/', hidden files and folders skipped, sorted. */
export function studyFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk(folder, '');
  return out.sort();
}

/** Study ids become S3 key segments and DynamoDB keys: the contract's study-id rule (letters, digits, '-', '_' and '.'). */
export function validStudyId(id: string): boolean {
  return isValidStudyId(id);
}

export async function runStudy(folder: string, opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const env = opts.environment ?? (await startLocalEnvironment({ stateDir: opts.stateDir, silentLogs: true }));
  try {
    const s3 = new S3Client({
      endpoint: env.s3Endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const store = new DynamoResultsStore(
      DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: env.dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
      ),
      LOCAL_TABLE,
    );
    const files = studyFiles(folder);
    const uploaded = new Map<string, string>(); // datasetId -> etag
    const progress = { filesUploaded: 0, filesTotal: files.length, datasetsDone: 0, elapsedMs: 0 };
    const report = () => opts.onProgress?.({ ...progress, elapsedMs: Date.now() - started });
    report();
    for (const rel of files) {
      const body = fs.readFileSync(path.join(folder, rel));
      const out = await s3.send(
        new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: studyObjectKey(opts.study, rel), Body: body }),
      );
      uploaded.set(rel, (out.ETag ?? '').replace(/"/g, ''));
      progress.filesUploaded++;
      report();
    }

    const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60 * 1000);
    let datasets: DatasetPointer[] = [];
    for (;;) {
      datasets = await store.listDatasets(opts.study);
      const done = datasets.filter((d) => uploaded.get(d.datasetId) === d.etag).length;
      if (done !== progress.datasetsDone) {
        progress.datasetsDone = done;
        report();
      }
      const idle = env.ingestQueue.isIdle() && env.analyzeQueue.isIdle();
      if ((done === uploaded.size && idle) || (idle && env.ingestQueue.deadLetters.length > 0)) break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await env.whenIdle();
    datasets = await store.listDatasets(opts.study);
    report();
    const mine = datasets.filter((d) => uploaded.has(d.datasetId));
    const deadLetters = env.ingestQueue.deadLetters.length + env.analyzeQueue.deadLetters.length;
    const ok =
      deadLetters === 0 &&
      mine.length === uploaded.size &&
      mine.every((d) => d.status !== 'FAILED' && uploaded.get(d.datasetId) === d.etag);
    s3.destroy();
    return { study: opts.study, datasets, uploadedKeys: [...uploaded.keys()], ok, deadLetters };
  } finally {
    if (!opts.environment) await env.close();
  }
}
