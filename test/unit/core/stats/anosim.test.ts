/**
 * ANOSIM on hand-checkable designs, against a direct evaluation of the definition (mean between-rank minus mean within-rank over M/2,
 * mid-ranks), and invariants: R depends on the distances only through their ranks, group codes are labels, permutations respect strata
 * (vegan `anosim(strata =)`), data conditions are error values.
 */
import type { DistanceMatrix } from '../../../../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import type { Result } from '../../../../lambdas/core/errors.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { type AnosimResult, anosim } from '../../../../lambdas/core/stats/anosim.js';
import { closeTo } from '../../../helpers/numeric.js';

/** Condensed matrix (scipy squareform order) from a distance function of two indices. */
function condensed(n: number, d: (i: number, j: number) => number): DistanceMatrix {
  const data: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) data.push(d(i, j));
  return { ids: Array.from({ length: n }, (_, i) => `s${i}`), data: Float64Array.from(data) };
}

/** Euclidean distances of random 3-d points shifted by group (the shift 0 gives no group effect). */
function randomDesign(n: number, groups: number, seed: number, shift = 1) {
  const rng = createRng(seed);
  const grouping = Int32Array.from({ length: n }, (_, i) => i % groups);
  const points = Array.from({ length: n }, (_, i) => [rng.normal(shift * grouping[i]!), rng.normal(), rng.normal()]);
  return { dm: condensed(n, (i, j) => Math.hypot(...points[i]!.map((v, k) => v - points[j]![k]!))), grouping };
}

