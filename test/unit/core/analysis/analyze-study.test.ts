import { resolveStudyDesign } from '../../../../lambdas/core/analysis/design.js';
import { analyzeStudy, type StudyAnalysis, type StudyInputs } from '../../../../lambdas/core/analysis/index.js';
import { StudySamples, selectSamples } from '../../../../lambdas/core/analysis/samples.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { StudyDesignSchema } from '../../../../lambdas/core/study/study-design.js';
import { tableOf, trialMetadata } from './helpers.js';

const SUBJECTS = 8;
const design = StudyDesignSchema.parse({
  subject: 'subject',
  group: 'arm',
  time: 'month',
  baseline: '0',
  permutations: 99,
  seed: 7,
  prevalence: 0,
});

/**
 * 8 subjects × months 0/6/12 with gaps: P1 never came back at month 12 (no sample anywhere), P2's month-6 stool
 * is missing from the 16S table, P3's month-0 sample is empty, the 16S table has a sample the metadata lacks,
 * P4's arm is not recorded; metabolomics names its samples '<id>.mzML' (mapped back by sampleIdMap).
 */
function unbalancedStudy(): StudyInputs {
  const md = trialMetadata(SUBJECTS);
  const drop = new Set(['P1-M12']);
  const keep = md.sampleIds.map((id) => !drop.has(id));
  const metadata = {
    ...md,
    sampleIds: md.sampleIds.filter((_, i) => keep[i]),
    columns: md.columns.map((c) => ({ ...c, values: c.values.filter((_, i) => keep[i]) })),
  };
  const arm = metadata.columns.find((c) => c.name === 'arm')!;
  metadata.sampleIds.forEach((id, i) => id.startsWith('P4-') && (arm.values[i] = null));
  const rng = createRng(11);
  const samples = [...metadata.sampleIds.filter((id) => id !== 'P2-M6'), 'STRAY-1'];
  const features = Array.from({ length: 12 }, (_, f) => `asv${f}`);
  const rows = features.map((_, f) =>
    samples.map((id) =>
      id === 'P3-M0'
        ? 0
        : rng.nextFloat() < 0.3 + f / 30
          ? 1 + rng.nextInt(50 + (id.endsWith('M12') && f === 0 ? 200 : 0))
          : 0,
    ),
  );
  const lineages = features.map((_, f) => `k__Bacteria;p__P${f % 3};c__C;o__O;f__F${f % 4};g__G${f % 6}`);
  const mSamples = metadata.sampleIds.filter((id) => id !== 'P5-M6');
  const nF = 4;
  const transformed = new Float64Array(mSamples.length * nF),
    normalized = new Float64Array(mSamples.length * nF);
  mSamples.forEach((id, s) => {
    for (let f = 0; f < nF; f++) {
      const shift = f === 0 && id.endsWith('M12') ? 0.8 : 0;
      transformed[s * nF + f] = 3 + shift + rng.normal() * 0.2;
      normalized[s * nF + f] = 10 ** transformed[s * nF + f]!;
    }
  });
  return {
    metadata,
    design,
    amplicon: [{ datasetId: '16s/table.biom', table: tableOf(features, samples, rows), lineages }],
    metabolomics: [
      {
        datasetId: 'lcms/peaks.csv',
        sampleIds: mSamples.map((id) => `${id}.mzML`),
        featureIds: ['m0', 'm1', 'm2', 'm3'],
        normalized,
        transformed,
        sampleIdMap: new Map(mSamples.map((id) => [`${id}.mzML`, id])),
      },
    ],
    pathways: {
      datasetId: 'pathways.tsv',
      featureToPathways: new Map([
        ['m0', ['PW-A']],
        ['m1', ['PW-A', 'PW-B']],
        ['m2', ['PW-B']],
      ]),
    },
  };
}

