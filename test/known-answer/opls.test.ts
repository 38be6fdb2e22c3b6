/**
 * PLS-DA and OPLS-DA against ropls 1.39 (reference/<set>/opls.json; READMEs in
 * test/fixtures/<set>/reference say how each value was computed):
 *
 *  - w4m-sacurine: X = t(dataMatrix) (183 × 109, already log10), y = gender
 *    (F/M, M coded 1), scaleC 'standard', 7 segments. OPLS-DA automatic (1 + 2)
 *    and PLS-DA automatic (3 components).
 *  - metaboanalyst-cachexia: X = the MetaboAnalyst-default processed matrix
 *    (processing.json; also rebuilt here from human_cachexia.csv by
 *    processMetabolomics), y = Muscle loss (control coded 1), scaleC 'center'.
 *    Automatic OPLS-DA builds no model; OPLS 1 + 1 and PLS 2 components.
 *
 * Deterministic values: relative 1e-8 (the brief; the README expects ~1e-9),
 * with an absolute floor of 1e-12 · max|reference| for entries near 0; scores,
 * loadings and weights up to one common sign per component. Permutation
 * p-values depend on the RNG (ropls uses R's sample()): checked in range, not
 * equal; ropls's observed-vs-permuted rule is checked exactly.
 */
import { parseMetaboanalyst } from '../../lambdas/core/metabolomics/formats/metaboanalyst.js';
import { parseW4mDataMatrix, parseW4mSampleMetadata } from '../../lambdas/core/metabolomics/formats/w4m.js';
import {
  type ComponentTable,
  type DiscriminantModel,
  type DiscriminantResult,
  NO_OPLS_MODEL_MESSAGE,
  oplsDa,
  plsDa,
  signif,
} from '../../lambdas/core/metabolomics/opls/index.js';
import { processMetabolomics } from '../../lambdas/core/metabolomics/process/process.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

/** Deterministic tolerance (relative). */
const TOL = 1e-8;

type Nullable = (number | null)[];

/** One ropls result of opls.json. */
interface RefModel {
  label: string;
  model_built: boolean;
  ropls_message?: string;
  n_samples: number;
  n_features: number;
  n_zero_variance_removed?: number;
  class_coding: { levels_sorted: [string, string]; y_equals_1: string };
  n_predictive: number;
  n_orthogonal: number;
  summary_full_precision: Record<'R2X(cum)' | 'R2Y(cum)' | 'Q2(cum)' | 'RMSEE', number>;
  summary_ropls_printed: Record<'R2X(cum)' | 'R2Y(cum)' | 'Q2(cum)' | 'RMSEE' | 'pre' | 'ort', number>;
  modelDF_full_precision: RefTable;
  automatic_search_modelDF_full_precision?: RefTable;
  sample_ids: string[];
  y: string[];
  feature_ids: string[];
  xMean: number[];
  xSd: number[];
  yMean: number;
  ySd: number;
  vipVn: number[];
  orthoVipVn: number[] | null;
  scores_t: number[][];
  loadings_p: number[][];
  weights_w: number[][];
  weights_c: number | number[];
  coefficients: number[];
  fitted_y_scaled_back: number[];
  scores_to?: number[][];
  loadings_po?: number[][];
  weights_wo?: number[][];
  stochastic: {
    permI: number;
    pR2Y: number;
    pQ2: number;
    perm_R2Y_mean: number;
    perm_Q2_mean: number;
    perm_R2Y_max: number;
  } | null;
}

interface RefTable {
  component: string[];
  R2X: Nullable;
  'R2X(cum)': Nullable;
  R2Y: Nullable;
  'R2Y(cum)': Nullable;
  Q2: Nullable;
  'Q2(cum)': Nullable;
  'Signif.': (string | null)[];
}

function built(r: DiscriminantResult): DiscriminantModel {
  if (!r.built) throw new Error(`no model: ${r.reason} ${r.message}`);
  return r;
}

/** Max relative error with the absolute floor 1e-12 · max|expected|. */
function relError(actual: ArrayLike<number>, expected: number[]): number {
  return maxRelError(actual, expected, 1e-12 * Math.max(...expected.map(Math.abs)));
}

/** Column h of a row-major rows × k matrix. */
function column(m: Float64Array, rows: number, k: number, h: number): number[] {
  return Array.from({ length: rows }, (_, i) => m[i * k + h]!);
}

/** The sign that aligns `a` with `e` (+1 or −1). */
function alignment(a: number[], e: number[]): number {
  return a.reduce((s, v, i) => s + v * e[i]!, 0) < 0 ? -1 : 1;
}