function value(r: Result<AnosimResult>): AnosimResult {
  if (!r.ok) throw new Error(`anosim failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** R from the definition: mid-ranks by counting (rank = #smaller + (#equal + 1)/2), then (r̄_B − r̄_W)/(M/2). */
function definitionR(dm: DistanceMatrix, grouping: Int32Array): number {
  const n = dm.ids.length;
  const d = dm.data;
  const ranks = Array.from(d, (x) => {
    let smaller = 0,
      equal = 0;
    for (const y of d) y < x ? smaller++ : y === x ? equal++ : 0;
    return smaller + (equal + 1) / 2;
  });
  let within = 0,
    nw = 0,
    between = 0,
    nb = 0;
  for (let i = 0, p = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++) {
      if (grouping[i] === grouping[j]) (within += ranks[p]!), nw++;
      else (between += ranks[p]!), nb++;
    }
  return (between / nb - within / nw) / (d.length / 2);
}

describe('anosim', () => {
  it('gives R = 1 for perfectly separated groups (every within distance below every between distance), R = −1 for the reverse', () => {
    // groups {0,1,2} and {3,4,5}: within pairs at 1 (tied), between pairs at 2 (tied)
    const groups = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const separated = condensed(6, (i, j) => (groups[i] === groups[j] ? 1 : 2));
    const r = value(anosim(separated, groups, { seed: 1, permutations: 0 }));
    expect(r.statistic).toBe(1);
    expect(r).toMatchObject({
      method: 'ANOSIM',
      testStatisticName: 'R',
      n: 6,
      groups: 2,
      groupSizes: [3, 3],
      withinPairs: 6,
      betweenPairs: 9,
    });
    expect(r.meanRankWithin).toBe(3.5);
    expect(r.meanRankBetween).toBe(11);
    expect(r.p).toBeNaN();
    const reversed = condensed(6, (i, j) => (groups[i] === groups[j] ? 2 : 1));
    expect(value(anosim(reversed, groups, { seed: 1, permutations: 0 })).statistic).toBe(-1);
  });

  it('p of perfectly separated groups: only the 2 of 20 label orders that keep the partition reach R = 1, so p ≈ 1/10', () => {
    const groups = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const separated = condensed(6, (i, j) => (groups[i] === groups[j] ? 1 : 2));
    const r = value(anosim(separated, groups, { seed: 5, permutations: 1999 }));
    // #{R* ≥ 1} ~ Binomial(1999, 1/10): mean 200, sd 13.4; ±5 sd
    expect(r.p * 2000 - 1).toBeGreaterThan(200 - 67);
    expect(r.p * 2000 - 1).toBeLessThan(200 + 67);
  });

  it('matches the definition on random data, with and without ties, including a group of one sample', () => {
    const { dm, grouping } = randomDesign(25, 4, 2);
    expect(
      closeTo(value(anosim(dm, grouping, { seed: 1, permutations: 0 })).statistic, definitionR(dm, grouping), 1e-13),
    ).toBe(true);
    const rounded = { ids: dm.ids, data: dm.data.map((x) => Math.round(x * 2) / 2) };
    expect(new Set(rounded.data).size).toBeLessThan(rounded.data.length / 5);
    expect(
      closeTo(
        value(anosim(rounded, grouping, { seed: 1, permutations: 0 })).statistic,
        definitionR(rounded, grouping),
        1e-13,
      ),
    ).toBe(true);
    const singleton = grouping.slice();
    singleton[0] = 9;
    const r = value(anosim(dm, singleton, { seed: 1, permutations: 99 }));
    expect(r.groupSizes).toEqual([6, 6, 6, 6, 1]);
    expect(closeTo(r.statistic, definitionR(dm, singleton), 1e-13)).toBe(true);
  });

  it('depends on the distances only through their ranks: a monotone transform leaves R and (same seed) p unchanged', () => {
    const { dm, grouping } = randomDesign(30, 3, 3);
    const a = value(anosim(dm, grouping, { seed: 4, permutations: 199 }));
    const b = value(
      anosim({ ids: dm.ids, data: dm.data.map((x) => Math.exp(3 * x) - 1) }, grouping, { seed: 4, permutations: 199 }),
    );
    expect(b.statistic).toBe(a.statistic);
    expect(b.p).toBe(a.p);
  });

  it('does not depend on the group codes, and finds a real group effect (p small) but not a null one (p not small)', () => {
    const { dm, grouping } = randomDesign(30, 3, 6);
    const a = value(anosim(dm, grouping, { seed: 9, permutations: 199 }));
    const b = value(
      anosim(
        dm,
        grouping.map((g) => [7, 2, 40][g]!),
        { seed: 9, permutations: 199 },
      ),
    );
    expect(b.statistic).toBe(a.statistic);
    expect(b.p).toBe(a.p);
    expect(b.groupCodes).toEqual([2, 7, 40]);
    expect(a.statistic).toBeGreaterThan(0.1);
    expect(a.p).toBeLessThan(0.05);
    const none = randomDesign(30, 3, 8, 0);
    expect(value(anosim(none.dm, none.grouping, { seed: 9, permutations: 199 })).p).toBeGreaterThan(0.01);
  });

  it('is reproducible for a seed, records it, and is at least 1/(permutations + 1)', () => {
    const { dm, grouping } = randomDesign(24, 2, 5);
    const a = value(anosim(dm, grouping, { seed: 21, permutations: 99 }));
    const again = value(anosim(dm, grouping, { seed: 21, permutations: 99 }));
    expect(again.p).toBe(a.p);
    expect(a.seed).toBe(21);
    expect(a.permutations).toBe(99);
    expect(a.p).toBeGreaterThanOrEqual(1 / 100);
    expect(value(anosim(dm, grouping, { seed: 1, permutations: 999 })).permutations).toBe(999);
  });

  it('gives R = 0 and p = 1 when all distances are tied (vegan: every permuted R equals the observed 0)', () => {
    const dm = condensed(8, () => 0.5);
    const r = value(anosim(dm, Int32Array.from([0, 0, 1, 1, 2, 2, 2, 0]), { seed: 3, permutations: 99 }));
    expect(r.statistic).toBe(0);
    expect(r.p).toBe(1);
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
    const a = value(anosim(dm, withMissing, { seed: 1, permutations: 99 }));
    const b = value(
      anosim(
        sub,
        Int32Array.from(keep, (i) => grouping[i]!),
        { seed: 1, permutations: 99 },
      ),
    );
    expect(a.nMissing).toBe(2);
    expect(a.n).toBe(18);
    expect(closeTo(a.statistic, b.statistic, 1e-13)).toBe(true);
  });

  it('permutes only within strata: a factor constant within every stratum can never change, so p = 1', () => {
    const { dm, grouping } = randomDesign(24, 2, 7);
    const r = value(anosim(dm, grouping, { seed: 1, permutations: 99, strata: grouping.map((g) => g + 10) }));
    expect(r.strata).toBe(true);
    expect(r.p).toBe(1);
    const free = value(anosim(dm, grouping, { seed: 1, permutations: 99 }));
    expect(free.statistic).toBe(r.statistic);
    expect(free.strata).toBe(false);
    expect(free.p).toBeLessThan(1);
  });

  it('restricts label shuffles to each stratum: 2 of 4 within-stratum orders keep the observed partition (p ≈ 1/2), versus 2 of 6 free (p ≈ 1/3)', () => {
    // s0, s1 in stratum 0 and s2, s3 in stratum 1; groups {s0, s2} and {s1, s3} are the tight pairs, so R = 1
    const dm = condensed(4, (i, j) => (i % 2 === j % 2 ? 1 : 2));
    const groups = Int32Array.from([0, 1, 0, 1]);
    const strata = Int32Array.from([0, 0, 1, 1]);
    const within = value(anosim(dm, groups, { seed: 2, permutations: 1999, strata }));
    const free = value(anosim(dm, groups, { seed: 2, permutations: 1999 }));
    expect(within.statistic).toBe(1);
    // Binomial(1999, 1/2): sd 22.4, and Binomial(1999, 1/3): sd 21.1; ±5 sd
    expect(Math.abs(within.p * 2000 - 1 - 999.5)).toBeLessThan(112);
    expect(Math.abs(free.p * 2000 - 1 - 666.3)).toBeLessThan(106);
  });

  it('returns error values for fewer than 2 groups, no within-group pair, or a grouped sample without a stratum; RangeError for bad arguments', () => {
    const dm = condensed(4, (i, j) => i + j);
    const one = anosim(dm, Int32Array.from([0, 0, 0, -1]), { seed: 1 });
    expect(one.ok).toBe(false);
    if (!one.ok) expect(one.error.code).toBe('INVALID_STUDY_DESIGN');
    const singletons = anosim(dm, Int32Array.from([0, 1, 2, 3]), { seed: 1 });
    expect(singletons.ok).toBe(false);
    if (!singletons.ok) expect(singletons.error.message).toMatch(/replicates/);
    const noStratum = anosim(dm, Int32Array.from([0, 0, 1, 1]), { seed: 1, strata: Int32Array.from([0, -1, 0, 0]) });
    expect(noStratum.ok).toBe(false);
    if (!noStratum.ok) expect(noStratum.error.message).toMatch(/ANOSIM: sample 's1' has a group but no stratum/);
    expect(() => anosim(dm, Int32Array.from([0, 1]), { seed: 1 })).toThrow(RangeError);
    expect(() => anosim(dm, Int32Array.from([0, 0, 1, 1]), { seed: 1, permutations: -1 })).toThrow(RangeError);
    expect(() => anosim(dm, Int32Array.from([0, 0, 1, 1]), { seed: 1, strata: Int32Array.from([0]) })).toThrow(
      RangeError,
    );
  });
});
