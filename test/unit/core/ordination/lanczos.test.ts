import {
  type PartialEigenOptions,
  partialEigen,
  type SymmetricOperator,
} from '../../../../lambdas/core/ordination/lanczos.js';
import { symmetricEigen } from '../../../../lambdas/core/ordination/symmetric-eigen.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { closeTo, maxRelError } from '../../../helpers/numeric.js';

/** The dense symmetric n×n row-major matrix `a` as a block operator (sample-major blocks). */
function denseOperator(a: Float64Array, n: number): SymmetricOperator {
  return {
    n,
    apply(x, b, y) {
      y.fill(0);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const aij = a[i * n + j]!;
          for (let c = 0; c < b; c++) y[i * b + c] = y[i * b + c]! + aij * x[j * b + c]!;
        }
    },
  };
}

/** Q diag(λ) Qᵀ with Q a product of n random Householder reflectors (orthogonal); also returns Q's columns as rows. */
function withSpectrum(values: number[], seed: number): { a: Float64Array; q: Float64Array } {
  const n = values.length,
    rng = createRng(seed);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let r = 0; r < n; r++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    const vv = v.reduce((s, x) => s + x * x, 0);
    // rows of q are the eigenvectors: q ← q H (each row r: row − (2 (row·v)/vv) v)
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < n; j++) d += q[i * n + j]! * v[j]!;
      const f = (2 * d) / vv;
      for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! - f * v[j]!;
    }
  }
  const a = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) {
      const qi = values[k]! * q[k * n + i]!;
      for (let j = 0; j < n; j++) a[i * n + j] = a[i * n + j]! + qi * q[k * n + j]!;
    }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = 0.5 * (a[i * n + j]! + a[j * n + i]!);
  return { a, q };
}

/** Full-solver eigenvalues (descending) and unit eigenvectors (row k for value k). */
function fullEigen(a: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const { values, vectors } = symmetricEigen(a.slice(), n);
  const order = Array.from(values.keys()).sort((x, y) => values[y]! - values[x]!);
  const out = new Float64Array(n * n);
  order.forEach((k, r) => out.set(vectors.subarray(k * n, (k + 1) * n), r * n));
  return { values: order.map((k) => values[k]!), vectors: out };
}

/** max over the returned vectors of ‖A u − θ u‖ / max|θ| and of |uᵀu' − δ|. */
function quality(
  a: Float64Array,
  n: number,
  top: Float64Array,
  vectors: Float64Array,
  k: number,
): { residual: number; orthogonality: number } {
  const scale = Math.max(...Array.from(top, Math.abs));
  let residual = 0,
    orthogonality = 0;
  for (let c = 0; c < k; c++) {
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[c * n + j]!;
      r2 += (av - top[c]! * vectors[c * n + i]!) ** 2;
    }
    residual = Math.max(residual, Math.sqrt(r2) / scale);
    for (let d = 0; d < k; d++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += vectors[c * n + i]! * vectors[d * n + i]!;
      orthogonality = Math.max(orthogonality, Math.abs(dot - (c === d ? 1 : 0)));
    }
  }
  return { residual, orthogonality };
}

/** |cos| of the angle between row c of `u` and row c of `w` (1 = same axis up to sign). */
function alignment(u: Float64Array, w: Float64Array, c: number, n: number): number {
  let d = 0;
  for (let i = 0; i < n; i++) d += u[c * n + i]! * w[c * n + i]!;
  return Math.abs(d);
}

function solve(a: Float64Array, n: number, options: Omit<PartialEigenOptions, 'seed'> & { seed?: number }) {
  return partialEigen(denseOperator(a, n), { seed: 11, ...options });
}

