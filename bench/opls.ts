/**
 * OPLS-DA benchmark: 600 samples × 5000 features of generated two-class data
 * (seeded), automatic orthogonal components and 200 permutations, as a
 * MetaboAnalyst / W4M user would run it on a large untargeted table.
 *
 * The data: 300 + 300 samples; 500 features shifted by 0.6 sd between the
 * classes; three latent factors unrelated to the class spread over all
 * features (so OPLS finds orthogonal components); unit Gaussian noise.
 */
import { oplsDa, plsDa } from '../lambdas/core/metabolomics/opls/index.js';
import { createRng } from '../lambdas/core/random/rng.js';

/** Seeded two-class matrix (n × p sample-major) and its labels; see module doc. */
export function twoClassMatrix(n: number, p: number, seed: number): { x: Float64Array; classes: string[] } {
  const rng = createRng(seed);
  const classes = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'case' : 'control'));
  const factors = 3;
  const loadings = Float64Array.from({ length: factors * p }, () => rng.normal(0, 0.35));
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const scores = Array.from({ length: factors }, () => rng.normal());
    const shift = classes[i] === 'case' ? 0.6 : 0;
    for (let j = 0; j < p; j++) {
      let v = rng.normal() + (j < 500 ? shift : 0);
      for (let f = 0; f < factors; f++) v += scores[f]! * loadings[f * p + j]!;
      x[i * p + j] = v;
    }
  }
  return { x, classes };
}

/** Seconds for OPLS-DA (auto orthogonal components, 200 permutations) and PLS-DA (auto, 200 permutations) on 600 × 5000. */
export async function benchOpls(): Promise<Record<string, number>> {
  const n = 600,
    p = 5000;
  const { x, classes } = twoClassMatrix(n, p, 20240611);
  const time = (f: () => unknown) => {
    const t0 = performance.now();
    f();
    return (performance.now() - t0) / 1000;
  };
  let orthogonal = 0;
  const oplsSeconds = time(() => {
    const r = oplsDa(x, n, p, classes, { orthoI: 'auto', scaling: 'standard', permI: 200, seed: 1 });
    orthogonal = r.built ? r.nOrthogonal : -1;
  });
  const oplsModelSeconds = time(() =>
    oplsDa(x, n, p, classes, { orthoI: 'auto', scaling: 'standard', permI: 0, seed: 1 }),
  );
  const plsSeconds = time(() => plsDa(x, n, p, classes, { predI: 'auto', scaling: 'standard', permI: 200, seed: 1 }));
  return {
    opls_da_600x5000_perm200_s: oplsSeconds,
    opls_da_600x5000_model_only_s: oplsModelSeconds,
    pls_da_600x5000_perm200_s: plsSeconds,
    opls_da_orthogonal_components: orthogonal,
  };
}
