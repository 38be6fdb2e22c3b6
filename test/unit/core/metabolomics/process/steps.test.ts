/**
 * Each processing step on small non-square matrices (samples × features,
 * sample-major); expected values derived by hand in the comments.
 */
import {
  type DenseMatrix,
  featureMedians,
  featureMoments,
  medianInPlace,
} from '../../../../../lambdas/core/metabolomics/process/dense.js';
import { blankRatio, relativeSd, splitAbove } from '../../../../../lambdas/core/metabolomics/process/filters.js';
import { imputeKnn, imputeMedian, imputeMinFraction } from '../../../../../lambdas/core/metabolomics/process/impute.js';
import {
  missingCounts,
  missingFilter,
  zerosToMissing,
} from '../../../../../lambdas/core/metabolomics/process/missing.js';
import {
  medianNormalize,
  pqnFactors,
  pqnNormalize,
  pqnReferenceMean,
  pqnReferenceMedian,
  quantileNormalize,
  sumNormalize,
} from '../../../../../lambdas/core/metabolomics/process/normalize.js';
import { autoScale, paretoScale, rangeScale } from '../../../../../lambdas/core/metabolomics/process/scale.js';
import { glog, glogOffset } from '../../../../../lambdas/core/metabolomics/process/transform.js';
import { createRng } from '../../../../../lambdas/core/random/rng.js';
import { expectAllClose } from '../../../../helpers/numeric.js';

/** Samples × features from rows of samples. */
function m(rows: number[][]): DenseMatrix {
  return { values: Float64Array.from(rows.flat()), nSamples: rows.length, nFeatures: rows[0]!.length };
}

/** 3 samples × 4 features (a, b, c, d). */
const RAW = () =>
  m([
    [2, 0, 4, 10],
    [4, 6, NaN, 30],
    [8, 0, 5, 40],
  ]);

describe('missing values', () => {
  it('zeros become missing; counts per feature and per sample; the filter drops fraction >= 0.5', () => {
    const x = RAW();
    expect(zerosToMissing(x)).toBe(2);
    const { perFeature, perSample } = missingCounts(x);
    // b is 0 in S1 and S3, c is NaN in S2
    expect(Array.from(perFeature)).toEqual([0, 2, 1, 0]);
    expect(Array.from(perSample)).toEqual([1, 1, 1]);
    // fractions 0, 2/3, 1/3, 0: b (2/3 >= 0.5) goes; with threshold 0.7 only an all-missing feature would
    expect(missingFilter(Float64Array.of(0, 2 / 3, 1 / 3, 0), 0.5)).toEqual({ keep: [0, 2, 3], drop: [1] });
    expect(missingFilter(Float64Array.of(0, 2 / 3, 1, 0), 1)).toEqual({ keep: [0, 1, 3], drop: [2] });
  });
});

describe('imputation', () => {
  const withGap = () =>
    m([
      [2, 4, 10],
      [4, NaN, 30],
      [8, 5, NaN],
      [1, 6, 20],
    ]);

  it('min/5 and half-min use the smallest positive observed value of the feature', () => {
    const a = withGap();
    // feature 2: min(4, 5, 6) = 4 → 0.8; feature 3: min(10, 30, 20) = 10 → 2
    const r = imputeMinFraction(a, 5);
    expect(Array.from(r.value)).toEqual([1 / 5, 4 / 5, 10 / 5]);
    expect(Array.from(r.count)).toEqual([0, 1, 1]);
    expect([a.values[4], a.values[8]]).toEqual([0.8, 2]);
    const b = withGap();
    imputeMinFraction(b, 2);
    expect([b.values[4], b.values[8]]).toEqual([2, 5]);
  });

  it('median uses the observed values, (a + b) / 2 for an even count', () => {
    const a = withGap();
    // feature 2 observed 4, 5, 6 → 5; feature 3 observed 10, 30, 20 → 20
    imputeMedian(a);
    expect([a.values[4], a.values[8]]).toEqual([5, 20]);
    const even = m([
      [1, NaN],
      [NaN, 2],
      [3, 4],
      [10, 7],
      [4, 100],
    ]);
    // feature 1 observed 1, 3, 10, 4 → (3 + 4) / 2 = 3.5; feature 2 observed 2, 4, 7, 100 → (4 + 7) / 2 = 5.5
    imputeMedian(even);
    expect([even.values[2], even.values[1]]).toEqual([3.5, 5.5]);
  });

  it('kNN takes the mean over the k nearest samples observing the feature (RMS distance over shared features)', () => {
    const x = m([
      [1, 10, 100],
      [2, 11, 101],
      [10, 20, 300],
      [NaN, 12, 102],
    ]);
    // S4 vs S1: diffs 2, 2 → 2; vs S2: 1, 1 → 1; vs S3: 8, 198 → far. k = 2: (2 + 1) / 2
    const r = imputeKnn(x, 2);
    expect(x.values[9]).toBe(1.5);
    expect(Array.from(r.count)).toEqual([1, 0, 0]);
  });
});

