/**
 * PERMANOVA on hand-checkable designs, against a direct evaluation of the docs/metrics.md formulas, and invariants (as scikit-bio's tests:
 * relabelled groups give the same result; vegan `adonis2(strata =)` semantics for restricted permutations).
 */
import { DataErrorSignal } from '../../../../lambdas/core/errors.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { permanova } from '../../../../lambdas/core/stats/permanova.js';
import { variesWithinStrata } from '../../../../lambdas/core/stats/varies-within-strata.js';

function expectRel(actual: number, expected: number, rel = 1e-14): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  if (!(Math.abs(actual - expected) <= rel * scale)) throw new Error(`got ${actual}, expected ${expected}`);
}

/** Condensed matrix (scipy squareform order) from a distance function of two indices. */
function condensed(n: number, d: (i: number, j: number) => number): { ids: string[]; data: Float64Array } {
  const data: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) data.push(d(i, j));
  return { ids: Array.from({ length: n }, (_, i) => `s${i}`), data: Float64Array.from(data) };
}

/** Euclidean distances of random 3-d points shifted by group, so groups differ. */
function randomDesign(n: number, groups: number, seed: number) {
  const rng = createRng(seed);
  const grouping = Int32Array.from({ length: n }, (_, i) => i % groups);
  const points = Array.from({ length: n }, (_, i) => [rng.normal(grouping[i]!), rng.normal(), rng.normal()]);
  return { dm: condensed(n, (i, j) => Math.hypot(...points[i]!.map((v, k) => v - points[j]![k]!))), grouping };
}

