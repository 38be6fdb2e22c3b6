import {
  brayCurtis,
  type DistanceMatrix,
  distanceMatrix,
} from '../../../../lambdas/core/amplicon/diversity/beta/index.js';
import { coordinate, gowerCentred, type Pcoa, pcoa } from '../../../../lambdas/core/ordination/index.js';
import { closeTo } from '../../../helpers/numeric.js';
import { mulberry32, randomTable } from '../amplicon/diversity/beta/random-table.js';

/** Condensed Euclidean distances between rows of a points array (n points × dim). */
function euclidean(points: number[][]): DistanceMatrix {
  const data: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) data.push(Math.hypot(...points[i]!.map((x, k) => x - points[j]![k]!)));
  return distanceMatrix(
    points.map((_, i) => `p${i}`),
    Float64Array.from(data),
  );
}

/** Distance between samples i and j in the PCoA coordinates (kept axes only). */
function coordinateDistance(p: Pcoa, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < p.nAxes; k++) s += (coordinate(p, i, k) - coordinate(p, j, k)) ** 2;
  return Math.sqrt(s);
}

describe('PCoA, hand-checked', () => {
  it('three points on a line at 0, 1, 3: one axis, centred coordinates', () => {
    // D = (d01, d02, d12) = (1, 3, 2). Centred positions: 0,1,3 minus mean 4/3 = -4/3, -1/3, 5/3.
    // λ1 = Σ x² = (16 + 1 + 25)/9 = 14/3; λ2 = λ3 = 0; proportion (1, 0, 0).
    const p = pcoa(distanceMatrix(['a', 'b', 'c'], Float64Array.of(1, 3, 2)));
    expect(p.nAxes).toBe(1);
    expect(closeTo(p.eigenvalues[0]!, 14 / 3, 1e-14, 0)).toBe(true);
    expect(Array.from(p.eigenvalues.subarray(1))).toEqual([0, 0]);
    expect(Array.from(p.proportionExplained)).toEqual([1, 0, 0]);
    // orientation: the largest |coordinate| (5/3) is positive
    [-4 / 3, -1 / 3, 5 / 3].forEach((x, s) => expect(closeTo(coordinate(p, s, 0), x, 1e-14, 1e-15)).toBe(true));
    expect(p.nNegative).toBe(0);
    expect(p.mostNegative).toBe(0);
  });

  it('star tree (centre c, three leaves at distance 1; leaves 2 apart) is not Euclidean: λ = 2, 2, 0, −1/4', () => {
    // A = −½D²: A_cl = −½, A_ll' = −2. For x ⊥ 1, Bx = JAx.
    // x = (0, 1, −1, 0): Ax = (0, 2, −2, 0) = 2x             -> λ = 2 (twice, leaf contrasts)
    // x = (3, −1, −1, −1): Ax = (1.5, 2.5, 2.5, 2.5), centred (−.75, .25, .25, .25) = −¼x -> λ = −1/4
    // x = 1 -> λ = 0. Trace check: (1/n) Σ_{i<j} d² = (3·1 + 3·4)/4 = 15/4 = 2 + 2 − 1/4.
    const p = pcoa(distanceMatrix(['c', 'l1', 'l2', 'l3'], Float64Array.of(1, 1, 1, 2, 2, 2)));
    expect(p.nAxes).toBe(2);
    [2, 2, 0, -0.25].forEach((e, k) => expect(closeTo(p.rawEigenvalues[k]!, e, 1e-14, 1e-15)).toBe(true));
    expect(Array.from(p.eigenvalues.subarray(2))).toEqual([0, 0]);
    expect(p.nNegative).toBe(1);
    expect(closeTo(p.mostNegative, -0.25, 1e-14, 0)).toBe(true);
    expect(closeTo(p.proportionExplained[0]!, 0.5, 1e-14, 0)).toBe(true);
    // kept axes: c at the origin, leaves on a circle of radius 2/√3, 2 apart (equilateral triangle)
    expect(Math.hypot(coordinate(p, 0, 0), coordinate(p, 0, 1))).toBeLessThan(1e-14);
    for (let l = 1; l <= 3; l++)
      expect(closeTo(Math.hypot(coordinate(p, l, 0), coordinate(p, l, 1)), 2 / Math.sqrt(3), 1e-14, 0)).toBe(true);
    expect(closeTo(coordinateDistance(p, 1, 2), 2, 1e-14, 0)).toBe(true);
    expect(closeTo(coordinateDistance(p, 2, 3), 2, 1e-14, 0)).toBe(true);
  });

  it('handles 1 and 2 samples', () => {
    const one = pcoa(distanceMatrix(['a'], new Float64Array(0)));
    expect(one.nAxes).toBe(0);
    expect(Array.from(one.eigenvalues)).toEqual([0]);
    const two = pcoa(distanceMatrix(['a', 'b'], Float64Array.of(2)));
    // two points 2 apart: λ1 = 1² + 1² = 2, coordinates ±1
    expect(two.nAxes).toBe(1);
    expect(closeTo(two.eigenvalues[0]!, 2, 1e-15, 0)).toBe(true);
    expect(closeTo(Math.abs(coordinate(two, 0, 0)), 1, 1e-15, 0)).toBe(true);
    expect(closeTo(coordinate(two, 0, 0), -coordinate(two, 1, 0), 1e-15, 0)).toBe(true);
  });
});