describe('order statistics and moments', () => {
  it('median: middle value for odd n, mean of the two middle ones for even n, NaN when empty', () => {
    expect(medianInPlace(Float64Array.of(5, 1, 3), 3)).toBe(3);
    expect(medianInPlace(Float64Array.of(7, 1, 3, 10), 4)).toBe(5);
    expect(medianInPlace(new Float64Array(0), 0)).toBeNaN();
    // 2 samples × 3 features, one missing: medians 2, 5, 8
    expect(
      Array.from(
        featureMedians(
          m([
            [1, NaN, 9],
            [3, 5, 7],
          ]),
        ),
      ),
    ).toEqual([2, 5, 8]);
  });

  it('median equals the sorted middle on random arrays of many sizes, with and without ties (Floyd–Rivest on long ranges)', () => {
    const rng = createRng(5);
    for (const n of [1, 2, 3, 10, 599, 600, 601, 602, 1000, 2501, 10000]) {
      for (const ties of [false, true]) {
        const a = Float64Array.from({ length: n }, () => (ties ? Math.floor(rng.nextFloat() * 7) : rng.normal()));
        const sorted = a.slice().sort();
        const want = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
        expect(medianInPlace(a, n)).toBe(want);
      }
    }
  });

  it('mean and sd (n − 1) per feature skip missing values (and zeros when asked)', () => {
    // feature 1: 1, 2, 3, 6 → mean 3, sd sqrt((4 + 1 + 0 + 9) / 3) = sqrt(14 / 3); feature 2: 0 skipped → 2, 4 → mean 3, sd sqrt(2)
    const { mean, sd, n } = featureMoments(
      m([
        [1, 0],
        [2, 2],
        [3, NaN],
        [6, 4],
      ]),
      undefined,
      true,
    );
    expectAllClose(mean, [3, 3], 'mean');
    expectAllClose(sd, [Math.sqrt(14 / 3), Math.SQRT2], 'sd');
    expect(Array.from(n)).toEqual([4, 2]);
  });
});

describe('filters', () => {
  it('blank ratio = mean(blanks) / mean(study samples), missing as 0', () => {
    // S1 blank; features x: 10 / mean(20, 40) = 1/3; y: 1 / mean(10, 0) = 0.2; z: 0 / mean(5, 5) = 0
    const x = m([
      [10, 1, NaN],
      [20, 10, 5],
      [40, NaN, 5],
    ]);
    const r = blankRatio(x, [0], [1, 2]);
    expectAllClose(r, [1 / 3, 0.2, 0], 'ratio');
    expect(splitAbove(r, 0.3, [0, 1, 2])).toEqual({ keep: [1, 2], drop: [0] });
  });

  it('QC RSD = sd / mean over the QC samples', () => {
    // QCs are samples 1..3: feature 1: 9, 10, 11 → sd 1, mean 10 → 0.1; feature 2: 5, 10, 15 → 5 / 10 = 0.5
    const x = m([
      [100, 1],
      [9, 5],
      [10, 10],
      [11, 15],
    ]);
    expectAllClose(relativeSd(x, [1, 2, 3]), [0.1, 0.5], 'rsd');
  });
});

