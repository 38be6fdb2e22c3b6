import { symmetricEigen } from '../../../../lambdas/core/ordination/symmetric-eigen.js';
import { closeTo } from '../../../helpers/numeric.js';
import { mulberry32 } from '../amplicon/diversity/beta/random-table.js';

/** max |A v − λ v| and max |VVᵀ − I| over all eigenpairs, relative to max |λ|. */
function residuals(a: Float64Array, n: number): { eigen: number; orthogonality: number } {
  const { values, vectors } = symmetricEigen(a.slice(), n);
  const scale = Math.max(1e-300, ...Array.from(values, Math.abs));
  let eigen = 0,
    orthogonality = 0;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[k * n + j]!;
      eigen = Math.max(eigen, Math.abs(av - values[k]! * vectors[k * n + i]!) / scale);
    }
    for (let l = 0; l < n; l++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += vectors[k * n + j]! * vectors[l * n + j]!;
      orthogonality = Math.max(orthogonality, Math.abs(dot - (k === l ? 1 : 0)));
    }
  }
  return { eigen, orthogonality };
}

function randomSymmetric(seed: number, n: number): Float64Array {
  const rand = mulberry32(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rand() * 2 - 1;
  return a;
}

describe('symmetricEigen (Householder tridiagonalisation + implicit QL)', () => {
  it.each([1, 2, 3, 7, 60])('random symmetric %i×%i: A v = λ v and V orthonormal to ~1e-13', (n) => {
    const r = residuals(randomSymmetric(n, n), n);
    expect(r.eigen).toBeLessThan(1e-13);
    expect(r.orthogonality).toBeLessThan(1e-13);
  });

  it('520×520: more plane rotations than one batch of the rotation log holds (mid-run flush)', () => {
    const r = residuals(randomSymmetric(520, 520), 520);
    expect(r.eigen).toBeLessThan(1e-12);
    expect(r.orthogonality).toBeLessThan(1e-12);
  });

  it('2×2 [[2, 1], [1, 2]] has eigenvalues 1 and 3', () => {
    const { values } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    const sorted = Array.from(values).sort((x, y) => x - y);
    expect(closeTo(sorted[0]!, 1, 1e-15, 1e-15)).toBe(true);
    expect(closeTo(sorted[1]!, 3, 1e-15, 0)).toBe(true);
  });

  it('diagonal, zero and repeated-eigenvalue matrices', () => {
    const diag = Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2);
    expect(Array.from(symmetricEigen(diag.slice(), 3).values).sort((x, y) => x - y)).toEqual([-1, 2, 3]);
    expect(residuals(new Float64Array(16), 4).orthogonality).toBe(0);
    // J − I (4×4 all-ones minus identity): eigenvalues 3 and −1 (three times)
    const jm = Float64Array.from({ length: 16 }, (_, k) => (k % 5 === 0 ? 0 : 1));
    const values = Array.from(symmetricEigen(jm.slice(), 4).values).sort((x, y) => x - y);
    [-1, -1, -1, 3].forEach((e, k) => expect(closeTo(values[k]!, e, 1e-14, 1e-14)).toBe(true));
    const r = residuals(jm, 4);
    expect(r.eigen).toBeLessThan(1e-14);
    expect(r.orthogonality).toBeLessThan(1e-14);
  });

  it('reads only the lower triangle', () => {
    const a = randomSymmetric(99, 6);
    const lower = a.slice();
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) lower[i * 6 + j] = 1e6;
    expect(Array.from(symmetricEigen(lower, 6).values)).toEqual(Array.from(symmetricEigen(a.slice(), 6).values));
  });
});
