/**
 * Rank-based tests on vectors small enough to work out by hand. Statistics are derived in the comments; p-values of the normal branches
 * follow from the stated z (the same numbers R `wilcox.test` / `kruskal.test` print, cross-checked with scipy 1.17 `mannwhitneyu`,
 * `wilcoxon`, `kruskal`).
 */
import { normalUpperTail } from '../../../../lambdas/core/stats/distributions/normal-upper-tail.js';
import { kruskalWallis } from '../../../../lambdas/core/stats/kruskal-wallis.js';
import { mannWhitneyU } from '../../../../lambdas/core/stats/mann-whitney-u.js';
import { rank } from '../../../../lambdas/core/stats/rank.js';
import { wilcoxonSignedRank } from '../../../../lambdas/core/stats/wilcoxon-signed-rank.js';

function expectRel(actual: number, expected: number, rel = 1e-14): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  if (!(Math.abs(actual - expected) <= rel * scale)) throw new Error(`got ${actual}, expected ${expected}`);
}

describe('rank', () => {
  it('averages the ranks of ties and reports the tie-group sizes', () => {
    const r = rank([10, 20, 20, 5, 20, 7, 7]);
    expect(Array.from(r.ranks)).toEqual([4, 6, 6, 1, 6, 2.5, 2.5]);
    expect(Array.from(r.tieSizes)).toEqual([2, 3]);
  });

  it('rejects NaN and ranks infinities at the ends', () => {
    expect(() => rank([1, Number.NaN])).toThrow(RangeError);
    expect(Array.from(rank([Infinity, 0, -Infinity]).ranks)).toEqual([3, 2, 1]);
  });
});

describe('mannWhitneyU (R wilcox.test defaults)', () => {
  it('gives W = 0 and exact p = 2/C(6,3) = 0.1 for completely separated groups of 3 and 3', () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6])!;
    expect(r).toMatchObject({ method: 'wilcoxon_rank_sum', statistic: 0, exact: true, z: null, nA: 3, nB: 3, n: 6 });
    expectRel(r.p, 0.1);
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3])!.statistic).toBe(9);
    expectRel(mannWhitneyU([4, 5, 6], [1, 2, 3])!.p, 0.1);
  });

  it('counts W as the pairs (a > b): interleaved 1,3,5 vs 2,4,6 has W = 3 and p = 2·P(U ≤ 3) = 2·7/20', () => {
    const r = mannWhitneyU([1, 3, 5], [2, 4, 6])!;
    expect(r.statistic).toBe(3);
    expectRel(r.p, 0.7);
  });

  it('switches to the tie- and continuity-corrected normal approximation when values tie', () => {
    // pooled 1,2,2,2,3,4 → ranks 1,3,3,3,5,6; rank sum of a = 7, W = 7 − 6 = 1; W − 9/2 = −3.5 → −3 after correction;
    // σ² = 9/12 · (7 − (3³ − 3)/(6·5)) = 4.65
    const r = mannWhitneyU([1, 2, 2], [2, 3, 4])!;
    expect(r.statistic).toBe(1);
    expect(r.exact).toBe(false);
    expectRel(r.z!, -3 / Math.sqrt(4.65));
    expectRel(r.p, 2 * normalUpperTail(3 / Math.sqrt(4.65)));
    expectRel(r.p, 0.16415972847851523, 1e-13);
  });

  it('is exact below 50 per group and normal from 50 on, even without ties', () => {
    const a = Array.from({ length: 49 }, (_, i) => i * 2);
    const b = Array.from({ length: 49 }, (_, i) => i * 2 + 1);
    expect(mannWhitneyU(a, b)!.exact).toBe(true);
    expect(mannWhitneyU([...a, 1000], b)!.exact).toBe(false);
  });

  it('drops non-finite values, gives null for an empty group and NaN p when every value ties', () => {
    const r = mannWhitneyU([1, Number.NaN, 2, 3, Infinity], [4, 5, 6])!;
    expect(r.nA).toBe(3);
    expectRel(r.p, 0.1);
    expect(mannWhitneyU([Number.NaN], [1, 2])).toBeNull();
    const tied = mannWhitneyU([0, 0, 0], [0, 0])!;
    expect(tied.statistic).toBe(3);
    expect(tied.p).toBeNaN();
  });
});

