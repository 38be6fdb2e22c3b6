/** The `biomeflow` executable, spawned as a user runs it (stdout parsed as JSON where asked). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve('bin/biomeflow.js');

function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('biomeflow CLI', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-cli-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('simulate writes the same study for the same seed', () => {
    expect(cli(['simulate', '--seed', '5', '--subjects', '4', path.join(tmp, 'a')]).code).toBe(0);
    expect(cli(['simulate', '--seed', '5', '--subjects', '4', path.join(tmp, 'b')]).code).toBe(0);
    const read = (d: string) => fs.readFileSync(path.join(tmp, d, '16s/feature-table.tsv'), 'utf8');
    expect(read('a')).toBe(read('b'));
    expect(fs.readFileSync(path.join(tmp, 'a', 'metadata.tsv'), 'utf8').split('\n')[0]).toBe(
      'sample-id\tsubject\tarm\tmonth\ttimepoint\tage\tbmd\tserum_calcium\tpth',
    );
  });

  it('run exits 0 when every dataset is READY, prints plain progress lines off a terminal, and query returns flat JSON rows', () => {
    const state = path.join(tmp, 'state');
    const r = cli(['run', path.join(tmp, 'a'), '--study', 'trial', '--state', state]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/uploaded 7\/7 files · datasets done 7\/7/);
    expect(r.err).not.toMatch(/\r/);
    expect(r.out).toMatch(/16s\/feature-table\.biom\s+16s\s+biom-json\s+READY/);
    expect(r.out).toMatch(/7 READY, 0 FAILED/);

    const ds = JSON.parse(cli(['query', 'trial', 'datasets', '--format', 'json', '--state', state]).out) as Record<
      string,
      unknown
    >[];
    expect(ds.map((d) => d.datasetId).sort()).toEqual([
      '16s/feature-table.biom',
      '16s/feature-table.tsv',
      '16s/taxonomy.tsv',
      'metabolomics/mzmine3-features.csv',
      'metabolomics/pathway-map.tsv',
      'metadata.tsv',
      'study.json',
    ]);
    expect(ds.find((d) => d.datasetId === '16s/feature-table.tsv')).toMatchObject({
      kind: '16s',
      format: 'biom-tsv',
      status: 'READY',
      features: 300,
    });

    const q = cli([
      'query',
      'trial',
      'samples',
      '--dataset',
      '16s/feature-table.biom',
      '--format',
      'json',
      '--state',
      state,
    ]);
    expect(q.code).toBe(0);
    const rows = JSON.parse(q.out) as Record<string, unknown>[];
    const nSamples =
      fs
        .readFileSync(path.join(tmp, 'a', 'metadata.tsv'), 'utf8')
        .trim()
        .split('\n').length - 2;
    expect(rows).toHaveLength(nSamples);
    for (const k of [
      'datasetId',
      'sampleId',
      'depth',
      'observed_features',
      'shannon_entropy',
      'simpson',
      'pielou_evenness',
      'chao1',
      'ace',
      'goods_coverage',
    ])
      expect(rows[0]).toHaveProperty(k);
    expect(rows.every((row) => Object.values(row).every((v) => v === null || typeof v !== 'object'))).toBe(true);

    // the BIOM JSON and the TSV hold the same counts: the same metrics
    const tsvRows = JSON.parse(
      cli(['query', 'trial', 'samples', '--dataset', '16s/feature-table.tsv', '--format', 'json', '--state', state])
        .out,
    ) as Record<string, unknown>[];
    expect(tsvRows.map((x) => x.shannon_entropy)).toEqual(rows.map((x) => x.shannon_entropy));

    const beta = cli([
      'query',
      'trial',
      'beta',
      '--dataset',
      '16s/feature-table.biom',
      '--metric',
      'jaccard',
      '--state',
      state,
    ])
      .out.trimEnd()
      .split('\n');
    expect(beta).toHaveLength(nSamples + 1);
    expect(beta[0]!.startsWith('\t')).toBe(true);
    const m = beta.slice(1).map((l) => l.split('\t').slice(1).map(Number));
    expect(m[0]![0]).toBe(0);
    expect(m[1]![2]).toBe(m[2]![1]);
    const ord = JSON.parse(
      cli(['query', 'trial', 'ordination', '--dataset', '16s/feature-table.tsv', '--format', 'json', '--state', state])
        .out,
    );
    expect(ord.metric).toBe('bray_curtis');
    expect(ord.samples).toHaveLength(nSamples);
    expect(ord.samples[0].axes).toHaveLength(10); // ordinationAxes default
    expect(ord.proportionExplained[0]).toBeGreaterThan(ord.proportionExplained[1]);

    // study statistics, as an analyst reads them
    const comparisons = JSON.parse(
      cli(['query', 'trial', 'comparisons', '--format', 'json', '--state', state]).out,
    ) as Record<string, unknown>[];
    expect(comparisons.map((c) => c.name)).toContain('month: 12 vs 0 | arm = high_calcium');
    expect(
      comparisons.every((c) => typeof c.runId === 'string' && ['between', 'within', 'change'].includes(String(c.kind))),
    ).toBe(true);
    const hits = JSON.parse(
      cli([
        'query',
        'trial',
        'hits',
        '--comparison',
        'month: 12 vs 0 | arm = high_calcium',
        '--top',
        '5',
        '--format',
        'json',
        '--state',
        state,
      ]).out,
    ) as Record<string, unknown>[];
    expect(hits).toHaveLength(5);
    expect(hits.map((h) => h.q)).toEqual([...hits.map((h) => h.q as number)].sort((a, b) => a - b));
    for (const k of [
      'comparison',
      'datasetId',
      'level',
      'feature',
      'test',
      'statistic',
      'p',
      'q',
      'effectName',
      'effect',
      'prevalenceA',
      'prevalenceB',
      'runId',
    ])
      expect(hits[0]).toHaveProperty(k);
    const tests = JSON.parse(
      cli([
        'query',
        'trial',
        'tests',
        '--comparison',
        'month: 12 vs 0 | arm = high_calcium',
        '--format',
        'json',
        '--state',
        state,
      ]).out,
    ) as Record<string, unknown>[];
    const perm = tests.find((t) => t.test === 'permanova' && t.metric === 'bray_curtis')!;
    expect(perm).toMatchObject({ permutations: 999, strata: true });
    expect(typeof perm.r2).toBe('number');
    const feature = String(hits[0]!.feature);
    const corr = JSON.parse(
      cli(['query', 'trial', 'correlations', '--feature', feature, '--format', 'json', '--state', state]).out,
    ) as Record<string, unknown>[];
    expect(corr.every((c) => c.x === feature || c.y === feature)).toBe(true);

    const tsv = cli([
      'query',
      'trial',
      'features',
      '--dataset',
      '16s/feature-table.biom',
      '--format',
      'tsv',
      '--state',
      state,
    ]).out.split('\n');
    expect(tsv[0]!.split('\t').slice(0, 5)).toEqual([
      'datasetId',
      'featureId',
      'prevalence',
      'meanRelativeAbundance',
      'taxonomy',
    ]);
    expect(tsv.filter((l) => l.length).length).toBe(301);
  });

  it('run exits 1 when a dataset FAILED and names code, line and column; query errors exit 2 without a stack trace', () => {
    const study = path.join(tmp, 'bad');
    fs.mkdirSync(study);
    fs.writeFileSync(path.join(study, 'table.tsv'), '#OTU ID\tS1\tS2\nf1\t1\tx\n');
    const state = path.join(tmp, 'state-bad');
    const r = cli(['run', study, '--state', state]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/table\.tsv .*FAILED.*NON_NUMERIC_VALUE at 2:6/);
    const ds = JSON.parse(cli(['query', 'bad', 'datasets', '--format', 'json', '--state', state]).out);
    expect(ds[0].error).toMatchObject({ code: 'NON_NUMERIC_VALUE', line: 2, column: 6 });
    const q = cli(['query', 'bad', 'samples', '--dataset', 'nope.tsv', '--state', state]);
    expect(q.code).toBe(2);
    expect(q.err).toBe("biomeflow: no dataset 'nope.tsv' in study 'bad'\n");
    const unknown = cli(['query', 'bad', 'volcanoes', '--state', state]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^biomeflow: unknown query 'volcanoes'; expected one of: datasets, samples/);
  });
});
