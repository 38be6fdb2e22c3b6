import {
  aitchison,
  brayCurtis,
  type DistanceMatrix,
  distanceMatrix,
  jaccard,
} from '../../../../lambdas/core/amplicon/diversity/beta/index.js';
import { coordinate, type Pcoa, pcoa } from '../../../../lambdas/core/ordination/pcoa.js';
import { PCOA_SEED } from '../../../../lambdas/core/ordination/pcoa-partial.js';
import { closeTo, maxRelError } from '../../../helpers/numeric.js';
import { mulberry32, randomTable } from '../amplicon/diversity/beta/random-table.js';

/** Condensed Euclidean distances between the rows of `points`. */
function euclidean(points: number[][]): DistanceMatrix {
  const data: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) data.push(Math.hypot(...points[i]!.map((x, k) => x - points[j]![k]!)));
  return distanceMatrix(
    points.map((_, i) => `p${i}`),
    Float64Array.from(data),
  );
}

/** Largest |coordinate difference| over axes 0…k−1 (each axis compared up to sign), relative to sqrt(λ_1). */
function axesDifference(a: Pcoa, b: Pcoa, k: number): number {
  const n = a.ids.length;
  let worst = 0;
  for (let axis = 0; axis < k; axis++) {
    let dot = 0;
    for (let s = 0; s < n; s++) dot += coordinate(a, s, axis) * coordinate(b, s, axis);
    const sign = dot < 0 ? -1 : 1;
    for (let s = 0; s < n; s++)
      worst = Math.max(worst, Math.abs(sign * coordinate(a, s, axis) - coordinate(b, s, axis)));
  }
  return worst / Math.sqrt(b.eigenvalues[0]!);
}

/** Positive eigenvalues to 1e-9 relative, the rest absolutely (1e-12 λ_1), over the first `count` entries. */
function expectEigenvaluesClose(got: Float64Array, want: Float64Array, count: number): void {
  const floor = 1e-12 * want[0]!;
  for (let k = 0; k < count; k++) expect({ k, ok: closeTo(got[k]!, want[k]!, 1e-9, floor) }).toEqual({ k, ok: true });
}