/** Compares a component table with ropls's modelDF rows (NaN ↔ null, no 'sum' row). */
function expectTable(t: ComponentTable, ref: RefTable, rows: number): void {
  expect(t.names).toEqual(ref.component.slice(0, rows));
  expect(t.significance).toEqual(ref['Signif.'].slice(0, rows));
  const cols: [keyof ComponentTable, keyof RefTable][] = [
    ['r2x', 'R2X'],
    ['r2xCum', 'R2X(cum)'],
    ['r2y', 'R2Y'],
    ['r2yCum', 'R2Y(cum)'],
    ['q2', 'Q2'],
    ['q2Cum', 'Q2(cum)'],
  ];
  for (const [ours, theirs] of cols) {
    const want = (ref[theirs] as Nullable).slice(0, rows);
    const got = t[ours] as Float64Array;
    expect(Array.from(got, Number.isNaN)).toEqual(want.map((v) => v === null));
    expect(
      maxRelError(
        Array.from(got).filter((v) => !Number.isNaN(v)),
        want.filter((v): v is number => v !== null),
      ),
    ).toBeLessThan(TOL);
  }
}

/** Every deterministic value of a ropls model. */
function expectModelMatches(m: DiscriminantModel, ref: RefModel): void {
  const n = ref.n_samples,
    p = ref.n_features,
    a = ref.n_predictive,
    k = ref.n_orthogonal;
  expect([m.nSamples, m.nFeatures, m.nPredictive, m.nOrthogonal]).toEqual([n, p, a, k]);
  expect(m.zeroVarianceFeatures).toHaveLength(ref.n_zero_variance_removed ?? 0);
  expect(m.classLevels).toEqual(ref.class_coding.levels_sorted);
  expect(m.classLevels[1]).toBe(ref.class_coding.y_equals_1);
  expect(Array.from(m.y)).toEqual(ref.y.map((c) => (c === ref.class_coding.y_equals_1 ? 1 : 0)));
  // cachexia's matrix is already centred: its column means are rounding noise (~1e-16), so the floor is on the data's scale (sd)
  expect(maxRelError(m.xMean, ref.xMean, 1e-12 * Math.max(...ref.xMean.map(Math.abs), ...ref.xSd))).toBeLessThan(TOL);
  expect(relError(m.xSd, ref.xSd)).toBeLessThan(TOL);
  expect(maxRelError([m.yMean, m.ySd], [ref.yMean, ref.ySd])).toBeLessThan(TOL);

  expectTable(m.components, ref.modelDF_full_precision, a + k);
  const s = ref.summary_full_precision;
  expect(
    maxRelError(
      [m.summary.r2x, m.summary.r2y, m.summary.q2, m.summary.rmsee],
      [s['R2X(cum)'], s['R2Y(cum)'], s['Q2(cum)'], s.RMSEE],
    ),
  ).toBeLessThan(TOL);
  const printed = ref.summary_ropls_printed;
  expect([m.summaryRounded.r2x, m.summaryRounded.r2y, m.summaryRounded.q2]).toEqual([
    printed['R2X(cum)'],
    printed['R2Y(cum)'],
    printed['Q2(cum)'],
  ]);
  expect(signif(m.summary.rmsee, 3)).toBe(printed.RMSEE);
  if (ref.modelDF_full_precision.component.at(-1) === 'sum') {
    const sum = ref.modelDF_full_precision;
    expect(
      maxRelError(
        [m.summary.r2x, m.summary.r2y, m.summary.q2],
        [sum['R2X(cum)'].at(-1)!, sum['R2Y(cum)'].at(-1)!, sum['Q2(cum)'].at(-1)!],
      ),
    ).toBeLessThan(TOL);
  }

  const c = typeof ref.weights_c === 'number' ? [ref.weights_c] : ref.weights_c;
  for (let h = 0; h < a; h++) {
    const t = column(m.scores, n, a, h);
    const sign = alignment(t, ref.scores_t[h]!);
    expect(
      relError(
        t.map((v) => sign * v),
        ref.scores_t[h]!,
      ),
    ).toBeLessThan(TOL);
    expect(
      relError(
        column(m.loadings, p, a, h).map((v) => sign * v),
        ref.loadings_p[h]!,
      ),
    ).toBeLessThan(TOL);
    expect(
      relError(
        column(m.weights, p, a, h).map((v) => sign * v),
        ref.weights_w[h]!,
      ),
    ).toBeLessThan(TOL);
    expect(maxRelError([sign * m.yWeights[h]!], [c[h]!])).toBeLessThan(TOL);
  }
  for (let h = 0; h < k; h++) {
    const to = column(m.orthoScores, n, k, h);
    const sign = alignment(to, ref.scores_to![h]!);
    expect(
      relError(
        to.map((v) => sign * v),
        ref.scores_to![h]!,
      ),
    ).toBeLessThan(TOL);
    expect(
      relError(
        column(m.orthoLoadings, p, k, h).map((v) => sign * v),
        ref.loadings_po![h]!,
      ),
    ).toBeLessThan(TOL);
    expect(
      relError(
        column(m.orthoWeights, p, k, h).map((v) => sign * v),
        ref.weights_wo![h]!,
      ),
    ).toBeLessThan(TOL);
  }
  expect(relError(m.vip, ref.vipVn)).toBeLessThan(TOL);
  if (ref.orthoVipVn) expect(relError(m.orthoVip!, ref.orthoVipVn)).toBeLessThan(TOL);
  else expect(m.orthoVip).toBeNull();
  expect(relError(m.coefficients, ref.coefficients)).toBeLessThan(TOL);
  expect(relError(m.fitted, ref.fitted_y_scaled_back)).toBeLessThan(TOL);
}

