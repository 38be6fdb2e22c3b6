import { brayCurtis, distanceMatrix } from '../../../../lambdas/core/amplicon/diversity/beta/index.js';
import { gowerCentred } from '../../../../lambdas/core/ordination/gower.js';
import {
  gowerCentredPacked,
  gowerOperator,
  gowerTrace,
  packedIndex,
} from '../../../../lambdas/core/ordination/gower-operator.js';
import { packedSymmetricEigenvalues, tridiagonalEigenvalues } from '../../../../lambdas/core/ordination/spectrum.js';
import { symmetricEigen } from '../../../../lambdas/core/ordination/symmetric-eigen.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { closeTo } from '../../../helpers/numeric.js';
import { randomTable } from '../amplicon/diversity/beta/random-table.js';

/** Lower triangle of a full row-major n×n matrix, packed row by row. */
function pack(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array((n * (n + 1)) / 2);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out[packedIndex(i, j)] = a[i * n + j]!;
  return out;
}

function randomSymmetric(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}

/** Eigenvalues by the full solver (with vectors), ascending. */
function fullValues(a: Float64Array, n: number): number[] {
  return Array.from(symmetricEigen(a.slice(), n).values).sort((x, y) => x - y);
}

/** max |x − y| / max |y|. */
function worst(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let w = 0,
    scale = 0;
  for (let k = 0; k < y.length; k++) {
    w = Math.max(w, Math.abs(x[k]! - y[k]!));
    scale = Math.max(scale, Math.abs(y[k]!));
  }
  return w / (scale || 1);
}

describe('packedSymmetricEigenvalues (fused Householder tridiagonalisation + QL, no vectors)', () => {
  it.each([0, 1, 2, 3, 4, 5, 17, 64, 301])('random symmetric n = %i: equal to the full solver to 1e-13 of ‖A‖', (n) => {
    const a = randomSymmetric(100 + n, n);
    const got = packedSymmetricEigenvalues(pack(a, n), n);
    expect(got.length).toBe(n);
    for (let k = 1; k < n; k++) expect(got[k]!).toBeGreaterThanOrEqual(got[k - 1]!);
    expect(worst(got, fullValues(a, n))).toBeLessThan(1e-13);
  });

  it('1-D Laplacian tridiag(−1, 2, −1): λ_k = 2 − 2 cos(kπ/(n+1))', () => {
    const n = 50;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
    }
    const got = packedSymmetricEigenvalues(pack(a, n), n);
    const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    expect(worst(got, want)).toBeLessThan(1e-14);
  });

  it('diagonal, zero, repeated eigenvalues and a matrix whose columns are already reduced', () => {
    expect(Array.from(packedSymmetricEigenvalues(pack(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3), 3))).toEqual([
      -1, 2, 3,
    ]);
    expect(Array.from(packedSymmetricEigenvalues(new Float64Array(10), 4))).toEqual([0, 0, 0, 0]);
    // J − I (5×5): 4 once and −1 four times
    const jm = Float64Array.from({ length: 25 }, (_, k) => (k % 6 === 0 ? 0 : 1));
    const got = packedSymmetricEigenvalues(pack(jm, 5), 5);
    [-1, -1, -1, -1, 4].forEach((e, k) => expect(closeTo(got[k]!, e, 1e-14, 1e-14)).toBe(true));
    // a block-diagonal matrix: Householder steps with nothing to do (β = 0) in between real ones
    const n = 6,
      b = new Float64Array(n * n);
    const blocks = [[0, 1, 2], [3, 4], [5]];
    for (const blk of blocks) for (const i of blk) for (const j of blk) b[i * n + j] = i === j ? 2 + i : 0.5;
    expect(worst(packedSymmetricEigenvalues(pack(b, n), n), fullValues(b, n))).toBeLessThan(1e-15);
  });

  it('tridiagonalEigenvalues on (d, e) directly: 2×2 [[1, 2], [2, 1]] has −1 and 3', () => {
    const d = Float64Array.of(1, 1),
      e = Float64Array.of(2, 0);
    tridiagonalEigenvalues(d, e);
    const got = Array.from(d).sort((x, y) => x - y);
    expect(closeTo(got[0]!, -1, 1e-15)).toBe(true);
    expect(closeTo(got[1]!, 3, 1e-15)).toBe(true);
  });

  it('rejects a packed array of the wrong length', () => {
    expect(() => packedSymmetricEigenvalues(new Float64Array(5), 3)).toThrow(RangeError);
  });
});

describe('Gower operator, trace and packed B (never forming J)', () => {
  const dm = brayCurtis(randomTable(41, 23, 30, 0.3)).matrix;
  const n = dm.ids.length;
  const b = gowerCentred(dm);

  it('x ↦ B x for blocks of 1…9 vectors equals the explicit B to 1e-14', () => {
    const rng = createRng(5);
    for (const width of [1, 2, 3, 4, 5, 8, 9]) {
      const x = Float64Array.from({ length: n * width }, () => rng.normal());
      const y = new Float64Array(n * width);
      gowerOperator(dm).apply(x, width, y);
      let err = 0,
        scale = 0;
      for (let c = 0; c < width; c++)
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += b[i * n + j]! * x[j * width + c]!;
          err = Math.max(err, Math.abs(s - y[i * width + c]!));
          scale = Math.max(scale, Math.abs(s));
        }
      expect(err / scale).toBeLessThan(1e-14);
    }
  });

  it('the operator leaves its input alone and maps 1 to 0', () => {
    const x = new Float64Array(n).fill(1),
      y = new Float64Array(n);
    gowerOperator(dm).apply(x, 1, y);
    expect(Array.from(x).every((v) => v === 1)).toBe(true);
    expect(Math.max(...Array.from(y, Math.abs))).toBeLessThan(1e-15);
  });

  it('trace(B) = (1/n) Σ d² equals Σ b_ii', () => {
    let trace = 0;
    for (let i = 0; i < n; i++) trace += b[i * n + i]!;
    expect(closeTo(gowerTrace(dm), trace, 1e-14)).toBe(true);
    expect(gowerTrace(distanceMatrix([], new Float64Array(0)))).toBe(0);
  });

  it('packed B equals gowerCentred bit for bit on the lower triangle', () => {
    const packed = gowerCentredPacked(dm);
    let worstDiff = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++)
        worstDiff = Math.max(worstDiff, Math.abs(packed[packedIndex(i, j)]! - b[i * n + j]!));
    expect(worstDiff).toBeLessThan(1e-16);
  });
});
