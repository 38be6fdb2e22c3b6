/**
 * Variable importance in projection, as ropls 1.39 defines it. Both forms
 * are scaled so that Σ_j VIP_j² equals the number of features.
 */

/** √(k · share_j) for each feature. */
function scaledRoot(share: Float64Array, k: number): Float64Array {
  return share.map((v) => Math.sqrt(k * v));
}

/**
 * PLS: VIP_j = √(p · Σ_h w_jh² SSY_h / Σ_h SSY_h), with SSY_h = c_h² t_hᵀt_h the
 * response sum of squares explained by component h (Wold; ropls `vipVn`).
 * `weights` is p × a feature-major.
 */
export function plsVip(weights: Float64Array, p: number, a: number, ssyExplained: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let h = 0; h < a; h++) total += ssyExplained[h]!;
  const share = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let h = 0; h < a; h++) s += weights[j * a + h]! ** 2 * ssyExplained[h]!;
    share[j] = s / total;
  }
  return scaledRoot(share, p);
}

/** Loadings and the X / y sums of squares their components explain (‖t pᵀ‖², ‖t cᵀ‖²). */
export interface VipBlock {
  /** p × k feature-major */
  loadings: Float64Array;
  k: number;
  ssx: ArrayLike<number>;
  ssy: ArrayLike<number>;
}

/**
 * OPLS VIP4 (Galindo-Prieto, Eriksson & Trygg 2014, as ropls computes it):
 * for the predictive (or orthogonal) block B, with normalised loadings p̂,
 * SSX_cum and SSY_cum summed over both blocks,
 * VIP_j = √(κ · Σ_{h∈B} p̂_jh² (SSX_h / SSX_cum + SSY_h / SSY_cum)),
 * κ = p / (Σ_B SSX_h / SSX_cum + Σ_B SSY_h / SSY_cum).
 */
export function oplsVip(
  p: number,
  predictive: VipBlock,
  orthogonal: VipBlock,
): { vip: Float64Array; orthoVip: Float64Array } {
  const sum = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0);
  const ssxCum = sum(predictive.ssx) + sum(orthogonal.ssx);
  const ssyCum = sum(predictive.ssy) + sum(orthogonal.ssy);
  const block = (b: VipBlock) => {
    const kappa = p / (sum(b.ssx) / ssxCum + sum(b.ssy) / ssyCum);
    const norms = new Float64Array(b.k);
    for (let j = 0; j < p; j++) for (let h = 0; h < b.k; h++) norms[h] = norms[h]! + b.loadings[j * b.k + h]! ** 2;
    const share = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let h = 0; h < b.k; h++) {
        const q = b.loadings[j * b.k + h]! ** 2 / norms[h]!;
        s += (q * b.ssx[h]!) / ssxCum + (q * b.ssy[h]!) / ssyCum;
      }
      share[j] = s;
    }
    return scaledRoot(share, kappa);
  };
  return { vip: block(predictive), orthoVip: block(orthogonal) };
}
