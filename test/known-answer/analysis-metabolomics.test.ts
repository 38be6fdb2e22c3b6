/**
 * Metabolomics comparisons through `analyzeStudy` against test/fixtures/<set>/reference/{metaboanalyst-cachexia,fbmn-stats-dom-interlab}/diff_<A>_vs_<B>.json
 * (R 4.2.2 `t.test`, `wilcox.test`, `p.adjust(BH)`; README "diff_<A>_vs_<B>.json"). Inputs are the real files parsed and processed
 * by the pipeline with its defaults (processMetabolomics: min/5 imputation, PQN, glog10, Pareto), which the references use:
 * `normalized` = the PQN matrix (fold change), `transformed` = glog10 before scaling (tests). The metadata is the cachexia class
 * column, and fbmn's MetaData.txt (the process blank is processed with the samples and left out of the tests by the comparison).
 * Tolerance: 1e-9 relative; Welch t and log2 fold change with an absolute floor of 1e-12 × the file's largest |value| (README "Comparing").
 */
import { analyzeStudy, type HitRow, type StudyInputs } from '../../lambdas/core/analysis/index.js';
import { parseMetabolomicsTable } from '../../lambdas/core/metabolomics/formats/index.js';
import type { MetabolomicsTable } from '../../lambdas/core/metabolomics/matrix.js';
import { processMetabolomics } from '../../lambdas/core/metabolomics/process/process.js';
import { sampleMetadataOf } from '../../lambdas/core/pipeline/dataset-outcome.js';
import { attachSampleMetadata, parseMetadataTable } from '../../lambdas/core/study/feature-annotations.js';
import type { SampleMetadata } from '../../lambdas/core/study/qiime2-metadata.js';
import { StudyDesignSchema } from '../../lambdas/core/study/study-design.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const REL = 1e-9;

