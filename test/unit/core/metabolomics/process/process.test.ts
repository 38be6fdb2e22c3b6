/**
 * processMetabolomics end to end on hand-checked tables (features in rows as
 * written, 3–5 samples × 3–4 features), options validation, and PCA.
 */
import { parsePlainMatrix } from '../../../../../lambdas/core/metabolomics/formats/plain-matrix.js';
import type { MetabolomicsTable, SampleType } from '../../../../../lambdas/core/metabolomics/matrix.js';
import { processMetabolomics } from '../../../../../lambdas/core/metabolomics/process/process.js';
import { pca } from '../../../../../lambdas/core/ordination/pca.js';
import { createRng } from '../../../../../lambdas/core/random/rng.js';
import { closeTo, expectAllClose } from '../../../../helpers/numeric.js';
import { errorOf } from '../helpers.js';

/** A features-in-rows table from CSV text, with optional sample types. */
function table(csv: string, types?: SampleType[]): MetabolomicsTable {
  const t = parsePlainMatrix(csv, { orientation: 'features-in-rows' });
  if (types) t.samples.sampleType = types;
  return t;
}

const EXAMPLE = 'id,S1,S2,S3\na,2,4,8\nb,0,6,0\nc,4,NA,5\nd,10,30,40\n';

describe('processMetabolomics with the defaults (zeros missing, 50 %, min/5, PQN, glog10, Pareto)', () => {
  const p = processMetabolomics(table(EXAMPLE));

  it('drops b (missing in 2 of 3 samples) with its fraction; keeps a, c, d in file order', () => {
    expect(p.dropped).toEqual([{ featureId: 'b', index: 1, reason: 'missing', value: 2 / 3 }]);
    expect(p.featureIds).toEqual(['a', 'c', 'd']);
    expect(p.sampleIds).toEqual(['S1', 'S2', 'S3']);
  });

  it('imputes c in S2 with min(4, 5) / 5 = 0.8, then PQN: reference (4, 4, 30), factors (0.5, 1, 40/30)', () => {
    expect(Array.from(p.imputation.value)).toEqual([0.4, 0.8, 2]);
    expect(Array.from(p.imputation.count)).toEqual([0, 1, 0]);
    expect(Array.from(p.normalization.reference!)).toEqual([4, 4, 30]);
    expect(Array.from(p.normalization.factors)).toEqual([0.5, 1, 40 / 30]);
    // samples × features: S1 (2, 4, 10) / 0.5, S2 (4, 0.8, 30) / 1, S3 (8, 5, 40) / (4/3)
    expectAllClose(p.normalized!, [4, 8, 20, 4, 0.8, 30, 6, 3.75, 30], 'normalized');
  });

  it('glog m = smallest positive normalized value (0.8) / 10; Pareto columns have mean 0 and sd = sqrt(sd of the glog column)', () => {
    expect(p.glogOffset).toBeCloseTo(0.08, 15);
    for (let f = 0; f < 3; f++) {
      const col = [0, 1, 2].map((s) => p.processed[s * 3 + f]!);
      const g = [0, 1, 2].map((s) => p.transformed![s * 3 + f]!);
      const mean = col.reduce((a, b) => a + b) / 3;
      const sd = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + (x - v.reduce((c, y) => c + y) / 3) ** 2, 0) / 2);
      expect(Math.abs(mean)).toBeLessThan(1e-15);
      expect(closeTo(sd(col), Math.sqrt(sd(g)))).toBe(true);
    }
  });

  it('reports raw per-feature stats over observed values (zeros missing) and per-sample totals', () => {
    const s = p.featureStats;
    expectAllClose(s.missingFraction, [0, 2 / 3, 1 / 3, 0], 'missing');
    // a: 2, 4, 8; b: 6; c: 4, 5; d: 10, 30, 40
    expectAllClose(s.mean, [14 / 3, 6, 4.5, 80 / 3], 'mean');
    expectAllClose(s.median, [4, 6, 4.5, 30], 'median');
    // a: squared deviations (64 + 4 + 100) / 9 / 2 = 28/3; c: 0.5; d: (2500 + 100 + 1600) / 9 / 2 = 700/3
    expectAllClose(
      s.rsd,
      [Math.sqrt(28 / 3) / (14 / 3), null, Math.sqrt(0.5) / 4.5, Math.sqrt(700 / 3) / (80 / 3)],
      'rsd',
    );
    expect(Array.from(s.qcRsd).every(Number.isNaN)).toBe(true);
    expectAllClose(p.sampleStats.totalIntensity, [16, 40, 53], 'total');
    expectAllClose(p.sampleStats.missingFraction, [0.25, 0.25, 0.25], 'sample missing');
  });

  it('records every step, including those that did not run', () => {
    expect(p.steps.map((s) => [s.step, s.ran])).toEqual([
      ['zeros-as-missing', true],
      ['blank-filter', false],
      ['missing-filter', true],
      ['qc-rsd-filter', false],
      ['impute', true],
      ['normalize', true],
      ['transform', true],
      ['scale', true],
    ]);
    expect(p.options.normalize).toEqual({ method: 'pqn', reference: 'auto' });
  });
});

