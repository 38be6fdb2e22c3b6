/**
 * NMDS (vegan metaMDS/monoMDS conventions): a Euclidean 2-D configuration is recovered with stress ≈ 0; a run's reported stress is the
 * Kruskal stress-1 of its points under the weak-tie monotone regression; runs depend on the dissimilarities only through their order;
 * seeds reproduce results; postMDS gives centred principal axes and half-change scaling; data conditions are error values.
 */
import type { DistanceMatrix } from '../../../../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import type { Result } from '../../../../lambdas/core/errors.js';
import { monotoneRegression } from '../../../../lambdas/core/ordination/monotone-regression.js';
import { monoMds, type NmdsResult, nmds, principalAxes } from '../../../../lambdas/core/ordination/nmds.js';
import { procrustes } from '../../../../lambdas/core/ordination/procrustes.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { closeTo } from '../../../helpers/numeric.js';

function condensed(n: number, d: (i: number, j: number) => number): DistanceMatrix {
  const data: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) data.push(d(i, j));
  return { ids: Array.from({ length: n }, (_, i) => `s${i}`), data: Float64Array.from(data) };
}

/** n points uniform in the unit square, row-major n × 2. */
function planePoints(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: 2 * n }, () => rng.nextFloat());
}

function euclidean(points: Float64Array, n: number, k: number): DistanceMatrix {
  return condensed(n, (i, j) => {
    let s = 0;
    for (let a = 0; a < k; a++) s += (points[i * k + a]! - points[j * k + a]!) ** 2;
    return Math.sqrt(s);
  });
}

/** Bray–Curtis between random sparse compositions drawn around a gradient (bounded by 1, like the data NMDS is used on). */
function brayCurtisDesign(n: number, features: number, seed: number): DistanceMatrix {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: features }, (_, f) => {
      const centre = (f / features) * n;
      const mean = 30 * Math.exp(-(((i - centre) / (n / 4)) ** 2));
      return rng.poisson(mean);
    }),
  );
  return condensed(n, (i, j) => {
    let num = 0,
      den = 0;
    for (let f = 0; f < features; f++) {
      num += Math.abs(rows[i]![f]! - rows[j]![f]!);
      den += rows[i]![f]! + rows[j]![f]!;
    }
    return num / den;
  });
}

