import { simpson } from '../../../../../../lambdas/core/amplicon/diversity/alpha/simpson.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('simpson (1 - sum p^2, scikit-bio simpson / vegan diversity "simpson")', () => {
  it('is 0.625 for counts [1, 1, 2]', () => {
    // sum p^2 = 1/16 + 1/16 + 1/4 = 3/8, 1 - 3/8 = 5/8
    expect(simpson(v(1, 1, 2))).toBe(0.625);
  });

  it('is 1 - 1/S for an even community', () => {
    // 4 equal counts: 1 - 4 * 1/16
    expect(simpson(v(3, 3, 3, 3))).toBe(0.75);
  });

  it('is 0 for a single feature', () => {
    expect(simpson(v(9))).toBe(0);
  });

  it('ignores zeros and the order of values', () => {
    expect(simpson(v(2, 0, 1, 0, 1))).toBe(0.625);
  });

  it('is null for an empty sample', () => {
    expect(simpson(v())).toBeNull();
  });
});