describe('processMetabolomics options', () => {
  it('zeros can be real: b then has 1 missing in 3 and stays', () => {
    const p = processMetabolomics(table(EXAMPLE), {
      zerosAreMissing: false,
      transform: 'none',
      scale: 'none',
      normalize: { method: 'none' },
    });
    expect(p.featureIds).toEqual(['a', 'b', 'c', 'd']);
    // b's zeros are kept; nothing to impute for b (min positive 6 → 1.2 unused)
    expectAllClose(p.processed, [2, 0, 4, 10, 4, 6, 0.8, 30, 8, 0, 5, 40], 'raw');
  });

  it('a blank filter, when asked, drops background features and then the blanks', () => {
    // S1 is a blank: x: 10 / mean(20, 40) = 1/3 > 0.3 goes; y: 1 / mean(10, 12) < 0.3 stays
    const t = table('id,S1,S2,S3\nx,10,20,40\ny,1,10,12\nz,3,50,60\n', ['blank', 'sample', 'sample']);
    const p = processMetabolomics(t, {
      blankFilter: { mode: 'auto' },
      normalize: { method: 'none' },
      transform: 'none',
      scale: 'none',
    });
    expect(p.dropped).toEqual([{ featureId: 'x', index: 0, reason: 'blank', value: 1 / 3 }]);
    expect(p.sampleIds).toEqual(['S2', 'S3']);
    expectAllClose(p.processed, [10, 50, 12, 60], 'after blank filter');
    expect(processMetabolomics(t).sampleIds).toEqual(['S1', 'S2', 'S3']);
  });

  it('with >= 2 QCs the RSD filter runs and PQN takes the QC median as reference', () => {
    // QCs Q1..Q3: u: 9, 10, 11 → RSD 0.1; v: 5, 10, 15 → RSD 0.5 > 0.3 goes; w: 20, 20, 20 → 0
    const t = table('id,Q1,Q2,Q3,S1,S2\nu,9,10,11,20,5\nv,5,10,15,1,2\nw,20,20,20,10,40\n', [
      'qc',
      'qc',
      'qc',
      'sample',
      'sample',
    ]);
    const p = processMetabolomics(t, { transform: 'none', scale: 'none' });
    expectAllClose(p.featureStats.qcRsd, [0.1, 0.5, 0], 'qc rsd');
    expect(p.dropped.map((d) => [d.featureId, d.reason])).toEqual([['v', 'qc-rsd']]);
    // reference = QC medians (10, 20); S1 ratios (2, 0.5) → median 1.25; S2 ratios (0.5, 2) → 1.25; Q1 (0.9, 1) → 0.95
    expect(p.normalization.referenceSamples).toMatch(/3 QC samples/);
    expectAllClose(p.normalization.factors, [0.95, 1, 1.05, 1.25, 1.25], 'factors');
  });

  it('rejects bad options with INVALID_STUDY_DESIGN naming the path', () => {
    const e = errorOf(() => processMetabolomics(table(EXAMPLE), { missingThreshold: 2 } as never));
    expect(e.code).toBe('INVALID_STUDY_DESIGN');
    expect(e.message).toMatch(/missingThreshold/);
    expect(errorOf(() => processMetabolomics(table(EXAMPLE), { scale: 'log' } as never)).message).toMatch(/scale/);
    expect(
      errorOf(() =>
        processMetabolomics(table(EXAMPLE), { normalize: { method: 'pqn', reference: { sample: 'nope' } } }),
      ).code,
    ).toBe('INVALID_STUDY_DESIGN');
  });
});

describe('pca', () => {
  it('4 samples × 3 features on two orthogonal axes: variances 8/3 and 2/3, proportions 0.8 and 0.2, scores the coordinates', () => {
    // rows (1,0,0), (−1,0,0), (0,2,0), (0,−2,0): centred already; Σx² = 2 on axis 1 and 8 on axis 2
    const x = Float64Array.of(1, 0, 0, -1, 0, 0, 0, 2, 0, 0, -2, 0);
    const r = pca(x, 4, 3, 5);
    expect(r.nComponents).toBe(3);
    expectAllClose(r.proportion, [0.8, 0.2, 0], 'proportion');
    expectAllClose(r.variance, [8 / 3, 2 / 3, 0], 'variance');
    expect(r.totalVariance).toBeCloseTo(10 / 3, 14);
    // each component oriented so its largest |score| is positive
    expectAllClose(
      [0, 1, 2, 3].map((s) => r.scores[s * 3]!),
      [0, 0, 2, -2],
      'PC1',
    );
    expectAllClose(
      [0, 1, 2, 3].map((s) => r.scores[s * 3 + 1]!),
      [1, -1, 0, 0],
      'PC2',
    );
  });

  it('Lanczos (used above 400 samples) agrees with the full decomposition on a 60 × 25 matrix', () => {
    const rng = createRng(11);
    const x = Float64Array.from(
      { length: 60 * 25 },
      (_, i) => rng.normal() + ((i % 25) % 4 === 0 ? Math.sin(Math.floor(i / 25)) * 3 : 0),
    );
    const full = pca(x, 60, 25, 5, 'full-eigen');
    const lanczos = pca(x, 60, 25, 5, 'lanczos');
    expectAllClose(lanczos.variance, full.variance, 'variance');
    expectAllClose(lanczos.scores, full.scores, 'scores');
  });

  it('fails SHAPE_MISMATCH on a missing value', () => {
    expect(errorOf(() => pca(Float64Array.of(1, NaN, 3, 4), 2, 2))).toMatchObject({ code: 'SHAPE_MISMATCH' });
  });
});