describe('selectSamples', () => {
  const inputs = unbalancedStudy();
  const resolved = resolveStudyDesign(inputs.metadata, inputs.design).resolved;
  const meta = new StudySamples(inputs.metadata);
  const ids = inputs.amplicon[0]!.table.sampleIds;
  const ds = meta.match(
    ids,
    Uint8Array.from(ids, (id) => (id === 'P3-M0' ? 0 : 1)),
  );
  const byName = (name: string) => resolved.comparisons.find((c) => c.name === name)!;

  it('pairs each subject’s samples and counts the subjects with only one of them', () => {
    const sel = selectSamples(byName('month: 12 vs 0 | arm = treated'), resolved, meta, ds);
    if (sel.kind !== 'paired') throw new Error('paired expected');
    const subjectOf = (i: number) => ids[i]!.split('-')[0];
    expect(Array.from(sel.a, subjectOf)).toEqual(Array.from(sel.b, subjectOf));
    expect(Array.from(sel.a, (i) => ids[i])).toEqual(['P0-M12', 'P2-M12', 'P6-M12']);
    expect(sel.unpaired).toBe(0);
    const control = selectSamples(byName('month: 12 vs 0 | arm = control'), resolved, meta, ds);
    if (control.kind !== 'paired') throw new Error('paired expected');
    expect(Array.from(control.a, (i) => ids[i])).toEqual(['P5-M12', 'P7-M12']);
    expect(control.unpaired).toBe(2); // P1 has only month 0; P3 only month 12 (its month 0 is empty)
  });

  it('change from baseline: per arm, (month t, month 0) pairs of the same subject', () => {
    const sel = selectSamples(byName('arm: treated vs control | change month 0 → 6'), resolved, meta, ds);
    if (sel.kind !== 'change') throw new Error('change expected');
    expect([Array.from(sel.at[0], (i) => ids[i]), Array.from(sel.baseline[0], (i) => ids[i])]).toEqual([
      ['P0-M6', 'P6-M6'],
      ['P0-M0', 'P6-M0'],
    ]);
    expect([Array.from(sel.at[1], (i) => ids[i]), Array.from(sel.baseline[1], (i) => ids[i])]).toEqual([
      ['P1-M6', 'P5-M6', 'P7-M6'],
      ['P1-M0', 'P5-M0', 'P7-M0'],
    ]);
    expect(sel.unpaired).toBe(2); // P2 (no month-6 stool) and P3 (empty baseline)
  });

  it('a two-group comparison leaves out samples without a group value or outside `where`', () => {
    const sel = selectSamples(byName('arm: treated vs control | month = 0'), resolved, meta, ds);
    if (sel.kind !== 'groups') throw new Error('groups expected');
    expect(sel.groups.map((g) => Array.from(g, (i) => ids[i]))).toEqual([
      ['P0-M0', 'P2-M0', 'P6-M0'],
      ['P1-M0', 'P5-M0', 'P7-M0'],
    ]);
  });
});

