/**
 * Procrustes superimposition (vegan `procrustes` conventions) and the small SVD under it: a rotated, reflected, scaled and shifted copy is
 * fitted exactly; ss, rmse and residuals follow their definitions; the symmetric fit is symmetric in X and Y.
 */
import { procrustes, smallSvd } from '../../../../lambdas/core/ordination/procrustes.js';
import { createRng } from '../../../../lambdas/core/random/rng.js';
import { closeTo } from '../../../helpers/numeric.js';

function randomConfiguration(n: number, k: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * k }, () => rng.normal());
}

/** Y = s · X R + t for a k × k row-major R. */
function transform(x: Float64Array, n: number, k: number, r: number[], s: number, t: number[]): Float64Array {
  const y = new Float64Array(n * k);
  for (let i = 0; i < n; i++)
    for (let b = 0; b < k; b++) {
      let v = 0;
      for (let a = 0; a < k; a++) v += x[i * k + a]! * r[a * k + b]!;
      y[i * k + b] = s * v + t[b]!;
    }
  return y;
}

describe('procrustes', () => {
  const theta = 0.7;
  const rotation = [Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta)];
  const reflection = [-1, 0, 0, 1];

  it('fits a rotated, scaled, shifted copy exactly and recovers the inverse rotation and scale', () => {
    const x = randomConfiguration(12, 2, 1);
    const y = transform(x, 12, 2, rotation, 2.5, [3, -1]);
    const fit = procrustes(x, y, 12, 2);
    expect(Math.abs(fit.ss)).toBeLessThan(1e-12);
    expect(fit.rmse).toBeLessThan(1e-10);
    expect(closeTo(fit.scale, 1 / 2.5, 1e-12)).toBe(true);
    // Y R⁻¹ = X: the fitted rotation is the transpose of the applied one
    expect(closeTo(fit.rotation[0]!, rotation[0]!, 1e-12)).toBe(true);
    expect(closeTo(fit.rotation[1]!, rotation[2]!, 1e-12)).toBe(true);
    expect(Math.max(...fit.residuals)).toBeLessThan(1e-10);
  });

  it('allows reflections, and without scaling fits rotation only', () => {
    const x = randomConfiguration(15, 2, 2);
    const y = transform(x, 15, 2, reflection, 1, [0.5, 0.5]);
    expect(procrustes(x, y, 15, 2, { scale: false }).rmse).toBeLessThan(1e-12);
    const shrunk = transform(x, 15, 2, rotation, 0.5, [0, 0]);
    const rigid = procrustes(x, shrunk, 15, 2, { scale: false });
    expect(rigid.scale).toBe(1);
    expect(rigid.rmse).toBeGreaterThan(0.1);
  });

  it('has ss = Σ residual², rmse = √(ss/n), and the symmetric fit gives the same ss both ways', () => {
    const x = randomConfiguration(20, 3, 3);
    const y = randomConfiguration(20, 3, 4);
    const fit = procrustes(x, y, 20, 3);
    const sumSq = fit.residuals.reduce((s, r) => s + r * r, 0);
    expect(closeTo(fit.ss, sumSq, 1e-10)).toBe(true);
    expect(closeTo(fit.rmse, Math.sqrt(fit.ss / 20), 1e-14)).toBe(true);
    const xy = procrustes(x, y, 20, 3, { symmetric: true });
    const yx = procrustes(y, x, 20, 3, { symmetric: true });
    expect(closeTo(xy.ss, yx.ss, 1e-12)).toBe(true);
    expect(xy.ss).toBeGreaterThan(0);
    expect(xy.ss).toBeLessThan(1);
  });
});

describe('smallSvd', () => {
  /** ‖U diag(d) Vᵀ − M‖_max and ‖UᵀU − I‖_max + ‖VᵀV − I‖_max. */
  function errors(m: number[], k: number): { reconstruction: number; orthogonality: number; d: Float64Array } {
    const { u, d, v } = smallSvd(Float64Array.from(m), k);
    let reconstruction = 0,
      orthogonality = 0;
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        let s = 0,
          uu = 0,
          vv = 0;
        for (let j = 0; j < k; j++) {
          s += u[a * k + j]! * d[j]! * v[b * k + j]!;
          uu += u[j * k + a]! * u[j * k + b]!;
          vv += v[j * k + a]! * v[j * k + b]!;
        }
        reconstruction = Math.max(reconstruction, Math.abs(s - m[a * k + b]!));
        orthogonality = Math.max(orthogonality, Math.abs(uu - (a === b ? 1 : 0)) + Math.abs(vv - (a === b ? 1 : 0)));
      }
    return { reconstruction, orthogonality, d };
  }

  it('decomposes full-rank, rank-deficient and zero matrices with orthonormal factors', () => {
    const rng = createRng(5);
    for (const k of [1, 2, 3, 5]) {
      const m = Array.from({ length: k * k }, () => rng.normal());
      const e = errors(m, k);
      expect(e.reconstruction).toBeLessThan(1e-12);
      expect(e.orthogonality).toBeLessThan(1e-12);
      expect(Math.min(...e.d)).toBeGreaterThanOrEqual(0);
    }
    const rankOne = errors([1, 2, 2, 4], 2);
    expect(rankOne.reconstruction).toBeLessThan(1e-12);
    expect(rankOne.orthogonality).toBeLessThan(1e-12);
    expect([...rankOne.d].sort((a, b) => a - b)[0]).toBe(0);
    const zero = errors([0, 0, 0, 0, 0, 0, 0, 0, 0], 3);
    expect(zero.orthogonality).toBeLessThan(1e-12);
    expect(Array.from(zero.d)).toEqual([0, 0, 0]);
  });
});