describe('partialEigen (block Lanczos, thick restart) on matrices with known spectra', () => {
  it('decaying spectrum: top 10 values and vectors, bottom 5 values, to 1e-12 of the construction and 1e-9 of the full solver', () => {
    const n = 240;
    const spectrum = Array.from({ length: n }, (_, k) => (k < 200 ? 10 * Math.exp(-k / 15) : -0.05 * (k - 199)));
    const { a, q } = withSpectrum(spectrum, 1);
    const want = [...spectrum].sort((x, y) => y - x);
    const r = solve(a, n, { top: 10, bottom: 5 });
    expect(r.converged).toBe(true);
    expect(maxRelError(r.top, want.slice(0, 10))).toBeLessThan(1e-12);
    expect(maxRelError(r.bottom, want.slice(n - 5).reverse())).toBeLessThan(1e-12);
    const full = fullEigen(a, n);
    expect(maxRelError(r.top, full.values.slice(0, 10))).toBeLessThan(1e-9);
    for (let c = 0; c < 10; c++) {
      expect(alignment(r.vectors, full.vectors, c, n)).toBeGreaterThan(1 - 1e-12);
      // the construction's eigenvector of the c-th largest value is row c of q (spectrum sorted descending at the top)
      expect(alignment(r.vectors, q, c, n)).toBeGreaterThan(1 - 1e-12);
    }
    const { residual, orthogonality } = quality(a, n, r.top, r.vectors, 10);
    expect(residual).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-13);
    expect(r.maxVectorResidual / r.scale).toBeLessThan(1e-12);
    expect(r.restarts).toBeGreaterThanOrEqual(0);
    expect(r.seed).toBe(11);
  });

  it('repeated eigenvalues (multiplicity 3 ≤ block size) are all found, with an orthonormal basis of their eigenspace', () => {
    const n = 150;
    const spectrum = Array.from({ length: n }, (_, k) => (k < 3 ? 7 : k < 5 ? 5 : 3 * Math.exp(-k / 10)));
    const { a, q } = withSpectrum(spectrum, 2);
    const r = solve(a, n, { top: 6, block: 4 });
    expect(r.converged).toBe(true);
    expect(maxRelError(r.top, [7, 7, 7, 5, 5, 3 * Math.exp(-5 / 10)])).toBeLessThan(1e-12);
    const { residual, orthogonality } = quality(a, n, r.top, r.vectors, 6);
    expect(residual).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-13);
    // the three vectors for λ = 7 span the same space as q's first three rows: projections sum to 1
    for (let c = 0; c < 3; c++) {
      let inSpan = 0;
      for (let e = 0; e < 3; e++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += r.vectors[c * n + i]! * q[e * n + i]!;
        inSpan += d * d;
      }
      expect(closeTo(inSpan, 1, 1e-12)).toBe(true);
    }
  });

  it('clustered eigenvalues (gaps of 1e-6 relative) agree with the full solver to 1e-9', () => {
    const n = 200;
    const spectrum = Array.from({ length: n }, (_, k) =>
      k < 6 ? 4 * (1 - 1e-6 * k) : k < 12 ? 2 * (1 - 1e-6 * k) : Math.sin(k),
    );
    const { a } = withSpectrum(spectrum, 3);
    const r = solve(a, n, { top: 12, vectors: 12, maxBasis: 60 });
    expect(r.converged).toBe(true);
    const full = fullEigen(a, n);
    expect(maxRelError(r.top, full.values.slice(0, 12))).toBeLessThan(1e-12);
    const { residual, orthogonality } = quality(a, n, r.top, r.vectors, 12);
    expect(residual).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-12);
  });

  it('k = n: every eigenpair of a random symmetric matrix, equal to the full solver', () => {
    const n = 37,
      rng = createRng(4);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const r = solve(a, n, { top: n });
    expect(r.converged).toBe(true);
    expect(r.maxBasis).toBe(n);
    const full = fullEigen(a, n);
    expect(maxRelError(r.top, full.values, 1e-13)).toBeLessThan(1e-9);
    for (let c = 0; c < n; c++) expect(alignment(r.vectors, full.vectors, c, n)).toBeGreaterThan(1 - 1e-9);
    expect(quality(a, n, r.top, r.vectors, n).orthogonality).toBeLessThan(1e-12);
  });

  it.each([1, 2, 3])('tiny n = %i', (n) => {
    const rng = createRng(n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const r = solve(a, n, { top: n, bottom: 3 });
    expect(r.converged).toBe(true);
    expect(r.top.length).toBe(n);
    expect(r.bottom.length).toBe(0);
    const full = fullEigen(a, n);
    expect(maxRelError(r.top, full.values, 1e-14)).toBeLessThan(1e-12);
    expect(quality(a, n, r.top, r.vectors, n).residual).toBeLessThan(1e-13);
  });

  it('2×2 [[2, 1], [1, 2]]: top 3 (vector (1, 1)/√2), bottom 1', () => {
    const r = solve(Float64Array.of(2, 1, 1, 2), 2, { top: 1, bottom: 1 });
    expect(closeTo(r.top[0]!, 3, 1e-15)).toBe(true);
    expect(closeTo(r.bottom[0]!, 1, 1e-15)).toBe(true);
    expect(closeTo(Math.abs(r.vectors[0]!), Math.SQRT1_2, 1e-15)).toBe(true);
    expect(closeTo(r.vectors[0]!, r.vectors[1]!, 1e-15)).toBe(true);
  });

  it('deflation: the search runs in the complement of a known eigenvector', () => {
    const n = 80;
    const spectrum = Array.from({ length: n }, (_, k) => 10 - k * 0.1);
    const { a, q } = withSpectrum(spectrum, 5);
    const first = q.slice(0, n); // eigenvector of 10, the largest
    const r = solve(a, n, { top: 3, deflate: [first] });
    expect(maxRelError(r.top, [9.9, 9.8, 9.7])).toBeLessThan(1e-12);
    for (let c = 0; c < 3; c++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += r.vectors[c * n + i]! * first[i]!;
      expect(Math.abs(d)).toBeLessThan(1e-14);
    }
  });

  it('a zero matrix and a rank-2 matrix (invariant subspaces reached early)', () => {
    const n = 30;
    const zero = solve(new Float64Array(n * n), n, { top: 2, bottom: 1 });
    expect(zero.converged).toBe(true);
    expect(Array.from(zero.top)).toEqual([0, 0]);
    const spectrum = Array.from({ length: n }, (_, k) => (k === 0 ? 3 : k === 1 ? -2 : 0));
    const { a } = withSpectrum(spectrum, 6);
    const r = solve(a, n, { top: 3, bottom: 1, block: 2 });
    expect(r.converged).toBe(true);
    expect(closeTo(r.top[0]!, 3, 1e-13)).toBe(true);
    expect(Math.abs(r.top[1]!)).toBeLessThan(1e-13);
    expect(closeTo(r.bottom[0]!, -2, 1e-13)).toBe(true);
  });

  it('bottomThreshold stops the bottom search once a Ritz value proves a negative eigenvalue', () => {
    const n = 200;
    // a slowly converging negative end: many negatives packed in [−1.3, −0.7]
    const spectrum = Array.from({ length: n }, (_, k) =>
      k < 10 ? 20 - k : k < 100 ? Math.exp(-k / 20) : -1 + 0.3 * Math.cos(k),
    );
    const { a } = withSpectrum(spectrum, 7);
    const exact = solve(a, n, { top: 2, bottom: 1 });
    const quick = solve(a, n, { top: 2, bottom: 1, bottomThreshold: -1e-10 });
    expect(quick.converged).toBe(true);
    expect(quick.bottom[0]!).toBeLessThan(-1e-10 * quick.top[0]!);
    expect(quick.bottom[0]!).toBeGreaterThanOrEqual(Math.min(...spectrum) - 1e-12);
    expect(exact.converged).toBe(true);
    expect(quick.operatorVectors).toBeLessThan(exact.operatorVectors);
    expect(maxRelError(quick.top, [20, 19])).toBeLessThan(1e-12);
  });

  it('bottomThreshold also stops once the bottom Ritz value minus its residual is above the threshold (no negative eigenvalue)', () => {
    const n = 200;
    // positive definite with a dense, slowly converging bottom end in [0.5, 0.6]
    const spectrum = Array.from({ length: n }, (_, k) => (k < 10 ? 20 - k : 0.55 + 0.05 * Math.cos(k)));
    const { a } = withSpectrum(spectrum, 10);
    const quick = solve(a, n, { top: 2, bottom: 1, maxBasis: 30, bottomThreshold: -1e-10 });
    expect(quick.converged).toBe(true);
    expect(quick.bottom[0]! - quick.residuals[2]!).toBeGreaterThanOrEqual(-1e-10 * quick.top[0]!);
    expect(quick.bottom[0]!).toBeGreaterThanOrEqual(0.5 - 1e-12);
    // converging that bottom value to 1e-10 instead takes far longer than the patience allows
    const exact = solve(a, n, { top: 2, bottom: 1, maxBasis: 30, bottomPatience: 3 });
    expect(exact.converged).toBe(false);
    expect(quick.restarts).toBeLessThanOrEqual(exact.restarts);
    expect(maxRelError(quick.top, [20, 19])).toBeLessThan(1e-12);
  });

  it('bottomPatience ends the run a few restarts after the top converged; the top is reported converged and accurate', () => {
    const n = 200;
    const spectrum = Array.from({ length: n }, (_, k) => (k < 10 ? 20 - k : 0.55 + 0.05 * Math.cos(k)));
    const { a } = withSpectrum(spectrum, 11);
    const r = solve(a, n, { top: 3, bottom: 2, maxBasis: 24, bottomPatience: 1 });
    expect(r.converged).toBe(false);
    expect(r.topConverged).toBe(true);
    expect(maxRelError(r.top, [20, 19, 18])).toBeLessThan(1e-12);
    // the unconverged bottom values are still Ritz values: never below the smallest eigenvalues
    expect(r.bottom[0]!).toBeGreaterThanOrEqual(0.5 - 1e-12);
  });

  it('is deterministic for a seed; another seed gives the same eigenpairs to 1e-12', () => {
    const n = 120;
    const spectrum = Array.from({ length: n }, (_, k) => 5 * Math.exp(-k / 8) + (k % 2 ? 0.01 : 0));
    const { a } = withSpectrum(spectrum, 8);
    const r1 = solve(a, n, { top: 5, seed: 1 }),
      r1b = solve(a, n, { top: 5, seed: 1 }),
      r2 = solve(a, n, { top: 5, seed: 2 });
    expect(Array.from(r1b.top)).toEqual(Array.from(r1.top));
    expect(Array.from(r1b.vectors)).toEqual(Array.from(r1.vectors));
    expect(maxRelError(r2.top, r1.top)).toBeLessThan(1e-12);
    for (let c = 0; c < 5; c++) expect(alignment(r1.vectors, r2.vectors, c, n)).toBeGreaterThan(1 - 1e-12);
    expect(r2.seed).toBe(2);
  });

  it('reports non-convergence as a value when the restart budget runs out', () => {
    const n = 200;
    const spectrum = Array.from({ length: n }, (_, k) => Math.cos(k));
    const { a } = withSpectrum(spectrum, 9);
    const r = solve(a, n, { top: 8, block: 2, maxBasis: 20, maxRestarts: 1 });
    expect(r.converged).toBe(false);
    expect(r.top.length).toBe(8);
    expect(r.restarts).toBe(1);
  });
});
