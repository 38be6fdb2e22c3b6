/**
 * PCoA with a given number of axes: the leading eigenpairs of the Gower-centred
 * B = −½ J D² J by block Lanczos (`lanczos.ts`) on the operator x ↦ J A J x
 * (`gower-operator.ts`; neither B nor J is formed), searched in the complement
 * of the constant vector (B·1 = 0 is known). The proportion explained needs
 * Σ of the positive eigenvalues (scikit-bio 0.5 `pcoa(method='eigh')`), which
 * depends on the whole spectrum. It is found as follows (`spectrum` in the result):
 *
 * - 'trace': the bottom end of the spectrum is searched too. When no
 *   eigenvalue there is below −tol, B has no real negative eigenvalue and
 *   Σ positive = trace(B) = (1/n) Σ_{i<j} d² (exact; any Euclidean-embeddable
 *   distance, e.g. Aitchison, and all known-answer sets).
 * - 'full': otherwise (negative eigenvalues exist), the eigenvalues alone of
 *   the whole spectrum by Householder tridiagonalisation + QL
 *   (`spectrum.ts`, ~(4/3) n³ flops, no eigenvectors): exact.
 * - 'estimated': negatives exist and n > `fullSpectrumMaxSamples` (or
 *   `spectrum: 'trace'` was asked for): Σ positive ≈ trace(B) − Σ of the
 *   negative eigenvalues found at the bottom end. An approximation (the
 *   unfound, smaller negatives are missing from the sum), flagged.
 */
import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import { gowerCentredPacked, gowerOperator, gowerTrace } from './gower-operator.js';
import { type PartialEigen, partialEigen } from './lanczos.js';
import type { Pcoa, PcoaOptions } from './pcoa-types.js';
import { packedSymmetricEigenvalues } from './spectrum.js';

/** Eigenvalues with |λ| ≤ this × λ_max are rounding noise (same rule as `pcoa`'s `NUMERICALLY_ZERO_RELATIVE`). */
const ZERO_RELATIVE = 1e-10;
/** Default seed of the partial solver's random start block. */
export const PCOA_SEED = 20240611;
/** Eigenvalues searched at the bottom end of the spectrum by default. */
export const PCOA_NEGATIVE_EIGENVALUES = 10;
/** Largest n for which the whole spectrum is computed when negative eigenvalues exist (measured: docs/beta-and-ordination.md). */
export const FULL_SPECTRUM_MAX_SAMPLES = 6000;

/** PCoA with `options.axes` axes by the partial solver; null when the solver did not converge (the caller falls back to the full decomposition). */
export function pcoaPartial(dm: DistanceMatrix, options: PcoaOptions): Pcoa | null {
  const n = dm.ids.length;
  const axes = clamp(options.axes, 0, Math.max(0, n - 1));
  const listed = clamp(Math.max(options.eigenvalues ?? axes, axes), 0, n);
  const seed = options.seed ?? PCOA_SEED;
  if (n <= 1) return trivialPcoa(dm, seed);
  const solve = solverFor(dm, axes, seed, options.block);
  const top = Math.max(1, Math.min(listed, n - 1));
  if (top + 1 >= n - 1) {
    // (almost) the whole complement of 1 is wanted: solve all of it, the spectrum is then complete
    const all = solve(n - 1, 0);
    return all.converged ? assemble(dm, all, axes, listed, completeSpectrum([...all.top]), null) : null;
  }
  if (options.euclidean) {
    // Euclidean distances: B is positive semi-definite, Σ positive = trace(B) without any check
    const solved = solve(top, 0);
    return solved.converged ? assemble(dm, solved, axes, listed, null, []) : null;
  }
  const fullMax = options.fullSpectrumMaxSamples ?? FULL_SPECTRUM_MAX_SAMPLES;
  const spectrumAllowed = options.spectrum === 'full' || (options.spectrum !== 'trace' && n <= fullMax);
  if (spectrumAllowed) {
    // axes first, with a quick sign check of the bottom end of the spectrum
    const first = solve(Math.max(1, axes), 1, true);
    if (!first.topConverged) return null;
    if (bottomSign(first) !== 'non-negative') {
      // a negative eigenvalue exists (or the check did not settle): the whole spectrum gives Σ positive
      const raw = packedSymmetricEigenvalues(gowerCentredPacked(dm), n).reverse();
      return assemble(dm, first, axes, listed, raw, null);
    }
    // no negative eigenvalue: Σ positive = trace(B); the leading eigenvalues still have to be found
    const second = top > first.top.length ? solve(top, 0) : first;
    return second.converged ? assemble(dm, second, axes, listed, null, []) : null;
  }
  const bottom = Math.min(n - 1 - top, Math.max(1, options.negativeEigenvalues ?? PCOA_NEGATIVE_EIGENVALUES));
  const solved = solve(top, bottom);
  if (!solved.topConverged) return null;
  const sign = bottomSign(solved);
  const tol = ZERO_RELATIVE * Math.max(0, solved.top[0]!);
  const negatives = [...solved.top, ...solved.bottom].filter((x) => x < -tol).sort((a, b) => a - b);
  return assemble(dm, solved, axes, listed, null, sign === 'non-negative' ? [] : negatives, sign !== 'non-negative');
}