describe('PCoA properties', () => {
  it.each([
    [4, 12, 3],
    [5, 40, 6],
    [6, 9, 9],
  ])('coordinates reproduce Euclidean-embeddable distances (seed %i, %i points in R^%i)', (seed, n, dim) => {
    const rand = mulberry32(seed);
    const points = Array.from({ length: n }, () => Array.from({ length: dim }, () => rand() * 10 - 5));
    const dm = euclidean(points);
    const p = pcoa(dm);
    expect(p.nAxes).toBe(Math.min(dim, n - 1));
    expect(p.nNegative).toBe(0);
    let worst = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const d = dm.data[(i * (2 * n - i - 1)) / 2 + j - i - 1]!;
        worst = Math.max(worst, Math.abs(coordinateDistance(p, i, j) - d) / d);
      }
    expect(worst).toBeLessThan(1e-12);
  });

  it.each([21, 22, 23])('eigenvalues sum to trace(B), proportions to 1 (Bray–Curtis of random table %i)', (seed) => {
    const dm = brayCurtis(randomTable(seed, 50, 60, 0.2)).matrix;
    const n = dm.ids.length;
    const b = gowerCentred(dm);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += b[i * n + i]!;
    // trace(B) = (1/n) Σ_{i<j} d²
    expect(closeTo(trace, dm.data.reduce((s, d) => s + d * d, 0) / n, 1e-13)).toBe(true);
    const p = pcoa(dm);
    expect(
      closeTo(
        p.rawEigenvalues.reduce((s, x) => s + x, 0),
        trace,
        1e-12,
      ),
    ).toBe(true);
    expect(
      closeTo(
        p.proportionExplained.reduce((s, x) => s + x, 0),
        1,
        1e-14,
      ),
    ).toBe(true);
    for (let k = 1; k < n; k++) expect(p.rawEigenvalues[k]!).toBeLessThanOrEqual(p.rawEigenvalues[k - 1]!);
    expect(p.nNegative).toBe(p.rawEigenvalues.filter((x) => x < -p.zeroTolerance).length);
    if (p.nNegative > 0) expect(p.mostNegative).toBe(p.rawEigenvalues[n - 1]);
  });

  it('every row of B sums to 0 (Gower centring)', () => {
    const dm = brayCurtis(randomTable(31, 20, 15, 0.4)).matrix;
    const n = dm.ids.length;
    const b = gowerCentred(dm);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += b[i * n + j]!;
      expect(Math.abs(s)).toBeLessThan(1e-14);
    }
  });
});
