import {
  brayCurtisAndJaccard,
  brayCurtisJaccardRows,
} from '../../../../../../lambdas/core/amplicon/diversity/beta/bray-curtis-jaccard.js';
import {
  brayCurtis,
  brayCurtisRows,
  jaccard,
  jaccardRows,
} from '../../../../../../lambdas/core/amplicon/diversity/beta/index.js';
import { FeatureTableBuilder } from '../../../../../../lambdas/core/table/feature-table.js';
import { randomTable } from './random-table.js';

describe('Bray–Curtis and Jaccard from one posting walk', () => {
  it.each([
    [1, 200, 60, 0.1, true],
    [2, 50, 300, 0.3, true],
    [3, 500, 40, 0.05, false],
  ])(
    'bit-identical to the separate kernels (seed %i, %i features × %i samples, density %f, integer %s)',
    (seed, f, s, p, integer) => {
      const t = randomTable(seed, f, s, p, integer);
      const both = brayCurtisAndJaccard(t);
      const bc = brayCurtis(t),
        jac = jaccard(t);
      expect(both.brayCurtis.matrix.ids).toEqual(bc.matrix.ids);
      expect(both.brayCurtis.skipped).toEqual(bc.skipped);
      expect(Array.from(both.brayCurtis.matrix.data)).toEqual(Array.from(bc.matrix.data));
      expect(Array.from(both.jaccard.matrix.data)).toEqual(Array.from(jac.matrix.data));
      expect(both.brayCurtis.metric).toBe('bray_curtis');
      expect(both.jaccard.metric).toBe('jaccard');
    },
  );

  it('row ranges fill only their rows, with the same bits as one pass', () => {
    const t = randomTable(4, 80, 90, 0.2);
    const n = t.sampleIds.length,
      len = (n * (n - 1)) / 2;
    const bc = new Float64Array(len),
      jac = new Float64Array(len),
      bcRef = new Float64Array(len),
      jacRef = new Float64Array(len);
    brayCurtisRows(t, 0, n, bcRef);
    jaccardRows(t, 0, n, jacRef);
    for (const [a, b] of [
      [0, 7],
      [7, 8],
      [8, 61],
      [61, n],
    ] as const)
      brayCurtisJaccardRows(t, a, b, bc, jac);
    expect(Array.from(bc)).toEqual(Array.from(bcRef));
    expect(Array.from(jac)).toEqual(Array.from(jacRef));
    expect(() => brayCurtisJaccardRows(t, 0, n, bc, new Float64Array(3))).toThrow(RangeError);
  });

  it('hand-checked, with an empty sample left out and near-identical non-integer samples (the recompute guard)', () => {
    // s0 = (1, 2, 0), s1 = (0, 2, 3), s2 empty, s3 = s0 + 1e-9 on feature 0
    const b = new FeatureTableBuilder(['a', 'b', 'c'], ['s0', 's1', 's2', 's3']);
    b.add(0, 0, 1);
    b.add(1, 0, 2);
    b.add(1, 1, 2);
    b.add(2, 1, 3);
    b.add(0, 3, 1 + 1e-9);
    b.add(1, 3, 2);
    const both = brayCurtisAndJaccard(b.build());
    expect(both.jaccard.skipped).toEqual(['s2']);
    expect(both.jaccard.matrix.ids).toEqual(['s0', 's1', 's3']);
    // BC(s0, s1) = (1 + 0 + 3) / (3 + 5) = 0.5; Jaccard = 1 − 1/3
    expect(both.brayCurtis.matrix.data[0]).toBe(0.5);
    expect(both.jaccard.matrix.data[0]).toBe(2 / 3);
    // s0 vs s3: BC = 1e-9 / (6 + 1e-9) computed directly; Jaccard 0
    const d = both.brayCurtis.matrix.data[1]!;
    expect(Math.abs(d - 1e-9 / (6 + 1e-9)) / d).toBeLessThan(1e-6);
    expect(both.jaccard.matrix.data[1]).toBe(0);
  });
});
