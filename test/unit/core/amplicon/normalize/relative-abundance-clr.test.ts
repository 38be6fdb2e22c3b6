import {
  clr,
  clrSample,
  clrSampleDense,
  clrSparse,
  meanClrPerFeature,
} from '../../../../../lambdas/core/amplicon/normalize/clr.js';
import {
  relativeAbundance,
  relativeAbundanceOf,
} from '../../../../../lambdas/core/amplicon/normalize/relative-abundance.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../../lambdas/core/table/feature-table.js';
import { closeTo } from '../../../../helpers/numeric.js';

/** 5 features x 3 samples; s1 is empty. Columns given per sample. */
function table(): FeatureTable {
  const b = new FeatureTableBuilder(['f0', 'f1', 'f2', 'f3', 'f4'], ['s0', 's1', 's2']);
  [
    [0, 1, 0, 3, 0],
    [0, 0, 0, 0, 0],
    [2, 2, 4, 0, 0],
  ].forEach((col, j) => col.forEach((x, i) => b.add(i, j, x)));
  return b.build();
}

const LN2 = Math.LN2;

describe('relativeAbundance', () => {
  it('divides each value by its sample total; empty samples stay empty', () => {
    const r = relativeAbundance(table());
    expect([...r.indptr]).toEqual([0, 2, 2, 5]);
    expect([...r.data]).toEqual([0.25, 0.75, 0.25, 0.25, 0.5]);
    expect(r.featureIds).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
  });

  it('relativeAbundanceOf returns zeros for a zero vector', () => {
    expect([...relativeAbundanceOf([0, 0])]).toEqual([0, 0]);
    expect([...relativeAbundanceOf([1, 3])]).toEqual([0.25, 0.75]);
  });
});

describe('clr(x + 1)', () => {
  it('dense: ln(x+1) minus its mean over all features', () => {
    // ln(1, 2, 4) = (0, ln2, 2 ln2), mean ln2
    const z = clr([0, 1, 3]);
    [-LN2, 0, LN2].forEach((e, i) => expect(closeTo(z[i]!, e, 1e-15, 1e-16)).toBe(true));
  });

  it('sparse: the stored values and the value shared by every zero feature, mean over all F', () => {
    // sample s0 of the table: values (1, 3) among F = 5: sum ln = 3 ln2, mean 0.6 ln2
    const s = clrSample(table(), 0);
    [0.4 * LN2, 1.4 * LN2].forEach((e, k) => expect(closeTo(s.values[k]!, e, 1e-15, 1e-16)).toBe(true));
    expect(closeTo(s.zero, -0.6 * LN2, 1e-15, 1e-16)).toBe(true);
    const d = clrSampleDense(table(), 0);
    [-0.6, 0.4, -0.6, 1.4, -0.6].forEach((e, i) => expect(closeTo(d[i]!, e * LN2, 1e-15, 1e-16)).toBe(true));
    expect(Math.abs(d.reduce((a, b) => a + b, 0))).toBeLessThan(1e-15);
  });

  it('an empty sample is all zeros', () => {
    expect([...clrSampleDense(table(), 1)]).toEqual([0, 0, 0, 0, 0]);
  });

  it('rejects fewer features than stored values', () => {
    expect(() => clrSparse([1, 2, 3], 2)).toThrow(RangeError);
  });
});

describe('meanClrPerFeature', () => {
  it('averages clr(x + 1) over the non-empty samples, by hand: S1 = [0,1,3], S2 = [1,0,0], S3 empty', () => {
    // S1: ln(x+1) = [0, ln2, ln4], mean ln2 -> clr = [-ln2, 0, ln2]; S2: [ln2, 0, 0], mean ln2/3 -> [2ln2/3, -ln2/3, -ln2/3]
    const b = new FeatureTableBuilder(['f0', 'f1', 'f2'], ['S1', 'S2', 'S3']);
    b.add(1, 0, 1);
    b.add(2, 0, 3);
    b.add(0, 1, 1);
    const m = meanClrPerFeature(b.build());
    const ln2 = Math.log(2);
    expect(m[0]).toBeCloseTo(-ln2 / 6, 15);
    expect(m[1]).toBeCloseTo(-ln2 / 6, 15);
    expect(m[2]).toBeCloseTo(ln2 / 3, 15);
    // clr values of a sample sum to zero, so their means do too
    expect(m[0]! + m[1]! + m[2]!).toBeCloseTo(0, 15);
  });
});