describe('analyzeStudy on an unbalanced trial with dropouts', () => {
  let a: StudyAnalysis;
  beforeAll(() => {
    a = analyzeStudy(unbalancedStudy());
  });

  it('records the resolved design and the comparisons with their metadata sample counts', () => {
    expect(a.design.resolved.comparisons).toHaveLength(9);
    const row = a.comparisons.find((c) => c.name === 'month: 12 vs 0 | arm = control')!;
    expect(row).toMatchObject({
      kind: 'within',
      factor: 'month',
      groupA: '12',
      groupB: '0',
      where: 'arm=control',
      paired: true,
      nA: 3,
      nB: 3,
      n: 6,
      origin: 'generated',
    });
  });

  it('reports unmatched, empty and unpaired samples in notes instead of failing', () => {
    expect(a.notes).toEqual(
      expect.arrayContaining([
        '16s/table.biom: 1 of 23 samples have no metadata row and are left out of comparisons (STRAY-1)',
        '16s/table.biom: 1 empty samples left out of every test (P3-M0)',
        'month: 12 vs 0 | arm = control on 16s/table.biom: 2 subjects without both samples left out',
        'arm: treated vs control | change month 0 → 6 on 16s/table.biom: 2 subjects without both samples left out',
      ]),
    );
    expect(a.notes.some((n) => n.startsWith('lcms/peaks.csv') && n.includes('no metadata row'))).toBe(false);
    expect(a.notes.some((n) => n.includes('in no dataset'))).toBe(false);
  });

  it('alpha: rank-sum between arms, signed rank within arm (pairs), rank-sum of per-subject changes; PERMANOVA strata only within subject', () => {
    const test = (comparison: string, t: string, metric: string) =>
      a.tests.find(
        (x) => x.comparison === comparison && x.test === t && x.metric === metric && x.datasetId === '16s/table.biom',
      );
    expect(test('month: 12 vs 0 | arm = treated', 'wilcoxon_signed_rank', 'shannon_entropy')).toMatchObject({
      nA: 3,
      nB: 3,
      exact: true,
    });
    expect(test('arm: treated vs control | month = 12', 'wilcoxon_rank_sum', 'shannon_entropy')).toMatchObject({
      nA: 3,
      nB: 3,
    });
    expect(
      test('arm: treated vs control | change month 0 → 12', 'wilcoxon_rank_sum', 'observed_features'),
    ).toMatchObject({ nA: 3, nB: 2 });
    expect(test('month: 12 vs 0 | arm = treated', 'permanova', 'bray_curtis')).toMatchObject({
      strata: true,
      n: 6,
      permutations: 99,
    });
    expect(test('arm: treated vs control | month = 12', 'permanova', 'aitchison')).toMatchObject({
      strata: false,
      n: 6,
      nA: 3,
      nB: 3,
    });
    const kindOf = new Map(a.design.resolved.comparisons.map((c) => [c.name, c.kind]));
    expect(a.tests.some((t) => kindOf.get(t.comparison) === 'change' && t.test === 'permanova')).toBe(false);
    expect(new Set(a.tests.map((t) => t.id)).size).toBe(a.tests.length);
  });

  it('16S hits at feature, genus and phylum level for between and within comparisons only', () => {
    const kindOf = new Map(a.design.resolved.comparisons.map((c) => [c.name, c.kind]));
    const levels = new Set(
      a.hits.filter((h) => h.datasetId === '16s/table.biom').map((h) => `${kindOf.get(h.comparison)}:${h.level}`),
    );
    expect([...levels].sort()).toEqual([
      'between:feature',
      'between:genus',
      'between:phylum',
      'within:feature',
      'within:genus',
      'within:phylum',
    ]);
    const paired = a.hits.filter((h) => h.comparison === 'month: 12 vs 0 | arm = treated' && h.level === 'genus');
    expect(
      paired.every((h) => h.test === 'wilcoxon_signed_rank' && h.nA === 3 && h.effectName === 'clr_mean_difference'),
    ).toBe(true);
  });

  it('metabolomics through sampleIdMap: Welch/rank-sum, paired t/signed rank, and change rows; no NaN anywhere', () => {
    const rows = (c: string) => a.hits.filter((h) => h.comparison === c && h.datasetId === 'lcms/peaks.csv');
    expect(
      rows('arm: treated vs control | month = 6').map((h) => [h.test, h.secondTest, h.effectName, h.nA, h.nB])[0],
    ).toEqual(['welch_t', 'wilcoxon_rank_sum', 'log2_fold_change', 3, 3]);
    expect(rows('month: 6 vs 0 | arm = control').map((h) => [h.test, h.secondTest, h.nA])[0]).toEqual([
      'paired_t',
      'wilcoxon_signed_rank',
      3,
    ]);
    expect(
      rows('arm: treated vs control | change month 0 → 12').map((h) => [h.test, h.effectName, h.nA, h.nB])[0],
    ).toEqual(['welch_t', 'mean_change_difference', 3, 3]);
    const numbers = [...a.tests, ...a.hits, ...a.correlations, ...a.pathways, ...a.comparisons].flatMap((r) =>
      Object.values(r).filter((v) => typeof v === 'number'),
    );
    expect(numbers.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('correlations: bmd against genera and metabolites, genera against metabolites on shared ids', () => {
    expect(a.correlationFamilies.map((f) => [f.family, f.n])).toEqual([
      ['clinical:bmd|16s/table.biom:genus', 21],
      ['clinical:bmd|lcms/peaks.csv:metabolite', 22],
      ['16s/table.biom:genus|lcms/peaks.csv:metabolite', 20],
    ]);
  });
});

describe('analyzeStudy with a rarefaction depth', () => {
  it('alpha and beta run on the rarefied table (samples below the depth left out and listed), differential abundance on raw counts', () => {
    const inputs = unbalancedStudy();
    const raw = analyzeStudy(inputs);
    const depths = inputs.amplicon[0]!.table.sampleIds.map((_, j) => {
      const t = inputs.amplicon[0]!.table;
      let d = 0;
      for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) d += t.data[p]!;
      return d;
    });
    const depth = [...depths].filter((d) => d > 0).sort((a, b) => a - b)[3]!;
    const a = analyzeStudy({ ...inputs, design: StudyDesignSchema.parse({ ...design, rarefactionDepth: depth }) });
    expect(a.design.resolved.rarefactionDepth).toBe(depth);
    expect(a.notes.some((n) => n.startsWith(`16s/table.biom: 4 samples below the rarefaction depth ${depth}`))).toBe(
      true,
    );
    const n = (x: StudyAnalysis, test: string) =>
      x.tests
        .filter((t) => t.test === test && t.comparison === 'arm: treated vs control | month = 6')
        .reduce((s, t) => s + t.n, 0);
    expect(n(a, 'permanova')).toBeLessThanOrEqual(n(raw, 'permanova'));
    expect(a.hits.filter((h) => h.datasetId === '16s/table.biom')).toEqual(
      raw.hits.filter((h) => h.datasetId === '16s/table.biom'),
    );
  });
});
