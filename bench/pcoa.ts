/**
 * PCoA at 1000, 2000 and 5000 samples and the one-walk Jaccard, on data
 * generated here (seeded). Timings in seconds (wall clock, best of `repeat`);
 * never asserted anywhere.
 *
 * The Bray–Curtis matrices come from a niche model (communities along a 2-D
 * environmental gradient: each feature has a Gaussian response around its
 * optimum, counts are Poisson around it with log-normal noise), so the PCoA
 * spectrum decays like real data and has negative eigenvalues. The Jaccard
 * table is the project's `simulateTableBenchmark` (1000 × 20000 at 9 %).
 */

import { simulateTableBenchmark } from '../cli/simulate/benchmark.js';
import { brayCurtisAndJaccard } from '../lambdas/core/amplicon/diversity/beta/bray-curtis-jaccard.js';
import type { DistanceMatrix } from '../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import { brayCurtis, jaccard } from '../lambdas/core/amplicon/diversity/beta/index.js';
import { gowerCentredPacked } from '../lambdas/core/ordination/gower-operator.js';
import { pcoa } from '../lambdas/core/ordination/pcoa.js';
import { packedSymmetricEigenvalues } from '../lambdas/core/ordination/spectrum.js';
import { createRng, type Rng } from '../lambdas/core/random/rng.js';
import { type FeatureTable, FeatureTableBuilder } from '../lambdas/core/table/feature-table.js';

/** Seconds of the fastest of `repeat` runs of fn, and its last value. */
function time<T>(fn: () => T, repeat = 1): { seconds: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    value = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds: best, value };
}

/** Poisson draw (Knuth below 30, normal approximation above). */
function poisson(rng: Rng, mean: number): number {
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const limit = Math.exp(-mean);
  let k = 0,
    p = rng.nextFloat();
  while (p > limit) {
    k++;
    p *= rng.nextFloat();
  }
  return k;
}

/** n samples on a 10 × 10 gradient, `features` Gaussian niches (width 0.4–1.2, log-normal peak abundance). */
export function nicheTable(n: number, features: number, seed: number): FeatureTable {
  const rng = createRng(seed);
  const niche = Array.from({ length: features }, () => ({
    x: rng.nextFloat() * 10,
    y: rng.nextFloat() * 10,
    width: 0.4 + 0.8 * rng.nextFloat(),
    peak: Math.exp(rng.normal(2.5, 1.2)),
  }));
  const b = new FeatureTableBuilder(
    niche.map((_, f) => `f${f}`),
    Array.from({ length: n }, (_, s) => `s${s}`),
    1 << 20,
  );
  for (let s = 0; s < n; s++) {
    const x = rng.nextFloat() * 10,
      y = rng.nextFloat() * 10,
      depth = Math.exp(rng.normal(0, 0.4));
    niche.forEach((f, k) => {
      const r2 = ((x - f.x) ** 2 + (y - f.y) ** 2) / (2 * f.width * f.width);
      if (r2 > 12) return;
      const count = poisson(rng, f.peak * depth * Math.exp(-r2 + 0.5 * rng.normal()));
      if (count > 0) b.add(k, s, count);
    });
  }
  return b.build();
}

/** Bray–Curtis of a niche table with n samples (the generation is not timed). */
function brayCurtisMatrix(n: number): DistanceMatrix {
  return brayCurtis(nicheTable(n, 3000, 1000 + n)).matrix;
}

export async function benchPcoa(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of [1000, 2000, 5000]) {
    const dm = brayCurtisMatrix(n);
    const partial = time(() => pcoa(dm, { axes: 10, eigenvalues: 100 }));
    out[`pcoa_axes10_eigenvalues100_n${n}_seconds`] = partial.seconds;
    out[`pcoa_axes10_n${n}_negative_eigenvalues`] = partial.value.nNegative;
    out[`pcoa_axes10_n${n}_operator_vectors`] = partial.value.solver?.operatorVectors ?? 0;
    out[`pcoa_spectrum_only_n${n}_seconds`] = time(() => packedSymmetricEigenvalues(gowerCentredPacked(dm), n)).seconds;
    out[`pcoa_axes10_trace_n${n}_seconds`] = time(() =>
      pcoa(dm, { axes: 10, eigenvalues: 100, spectrum: 'trace' }),
    ).seconds;
    if (n <= 1000) out[`pcoa_full_decomposition_n${n}_seconds`] = time(() => pcoa(dm)).seconds;
  }
  const table = simulateTableBenchmark({ samples: 1000, features: 20000, density: 0.09, seed: 1 });
  out.bray_curtis_1000x20000_seconds = time(() => brayCurtis(table), 3).seconds;
  out.jaccard_1000x20000_seconds = time(() => jaccard(table), 3).seconds;
  out.bray_curtis_and_jaccard_one_walk_1000x20000_seconds = time(() => brayCurtisAndJaccard(table), 3).seconds;
  return out;
}
