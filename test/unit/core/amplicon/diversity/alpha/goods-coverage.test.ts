import { goodsCoverage } from '../../../../../../lambdas/core/amplicon/diversity/alpha/goods-coverage.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('goodsCoverage (1 - F1/N, scikit-bio goods_coverage)', () => {
  it('is 1 - F1/N', () => {
    // [1,1,2]: F1=2, N=4
    expect(goodsCoverage(v(1, 1, 2))).toBe(0.5);
    expect(goodsCoverage(v(5, 5))).toBe(1);
    expect(goodsCoverage(v(1))).toBe(0);
  });

  it('ignores zeros', () => {
    expect(goodsCoverage(v(0, 1, 0, 3))).toBe(0.75);
  });

  it('is null for non-integer values and for an empty sample', () => {
    expect(goodsCoverage(v(1, 0.5))).toBeNull();
    expect(goodsCoverage(v())).toBeNull();
  });
});
