/**
 * End to end on the embedded default: real uploads through the S3 API, S3-shaped
 * events, the Lambda handler code, results in the embedded DynamoDB, read back
 * through the query API. Data: QIIME 2 moving pictures (test/fixtures) plus bad files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'fflate';
import {
  LOCAL_BUCKET,
  LOCAL_REGION,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../cli/local/environment.js';
import { runStudy } from '../../cli/local/run-study.js';
import { s3NotificationFor } from '../../cli/local/s3-notifications.js';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import {
  artifactKey,
  listDatasetRows,
  listFeatureRows,
  listSampleRows,
  listTaxaRows,
  listTopTaxaRows,
  ordinationOf,
} from '../../lambdas/query/queries.js';
import { listComparisons, listHits, listTests } from '../../lambdas/query/study-queries.js';
import { readFixture, readFixtureJson, readFixtureText } from '../helpers/fixtures.js';
import { localStoreFor } from '../helpers/local-env.js';
import { closeTo } from '../helpers/numeric.js';

const MP = 'data/qiime2-moving-pictures';
/** Three feature ids of the moving-pictures taxonomy, for a small re-upload that the taxonomy still covers. */
const FEATURES3 = readFixtureText(MP, 'taxonomy.tsv')
  .split('\n')
  .slice(1, 4)
  .map((l) => l.split('\t')[0]!);

function writeStudy(dir: string): void {
  const put = (rel: string, content: string | Uint8Array) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  put('metadata.tsv', readFixture(MP, 'sample-metadata.tsv'));
  put('16s/feature-table.biom', readFixture(MP, 'feature-table.biom'));
  put('16s/taxonomy.tsv', readFixture(MP, 'taxonomy.tsv'));
  put('16s/tree.nwk', readFixture(MP, 'tree.nwk'));
  put('bad/empty.tsv', '');
  put(
    'bad/garbage.dat',
    Uint8Array.from({ length: 512 }, (_, i) => (i * 7919) % 256),
  );
  put('bad/truncated.biom', '{"id": "t", "format": "Biological Observation Matrix 1.0.0", "rows": [{"id": "a"');
  put('bad/negative.tsv', '#OTU ID\tS1\tS2\nf1\t3\t-1\nf2\t0\t4\n');
  // beside 16s/taxonomy.tsv, a table whose features that taxonomy does not name (QIIME 2 refuses to collapse it too)
  put('16s/unknown-features.tsv', '#OTU ID\tS1\tS2\nnot-a-feature\t3\t1\n');
}