/** Restarts the solver may spend on the bottom end once the axes have converged. */
const BOTTOM_PATIENCE = 5;

/**
 * Where the bottom of the spectrum lies against −tol (tol = ZERO_RELATIVE·λ₁):
 * 'negative' when the lowest Ritz value θ is below it (Ritz values are never
 * below the smallest eigenvalue), 'non-negative' when θ − ‖r‖ ≥ −tol (the
 * eigenvalue θ approximates — the lowest one — is above), else 'unsettled'.
 */
function bottomSign(s: PartialEigen): 'negative' | 'non-negative' | 'unsettled' {
  const t = -ZERO_RELATIVE * Math.max(0, s.top[0]!);
  const theta = s.bottom[0]!,
    r = s.residuals[s.top.length]!;
  if (theta < t) return 'negative';
  return theta - r >= t ? 'non-negative' : 'unsettled';
}

/** The partial solver on B restricted to the complement of 1 (`signOnly`: the bottom pair only settles its sign against −tol). */
function solverFor(dm: DistanceMatrix, axes: number, seed: number, block: number | undefined) {
  const n = dm.ids.length;
  const op = gowerOperator(dm);
  const ones = new Float64Array(n).fill(1 / Math.sqrt(n));
  return (top: number, bottom: number, signOnly = false): PartialEigen =>
    partialEigen(op, {
      top,
      bottom,
      vectors: Math.min(axes, top),
      seed,
      deflate: [ones],
      bottomPatience: BOTTOM_PATIENCE,
      ...(block !== undefined ? { block } : {}),
      ...(signOnly ? { bottomThreshold: -ZERO_RELATIVE } : {}),
    });
}

/**
 * The result from the solver's axes and either the whole spectrum `raw`
 * (descending, n values) or — when `raw` is null — the solver's leading
 * eigenvalues with Σ positive = trace(B) − Σ `negatives` (the negative Ritz
 * values found; none and not `unsettled` means none exist). Ritz values are
 * upper bounds of the eigenvalues they count from the bottom (interlacing),
 * so an estimated Σ positive is never above the true one.
 */
