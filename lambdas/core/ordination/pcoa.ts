import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import { gowerCentred } from './gower.js';
import { pcoaPartial } from './pcoa-partial.js';
import type { Pcoa, PcoaOptions } from './pcoa-types.js';

export type { Pcoa, PcoaOptions } from './pcoa-types.js';

import { symmetricEigen } from './symmetric-eigen.js';

/** Eigenvalues with |λ| ≤ this × λ_max are rounding noise (the exact zero Gower centring always creates, and its kin). */
export const NUMERICALLY_ZERO_RELATIVE = 1e-10;

/** Coordinate of sample s on kept axis k (0-based). */
export function coordinate(p: Pcoa, sample: number, axis: number): number {
  if (axis < 0 || axis >= p.nAxes) throw new RangeError(`axis ${axis} not kept (${p.nAxes} axes)`);
  return p.coordinates[sample * p.nAxes + axis]!;
}

/**
 * PCoA of a distance matrix. Without options: the full decomposition, all
 * axes, O(n³) time and 2 n² doubles of memory. With `{ axes }`: the leading
 * axes by the partial solver (see `pcoa-partial.ts`); should it not converge,
 * the full decomposition is used instead.
 */
export function pcoa(dm: DistanceMatrix, options?: PcoaOptions): Pcoa {
  if (options) {
    const partial = pcoaPartial(dm, options);
    if (partial) return partial;
  }
  return pcoaFull(dm);
}

/** Full decomposition: every eigenpair of B (`symmetricEigen`). */
function pcoaFull(dm: DistanceMatrix): Pcoa {
  const n = dm.ids.length;
  const { values, vectors } = symmetricEigen(gowerCentred(dm), n);
  const order = descendingOrder(values);
  const raw = Float64Array.from(order, (k) => values[k]!);
  const zeroTolerance = NUMERICALLY_ZERO_RELATIVE * Math.max(0, raw[0] ?? 0);
  let nAxes = 0;
  while (nAxes < n && raw[nAxes]! > zeroTolerance) nAxes++;
  const eigenvalues = new Float64Array(n);
  eigenvalues.set(raw.subarray(0, nAxes));
  const { proportionExplained, total } = proportions(eigenvalues, nAxes);
  const coordinates = new Float64Array(n * nAxes);
  for (let k = 0; k < nAxes; k++) placeAxis(coordinates, vectors, order[k]!, k, nAxes, n, Math.sqrt(raw[k]!));
  const negatives = raw.filter((x) => x < -zeroTolerance);
  return {
    ids: dm.ids,
    eigenvalues,
    rawEigenvalues: raw,
    proportionExplained,
    nAxes,
    coordinates,
    nNegative: negatives.length,
    mostNegative: negatives.length ? negatives[negatives.length - 1]! : 0,
    zeroTolerance,
    method: 'full',
    spectrum: 'full',
    sumPositive: total,
    nPositive: nAxes,
  };
}

/** Indices of `values` sorted by decreasing value. */
function descendingOrder(values: Float64Array): Int32Array {
  return Int32Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
}

/** λ_k / Σ_{kept} λ for the first `kept` axes, 0 beyond. */
function proportions(eigenvalues: Float64Array, kept: number): { proportionExplained: Float64Array; total: number } {
  let total = 0;
  for (let k = 0; k < kept; k++) total += eigenvalues[k]!;
  return { proportionExplained: eigenvalues.map((x, k) => (k < kept ? x / total : 0)), total };
}

/** Column k of the coordinates = eigenvector row `v` × sqrt(λ), flipped so its largest |entry| is positive. */
function placeAxis(
  coordinates: Float64Array,
  vectors: Float64Array,
  v: number,
  k: number,
  nAxes: number,
  n: number,
  scale: number,
): void {
  const row = v * n;
  let big = 0;
  for (let s = 0; s < n; s++) if (Math.abs(vectors[row + s]!) > Math.abs(big)) big = vectors[row + s]!;
  const signed = big < 0 ? -scale : scale;
  for (let s = 0; s < n; s++) coordinates[s * nAxes + k] = vectors[row + s]! * signed;
}