describe('biomeflow run on the embedded default', () => {
  let tmp: string;
  let env: LocalEnvironment;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-e2e-'));
    writeStudy(path.join(tmp, 'mp'));
    env = await startLocalEnvironment({ stateDir: path.join(tmp, 'state'), silentLogs: true });
  });
  afterAll(async () => {
    await env.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('processes every file: tables READY with reference alpha values, bad files FAILED with code and location, nothing dead-lettered', async () => {
    const result = await runStudy(path.join(tmp, 'mp'), { study: 'mp', stateDir: env.stateDir, environment: env });
    expect(result.ok).toBe(false); // the bad files failed
    expect(result.deadLetters).toBe(0);
    const { store, close } = await localStoreFor(env);
    try {
      const rows = await listDatasetRows(store, 'mp');
      const by = new Map(rows.map((r) => [r.datasetId, r]));
      expect(by.get('16s/feature-table.biom')).toMatchObject({
        kind: '16s',
        format: 'biom-hdf5',
        status: 'READY',
        samples: 34,
        features: 770,
      });
      expect(by.get('16s/taxonomy.tsv')).toMatchObject({ kind: 'taxonomy', status: 'READY', features: 770 });
      expect(by.get('metadata.tsv')).toMatchObject({ kind: 'metadata', status: 'READY', samples: 34 });
      expect(by.get('bad/empty.tsv')).toMatchObject({ status: 'FAILED', error: { code: 'EMPTY_FILE' } });
      expect(by.get('bad/garbage.dat')).toMatchObject({ status: 'FAILED', error: { code: 'BINARY_CONTENT' } });
      expect(by.get('bad/truncated.biom')).toMatchObject({
        kind: '16s',
        format: 'biom-json',
        status: 'FAILED',
        error: { code: 'TRUNCATED_JSON', line: 1 },
      });
      expect(by.get('bad/negative.tsv')).toMatchObject({
        kind: '16s',
        format: 'biom-tsv',
        status: 'FAILED',
        error: { code: 'NEGATIVE_VALUE', line: 2, column: 6 },
      });
      expect(by.get('16s/unknown-features.tsv')).toMatchObject({
        status: 'FAILED',
        error: { code: 'UNKNOWN_FEATURE' },
      });
      expect((by.get('16s/unknown-features.tsv')!.error as { message: string }).message).toMatch(/not-a-feature/);

      const samples = await listSampleRows(store, 'mp', '16s/feature-table.biom');
      const ref = readFixtureJson('reference/qiime2-moving-pictures/alpha.json').samples as Record<
        string,
        number | string | null
      >[];
      expect(samples).toHaveLength(34);
      // metadata.tsv attaches to the table: every sample has a metadata row
      expect(samples.every((s) => s.inMetadata === true)).toBe(true);
      const got = new Map(samples.map((s) => [s.sampleId, s]));
      for (const r of ref) {
        const s = got.get(r.sample_id)!;
        for (const m of [
          'depth',
          'observed_features',
          'shannon_entropy',
          'simpson',
          'pielou_evenness',
          'chao1',
          'ace',
          'goods_coverage',
          'faith_pd',
        ]) {
          expect({ m, ok: closeTo(s[m] as number, r[m] as number) }).toEqual({ m, ok: true });
        }
      }

      // distance matrices in the bucket (QIIME 2 TSV, gzipped) and PCoA on the sample items, equal to scikit-bio's
      const refBeta = readFixtureJson('reference/qiime2-moving-pictures/beta.json');
      const key = await artifactKey(store, 'mp', '16s/feature-table.biom', 'bray_curtis');
      expect(key).toMatch(/^results\/mp\/16s\/feature-table\.biom\/[0-9a-f]{20}\/bray_curtis\.tsv\.gz$/);
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
      const ids = lines[0]!.split('\t').slice(1);
      expect(ids).toEqual(refBeta.ids);
      const refIndex = (i: number, j: number, n: number) => n * i - (i * (i + 1)) / 2 + (j - i - 1);
      for (let i = 0; i < ids.length; i++) {
        const row = lines[i + 1]!.split('\t').slice(1).map(Number);
        for (let j = i + 1; j < ids.length; j++)
          expect({ i, j, ok: closeTo(row[j]!, refBeta.bray_curtis[refIndex(i, j, ids.length)]) }).toEqual({
            i,
            j,
            ok: true,
          });
      }
      const ord = await ordinationOf(store, 'mp', '16s/feature-table.biom', 'bray_curtis');
      const refPcoa = readFixtureJson('reference/qiime2-moving-pictures/pcoa_bray_curtis.json');
      const pe = ord.proportionExplained as number[];
      for (let k = 0; k < 5; k++) expect(closeTo(pe[k]!, refPcoa.proportion_explained[k])).toBe(true);
      expect((ord.samples as unknown[]).length).toBe(34);

      // taxa at genus (the taxonomy keys of docs/metrics.md#taxonomy) equal the reference collapse: 277 genera, mean relative abundance over samples
      const genera = await listTaxaRows(store, 'mp', '16s/feature-table.biom', 'genus');
      const refGenus = readFixtureJson('reference/qiime2-moving-pictures/taxa_genus.json');
      expect(genera).toHaveLength(refGenus.n_taxa);
      const byTaxon = new Map(genera.map((g) => [g.taxon, g]));
      for (const t of refGenus.taxa as { taxon: string; n_features: number; relative_abundance: number[] }[]) {
        const mean = t.relative_abundance.reduce((a, b) => a + b, 0) / t.relative_abundance.length;
        expect({ taxon: t.taxon, ok: closeTo(byTaxon.get(t.taxon)!.meanRelativeAbundance as number, mean) }).toEqual({
          taxon: t.taxon,
          ok: true,
        });
      }
      expect(samples.every((s) => s.fb_ratio === null || (s.fb_ratio as number) >= 0)).toBe(true);
      const top = await listTopTaxaRows(store, 'mp', '16s/feature-table.biom', 'phylum');
      const first = top.filter((r) => r.sampleId === ref[0]!.sample_id);
      expect(
        closeTo(
          first.reduce((a, r) => a + (r.relativeAbundance as number), 0),
          1,
        ),
      ).toBe(true);

      // taxonomy.tsv attached to the table's features (whichever of the two was processed first)
      const features = await listFeatureRows(store, 'mp', '16s/feature-table.biom');
      expect(features).toHaveLength(770);
      expect(
        features.filter((f) => typeof f.taxonomy === 'string' && (f.taxonomy as string).startsWith('k__Bacteria'))
          .length,
      ).toBeGreaterThan(700);
      const sumMean = features.reduce((a, f) => a + (f.meanRelativeAbundance as number), 0);
      expect(closeTo(sumMean, 1)).toBe(true);
    } finally {
      await close();
    }
  });

  it('computes the study statistics once the datasets are in: PERMANOVA on Bray-Curtis by body site equals scikit-bio/vegan, hits ranked by q through the index', async () => {
    const { store, close } = await localStoreFor(env);
    try {
      const comparisons = await listComparisons(store, 'mp');
      expect(comparisons.map((c) => c.name)).toContain('body-site: all 4 levels');
      const tests = await listTests(store, 'mp', { comparison: 'body-site: all 4 levels' });
      const perm = tests.filter(
        (t) => t.test === 'permanova' && t.metric === 'bray_curtis' && t.datasetId === '16s/feature-table.biom',
      );
      expect(perm).toHaveLength(1);
      const ref = readFixtureJson('reference/qiime2-moving-pictures/permanova_bray_curtis.json').results.find(
        (r: { group_column: string }) => r.group_column === 'body-site',
      );
      expect(closeTo(perm[0]!.statistic as number, ref.pseudo_F)).toBe(true);
      expect(closeTo(perm[0]!.r2 as number, ref.R2)).toBe(true);
      expect(perm[0]!.p).toBeLessThanOrEqual(0.002);
      const kw = tests.find(
        (t) =>
          t.test === 'kruskal_wallis' && t.metric === 'shannon_entropy' && t.datasetId === '16s/feature-table.biom',
      );
      const refKw = readFixtureJson('reference/qiime2-moving-pictures/kruskal_shannon.json');
      const refH = refKw.results.find((r: { group_column: string }) => r.group_column === 'body-site');
      expect(closeTo(kw!.statistic as number, refH.H)).toBe(true);

      const subjectComparison = comparisons.find((c) => c.factor === 'subject' && c.kind === 'between');
      expect(subjectComparison).toBeDefined();
      const hits = await listHits(store, 'mp', { comparison: String(subjectComparison!.name), top: 10 });
      expect(hits).toHaveLength(10);
      const qs = hits.map((h) => h.q as number);
      expect([...qs].sort((a, b) => a - b)).toEqual(qs);
    } finally {
      await close();
    }
  });

  it('a re-upload replaces the results atomically and leaves the other datasets untouched; a duplicate event is a no-op', async () => {
    const { store, close } = await localStoreFor(env);
    try {
      const before = new Map((await store.listDatasets('mp')).map((d) => [d.datasetId, d]));
      const s3 = new S3Client({
        endpoint: env.s3Endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      // the same key now holds a two-sample BIOM JSON table
      const small = JSON.stringify({
        id: 'small',
        format: 'Biological Observation Matrix 1.0.0',
        type: 'OTU table',
        matrix_type: 'sparse',
        matrix_element_type: 'int',
        shape: [3, 2],
        rows: FEATURES3.map((id) => ({ id, metadata: null })),
        columns: [
          { id: 'X', metadata: null },
          { id: 'Y', metadata: null },
        ],
        data: [
          [0, 0, 1],
          [1, 0, 1],
          [2, 0, 2],
          [0, 1, 5],
        ],
      });
      await s3.send(
        new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: 'studies/mp/16s/feature-table.biom', Body: small }),
      );
      await env.whenIdle();
      const after = new Map((await store.listDatasets('mp')).map((d) => [d.datasetId, d]));
      const table = after.get('16s/feature-table.biom')!;
      expect(table.format).toBe('biom-json');
      expect(table.samples).toBe(2);
      expect(table.runId).not.toBe(before.get('16s/feature-table.biom')!.runId);
      const samples = await listSampleRows(store, 'mp', '16s/feature-table.biom');
      expect(samples.map((s) => [s.sampleId, s.depth, s.observed_features])).toEqual([
        ['X', 4, 3],
        ['Y', 5, 1],
      ]);
      // the superseded run's rows are still there for in-flight readers, marked for TTL expiry
      const old = before.get('16s/feature-table.biom')!;
      const oldRows = await store.readFamily(old.runId, 'SAMPLES', old.shards.SAMPLES!);
      expect(oldRows).toHaveLength(34);
      expect(oldRows.every((r) => typeof r.expiresAt === 'number' && (r.expiresAt as number) > Date.now() / 1000)).toBe(
        true,
      );
      // counts [1,1,2]: p = 1/4,1/4,1/2 -> H = 1.5 bits exactly
      expect(samples[0]!.shannon_entropy).toBeCloseTo(1.5, 12);
      for (const id of ['metadata.tsv', '16s/taxonomy.tsv', 'bad/negative.tsv'])
        expect(after.get(id)!.runId).toBe(before.get(id)!.runId);
      // X and Y are not in the moving-pictures metadata: reported, not fatal
      expect(samples.map((s) => s.inMetadata)).toEqual([false, false]);
      expect(table.notes.some((n) => n.startsWith('2 table samples have no row in metadata.tsv: X, Y'))).toBe(true);

      // deliver the very same S3 event twice: the second delivery changes nothing
      const runsBefore = (await store.listRuns('mp', 1000)).length;
      const event = JSON.stringify(s3NotificationFor(LOCAL_BUCKET, 'studies/mp/bad/negative.tsv', 30, 'e'));
      env.ingestQueue.send(event);
      await env.whenIdle();
      const once = await store.getDataset('mp', 'bad/negative.tsv');
      env.ingestQueue.send(event);
      await env.whenIdle();
      const twice = await store.getDataset('mp', 'bad/negative.tsv');
      expect(twice!.runId).toBe(once!.runId);
      expect(twice!.updatedAt).toBe(once!.updatedAt);
      expect((await store.listRuns('mp', 1000)).length).toBe(runsBefore + 1);
      expect(env.ingestQueue.deadLetters).toHaveLength(0);
      s3.destroy();
    } finally {
      await close();
    }
  });

  it('records each study change for the analysis step', async () => {
    const { store, close } = await localStoreFor(env);
    try {
      const study = await store.getStudy('mp');
      expect(study).not.toBeNull();
      // one recorded change per analysis batch of the study (FIFO batches coalesce the 9 uploads' messages)
      expect(Number(study!.changeCount)).toBeGreaterThanOrEqual(1);
      expect(Number(study!.changeCount)).toBeLessThanOrEqual(9 + 3);
      expect((study!.datasetsSeen as unknown[]).length).toBe(9);
    } finally {
      await close();
    }
  });
});