function assemble(
  dm: DistanceMatrix,
  solved: PartialEigen,
  axes: number,
  listed: number,
  raw: Float64Array | null,
  negatives: number[] | null,
  unsettled = false,
): Pcoa {
  const n = dm.ids.length;
  let list: Float64Array, sumPositive: number, nNegative: number, mostNegative: number, zeroTolerance: number;
  if (raw) {
    list = raw;
    zeroTolerance = ZERO_RELATIVE * Math.max(0, raw[0]!);
    sumPositive = 0;
    for (const x of raw) if (x > zeroTolerance) sumPositive += x;
    const neg = raw.filter((x) => x < -zeroTolerance);
    nNegative = neg.length;
    mostNegative = neg.length ? neg[neg.length - 1]! : 0;
  } else {
    const found = negatives ?? [];
    list = solved.top.slice(0, Math.min(listed, n - 1));
    zeroTolerance = ZERO_RELATIVE * Math.max(0, list[0]!);
    sumPositive = gowerTrace(dm) - found.reduce((s, x) => s + x, 0);
    nNegative = found.length;
    mostNegative = found.length ? found[0]! : 0;
  }
  const eigenvalues = list.map((x) => (x > zeroTolerance ? x : 0));
  let nPositive = 0;
  while (nPositive < eigenvalues.length && eigenvalues[nPositive]! > 0) nPositive++;
  const nAxes = Math.min(axes, nPositive, solved.nVectors);
  const coordinates = new Float64Array(n * nAxes);
  for (let k = 0; k < nAxes; k++) placeAxis(coordinates, solved.vectors, k, nAxes, n, Math.sqrt(list[k]!));
  return {
    ids: dm.ids,
    eigenvalues,
    rawEigenvalues: list,
    proportionExplained: eigenvalues.map((x) => x / sumPositive),
    nAxes,
    coordinates,
    nNegative,
    mostNegative,
    zeroTolerance,
    method: 'partial',
    spectrum: raw ? 'full' : nNegative > 0 || unsettled ? 'estimated' : 'trace',
    sumPositive,
    nPositive,
    solver: solverSummary(solved),
  };
}

/** All n eigenvalues, descending, when the solver found the n − 1 of the complement of 1: those plus the centring 0. */
function completeSpectrum(found: number[]): Float64Array {
  return Float64Array.from([...found, 0])
    .sort()
    .reverse();
}

/** What the partial solver did, as recorded in the result. */
function solverSummary(s: PartialEigen): NonNullable<Pcoa['solver']> {
  return {
    seed: s.seed,
    block: s.block,
    maxBasis: s.maxBasis,
    blockSteps: s.blockSteps,
    restarts: s.restarts,
    operatorVectors: s.operatorVectors,
    maxRelativeResidual: s.scale > 0 ? s.maxVectorResidual / s.scale : 0,
  };
}

/** PCoA of 0 or 1 samples: no axes, eigenvalue list [0] (n = 1) or []. */
function trivialPcoa(dm: DistanceMatrix, seed: number): Pcoa {
  const n = dm.ids.length;
  return {
    ids: dm.ids,
    eigenvalues: new Float64Array(n),
    rawEigenvalues: new Float64Array(n),
    proportionExplained: new Float64Array(n),
    nAxes: 0,
    coordinates: new Float64Array(0),
    nNegative: 0,
    mostNegative: 0,
    zeroTolerance: 0,
    method: 'partial',
    spectrum: 'full',
    sumPositive: 0,
    nPositive: 0,
    solver: { seed, block: 0, maxBasis: 0, blockSteps: 0, restarts: 0, operatorVectors: 0, maxRelativeResidual: 0 },
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.floor(x)));
}

/** Column k of the coordinates = eigenvector row k × sqrt(λ_k), flipped so its largest |entry| is positive (as `pcoa`). */
function placeAxis(
  coordinates: Float64Array,
  vectors: Float64Array,
  k: number,
  nAxes: number,
  n: number,
  scale: number,
): void {
  const row = k * n;
  let big = 0;
  for (let s = 0; s < n; s++) if (Math.abs(vectors[row + s]!) > Math.abs(big)) big = vectors[row + s]!;
  const signed = big < 0 ? -scale : scale;
  for (let s = 0; s < n; s++) coordinates[s * nAxes + k] = vectors[row + s]! * signed;
}