function value(r: Result<NmdsResult>): NmdsResult {
  if (!r.ok) throw new Error(`nmds failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Kruskal stress-1 of a configuration by the definition: distances, pairs ordered by dissimilarity then (inside ties) by distance, isotonic fit. */
function stressOf(points: Float64Array, dm: DistanceMatrix, k: number): number {
  const n = dm.ids.length;
  const dist = euclidean(points, n, k).data;
  const order = Array.from(dm.data.keys()).sort((a, b) => dm.data[a]! - dm.data[b]! || dist[a]! - dist[b]!);
  const sorted = Float64Array.from(order, (p) => dist[p]!);
  const fit = monotoneRegression(sorted);
  let num = 0,
    den = 0;
  for (let q = 0; q < sorted.length; q++) {
    num += (sorted[q]! - fit[q]!) ** 2;
    den += sorted[q]! ** 2;
  }
  return Math.sqrt(num / den);
}

describe('nmds', () => {
  it('recovers a Euclidean configuration in 2-D with stress ≈ 0 (stops at smin) and warns as vegan does', () => {
    const n = 25;
    const truth = planePoints(n, 1);
    const r = value(nmds(euclidean(truth, n, 2), { seed: 7 }));
    expect(r.stress).toBeLessThan(1e-3);
    expect(r.stopCause).toBe('smin');
    expect(r.warnings).toContain('stress is (nearly) zero: you may have insufficient data');
    const fit = procrustes(truth, r.points, n, 2, { symmetric: true });
    expect(fit.rmse).toBeLessThan(0.01);
  });

  it('reports for each run the stress-1 of its points under the weak-tie monotone regression', () => {
    const dm = brayCurtisDesign(20, 30, 2);
    const rng = createRng(3);
    const init = Float64Array.from({ length: 40 }, () => rng.nextFloat());
    const run = monoMds(dm, init, 2);
    expect(run.stress).toBeGreaterThan(0.01);
    expect(closeTo(run.stress, stressOf(run.points, dm, 2), 1e-10)).toBe(true);
    // tied dissimilarities (rounded to 0.1) take the weak-tie path
    const tied = { ids: dm.ids, data: dm.data.map((d) => Math.round(d * 10) / 10) };
    const tiedRun = monoMds(tied, init, 2);
    expect(closeTo(tiedRun.stress, stressOf(tiedRun.points, tied, 2), 1e-10)).toBe(true);
    // one long run of ties (disjoint communities at distance 1), as in sparse count data
    const ceiling = { ids: dm.ids, data: dm.data.map((d) => (d > 0.5 ? 1 : d)) };
    expect(ceiling.data.filter((d) => d === 1).length).toBeGreaterThan(40);
    const ceilingRun = monoMds(ceiling, init, 2);
    expect(closeTo(ceilingRun.stress, stressOf(ceilingRun.points, ceiling, 2), 1e-10)).toBe(true);
    const r = value(nmds(dm, { seed: 5, k: 3 }));
    expect(r.k).toBe(3);
    expect(r.points.length).toBe(60);
    expect(closeTo(r.stress, stressOf(r.points, dm, 3), 1e-9)).toBe(true);
  });

  it('depends on the dissimilarities only through their order: a monotone transform gives the identical run', () => {
    const dm = brayCurtisDesign(18, 25, 4);
    const init = planePoints(18, 9);
    const a = monoMds(dm, init, 2);
    const b = monoMds({ ids: dm.ids, data: dm.data.map((d) => Math.exp(4 * d)) }, init, 2);
    expect(b.stress).toBe(a.stress);
    expect(b.iterations).toBe(a.iterations);
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
  });

  it('is reproducible for a seed and records it; a run from the classical-scaling start is always made', () => {
    const dm = brayCurtisDesign(22, 30, 5);
    const a = value(nmds(dm, { seed: 11 }));
    const b = value(nmds(dm, { seed: 11 }));
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
    expect(b.stress).toBe(a.stress);
    expect(b.tries).toBe(a.tries);
    expect(a.seed).toBe(11);
    expect(a.tries).toBeGreaterThanOrEqual(20);
    expect(a.stress).toBeLessThanOrEqual(a.initialStress);
    // another seed reaches the same minimum here
    const c = value(nmds(dm, { seed: 12 }));
    expect(Math.abs(c.stress - a.stress)).toBeLessThan(1e-4);
    const only = value(nmds(dm, { seed: 1, trymax: 0 }));
    expect(only).toMatchObject({ tries: 0, bestTry: 0, converged: false, timesRepeated: 0 });
    expect(only.stress).toBe(only.initialStress);
    // try > trymax is lowered to trymax (vegan)
    expect(value(nmds(dm, { seed: 1, tries: 30, trymax: 3 })).tries).toBe(3);
  });

  it('post-processes as postMDS: centred principal axes (variance decreasing, uncorrelated) and half-change scaling', () => {
    const dm = brayCurtisDesign(24, 30, 6);
    const r = value(nmds(dm, { seed: 3 }));
    const n = 24;
    let m1 = 0,
      m2 = 0,
      v1 = 0,
      v2 = 0,
      c12 = 0;
    for (let i = 0; i < n; i++) (m1 += r.points[2 * i]!), (m2 += r.points[2 * i + 1]!);
    for (let i = 0; i < n; i++) {
      const x = r.points[2 * i]!,
        y = r.points[2 * i + 1]!;
      v1 += x * x;
      v2 += y * y;
      c12 += x * y;
    }
    expect(Math.abs(m1) + Math.abs(m2)).toBeLessThan(1e-12);
    expect(v1).toBeGreaterThanOrEqual(v2);
    expect(Math.abs(c12) / Math.sqrt(v1 * v2)).toBeLessThan(1e-12);
    // half change: the line d = a + b·o fitted over d < 0.8 reaches (1 + a)/2 at ordination distance 1
    expect(r.halfChange).toBe(true);
    const o = euclidean(r.points, n, 2).data;
    const take = [...dm.data.keys()].filter((p) => dm.data[p]! < 0.8);
    const mo = take.reduce((s, p) => s + o[p]!, 0) / take.length;
    const md = take.reduce((s, p) => s + dm.data[p]!, 0) / take.length;
    const b =
      take.reduce((s, p) => s + (o[p]! - mo) * (dm.data[p]! - md), 0) / take.reduce((s, p) => s + (o[p]! - mo) ** 2, 0);
    const a = md - b * mo;
    expect(closeTo(a + b, (1 + a) / 2, 1e-10)).toBe(true);
  });

  it('without a ceiling (maxDistance null) scales so the largest ordination distance equals the largest dissimilarity', () => {
    const n = 15;
    const dm = euclidean(
      planePoints(n, 4).map((v) => 10 * v),
      n,
      2,
    );
    const r = value(nmds(dm, { seed: 2, maxDistance: null, tries: 2, trymax: 2 }));
    expect(r.halfChange).toBe(false);
    const o = euclidean(r.points, n, 2).data;
    expect(closeTo(Math.max(...o), Math.max(...dm.data), 1e-12)).toBe(true);
    // a ceiling with fewer than 10 dissimilarities below the threshold skips half-change scaling too
    const skipped = value(nmds(dm, { seed: 2, maxDistance: 1, tries: 1, trymax: 1 }));
    expect(skipped.halfChange).toBe(false);
    expect(skipped.warnings).toContain('skipping half-change scaling: too few points below threshold');
  });

  it('principalAxes centres and rotates without changing distances', () => {
    const x = planePoints(10, 8).map((v, q) => (q % 2 ? 3 * v + 1 : v - 2));
    const p = principalAxes(x, 10, 2);
    const before = euclidean(x, 10, 2).data,
      after = euclidean(p, 10, 2).data;
    for (let q = 0; q < before.length; q++) expect(closeTo(after[q]!, before[q]!, 1e-12)).toBe(true);
  });

  it('returns error values for too few samples, all-zero or missing distances; RangeError for bad arguments', () => {
    const tiny = condensed(2, () => 1);
    const few = nmds(tiny, { seed: 1 });
    expect(few.ok).toBe(false);
    if (!few.ok) expect(few.error.code).toBe('INVALID_STUDY_DESIGN');
    const zero = nmds(
      condensed(5, () => 0),
      { seed: 1 },
    );
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.error.message).toMatch(/all distances are zero/);
    const missing = nmds(
      condensed(5, (i, j) => (i === 1 && j === 3 ? Number.NaN : 1)),
      { seed: 1 },
    );
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('NON_NUMERIC_VALUE');
    const dm = condensed(5, (i, j) => j - i);
    expect(() => nmds(dm, { seed: 1, k: 0 })).toThrow(RangeError);
    expect(() => nmds(dm, { seed: -1 })).toThrow(RangeError);
    expect(() => monoMds(dm, new Float64Array(3), 2)).toThrow(RangeError);
  });
});