describe('normalization', () => {
  it('PQN (Dieterle 2006): reference = feature medians, factor = median of x / reference, quotients first', () => {
    const x = m([
      [2, 4, 10],
      [4, 0.8, 30],
      [8, 5, 40],
    ]);
    // reference: median(2, 4, 8) = 4, median(4, 0.8, 5) = 4, median(10, 30, 40) = 30
    const ref = pqnReferenceMedian(x);
    expect(Array.from(ref)).toEqual([4, 4, 30]);
    // ratios S1: 0.5, 1, 1/3 → 0.5; S2: 1, 0.2, 1 → 1; S3: 2, 1.25, 40/30 → 40/30
    expect(Array.from(pqnFactors(x, ref))).toEqual([0.5, 1, 40 / 30]);
    pqnNormalize(x, ref);
    // S3's d is 40 / (40 / 30): exactly the reference 30 in double arithmetic (README "exact ties made by PQN")
    expectAllClose(x.values, [4, 8, 20, 4, 0.8, 30, 6, 3.75, 30], 'pqn');
    expect(x.values[8]).toBe(30);
  });

  it("MetaboAnalyst's group PQN reference is the feature-wise mean of the group", () => {
    expect(
      Array.from(
        pqnReferenceMean(
          m([
            [2, 4],
            [4, 8],
            [100, 100],
          ]),
          [0, 1],
        ),
      ),
    ).toEqual([3, 6]);
  });

  it('sum (to 1000) and median normalization', () => {
    const s = m([
      [1, 3, 4],
      [2, 2, 6],
    ]);
    // sums 8 and 10: factors 8/1000 and 10/1000
    expectAllClose(sumNormalize(s), [0.008, 0.01], 'sum factors');
    expectAllClose(s.values, [125, 375, 500, 200, 200, 600], 'sum');
    const d = m([
      [2, 4, 10],
      [1, 9, 3],
    ]);
    // medians 4 and 3
    expect(Array.from(medianNormalize(d))).toEqual([4, 3]);
    expectAllClose(d.values, [0.5, 1, 2.5, 1 / 3, 3, 1], 'median');
  });

  it('quantile: every sample gets the mean sorted profile; ties take the reference at their average rank', () => {
    const q = m([
      [1, 3, 2],
      [6, 4, 5],
    ]);
    // sorted 1 2 3 and 4 5 6 → target 2.5 3.5 4.5
    quantileNormalize(q);
    expect(Array.from(q.values)).toEqual([2.5, 4.5, 3.5, 4.5, 2.5, 3.5]);
    const t = m([
      [1, 1, 2],
      [3, 4, 5],
    ]);
    // target (1+3)/2, (1+4)/2, (2+5)/2 = 2, 2.5, 3.5; the tied 1s sit at ranks 1 and 2 → (2 + 2.5) / 2
    quantileNormalize(t);
    expect(Array.from(t.values)).toEqual([2.25, 2.25, 3.5, 2, 2.5, 3.5]);
  });
});

describe('generalized log', () => {
  it('m = smallest positive value / 10; glog10(3m/4) = log10(m), glog10(0) = log10(m/2), ≈ log10 x for x ≫ m', () => {
    // smallest positive of [[1, 2], [0, 5]] is 1 → m = 0.1 (0 and negatives do not count)
    expect(
      glogOffset(
        m([
          [1, 2],
          [0, 5],
          [-3, 4],
        ]),
      ),
    ).toBe(0.1);
    // x = 0.075: sqrt(0.075² + 0.1²) = 0.125 → (0.075 + 0.125) / 2 = 0.1
    const x = m([
      [1, 0.075],
      [0, 1000],
    ]);
    glog(x, 0.1, 10);
    expectAllClose(
      x.values,
      [Math.log10((1 + Math.sqrt(1.01)) / 2), -1, Math.log10(0.05), Math.log10((1000 + Math.sqrt(1e6 + 0.01)) / 2)],
      'glog10',
    );
    const y = m([[0.075, 4]]);
    glog(y, 0.1, 2);
    expectAllClose(y.values, [Math.log2(0.1), Math.log2((4 + Math.sqrt(16.01)) / 2)], 'glog2');
  });
});

describe('scaling', () => {
  // 4 samples × 2 features: feature 1 = 1, 2, 3, 6 (mean 3, sd sqrt(14/3), range 5); feature 2 constant 7
  const x = () =>
    m([
      [1, 7],
      [2, 7],
      [3, 7],
      [6, 7],
    ]);
  const centred = [-2, -1, 0, 3];

  it('Pareto: (x − mean) / sqrt(sd); a constant feature becomes 0', () => {
    const a = x();
    paretoScale(a);
    const d = (14 / 3) ** 0.25;
    expectAllClose(
      a.values,
      centred.flatMap((c) => [c / d, 0]),
      'pareto',
    );
  });

  it('auto: (x − mean) / sd; range: (x − mean) / (max − min)', () => {
    const a = x();
    autoScale(a);
    expectAllClose(
      a.values,
      centred.flatMap((c) => [c / Math.sqrt(14 / 3), 0]),
      'auto',
    );
    const r = x();
    rangeScale(r);
    expectAllClose(
      r.values,
      centred.flatMap((c) => [c / 5, 0]),
      'range',
    );
  });
});
