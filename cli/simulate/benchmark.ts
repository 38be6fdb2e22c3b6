/**
 * Large random count tables for performance work (e.g. 1000 × 20000 at 9 %
 * density, 5000 × 50000 at 2 %). Only the shape and sparsity are realistic:
 * feature prevalences are skewed (log-normal around the requested density) and
 * non-zero counts are log-normal integers ≥ 1, but there is no community
 * structure. Memory: the builder's triplet arrays, no dense matrix.
 */
import { createRng, deriveSeed, type Rng } from '../../lambdas/core/random/rng.js';
import { type FeatureTable, FeatureTableBuilder } from '../../lambdas/core/table/feature-table.js';
import { GUT_GENERA, genusLineage } from './genera.js';
import { pseudoFeatureIds } from './ids.js';
import { parseOptions, type TableBenchmarkOptions, TableBenchmarkOptionsSchema } from './schemas.js';

/** Sub-stream key of the benchmark generator. */
const BENCHMARK_STREAM = 101;
/** Mean and sd of a feature's log mean count. */
const LOG_COUNT_MEAN = 1;
const LOG_COUNT_FEATURE_SD = 1.2;
/** sd of a single count around its feature's log mean. */
const LOG_COUNT_SD = 0.8;

/**
 * A features × samples integer table with about `density` non-zero cells,
 * feature ids like QIIME 2's (32 hex digits) and sample ids `B000001`…, with a
 * genus-level lineage per feature. Deterministic for a seed.
 */
export function simulateTableBenchmark(options: TableBenchmarkOptions): FeatureTable {
  const { samples, features, density, seed } = parseOptions(TableBenchmarkOptionsSchema, options);
  const rng = createRng(deriveSeed(seed, BENCHMARK_STREAM));
  const featureIds = pseudoFeatureIds(rng, features);
  const width = Math.max(6, String(samples).length);
  const sampleIds = Array.from({ length: samples }, (_, j) => `B${String(j + 1).padStart(width, '0')}`);
  const expectedNnz = samples * features * density;
  const builder = new FeatureTableBuilder(featureIds, sampleIds, Math.ceil(expectedNnz * 1.05) + 1024);
  const sigma = prevalenceSpread(density);
  for (let f = 0; f < features; f++) {
    const prevalence = Math.min(1, density * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2));
    const logMean = rng.normal(LOG_COUNT_MEAN, LOG_COUNT_FEATURE_SD);
    addFeatureRow(builder, rng, f, samples, prevalence, logMean);
  }
  return builder.build(benchmarkTaxonomy(rng, features));
}

/** sd of log prevalence: 1 for sparse tables, shrinking as density approaches 1 so few prevalences are clipped at 1. */
function prevalenceSpread(density: number): number {
  return Math.min(1, 0.6 * Math.log(1 / density));
}

/** Adds one feature's non-zero cells, visiting only the chosen samples (geometric gaps, O(non-zeros)). */
function addFeatureRow(
  builder: FeatureTableBuilder,
  rng: Rng,
  f: number,
  samples: number,
  prevalence: number,
  logMean: number,
): void {
  const logMiss = prevalence < 1 ? Math.log1p(-prevalence) : 0;
  let j = -1;
  for (;;) {
    j += prevalence < 1 ? 1 + Math.floor(Math.log(1 - rng.nextFloat()) / logMiss) : 1;
    if (j >= samples) return;
    builder.add(f, j, 1 + Math.floor(Math.exp(rng.normal(logMean, LOG_COUNT_SD))));
  }
}

/** One genus lineage string per feature, genera drawn in proportion to their catalogue weight. */
function benchmarkTaxonomy(rng: Rng, features: number): string[] {
  const lineages = GUT_GENERA.map((g) => genusLineage(g).join('; '));
  const cumulative: number[] = [];
  let total = 0;
  for (const g of GUT_GENERA) cumulative.push((total += g.weight));
  const out = new Array<string>(features);
  for (let f = 0; f < features; f++) {
    const u = rng.nextFloat() * total;
    let g = 0;
    while (cumulative[g]! <= u) g++;
    out[f] = lineages[g]!;
  }
  return out;
}