describe('wilcoxonSignedRank (R wilcox.test(paired = TRUE) defaults)', () => {
  it('gives V = 15 and exact p = 2/2^5 when all 5 differences are positive', () => {
    const r = wilcoxonSignedRank([2, 4, 6, 8, 10], [1, 2, 3, 4, 5])!;
    expect(r).toMatchObject({ method: 'wilcoxon_signed_rank', statistic: 15, exact: true, n: 5, nZero: 0 });
    expectRel(r.p, 0.0625);
  });

  it('drops a zero difference and then uses the normal approximation: z = (15 − 7.5 − ½)/√(5·6·11/24)', () => {
    const r = wilcoxonSignedRank([0, 1, 2, 3, 4, 5], [0, 0, 0, 0, 0, 0])!;
    expect(r).toMatchObject({ statistic: 15, exact: false, n: 5, nZero: 1 });
    expectRel(r.z!, 7 / Math.sqrt(13.75));
    expectRel(r.p, 0.05905822909053671, 1e-13);
  });

  it('tie-corrects the variance: |d| = 1,1,2,3 → ranks 1.5,1.5,3,4, V = 6, σ² = 4·5·9/24 − (2³ − 2)/48', () => {
    const r = wilcoxonSignedRank([1, 1, 2, -3], [0, 0, 0, 0])!;
    expect(r.statistic).toBe(6);
    expect(r.exact).toBe(false);
    expectRel(r.z!, 0.5 / Math.sqrt(7.375));
    expectRel(r.p, 0.8539232992870668, 1e-13);
  });

  it('drops NaN pairs, gives NaN p when every difference is zero and null when no pair is left', () => {
    expect(wilcoxonSignedRank([1, Number.NaN, 3], [0, 1, 1])!.nMissing).toBe(1);
    const zeros = wilcoxonSignedRank([1, 2], [1, 2])!;
    expect(zeros).toMatchObject({ statistic: 0, n: 0, nZero: 2 });
    expect(zeros.p).toBeNaN();
    expect(wilcoxonSignedRank([Number.NaN], [1])).toBeNull();
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(RangeError);
  });
});

describe('kruskalWallis (R kruskal.test)', () => {
  it('gives H = 12·89.5/42 − 21 = 32/7 for 1,2 | 3,4 | 5,6 and the χ²₂ tail exp(−H/2)', () => {
    const r = kruskalWallis(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ].map((g) => Float64Array.from(g)),
    )!;
    expect(r).toMatchObject({ method: 'kruskal_wallis', df: 2, n: 6, groups: 3 });
    expectRel(r.statistic, 32 / 7);
    expectRel(r.p, Math.exp(-16 / 7));
  });

  it('divides by 1 − Σ(t³ − t)/(n³ − n) = 32/35 when each group is a tied pair: H = 5', () => {
    const r = kruskalWallis(
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ].map((g) => Float64Array.from(g)),
    )!;
    expectRel(r.statistic, 5);
    expectRel(r.p, Math.exp(-2.5));
  });

  it('drops NaN and then empty groups, is null below 2 groups and NaN when everything ties', () => {
    const r = kruskalWallis([
      Float64Array.from([1, 2, Number.NaN]),
      new Float64Array(0),
      Float64Array.from([3, 4]),
      Float64Array.from([5, 6]),
    ])!;
    expect(r.groups).toBe(3);
    expectRel(r.statistic, 32 / 7);
    expect(kruskalWallis([Float64Array.from([1, 2]), Float64Array.from([Number.NaN])])).toBeNull();
    expect(kruskalWallis([Float64Array.from([1, 1]), Float64Array.from([1])])!.p).toBeNaN();
  });

  it('does not depend on the order of groups or of values within a group', () => {
    const groups = [
      [3.1, 0.2, 5.5],
      [1.1, 9.4],
      [2.2, 7.7, 4.4, 6.6],
    ].map((g) => Float64Array.from(g));
    const a = kruskalWallis(groups)!;
    const b = kruskalWallis([groups[2]!.slice().reverse(), groups[0]!, groups[1]!])!;
    expectRel(b.statistic, a.statistic);
    expectRel(b.p, a.p);
  });
});