const maxAbs = (v: number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

function parseShared(dataset: string, file: string): MetabolomicsTable {
  const r = parseMetabolomicsTable(readFixture('data', dataset, file), file);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** The analysis inputs of one processed table with its metadata. */
function inputsOf(datasetId: string, table: MetabolomicsTable, metadata: SampleMetadata): Omit<StudyInputs, 'design'> {
  const p = processMetabolomics(table);
  return {
    metadata,
    amplicon: [],
    metabolomics: [
      {
        datasetId,
        sampleIds: p.sampleIds,
        featureIds: p.featureIds,
        normalized: p.normalized!,
        transformed: p.transformed!,
        processed: p.processed,
      },
    ],
    pathways: null,
  };
}

/** Compares every hit row of one comparison with a reference diff file. */
function expectMatchesDiff(rows: HitRow[], diff: any): void {
  const expected = new Map((diff.results as any[]).map((r) => [r.feature, r]));
  expect(rows.map((r) => r.feature).sort()).toEqual([...expected.keys()].sort());
  expect([rows[0]!.nA, rows[0]!.nB]).toEqual([diff.samples_A.length, diff.samples_B.length]);
  const e = rows.map((r) => expected.get(r.feature)!);
  const t = e.map((x) => x.welch_t),
    fc = e.map((x) => x.log2_fold_change);
  expect(
    rows.every(
      (r) => r.test === 'welch_t' && r.secondTest === 'wilcoxon_rank_sum' && r.effectName === 'log2_fold_change',
    ),
  ).toBe(true);
  expect(
    maxRelError(
      rows.map((r) => r.statistic),
      t,
      1e-12 * maxAbs(t),
    ),
  ).toBeLessThanOrEqual(REL);
  expect(
    maxRelError(
      rows.map((r) => r.p),
      e.map((x) => x.welch_p),
    ),
  ).toBeLessThanOrEqual(REL);
  expect(
    maxRelError(
      rows.map((r) => r.q),
      e.map((x) => x.welch_q),
    ),
  ).toBeLessThanOrEqual(REL);
  expect(
    maxRelError(
      rows.map((r) => r.secondStatistic),
      e.map((x) => x.wilcoxon_W),
    ),
  ).toBeLessThanOrEqual(REL);
  expect(
    maxRelError(
      rows.map((r) => r.secondP),
      e.map((x) => x.wilcoxon_p),
    ),
  ).toBeLessThanOrEqual(REL);
  expect(
    maxRelError(
      rows.map((r) => r.secondQ),
      e.map((x) => x.wilcoxon_q),
    ),
  ).toBeLessThanOrEqual(REL);
  expect(
    maxRelError(
      rows.map((r) => r.effect),
      fc,
      1e-12 * maxAbs(fc),
    ),
  ).toBeLessThanOrEqual(REL);
  expect(
    maxRelError(
      rows.flatMap((r) => [r.meanA, r.meanB]),
      e.flatMap((x) => [x.mean_A_pqn, x.mean_B_pqn]),
    ),
  ).toBeLessThanOrEqual(REL);
}

describe('metaboanalyst-cachexia: cachexic vs control via analyzeStudy', () => {
  const table = parseShared('metaboanalyst-cachexia', 'human_cachexia.csv');
  const metadata: SampleMetadata = {
    idHeader: 'id',
    sampleIds: table.sampleIds,
    columns: [{ name: 'Muscle loss', type: 'categorical', values: table.samples.classLabel }],
  };
  const base = inputsOf('cachexia/human_cachexia.csv', table, metadata);

  it('an explicit comparison reproduces Welch t, Wilcoxon (with the PQN ties), BH q and log2 fold change of every metabolite', () => {
    const design = StudyDesignSchema.parse({
      comparisons: [{ name: 'cachexic_vs_control', factor: 'Muscle loss', groups: ['cachexic', 'control'] }],
    });
    const a = analyzeStudy({ ...base, design });
    expectMatchesDiff(
      a.hits.filter((h) => h.comparison === 'cachexic_vs_control'),
      readFixtureJson('reference', 'metaboanalyst-cachexia', 'diff_cachexic_vs_control.json'),
    );
  });

  it('OPLS-DA and PLS-DA on the processed matrix: ropls builds no automatic OPLS-DA model, and the PLS-DA R²X, R²Y, Q² and VIP match ropls', () => {
    const design = StudyDesignSchema.parse({
      oplsPermutations: 20,
      comparisons: [{ name: 'cachexic_vs_control', factor: 'Muscle loss', groups: ['cachexic', 'control'] }],
    });
    const a = analyzeStudy({ ...base, design });
    const ref = readFixtureJson('reference', 'metaboanalyst-cachexia', 'opls.json').results as any[];
    const opls = a.opls.find((r) => r.method === 'OPLS-DA' && r.record === 'model')!;
    expect(opls).toMatchObject({ built: false, comparison: 'cachexic_vs_control', n: 77 });
    expect(opls.reason).toMatch(/^first-orthogonal-not-significant|^first-predictive-not-significant/);
    expect(ref[0].model_built).toBe(false);
    const pls = a.opls.find((r) => r.method === 'PLS-DA' && r.record === 'model')!;
    const refPls = ref.find((r) => r.model_type === 'PLS-DA');
    expect(pls.built).toBe(true);
    // ropls's automatic rule keeps components while they are significant: the reference 2-component model marks p1 'R1' and p2 'NS'
    const df = refPls.modelDF_full_precision;
    expect(df['Signif.']).toEqual(['R1', 'NS']);
    expect(pls.nPredictive).toBe(1);
    expect(
      maxRelError([pls.r2x!, pls.r2y!, pls.q2!], [df['R2X(cum)'][0], df['R2Y(cum)'][0], df['Q2(cum)'][0]]),
    ).toBeLessThanOrEqual(1e-8);
    expect(pls.permutations).toBe(20);
    expect(a.opls.filter((r) => r.method === 'PLS-DA' && r.record === 'score')).toHaveLength(77);
    // VIP² averages to 1 over the features (Wold's normalisation), on every hit row of the comparison
    const vips = a.hits.filter((h) => h.comparison === 'cachexic_vs_control').map((h) => h.vipPls!);
    expect(vips).toHaveLength(63);
    expect(Math.abs(vips.reduce((s, v) => s + v * v, 0) / vips.length - 1)).toBeLessThan(1e-12);
  });

  it('without study.json the class column is inferred as the comparison, with the same numbers', () => {
    const a = analyzeStudy({ ...base, design: null });
    expect(a.design.resolved.comparisons.map((c) => [c.kind, c.factor, c.groups])).toEqual([
      ['between', 'Muscle loss', ['cachexic', 'control']],
    ]);
    expectMatchesDiff(a.hits, readFixtureJson('reference', 'metaboanalyst-cachexia', 'diff_cachexic_vs_control.json'));
  });
});

describe('fbmn-stats-dom-interlab: A45M vs M and A5M vs M via analyzeStudy (blank processed, not tested)', () => {
  const parsed = parseShared('fbmn-stats-dom-interlab', 'FeatureMatrix.csv');
  const md = parseMetadataTable(readFixture('data', 'fbmn-stats-dom-interlab', 'MetaData.txt'));
  const { table } = attachSampleMetadata(parsed, md, { classColumn: 'Sample' });
  const base = inputsOf('fbmn/FeatureMatrix.csv', table, sampleMetadataOf(md));
  const design = StudyDesignSchema.parse({
    comparisons: [
      { name: 'A45M_vs_M', factor: 'Sample', groups: ['A45M', 'M'] },
      { name: 'A5M_vs_M', factor: 'Sample', groups: ['A5M', 'M'] },
    ],
  });
  const a = analyzeStudy({ ...base, design });

  it.each([
    ['A45M_vs_M', 'diff_A45M_vs_M.json'],
    ['A5M_vs_M', 'diff_A5M_vs_M.json'],
  ])('%s matches %s for all 3532 kept features', (comparison, file) => {
    expectMatchesDiff(
      a.hits.filter((h) => h.comparison === comparison),
      readFixtureJson('reference', 'fbmn-stats-dom-interlab', file),
    );
  });
});