describe('permanova', () => {
  // a–b and c–d at distance 1, every other pair at 2: SS_T = (1 + 1 + 4·4)/4 = 4.5, SS_W = 1/2 + 1/2 = 1,
  // F = (4.5 − 1)/1 / (1/2) = 7, R² = 1 − 1/4.5 = 7/9
  const square = condensed(4, (i, j) => (Math.floor(i / 2) === Math.floor(j / 2) ? 1 : 2));
  const pairs = Int32Array.from([0, 0, 1, 1]);

  it('gives F = 7 and R² = 7/9 for two tight pairs', () => {
    const r = permanova(square, pairs, { seed: 1, permutations: 0 });
    expect(r).toMatchObject({
      method: 'PERMANOVA',
      testStatisticName: 'pseudo-F',
      n: 4,
      groups: 2,
      nMissing: 0,
      strata: false,
      groupSizes: [2, 2],
    });
    expectRel(r.statistic, 7);
    expectRel(r.r2, 7 / 9);
    expectRel(r.ssTotal, 4.5);
    expectRel(r.ssWithin, 1);
    expect(r.p).toBeNaN();
  });

  it('counts relabellings of the observed partition: 2 of the 6 label orders reproduce it, so p ≈ 1/3', () => {
    const r = permanova(square, pairs, { seed: 11, permutations: 999 });
    // #{F* ≥ F} ~ Binomial(999, 1/3): mean 333, sd 14.9; ±5 sd
    expect(r.p * 1000 - 1).toBeGreaterThan(333 - 75);
    expect(r.p * 1000 - 1).toBeLessThan(333 + 75);
  });

  it('matches a direct evaluation of the formulas on random data', () => {
    const { dm, grouping } = randomDesign(30, 3, 2);
    const n = 30;
    const d = (i: number, j: number) => dm.data[i * n - (i * (i + 1)) / 2 + (j - i - 1)]!;
    let ssT = 0;
    let ssW = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        ssT += d(i, j) ** 2 / n;
        if (grouping[i] === grouping[j]) ssW += d(i, j) ** 2 / 10;
      }
    const r = permanova(dm, grouping, { seed: 3, permutations: 99 });
    expectRel(r.ssTotal, ssT, 1e-13);
    expectRel(r.ssWithin, ssW, 1e-13);
    expectRel(r.statistic, (ssT - ssW) / 2 / (ssW / 27), 1e-13);
    expect(r.p).toBeLessThan(0.05);
  });

  it('does not depend on the group codes: relabelled groups give the same F, R² and (same seed) p', () => {
    const { dm, grouping } = randomDesign(24, 3, 4);
    const relabelled = grouping.map((g) => [7, 2, 40][g]!);
    const a = permanova(dm, grouping, { seed: 9, permutations: 199 });
    const b = permanova(dm, relabelled, { seed: 9, permutations: 199 });
    expect(b.statistic).toBe(a.statistic);
    expect(b.r2).toBe(a.r2);
    expect(b.p).toBe(a.p);
    expect(b.groupCodes).toEqual([2, 7, 40]);
  });

  it('is deterministic for a seed and 1/(permutations + 1) at the least', () => {
    const { dm, grouping } = randomDesign(24, 2, 5);
    const a = permanova(dm, grouping, { seed: 21, permutations: 99 });
    expect(permanova(dm, grouping, { seed: 21, permutations: 99 }).p).toBe(a.p);
    expect(a.p).toBeGreaterThanOrEqual(1 / 100);
    expect(a.permutations).toBe(99);
  });

  it('leaves out and counts samples with group −1, equal to the test on the sub-matrix', () => {
    const { dm, grouping } = randomDesign(20, 2, 6);
    const withMissing = grouping.slice();
    withMissing[3] = -1;
    withMissing[11] = -1;
    const keep = [...Array(20).keys()].filter((i) => withMissing[i]! >= 0);
    const sub = condensed(keep.length, (a, b) => {
      const i = keep[a]!,
        j = keep[b]!;
      return dm.data[i * 20 - (i * (i + 1)) / 2 + (j - i - 1)]!;
    });
    const a = permanova(dm, withMissing, { seed: 1, permutations: 99 });
    const b = permanova(
      sub,
      Int32Array.from(keep, (i) => grouping[i]!),
      { seed: 1, permutations: 99 },
    );
    expect(a.nMissing).toBe(2);
    expect(a.n).toBe(18);
    expectRel(a.statistic, b.statistic, 1e-13);
    expectRel(a.r2, b.r2, 1e-13);
  });

  it('permutes only within strata: a factor constant within every stratum can never change, so p = 1', () => {
    const { dm, grouping } = randomDesign(24, 2, 7);
    const r = permanova(dm, grouping, { seed: 1, permutations: 99, strata: grouping.map((g) => g + 10) });
    expect(r.strata).toBe(true);
    expect(r.p).toBe(1);
    const free = permanova(dm, grouping, { seed: 1, permutations: 99 });
    expectRel(r.statistic, free.statistic, 1e-13);
    expect(free.p).toBeLessThan(1);
  });

  it('restricts label shuffles to each stratum: 2 of 4 within-stratum orders keep the observed partition (p ≈ 1/2), versus 2 of 6 free (p ≈ 1/3)', () => {
    // s0, s1 in stratum 0 and s2, s3 in stratum 1; groups {s0, s2} and {s1, s3} are the tight pairs
    const dm = condensed(4, (i, j) => (i % 2 === j % 2 ? 1 : 2));
    const grouping = Int32Array.from([0, 1, 0, 1]);
    const restricted = permanova(dm, grouping, { seed: 5, permutations: 999, strata: Int32Array.from([0, 0, 1, 1]) });
    const free = permanova(dm, grouping, { seed: 5, permutations: 999 });
    // counts ~ Binomial(999, 1/2) (sd 15.8) and Binomial(999, 1/3) (sd 14.9); ±5 sd
    expect(Math.abs(restricted.p * 1000 - 1 - 499.5)).toBeLessThan(80);
    expect(Math.abs(free.p * 1000 - 1 - 333)).toBeLessThan(75);
    expectRel(restricted.statistic, 7);
  });

  it('throws INVALID_STUDY_DESIGN for one group, no residual df or a grouped sample without stratum; RangeError for bad lengths', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof DataErrorSignal ? e.error.code : (e as Error).name;
      }
      return 'no error';
    };
    expect(code(() => permanova(square, Int32Array.from([0, 0, 0, -1]), { seed: 1 }))).toBe('INVALID_STUDY_DESIGN');
    expect(code(() => permanova(square, Int32Array.from([0, 1, 2, 3]), { seed: 1 }))).toBe('INVALID_STUDY_DESIGN');
    expect(code(() => permanova(square, pairs, { seed: 1, strata: Int32Array.from([0, -1, 0, 0]) }))).toBe(
      'INVALID_STUDY_DESIGN',
    );
    expect(code(() => permanova(square, Int32Array.from([0, 1]), { seed: 1 }))).toBe('RangeError');
    expect(code(() => permanova(square, pairs, { seed: 1, permutations: -1 }))).toBe('RangeError');
  });

  it('variesWithinStrata tells a within-subject factor (time) from a between-subject one (arm), ignoring missing groups', () => {
    const subject = Int32Array.from([0, 0, 1, 1, 2, 2]);
    expect(variesWithinStrata(Int32Array.from([0, 1, 0, 1, 0, 1]), subject)).toBe(true);
    expect(variesWithinStrata(Int32Array.from([0, 0, 1, 1, 0, 0]), subject)).toBe(false);
    expect(variesWithinStrata(Int32Array.from([0, -1, 1, 1, 0, 0]), subject)).toBe(false);
    expect(() => variesWithinStrata(Int32Array.from([0]), subject)).toThrow(RangeError);
  });
});