describe('pcoa(dm, { axes }): partial solver against the full decomposition', () => {
  // few features, dense: Bray–Curtis here has many negative eigenvalues
  const withNegatives = brayCurtis(randomTable(51, 40, 160, 0.25)).matrix;
  const full = pcoa(withNegatives);

  it('negative eigenvalues present: the whole spectrum is computed (spectrum "full"), every listed number equals the full decomposition', () => {
    expect(full.nNegative).toBeGreaterThan(10);
    const p = pcoa(withNegatives, { axes: 10, eigenvalues: 100 });
    expect(p.method).toBe('partial');
    expect(p.spectrum).toBe('full');
    const n = withNegatives.ids.length;
    expect(p.eigenvalues.length).toBe(n);
    expectEigenvaluesClose(p.rawEigenvalues, full.rawEigenvalues, n);
    expect(p.nPositive).toBe(full.nAxes);
    expect(p.nNegative).toBe(full.nNegative);
    expect(closeTo(p.mostNegative, full.mostNegative, 1e-9)).toBe(true);
    expect(closeTo(p.sumPositive, full.sumPositive, 1e-12)).toBe(true);
    expect(
      maxRelError(p.proportionExplained.subarray(0, full.nAxes), full.proportionExplained.subarray(0, full.nAxes)),
    ).toBeLessThan(1e-9);
    expect(p.nAxes).toBe(10);
    expect(p.coordinates.length).toBe(n * 10);
    expect(axesDifference(p, full, 10)).toBeLessThan(1e-9);
    expect(p.solver!.maxRelativeResidual).toBeLessThan(1e-12);
    expect(p.solver!.seed).toBe(PCOA_SEED);
  });

  it('spectrum "trace" with negatives present gives "estimated": same eigenvalues and axes, proportions approximate and flagged', () => {
    const p = pcoa(withNegatives, { axes: 5, eigenvalues: 20, spectrum: 'trace', negativeEigenvalues: 4 });
    expect(p.spectrum).toBe('estimated');
    expect(p.eigenvalues.length).toBe(20);
    expectEigenvaluesClose(p.eigenvalues, full.eigenvalues, 20);
    expect(axesDifference(p, full, 5)).toBeLessThan(1e-9);
    // Σ positive ≈ trace − Σ(negatives found): never above the true Σ positive, so proportions come out larger
    expect(p.sumPositive).toBeLessThan(full.sumPositive);
    expect(p.proportionExplained[0]!).toBeGreaterThan(full.proportionExplained[0]!);
    // the negatives found are Ritz values: each at or above the eigenvalue it counts from the bottom
    expect(p.nNegative).toBeGreaterThanOrEqual(1);
    expect(p.nNegative).toBeLessThanOrEqual(4);
    expect(p.mostNegative).toBeLessThan(0);
    expect(p.mostNegative).toBeGreaterThanOrEqual(full.mostNegative - 1e-12);
    // the same without the full-spectrum option: n above fullSpectrumMaxSamples
    expect(pcoa(withNegatives, { axes: 5, fullSpectrumMaxSamples: 100 }).spectrum).toBe('estimated');
    expect(pcoa(withNegatives, { axes: 5, fullSpectrumMaxSamples: 100, spectrum: 'full' }).spectrum).toBe('full');
  });

  it.each([
    [4, 300, 3],
    [5, 200, 12],
  ])(
    'Euclidean points (seed %i, %i points in R^%i): no negatives, Σ positive = trace(B) exactly (spectrum "trace")',
    (seed, n, dim) => {
      const rand = mulberry32(seed);
      const dm = euclidean(Array.from({ length: n }, () => Array.from({ length: dim }, () => rand() * 10 - 5)));
      const f = pcoa(dm);
      const p = pcoa(dm, { axes: Math.min(dim, 10), eigenvalues: 15 });
      expect(p.spectrum).toBe('trace');
      expect(p.nNegative).toBe(0);
      expect(p.mostNegative).toBe(0);
      expect(p.eigenvalues.length).toBe(15);
      expect(p.nPositive).toBe(dim);
      expectEigenvaluesClose(p.eigenvalues, f.eigenvalues, 15);
      expect(maxRelError(p.proportionExplained.subarray(0, dim), f.proportionExplained.subarray(0, dim))).toBeLessThan(
        1e-12,
      );
      expect(closeTo(p.sumPositive, f.sumPositive, 1e-12)).toBe(true);
      expect(axesDifference(p, f, Math.min(dim, 10))).toBeLessThan(1e-9);
      if (dim <= 10) {
        // all axes: the coordinates reproduce the distances
        let worst = 0;
        for (let i = 0; i < n; i++)
          for (let j = i + 1; j < n; j++) {
            let s = 0;
            for (let k = 0; k < p.nAxes; k++) s += (coordinate(p, i, k) - coordinate(p, j, k)) ** 2;
            const d = dm.data[(i * (2 * n - i - 1)) / 2 + j - i - 1]!;
            worst = Math.max(worst, Math.abs(Math.sqrt(s) - d) / d);
          }
        expect(worst).toBeLessThan(1e-10);
      }
    },
  );

  it('positive semi-definite with a dense bottom end (150 points in R^200): exact whether the sign check settles or the spectrum is computed', () => {
    const rand = mulberry32(6);
    const dm = euclidean(Array.from({ length: 150 }, () => Array.from({ length: 200 }, () => rand())));
    const f = pcoa(dm);
    const p = pcoa(dm, { axes: 10, eigenvalues: 40 });
    expect(['full', 'trace']).toContain(p.spectrum);
    expect(p.nNegative).toBe(0);
    expectEigenvaluesClose(p.eigenvalues, f.eigenvalues, 40);
    expect(maxRelError(p.proportionExplained.subarray(0, 40), f.proportionExplained.subarray(0, 40))).toBeLessThan(
      1e-9,
    );
    expect(axesDifference(p, f, 10)).toBeLessThan(1e-9);
  });

  it('euclidean: Aitchison of a dense table (full rank, tiny bottom eigenvalues) takes Σ positive = trace(B) without the sign check', () => {
    const dm = aitchison(randomTable(62, 300, 120, 0.5)).matrix;
    const f = pcoa(dm);
    const p = pcoa(dm, { axes: 10, eigenvalues: 50, euclidean: true });
    expect(f.nNegative).toBe(0);
    expect(p.spectrum).toBe('trace');
    expect(p.nNegative).toBe(0);
    expectEigenvaluesClose(p.eigenvalues, f.eigenvalues, 50);
    expect(maxRelError(p.proportionExplained.subarray(0, 50), f.proportionExplained.subarray(0, 50))).toBeLessThan(
      1e-12,
    );
    expect(axesDifference(p, f, 10)).toBeLessThan(1e-9);
  });

  it('Jaccard and Bray–Curtis of a sparse table with a flat spectrum (no structure) agree with the full decomposition', () => {
    const table = randomTable(61, 400, 150, 0.1);
    for (const dm of [brayCurtis(table).matrix, jaccard(table).matrix]) {
      const f = pcoa(dm);
      const p = pcoa(dm, { axes: 10, eigenvalues: 30 });
      expectEigenvaluesClose(p.eigenvalues, f.eigenvalues, 30);
      expect(maxRelError(p.proportionExplained.subarray(0, 30), f.proportionExplained.subarray(0, 30))).toBeLessThan(
        1e-9,
      );
      expect(axesDifference(p, f, 10)).toBeLessThan(1e-9);
      expect(p.nNegative).toBe(f.nNegative);
    }
  });

  it('hand-checked: three points on a line at 0, 1, 3 (λ₁ = 14/3; coordinates −4/3, −1/3, 5/3)', () => {
    const p = pcoa(distanceMatrix(['a', 'b', 'c'], Float64Array.of(1, 3, 2)), { axes: 1 });
    expect(p.method).toBe('partial');
    expect(p.nAxes).toBe(1);
    expect(closeTo(p.eigenvalues[0]!, 14 / 3, 1e-14)).toBe(true);
    expect(Array.from(p.eigenvalues.subarray(1))).toEqual([0, 0]);
    expect(closeTo(p.proportionExplained[0]!, 1, 1e-14)).toBe(true);
    [-4 / 3, -1 / 3, 5 / 3].forEach((x, s) => expect(closeTo(coordinate(p, s, 0), x, 1e-14, 1e-15)).toBe(true));
  });

  it('hand-checked: star tree (not Euclidean): λ = 2, 2, 0, −1/4, the leaves an equilateral triangle of side 2', () => {
    const p = pcoa(distanceMatrix(['c', 'l1', 'l2', 'l3'], Float64Array.of(1, 1, 1, 2, 2, 2)), { axes: 2 });
    expect(p.spectrum).toBe('full');
    [2, 2, 0, -0.25].forEach((e, k) => expect(closeTo(p.rawEigenvalues[k]!, e, 1e-14, 1e-15)).toBe(true));
    expect(p.nNegative).toBe(1);
    expect(closeTo(p.mostNegative, -0.25, 1e-14)).toBe(true);
    expect(closeTo(p.proportionExplained[0]!, 0.5, 1e-14)).toBe(true);
    const dist = (i: number, j: number) =>
      Math.hypot(coordinate(p, i, 0) - coordinate(p, j, 0), coordinate(p, i, 1) - coordinate(p, j, 1));
    expect(closeTo(dist(1, 2), 2, 1e-14)).toBe(true);
    expect(closeTo(dist(1, 3), 2, 1e-14)).toBe(true);
    expect(Math.hypot(coordinate(p, 0, 0), coordinate(p, 0, 1))).toBeLessThan(1e-14);
  });

  it('1 and 2 samples; axes beyond n − 1 are clamped', () => {
    const one = pcoa(distanceMatrix(['a'], new Float64Array(0)), { axes: 3 });
    expect(one.nAxes).toBe(0);
    expect(Array.from(one.eigenvalues)).toEqual([0]);
    const two = pcoa(distanceMatrix(['a', 'b'], Float64Array.of(2)), { axes: 5 });
    expect(two.nAxes).toBe(1);
    expect(closeTo(two.eigenvalues[0]!, 2, 1e-15)).toBe(true);
    expect(closeTo(Math.abs(coordinate(two, 0, 0)), 1, 1e-15)).toBe(true);
    expect(closeTo(coordinate(two, 0, 0), -coordinate(two, 1, 0), 1e-15)).toBe(true);
  });

  it('axes = n − 1 (k = n): the complete spectrum from the solver alone, equal to the full decomposition', () => {
    const dm = brayCurtis(randomTable(71, 30, 25, 0.3)).matrix;
    const n = dm.ids.length;
    const f = pcoa(dm);
    const p = pcoa(dm, { axes: n, eigenvalues: n });
    expect(p.spectrum).toBe('full');
    expect(p.eigenvalues.length).toBe(n);
    expectEigenvaluesClose(p.rawEigenvalues, f.rawEigenvalues, n);
    expect(p.nAxes).toBe(f.nAxes);
    expect(axesDifference(p, f, f.nAxes)).toBeLessThan(1e-9);
  });

  it('the seed is a parameter and recorded; results do not depend on it beyond 1e-12', () => {
    const dm = brayCurtis(randomTable(81, 60, 90, 0.2)).matrix;
    const a = pcoa(dm, { axes: 4, seed: 1 }),
      b = pcoa(dm, { axes: 4, seed: 2 });
    expect(a.solver!.seed).toBe(1);
    expect(b.solver!.seed).toBe(2);
    expect(maxRelError(a.eigenvalues.subarray(0, 4), b.eigenvalues.subarray(0, 4))).toBeLessThan(1e-12);
    expect(axesDifference(a, b, 4)).toBeLessThan(1e-11);
    expect(Array.from(pcoa(dm, { axes: 4, seed: 1 }).coordinates)).toEqual(Array.from(a.coordinates));
  });

  it('no sample-count cap: 2500 points (the pipeline used to skip PCoA above 2000)', () => {
    const rand = mulberry32(9);
    const n = 2500;
    const dm = euclidean(Array.from({ length: n }, () => [rand(), 2 * rand(), 3 * rand(), 0.1 * rand()]));
    const p = pcoa(dm, { axes: 10, eigenvalues: 100 });
    expect(p.method).toBe('partial');
    expect(p.spectrum).toBe('trace');
    expect(p.nAxes).toBe(4);
    expect(p.nPositive).toBe(4);
    // the four axes carry all the variance: Σ proportions = 1, and the coordinates reproduce a few distances
    expect(
      closeTo(
        p.proportionExplained.subarray(0, 4).reduce((s, x) => s + x, 0),
        1,
        1e-12,
      ),
    ).toBe(true);
    for (const [i, j] of [
      [0, 1],
      [17, 2400],
      [1234, 2499],
    ] as const) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += (coordinate(p, i, k) - coordinate(p, j, k)) ** 2;
      expect(closeTo(Math.sqrt(s), dm.data[(i * (2 * n - i - 1)) / 2 + j - i - 1]!, 1e-10)).toBe(true);
    }
  });

  it('without options: the full decomposition, as before (method "full")', () => {
    expect(full.method).toBe('full');
    expect(full.spectrum).toBe('full');
    expect(full.solver).toBeUndefined();
    expect(full.nPositive).toBe(full.nAxes);
    expect(
      closeTo(
        full.sumPositive,
        full.eigenvalues.reduce((s, x) => s + x, 0),
        1e-15,
      ),
    ).toBe(true);
  });
});
