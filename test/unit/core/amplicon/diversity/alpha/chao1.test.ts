import { chao1 } from '../../../../../../lambdas/core/amplicon/diversity/alpha/chao1.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('chao1 (bias-corrected, scikit-bio chao1(bias_corrected=True))', () => {
  it('adds F1(F1-1) / (2(F2+1)) to S', () => {
    // [1,1,2]: S=3, F1=2, F2=1: 3 + 2*1/(2*2) = 3.5
    expect(chao1(v(1, 1, 2))).toBe(3.5);
    // [1,2,3,1,1]: S=5, F1=3, F2=1: 5 + 3*2/(2*2) = 6.5
    expect(chao1(v(1, 2, 3, 1, 1))).toBe(6.5);
  });

  it('is S without singletons, and with a single singleton', () => {
    expect(chao1(v(2, 3, 40))).toBe(3);
    // F1=1: 1*0 = 0
    expect(chao1(v(1, 5))).toBe(2);
  });

  it('stays finite when every feature is a singleton (F2 = 0)', () => {
    // S=3, F1=3, F2=0: 3 + 3*2/(2*1) = 6
    expect(chao1(v(1, 1, 1))).toBe(6);
  });

  it('ignores zeros and order', () => {
    expect(chao1(v(0, 2, 0, 1, 1))).toBe(3.5);
  });

  it('is null for non-integer values and for an empty sample', () => {
    expect(chao1(v(1, 1.5, 2))).toBeNull();
    expect(chao1(v())).toBeNull();
  });
});