/** The test's p-values follow from the permuted totals by ropls's rule, are in [1/permI, 0.05], and the permuted models look like ropls's. */
function expectPermutationLike(m: DiscriminantModel, ref: RefModel, meanTolerance: { r2y: number; q2: number }): void {
  const perm = m.permutation!;
  const count = (v: Float64Array, obs: number) => v.filter((x) => signif(x, 3) >= signif(obs, 3)).length;
  expect(perm.pR2Y).toBe((1 + count(perm.r2yPermuted, m.summary.r2y)) / perm.permI);
  expect(perm.pQ2).toBe((1 + count(perm.q2Permuted, m.summary.q2)) / perm.permI);
  for (const pv of [perm.pR2Y, perm.pQ2]) {
    expect(pv).toBeGreaterThanOrEqual(1 / perm.permI);
    expect(pv).toBeLessThan(0.05);
  }
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  expect(Math.abs(mean(perm.r2yPermuted) - ref.stochastic!.perm_R2Y_mean)).toBeLessThan(meanTolerance.r2y);
  expect(Math.abs(mean(perm.q2Permuted) - ref.stochastic!.perm_Q2_mean)).toBeLessThan(meanTolerance.q2);
  expect(Math.abs(mean(perm.similarity) - 0.5)).toBeLessThan(0.05);
}

describe('w4m-sacurine: gender, scaleC standard (ropls vignette models)', () => {
  const ref = readFixtureJson<{ results: RefModel[] }>('reference', 'w4m-sacurine', 'opls.json').results;
  // sacurine holds log10 intensities: declared transformed, as a study.json would
  const table = parseW4mDataMatrix(readFixture('data', 'w4m-sacurine', 'dataMatrix.tsv'), { transformed: true });
  const meta = parseW4mSampleMetadata(readFixture('data', 'w4m-sacurine', 'sampleMetadata.tsv'));
  const genderColumn = meta.columns.find((c) => c.name === 'gender')!.values;
  const gender = table.sampleIds.map((id) => genderColumn[meta.ids.indexOf(id)]!);
  const n = table.sampleIds.length,
    p = table.featureIds.length;

  it('reads the samples and features in ropls order (X = t(dataMatrix), values as written)', () => {
    expect(table.sampleIds).toEqual(ref[0]!.sample_ids);
    expect(table.featureIds).toEqual(ref[0]!.feature_ids);
    expect(gender).toEqual(ref[0]!.y);
  });

  it('OPLS-DA, automatic orthogonal components: 1 + 2, every deterministic value as ropls (both Gram methods)', () => {
    for (const gram of ['explicit', 'factored'] as const) {
      const m = built(
        oplsDa(table.values, n, p, gender, { orthoI: 'auto', scaling: 'standard', permI: 0, seed: 1, gram }),
      );
      expect(m.method).toBe('OPLS-DA');
      expectModelMatches(m, ref[0]!);
    }
  });

  it('PLS-DA, automatic components: 3, every deterministic value as ropls (both Gram methods)', () => {
    for (const gram of ['explicit', 'factored'] as const) {
      const m = built(
        plsDa(table.values, n, p, gender, { predI: 'auto', scaling: 'standard', permI: 0, seed: 1, gram }),
      );
      expect(m.method).toBe('PLS-DA');
      expectModelMatches(m, ref[1]!);
    }
  });

  it('OPLS-DA permutation test (999, seed 1): pR²Y = pQ² = 1/999 as ropls; permuted R²Y / Q² distributed as ropls reports', () => {
    const m = built(oplsDa(table.values, n, p, gender, { scaling: 'standard', permI: 999, seed: 1 }));
    expect([m.permutation!.permI, m.permutation!.seed]).toEqual([999, 1]);
    expectPermutationLike(m, ref[0]!, { r2y: 0.02, q2: 0.03 });
    expect([m.permutation!.pR2Y, m.permutation!.pQ2]).toEqual([ref[0]!.stochastic!.pR2Y, ref[0]!.stochastic!.pQ2]);
  });

  it('PLS-DA permutation test (200, seed 2): small p-values, permuted models like ropls', () => {
    const m = built(plsDa(table.values, n, p, gender, { scaling: 'standard', permI: 200, seed: 2 }));
    expectPermutationLike(m, ref[1]!, { r2y: 0.03, q2: 0.06 });
  });
});

