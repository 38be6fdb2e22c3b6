/** The result and options of `pcoa` (pcoa.ts), apart so that the partial solver can name them without an import cycle. */

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
