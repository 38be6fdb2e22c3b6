/**
 * NMDS (vegan metaMDS/monoMDS conventions, 20 random starts) and ANOSIM (999 permutations) on 600 generated samples: Poisson counts of
 * 300 features whose abundances peak at positions on a 2-D gradient, Bray–Curtis between the samples. Data and starts are seeded.
 */
import { brayCurtis } from '../lambdas/core/amplicon/diversity/beta/beta-diversity.js';
import { nmds } from '../lambdas/core/ordination/nmds.js';
import { createRng } from '../lambdas/core/random/rng.js';
import { anosim } from '../lambdas/core/stats/anosim.js';
import { type FeatureTable, FeatureTableBuilder } from '../lambdas/core/table/feature-table.js';

const SAMPLES = 600;
const FEATURES = 300;
const SEED = 20240611;

/** Samples at uniform points of the unit square; feature f peaks at its own point with a Gaussian response of width 0.25. */
function gradientTable(seed: number): { table: FeatureTable; quadrant: Int32Array } {
  const rng = createRng(seed);
  const site = Array.from({ length: SAMPLES }, () => [rng.nextFloat(), rng.nextFloat()] as const);
  const optimum = Array.from({ length: FEATURES }, () => [rng.nextFloat(), rng.nextFloat()] as const);
  const b = new FeatureTableBuilder(
    Array.from({ length: FEATURES }, (_, f) => `f${f}`),
    Array.from({ length: SAMPLES }, (_, s) => `s${s}`),
  );
  for (let s = 0; s < SAMPLES; s++)
    for (let f = 0; f < FEATURES; f++) {
      const d2 = (site[s]![0] - optimum[f]![0]) ** 2 + (site[s]![1] - optimum[f]![1]) ** 2;
      b.add(f, s, rng.poisson(20 * Math.exp(-d2 / (2 * 0.25 ** 2))));
    }
  const quadrant = Int32Array.from(site, ([x, y]) => (x < 0.5 ? 0 : 1) + (y < 0.5 ? 0 : 2));
  return { table: b.build(), quadrant };
}

/** Seconds taken by `fn`. */
function seconds(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Timings in seconds: Bray–Curtis, NMDS with exactly 20 random starts (tries = trymax = 20), ANOSIM with 999 permutations. */
export async function benchNmds(): Promise<Record<string, number>> {
  const { table, quadrant } = gradientTable(SEED);
  let dm = brayCurtis(table).matrix;
  const brayCurtisSeconds = seconds(() => (dm = brayCurtis(table).matrix));
  const nmdsSeconds = seconds(() => {
    const r = nmds(dm, { k: 2, tries: 20, trymax: 20, seed: SEED });
    if (!r.ok) throw new Error(r.error.message);
  });
  const anosimSeconds = seconds(() => {
    const r = anosim(dm, quadrant, { permutations: 999, seed: SEED });
    if (!r.ok) throw new Error(r.error.message);
  });
  return {
    bray_curtis_600_seconds: brayCurtisSeconds,
    nmds_600_k2_20_tries_seconds: nmdsSeconds,
    anosim_600_999_permutations_seconds: anosimSeconds,
  };
}
