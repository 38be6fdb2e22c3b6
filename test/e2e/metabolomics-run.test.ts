/**
 * Metabolomics end to end on the embedded default: MetaboAnalyst, MZmine/FBMN
 * and W4M uploads processed by the ingest handler; the processed matrix in the
 * bucket equals the MetaboAnalyst-convention reference (test/fixtures/<set>/reference).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'fflate';
import {
  LOCAL_BUCKET,
  LOCAL_REGION,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../cli/local/environment.js';
import { runStudy } from '../../cli/local/run-study.js';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import {
  artifactKey,
  listDatasetRows,
  listFeatureRows,
  listSampleRows,
  ordinationOf,
} from '../../lambdas/query/queries.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { localStoreFor } from '../helpers/local-env.js';
import { closeTo } from '../helpers/numeric.js';

describe('metabolomics on the embedded default', () => {
  let tmp: string;
  let env: LocalEnvironment;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-mtb-'));
    const study = path.join(tmp, 'mtb');
    const copy = (from: string, to: string) => {
      fs.mkdirSync(path.dirname(path.join(study, to)), { recursive: true });
      fs.writeFileSync(path.join(study, to), readFixture('data', from));
    };
    copy('metaboanalyst-cachexia/human_cachexia.csv', 'cachexia/human_cachexia.csv');
    copy('w4m-sacurine/dataMatrix.tsv', 'w4m/dataMatrix.tsv');
    copy('w4m-sacurine/sampleMetadata.tsv', 'w4m/sampleMetadata.tsv');
    copy('w4m-sacurine/variableMetadata.tsv', 'w4m/variableMetadata.tsv');
    // sacurine's dataMatrix holds log10 intensities (negative values): study.json declares it transformed
    fs.writeFileSync(path.join(study, 'study.json'), JSON.stringify({ transformed: ['w4m/dataMatrix.tsv'] }));
    fs.writeFileSync(
      path.join(study, 'bad-intensities.csv'),
      'id,mz,rt,datafile:a.mzML:area,datafile:b.mzML:area\n1,100.1,1.2,12,abc\n',
    );
    env = await startLocalEnvironment({ stateDir: path.join(tmp, 'state'), silentLogs: true });
    await runStudy(study, { study: 'mtb', stateDir: env.stateDir, environment: env });
  });
  afterAll(async () => {
    await env.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('recognises each file by content, W4M sample and variable metadata attach, a bad intensity FAILS with its location', async () => {
    const { store, close } = await localStoreFor(env);
    try {
      const by = new Map((await listDatasetRows(store, 'mtb')).map((r) => [r.datasetId, r]));
      expect(by.get('cachexia/human_cachexia.csv')).toMatchObject({
        kind: 'metabolomics',
        format: 'metaboanalyst',
        status: 'READY',
        samples: 77,
        features: 63,
      });
      expect(by.get('w4m/dataMatrix.tsv')).toMatchObject({
        kind: 'metabolomics',
        format: 'w4m-datamatrix',
        status: 'READY',
        samples: 183,
        features: 109,
      });
      expect(by.get('w4m/sampleMetadata.tsv')).toMatchObject({ kind: 'metadata', status: 'READY', samples: 183 });
      expect(by.get('w4m/variableMetadata.tsv')).toMatchObject({
        kind: 'feature-metadata',
        status: 'READY',
        features: 109,
      });
      expect(by.get('bad-intensities.csv')).toMatchObject({
        status: 'FAILED',
        error: { code: 'NON_NUMERIC_VALUE', line: 2 },
      });

      const w4mSamples = await listSampleRows(store, 'mtb', 'w4m/dataMatrix.tsv');
      expect(w4mSamples.every((s) => s.metadataId === s.sampleId)).toBe(true);
      const w4mFeatures = await listFeatureRows(store, 'mtb', 'w4m/dataMatrix.tsv');
      // variableMetadata's columns (sacurine has msiLevel, hmdb, chemicalClass) arrive on the feature rows
      expect(w4mFeatures).toHaveLength(109);
      expect(w4mFeatures.every((f) => 'chemicalClass' in f && 'msiLevel' in f)).toBe(true);
      expect(w4mFeatures.filter((f) => f.chemicalClass !== null).length).toBeGreaterThan(50);
    } finally {
      await close();
    }
  });

  it('writes the processed cachexia matrix (PQN, glog10, Pareto) equal to the reference, and PCA on the samples', async () => {
    const { store, close } = await localStoreFor(env);
    try {
      const ref = readFixtureJson('reference/metaboanalyst-cachexia/processing.json');
      const key = await artifactKey(store, 'mtb', 'cachexia/human_cachexia.csv', 'processed');
      const s3 = new S3Client({
        endpoint: env.s3Endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        forcePathStyle: true,
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      const obj = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
      const lines = new TextDecoder()
        .decode(gunzipSync(await obj.Body!.transformToByteArray()))
        .trimEnd()
        .split('\n');
      s3.destroy();
      const header = lines[0]!.split('\t');
      expect(header.slice(1)).toEqual(ref.sample_ids);
      const features = lines.slice(1).map((l) => l.split('\t')[0]);
      expect(features).toEqual(ref.kept_features);
      let worst = 0;
      lines.slice(1).forEach((line, f) => {
        line
          .split('\t')
          .slice(1)
          .map(Number)
          .forEach((v, s) => {
            const e = ref.processed_matrix.values[s][f] as number;
            if (!closeTo(v, e, 1e-9, 1e-12)) worst = Math.max(worst, Math.abs(v - e));
          });
      });
      expect(worst).toBe(0);

      const feats = await listFeatureRows(store, 'mtb', 'cachexia/human_cachexia.csv');
      expect(feats).toHaveLength(63);
      expect(feats.filter((f) => f.kept === true).length).toBe(ref.n_features_kept);
      const pca = await ordinationOf(store, 'mtb', 'cachexia/human_cachexia.csv', 'pca');
      expect((pca.samples as unknown[]).length).toBe(77);
      const pe = pca.proportionExplained as number[];
      expect(pe[0]).toBeGreaterThan(pe[1]!);
    } finally {
      await close();
    }
  });
});