describe('metaboanalyst-cachexia: Muscle loss on the processed matrix, scaleC center', () => {
  const ref = readFixtureJson<{ results: RefModel[] }>('reference', 'metaboanalyst-cachexia', 'opls.json').results;
  const proc = readFixtureJson<{
    sample_ids: string[];
    kept_features: string[];
    processed_matrix: { values: number[][] };
  }>('reference', 'metaboanalyst-cachexia', 'processing.json');
  const x = Float64Array.from(proc.processed_matrix.values.flat());
  const parsed = parseMetaboanalyst(readFixture('data', 'metaboanalyst-cachexia', 'human_cachexia.csv'));
  const classes = parsed.samples.classLabel.map((c) => c!);
  const n = proc.sample_ids.length,
    p = proc.kept_features.length;

  it('the class column and the sample / feature order are the reference ones', () => {
    expect(parsed.sampleIds).toEqual(proc.sample_ids);
    expect(classes).toEqual(ref[1]!.y);
    expect(ref[1]!.feature_ids).toEqual(proc.kept_features);
  });

  it("automatic OPLS-DA builds no model, like ropls: o1 fails the Q² rule; the search table is ropls's", () => {
    const r = oplsDa(x, n, p, classes, { orthoI: 'auto', permI: 200, seed: 1 });
    expect(r.built).toBe(false);
    if (r.built) return;
    expect(r.reason).toBe('first-orthogonal-not-significant');
    expect(r.message).toContain(NO_OPLS_MODEL_MESSAGE);
    expect(ref[0]!.ropls_message).toBe(NO_OPLS_MODEL_MESSAGE);
    expect(ref[0]!.model_built).toBe(false);
    expectTable(r.search!, ref[0]!.automatic_search_modelDF_full_precision!, 10);
  });

  it('OPLS-DA 1 + 1: every deterministic value as ropls', () => {
    expectModelMatches(built(oplsDa(x, n, p, classes, { orthoI: 1, permI: 0, seed: 1 })), ref[1]!);
  });

  it('PLS-DA 2 components: every deterministic value as ropls (p2 is NS but kept: the number was fixed)', () => {
    expectModelMatches(built(plsDa(x, n, p, classes, { predI: 2, permI: 0, seed: 1 })), ref[2]!);
  });

  it('rebuilt from human_cachexia.csv by processMetabolomics (MetaboAnalyst defaults), the models still match ropls', () => {
    const processed = processMetabolomics(parsed);
    expect(processed.featureIds).toEqual(proc.kept_features);
    expectModelMatches(built(oplsDa(processed.processed, n, p, classes, { orthoI: 1, permI: 0, seed: 1 })), ref[1]!);
    expectModelMatches(built(plsDa(processed.processed, n, p, classes, { predI: 2, permI: 0, seed: 1 })), ref[2]!);
    expect(oplsDa(processed.processed, n, p, classes, { permI: 0, seed: 1 })).toMatchObject({
      built: false,
      reason: 'first-orthogonal-not-significant',
    });
  });

  it('permutation tests (999, seed 1): p in [1/999, 0.05]; OPLS 1 + 1 and PLS 2 share the permuted R²Y (same space), as in ropls', () => {
    const o = built(oplsDa(x, n, p, classes, { orthoI: 1, permI: 999, seed: 1 }));
    const q = built(plsDa(x, n, p, classes, { predI: 2, permI: 999, seed: 1 }));
    expectPermutationLike(o, ref[1]!, { r2y: 0.01, q2: 0.03 });
    expectPermutationLike(q, ref[2]!, { r2y: 0.01, q2: 0.05 });
    expect(maxRelError(o.permutation!.r2yPermuted, q.permutation!.r2yPermuted)).toBeLessThan(1e-10);
    expect(o.permutation!.pR2Y).toBe(q.permutation!.pR2Y);
    expect(ref[1]!.stochastic!.pR2Y).toBe(ref[2]!.stochastic!.pR2Y);
  });
});
