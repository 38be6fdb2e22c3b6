import { ace } from '../../../../../../lambdas/core/amplicon/diversity/alpha/ace.js';
import { closeTo } from '../../../../../helpers/numeric.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('ace (rare threshold 10, scikit-bio ace(rare_threshold=10))', () => {
  it('matches a hand computation with gamma^2 > 0', () => {
    // [1,1,2,10,12]: rare (<= 10) = 1,1,2,10 -> S_rare=4, N_rare=14, F1=2; S_abund=1 (the 12)
    // C = 1 - 2/14 = 6/7; sum k(k-1)F_k = 0+0+2+90 = 92
    // gamma^2 = 4*92 / ((6/7)*14*13) - 1 = 368/156 - 1 = 53/39
    // ACE = 1 + 4/(6/7) + (2/(6/7)) * 53/39 = 1 + 14/3 + 371/117 = 1034/117
    expect(closeTo(ace(v(1, 1, 2, 10, 12))!, 1034 / 117, 1e-15, 0)).toBe(true);
  });

  it('clamps a negative gamma^2 to 0', () => {
    // [1,2,3,20]: S_rare=3, N_rare=6, F1=1, S_abund=1; C = 5/6; sum k(k-1)F_k = 0+2+6 = 8
    // gamma^2 = 3*8 / ((5/6)*6*5) - 1 = 24/25 - 1 < 0 -> 0; ACE = 1 + 3/(5/6) = 4.6
    expect(closeTo(ace(v(1, 2, 3, 20))!, 4.6, 1e-15, 0)).toBe(true);
  });

  it('counts a value of exactly 10 as rare and 11 as abundant', () => {
    // [1,2,11]: S_rare=2, N_rare=3, F1=1, C=2/3, sum k(k-1)F_k = 2, gamma^2 = 2*2/((2/3)*3*2) - 1 = 0
    // ACE = 1 + 2/(2/3) = 4
    expect(closeTo(ace(v(1, 2, 11))!, 4, 1e-15, 0)).toBe(true);
    // [1,2,10]: all three rare: S_rare=3, N_rare=13, F1=1, C=12/13, sum = 0+2+90 = 92
    // gamma^2 = 3*92/((12/13)*13*12) - 1 = 276/144 - 1 = 11/12; ACE = 0 + 3*13/12 + (13/12)(11/12) = 611/144
    expect(closeTo(ace(v(1, 2, 10))!, 611 / 144, 1e-15, 0)).toBe(true);
  });

  it('is S when no feature is rare (scikit-bio; vegan gives NaN)', () => {
    expect(ace(v(11, 20, 500))).toBe(3);
  });

  it('is null where scikit-bio raises: every rare feature is a singleton', () => {
    expect(ace(v(1, 1, 20))).toBeNull();
    expect(ace(v(1))).toBeNull();
  });

  it('is 6 for counts [1, 1, 2]', () => {
    // S_rare=3, N_rare=4, F1=2, C = 1 - 2/4 = 1/2, sum k(k-1)F_k = 2
    // gamma^2 = 3*2 / ((1/2)*4*3) - 1 = 0; ACE = 0 + 3/(1/2) + 0 = 6
    expect(ace(v(1, 1, 2))).toBe(6);
  });

  it('is defined without singletons (C = 1)', () => {
    // [2,2]: S_rare=2, N_rare=4, F1=0, C=1, sum = 2+2 = 4, gamma^2 = 2*4/(1*4*3) - 1 < 0 -> 0; ACE = 2
    expect(ace(v(2, 2))).toBe(2);
  });

  it('ignores zeros and order', () => {
    expect(ace(v(12, 0, 10, 2, 0, 1, 1))).toBe(ace(v(1, 1, 2, 10, 12)));
  });

  it('is null for non-integer values and for an empty sample', () => {
    expect(ace(v(1, 2.5, 3))).toBeNull();
    expect(ace(v())).toBeNull();
  });
});
