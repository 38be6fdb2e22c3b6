import {
  FeatureTableBuilder,
  isIntegerTable,
  nnz,
  sampleValues,
} from '../../../../lambdas/core/table/feature-table.js';

describe('FeatureTableBuilder', () => {
  it('orders triplets sample-major with increasing feature index, skips zeros, sums repeats', () => {
    // 3 features x 2 samples (non-square on purpose)
    const b = new FeatureTableBuilder(['f0', 'f1', 'f2'], ['s0', 's1'], 2);
    b.add(2, 0, 5);
    b.add(0, 1, 1);
    b.add(0, 0, 3);
    b.add(1, 1, 0);
    b.add(0, 1, 2);
    const t = b.build();
    expect(Array.from(t.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(t.indices)).toEqual([0, 2, 0]);
    expect(Array.from(t.data)).toEqual([3, 5, 3]);
    expect(nnz(t)).toBe(3);
    expect(Array.from(sampleValues(t, 1))).toEqual([3]);
    expect(isIntegerTable(t)).toBe(true);
  });

  it('reports a non-integer table', () => {
    const b = new FeatureTableBuilder(['a', 'b'], ['s'], 4);
    b.add(0, 0, 0.25);
    expect(isIntegerTable(b.build())).toBe(false);
  });
});
