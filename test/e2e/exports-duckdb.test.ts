/**
 * Exports end to end: a small study (QIIME 2 moving pictures with its taxonomy and metadata, one explicit
 * comparison, plus the MetaboAnalyst cachexia table) run on the embedded servers, exported with `exportStudy`
 * (Parquet and CSV), then the SQL examples of docs/exports.md run by DuckDB against the files, their answers
 * checked against the reference values in test/fixtures/<set>/reference (scikit-bio 0.5.8, R 4.2.2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { exportCommand } from '../../cli/commands/export.js';
import {
  LOCAL_BUCKET,
  LOCAL_REGION,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../cli/local/environment.js';
import { runStudy } from '../../cli/local/run-study.js';
import { LOCAL_CREDENTIALS } from '../../lambdas/adapters/aws-clients.js';
import { parseBiomJsonText } from '../../lambdas/core/amplicon/formats/biom-json.js';
import type { ExportObject } from '../../lambdas/core/export/index.js';
import { parseMetadata, parseMetadataText } from '../../lambdas/core/study/qiime2-metadata.js';
import { exportStudy, type ObjectReader } from '../../lambdas/query/export-data.js';
import { readFixture, readFixtureJson, readFixtureText } from '../helpers/fixtures.js';
import { localStoreFor } from '../helpers/local-env.js';
import { maxRelError } from '../helpers/numeric.js';

const MP = 'qiime2-moving-pictures';
const CX = 'metaboanalyst-cachexia';
const STUDY = 'mp';
const TABLE = '16s/feature-table.biom';
const CACHEXIA = 'cachexia/human_cachexia.csv';
const REL = 1e-9;

/** The ```sql blocks of docs/exports.md that start with `-- example: <name>`, by name. */
function docExamples(): Map<string, string> {
  const doc = fs.readFileSync(new URL('../../docs/exports.md', import.meta.url), 'utf8');
  return new Map([...doc.matchAll(/```sql\n-- example: (\S+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]));
}

function writeStudy(dir: string): void {
  const put = (rel: string, content: string | Uint8Array) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  put('metadata.tsv', readFixture('data', MP, 'sample-metadata.tsv'));
  put(
    'study.json',
    JSON.stringify({
      prevalence: 0,
      comparisons: [{ name: 'gut_vs_tongue', factor: 'body-site', groups: ['gut', 'tongue'] }],
    }),
  );
  put(TABLE, readFixture('data', MP, 'feature-table.biom'));
  put('16s/taxonomy.tsv', readFixture('data', MP, 'taxonomy.tsv'));
  put(CACHEXIA, readFixture('data', CX, 'human_cachexia.csv'));
}

describe('exports read by DuckDB', () => {
  let tmp: string;
  let env: LocalEnvironment | null = null;
  let out: string;
  let parquet: ExportObject[];
  let db: DuckDBConnection;
  const examples = docExamples();
  /** wall-clock seconds of the exports, printed with BIOMEFLOW_PRINT_AGREEMENT=1 (never asserted) */
  const seconds: Record<string, number> = {};

  /** Rows of a docs example, with the `exports/` paths pointed at the written files. */
  const run = async (name: string): Promise<Record<string, unknown>[]> => {
    const sql = examples.get(name);
    if (!sql) throw new Error(`docs/exports.md has no example '${name}'`);
    const reader = await db.runAndReadAll(sql.replace(/'exports\//g, `'${out}/exports/`));
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-exports-'));
    writeStudy(path.join(tmp, 'study'));
    const local = await startLocalEnvironment({ stateDir: path.join(tmp, 'state'), silentLogs: true });
    env = local;
    const result = await runStudy(path.join(tmp, 'study'), {
      study: STUDY,
      stateDir: local.stateDir,
      environment: local,
    });
    expect(result.ok).toBe(true);
    const s3 = new S3Client({
      endpoint: local.s3Endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const reader: ObjectReader = async (key) =>
      (await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }))).Body!.transformToByteArray();
    const { store, close } = await localStoreFor(local);
    try {
      const t0 = Date.now();
      parquet = await exportStudy(store, reader, STUDY, 'parquet');
      const t1 = Date.now();
      const csv = await exportStudy(store, reader, STUDY, 'csv');
      seconds.exportStudy_parquet = (t1 - t0) / 1000;
      seconds.exportStudy_csv = (Date.now() - t1) / 1000;
      out = path.join(tmp, 'out');
      for (const o of [...csv, ...parquet]) {
        fs.mkdirSync(path.dirname(path.join(out, o.path)), { recursive: true });
        fs.writeFileSync(path.join(out, o.path), o.body);
      }
    } finally {
      await close();
      s3.destroy();
    }
    db = await (await DuckDBInstance.create(':memory:')).connect();
  }, 600_000);

  afterAll(async () => {
    if (process.env.BIOMEFLOW_PRINT_AGREEMENT) console.log(JSON.stringify({ agreement, seconds }, null, 2));
    db?.closeSync();
    await env?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const ref = (set: string, file: string) => readFixtureJson('reference', set, file);
  const file = (p: string) =>
    new TextDecoder().decode(parquet.find((o) => o.path === `exports/${STUDY}/${p}`)?.body ?? new Uint8Array());
  const metadata = () => parseMetadata(readFixture('data', MP, 'sample-metadata.tsv'));
  const bodySiteOf = () => {
    const md = metadata();
    const col = md.columns.find((c) => c.name === 'body-site')!;
    return new Map(md.sampleIds.map((id, r) => [id, col.values[r]!]));
  };
  const agreement: Record<string, number> = {};
  const record = (name: string, err: number, tol = REL) => {
    agreement[name] = err;
    expect({ name, err: err <= tol }).toEqual({ name, err: true });
  };

  it('writes every family the study has, the tool files and a manifest without notes', () => {
    const paths = parquet.map((o) => o.path.replace(`exports/${STUDY}/`, ''));
    for (const f of [
      'samples',
      'features',
      'taxa',
      'top_taxa',
      'beta',
      'ordination',
      'eigenvalues',
      'metadata',
      'matrix',
      'comparisons',
      'tests',
      'hits',
      'correlations',
      'correlation_families',
    ]) {
      expect(paths).toContain(`${f}/${f}.parquet`);
    }
    expect(paths).toEqual(
      expect.arrayContaining([
        'skbio-ordination/16s_feature-table.biom/bray_curtis.ordination.txt',
        'skbio-ordination/16s_feature-table.biom/jaccard.ordination.txt',
        'skbio-ordination/16s_feature-table.biom/aitchison.ordination.txt',
        'skbio-ordination/cachexia_human_cachexia.csv/pca.ordination.txt',
        'metaboanalyst/cachexia_human_cachexia.csv/processed.csv',
        'phyloseq/16s_feature-table.biom/otu_table.biom',
        'phyloseq/16s_feature-table.biom/sample_data.tsv',
        'manifest.json',
      ]),
    );
    const manifest = JSON.parse(file('manifest.json'));
    expect(manifest.notes).toEqual([]);
    expect([manifest.families.samples.rows, manifest.families.beta.rows, manifest.families.matrix.rows]).toEqual([
      34 + 77,
      3 * 561,
      77 * 63,
    ]);
  });

  it('top-hits: the genera with q < 0.05 for gut vs tongue, by q, are the reference ones with its W, p, q and clr difference', async () => {
    const rows = await run('top-hits');
    const w = ref(MP, 'wilcoxon_genus_body-site_gut_vs_tongue.json');
    const expected = (
      w.results as { taxon: string; W: number; p: number; q: number; clr_mean_difference: number }[]
    ).filter((r) => r.q < 0.05);
    expect(rows.map((r) => r.feature).sort()).toEqual(expected.map((r) => r.taxon).sort());
    const e = rows.map((r) => expected.find((x) => x.taxon === r.feature)!);
    const clr = e.map((x) => x.clr_mean_difference);
    record(
      'hits.statistic',
      maxRelError(
        rows.map((r) => r.statistic as number),
        e.map((x) => x.W),
      ),
    );
    record(
      'hits.p',
      maxRelError(
        rows.map((r) => r.p as number),
        e.map((x) => x.p),
      ),
    );
    record(
      'hits.q',
      maxRelError(
        rows.map((r) => r.q as number),
        e.map((x) => x.q),
      ),
    );
    record(
      'hits.effect',
      maxRelError(
        rows.map((r) => r.effect as number),
        clr,
        1e-12 * Math.max(...clr.map(Math.abs)),
      ),
    );
    expect(rows.every((r, k) => k === 0 || (r.q as number) >= (rows[k - 1]!.q as number))).toBe(true);
  });

  it('shannon-by-body-site: group sizes and mean Shannon entropy per body site match scikit-bio alpha; the long-form join gives the same', async () => {
    const rows = await run('shannon-by-body-site');
    const site = bodySiteOf();
    const alpha = ref(MP, 'alpha.json').samples as { sample_id: string; shannon_entropy: number }[];
    const groups = [...new Set(alpha.map((a) => site.get(a.sample_id)!))].sort();
    const inGroup = (g: string) => alpha.filter((a) => site.get(a.sample_id) === g);
    expect(rows.map((r) => [r.body_site, Number(r.n)])).toEqual(groups.map((g) => [g, inGroup(g).length]));
    record(
      'samples.mean_shannon',
      maxRelError(
        rows.map((r) => r.mean_shannon as number),
        groups.map((g) => inGroup(g).reduce((a, x) => a + x.shannon_entropy, 0) / inGroup(g).length),
      ),
    );
    const long = await run('shannon-by-body-site-long');
    expect(long.map((r) => [r.body_site, r.n])).toEqual(rows.map((r) => [r.body_site, r.n]));
    expect(
      maxRelError(
        long.map((r) => r.mean_shannon as number),
        rows.map((r) => r.mean_shannon as number),
      ),
    ).toBeLessThanOrEqual(1e-15);
  });

  it('pcoa-plot and variance-explained: |PC1..PC3|, eigenvalues and proportions match scikit-bio pcoa; every sample carries its body site', async () => {
    const pcoa = ref(MP, 'pcoa_bray_curtis.json');
    const rows = await run('pcoa-plot');
    expect(rows.map((r) => r.sampleId)).toEqual([...pcoa.ids].sort());
    const abs = pcoa.abs_coordinates_axes_1_3 as Record<string, number[]>;
    record(
      'ordination.abs_PC1-3',
      maxRelError(
        rows.flatMap((r) => [1, 2, 3].map((k) => Math.abs(r[`PC${k}`] as number))),
        rows.flatMap((r) => abs[r.sampleId as string]!),
        1e-12,
      ),
    );
    const site = bodySiteOf();
    expect(rows.map((r) => r.body_site)).toEqual(rows.map((r) => site.get(r.sampleId as string)));
    const eig = await run('variance-explained');
    // every positive eigenvalue is stored (up to 100): 33 of the 34 for moving pictures
    const positive = (pcoa.eigenvalues as number[]).filter(
      (e) => e > 1e-10 * (pcoa.eigenvalues as number[])[0]!,
    ).length;
    expect(eig.map((r) => Number(r.axis))).toEqual(Array.from({ length: positive }, (_, k) => k + 1));
    record(
      'eigenvalues.eigenvalue_1-10',
      maxRelError(
        eig.slice(0, 10).map((r) => r.eigenvalue as number),
        pcoa.skbio_pcoa_eigvals_first10,
      ),
    );
    record(
      'eigenvalues.proportion_1-10',
      maxRelError(
        eig.slice(0, 10).map((r) => r.proportionExplained as number),
        pcoa.proportion_explained,
      ),
    );
  });

  it('within-between: counts and mean Bray–Curtis of same-site and different-site pairs match the reference matrix', async () => {
    const beta = ref(MP, 'beta.json');
    const site = bodySiteOf();
    const ids = beta.ids as string[];
    const acc = { between: [0, 0], within: [0, 0] };
    let k = 0;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++, k++) {
        const a = site.get(ids[i]!) === site.get(ids[j]!) ? acc.within : acc.between;
        a[0]! += 1;
        a[1]! += beta.bray_curtis[k];
      }
    }
    const rows = await run('within-between');
    expect(rows.map((r) => [r.pair, Number(r.n)])).toEqual([
      ['between', acc.between[0]],
      ['within', acc.within[0]],
    ]);
    record(
      'beta.mean_within_between',
      maxRelError(
        rows.map((r) => r.mean_distance as number),
        [acc.between[1]! / acc.between[0]!, acc.within[1]! / acc.within[0]!],
      ),
    );
    const all = (
      await db.runAndReadAll(
        `SELECT distance FROM read_parquet('${out}/exports/${STUDY}/beta/beta.parquet', file_row_number = true) WHERE metric = 'bray_curtis' ORDER BY file_row_number`,
      )
    ).getRowObjectsJS();
    record(
      'beta.bray_curtis_pairs',
      maxRelError(
        all.map((r) => r.distance as number),
        beta.bray_curtis,
      ),
    );
  });

  it('metabolite-summary and metaboanalyst-csv: the processed cachexia matrix (tidy and MetaboAnalyst layout) equals the reference processing', async () => {
    const p = ref(CX, 'processing.json');
    const features = p.kept_features as string[];
    const values = p.processed_matrix.values as number[][];
    const summary = new Map((await run('metabolite-summary')).map((r) => [r.featureId as string, r]));
    expect([...summary.keys()].sort()).toEqual([...features].sort());
    expect([...summary.values()].every((r) => Number(r.n) === p.sample_ids.length)).toBe(true);
    const col = (f: number) => values.map((row) => row[f]!);
    record(
      'matrix.max',
      maxRelError(
        features.map((f) => summary.get(f)!.max as number),
        features.map((_, f) => Math.max(...col(f))),
      ),
    );
    const csv = await run('metaboanalyst-csv');
    expect(csv.map((r) => r.Sample)).toEqual(p.sample_ids);
    expect(Object.keys(csv[0]!)).toEqual(['Sample', 'Label', ...features]);
    const labels = csv.map((r) => r.Label);
    expect([labels.filter((l) => l === 'cachexic').length, labels.filter((l) => l === 'control').length]).toEqual([
      47, 30,
    ]);
    record(
      'metaboanalyst.values',
      maxRelError(
        csv.flatMap((r) => features.map((f) => r[f] as number)),
        values.flat(),
        1e-15,
      ),
    );
  });

  it('csv-samples: DuckDB reads the CSV export with real booleans and NULLs, the same Shannon values as scikit-bio', async () => {
    const rows = await run('csv-samples');
    const alpha = new Map(
      (ref(MP, 'alpha.json').samples as { sample_id: string; shannon_entropy: number }[]).map((a) => [
        a.sample_id,
        a.shannon_entropy,
      ]),
    );
    expect(rows).toHaveLength(34);
    expect(rows.every((r) => r.inMetadata === true && r.faith_pd === null)).toBe(true);
    record(
      'csv.shannon',
      maxRelError(
        rows.map((r) => r.shannon_entropy as number),
        rows.map((r) => alpha.get(r.sampleId as string)!),
      ),
    );
  });

  it('the scikit-bio OrdinationResults file holds the six sections in order; its eigenvalues, proportions and |coordinates| match scikit-bio pcoa', () => {
    const text = file('skbio-ordination/16s_feature-table.biom/bray_curtis.ordination.txt');
    const sections = text
      .replace(/\n$/, '')
      .split('\n\n')
      .map((s) => s.split('\n').map((l) => l.split('\t')));
    expect(sections.map((s) => s[0]![0])).toEqual([
      'Eigvals',
      'Proportion explained',
      'Species',
      'Site',
      'Biplot',
      'Site constraints',
    ]);
    expect(sections.map((s) => s[0]!.slice(1).join('x'))).toEqual(['10', '10', '0x0', '34x10', '0x0', '0x0']);
    const pcoa = ref(MP, 'pcoa_bray_curtis.json');
    record('skbio.eigvals', maxRelError(sections[0]![1]!.map(Number), pcoa.skbio_pcoa_eigvals_first10.slice(0, 10)));
    record(
      'skbio.proportion_explained',
      maxRelError(sections[1]![1]!.map(Number), pcoa.proportion_explained.slice(0, 10)),
    );
    const site = sections[3]!.slice(1);
    expect(site.map((r) => r[0])).toEqual(pcoa.ids);
    const abs = pcoa.abs_coordinates_axes_1_3 as Record<string, number[]>;
    record(
      'skbio.abs_site_1-3',
      maxRelError(
        site.flatMap((r) => r.slice(1, 4).map((v) => Math.abs(Number(v)))),
        site.flatMap((r) => abs[r[0]!]!),
        1e-12,
      ),
    );
  });

  it('the phyloseq set: the BIOM holds the uploaded counts (per-sample depths of scikit-bio) with the taxonomy file lineages; the sample data is the metadata', () => {
    const biom = parseBiomJsonText(file('phyloseq/16s_feature-table.biom/otu_table.biom'));
    expect([biom.featureIds.length, biom.sampleIds.length]).toEqual([770, 34]);
    const depth = new Map(
      (ref(MP, 'alpha.json').samples as { sample_id: string; depth: number }[]).map((a) => [a.sample_id, a.depth]),
    );
    const sums = biom.sampleIds.map((_, j) =>
      biom.data.subarray(biom.indptr[j]!, biom.indptr[j + 1]!).reduce((a, x) => a + x, 0),
    );
    expect(sums).toEqual(biom.sampleIds.map((id) => depth.get(id)));
    const lineage = new Map(
      readFixtureText('data', MP, 'taxonomy.tsv')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t'))
        .map(([id, taxon]) => [id!, taxon!]),
    );
    const norm = (l: string | null | undefined) =>
      (l ?? '')
        .split(';')
        .map((r) => r.trim())
        .filter(Boolean)
        .join(';');
    expect(biom.featureIds.filter((id, f) => norm(biom.taxonomy?.[f]) !== norm(lineage.get(id)))).toEqual([]);
    const sd = parseMetadataText(file('phyloseq/16s_feature-table.biom/sample_data.tsv'));
    const md = metadata();
    expect(sd.sampleIds).toEqual(biom.sampleIds);
    for (const c of md.columns) {
      const got = sd.columns.find((x) => x.name === c.name)!;
      expect(sd.sampleIds.map((_, r) => got.values[r])).toEqual(
        sd.sampleIds.map((id) => c.values[md.sampleIds.indexOf(id)]),
      );
    }
  });

  it('biomeflow export, on the state folder once the servers are stopped, writes the same bytes as exportStudy', async () => {
    await env!.close();
    const state = env!.stateDir;
    env = null;
    const cliOut = path.join(tmp, 'cli');
    const lines: string[] = [];
    const code = await exportCommand(
      STUDY,
      { format: 'parquet', out: cliOut, state },
      { out: (s) => void lines.push(s), err: () => undefined, isTTY: false },
    );
    expect(code).toBe(0);
    expect(lines).toHaveLength(parquet.length);
    for (const o of parquet)
      expect({
        path: o.path,
        same: Buffer.from(fs.readFileSync(path.join(cliOut, o.path))).equals(Buffer.from(o.body)),
      }).toEqual({ path: o.path, same: true });
  });
});
