import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import { gowerCentred } from './gower.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { pcoaPartial } from './pcoa-partial.js';

/** Eigenvalues with |λ| ≤ this × λ_max are rounding noise (the exact zero Gower centring always creates, and its kin). */
export const NUMERICALLY_ZERO_RELATIVE = 1e-10;

/**
 * Principal coordinates (docs/metrics.md#ordination; scikit-bio 0.5 `pcoa(method='eigh')`,
 * QIIME 2): Gower-centred B = −½ J D² J, full symmetric eigendecomposition,
 * eigenvalues descending. Negative and numerically zero eigenvalues are
 * reported as 0 and their axes dropped. Axis signs are arbitrary; here each
 * axis is oriented so its largest |coordinate| is positive.
 */
export interface Pcoa {
  /** sample ids, rows of `coordinates` */
  ids: string[];
  /** all n eigenvalues, descending; negative and numerically zero ones reported as 0 */
  eigenvalues: Float64Array;
  /** all n eigenvalues, descending, as computed (negatives and rounding noise kept) */
  rawEigenvalues: Float64Array;
  /** λ_k / Σ kept λ for each of the n axes (0 for dropped axes) */
  proportionExplained: Float64Array;
  /** number of kept axes: eigenvalues > NUMERICALLY_ZERO_RELATIVE·λ_max */
  nAxes: number;
  /** n × nAxes row-major: coordinates[s·nAxes + k] = v_k[s]·sqrt(λ_k) */
  coordinates: Float64Array;
  /** eigenvalues < −NUMERICALLY_ZERO_RELATIVE·λ_max (real negatives: D is not Euclidean-embeddable) */
  nNegative: number;
  /** the most negative of those, 0 when there is none */
  mostNegative: number;
  /** tolerance under which |λ| counts as zero: NUMERICALLY_ZERO_RELATIVE·λ_max */
  zeroTolerance: number;
  /** 'full': dense eigendecomposition (all n axes); 'partial': the leading `axes` eigenpairs by block Lanczos (`pcoa-partial.ts`) */
  method: 'full' | 'partial';
  /**
   * How Σ positive eigenvalues (the proportions' denominator) and the negative
   * summary were found: 'full' every eigenvalue computed (the eigenvalue lists
   * have n entries); 'trace' trace(B) with no negative eigenvalue below the
   * tolerance (exact; lists have the leading eigenvalues only); 'estimated'
   * trace(B) minus the negative eigenvalues found at the bottom end of the
   * spectrum — approximate, and nNegative / mostNegative cover only those found.
   */
  spectrum: 'full' | 'trace' | 'estimated';
  /** Σ of the eigenvalues > zeroTolerance: proportionExplained = eigenvalues / sumPositive */
  sumPositive: number;
  /** leading entries of `eigenvalues` that are > 0 (all positive eigenvalues when spectrum is 'full'; then = nAxes for method 'full') */
  nPositive: number;
  /** the partial solver's run (method 'partial'): its seed, work and max ‖Bv − λv‖ / λ_max over the returned axes */
  solver?: {
    seed: number;
    block: number;
    maxBasis: number;
    blockSteps: number;
    restarts: number;
    operatorVectors: number;
    maxRelativeResidual: number;
  };
}

/** `pcoa(dm, options)`: the leading axes only, by the partial solver (`pcoa-partial.ts`). */
export interface PcoaOptions {
  /** axes with coordinates (leading eigenvectors); at most n − 1 */
  axes: number;
  /** leading eigenvalues listed (at least `axes`, default `axes`); with spectrum 'full' all n are listed */
  eigenvalues?: number;
  /**
   * 'auto' (default): the whole spectrum (values only) when the bottom-end check finds a negative
   * eigenvalue or does not settle, and n ≤ fullSpectrumMaxSamples; 'full': then whatever n;
   * 'trace': never (trace(B) minus the negatives found: result spectrum 'estimated' when there are any)
   */
  spectrum?: 'auto' | 'full' | 'trace';
  /** largest n for which 'auto' computes the whole spectrum (default FULL_SPECTRUM_MAX_SAMPLES) */
  fullSpectrumMaxSamples?: number;
  /** the distances are Euclidean (e.g. Aitchison: Euclidean on clr): B is positive semi-definite, so Σ positive = trace(B) and the bottom end is not checked */
  euclidean?: boolean;
  /** eigenvalues searched at the bottom end when the whole spectrum is not computed (default 10, at least 1) */
  negativeEigenvalues?: number;
  /** seed of the solver's random start block (default PCOA_SEED); recorded in `solver.seed` */
  seed?: number;
  /** solver block size (default 4) */
  block?: number;
}

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
function placeAxis(coordinates: Float64Array, vectors: Float64Array, v: number, k: number, nAxes: number, n: number, scale: number): void {
  const row = v * n;
  let big = 0;
  for (let s = 0; s < n; s++) if (Math.abs(vectors[row + s]!) > Math.abs(big)) big = vectors[row + s]!;
  const signed = big < 0 ? -scale : scale;
  for (let s = 0; s < n; s++) coordinates[s * nAxes + k] = vectors[row + s]! * signed;
}
