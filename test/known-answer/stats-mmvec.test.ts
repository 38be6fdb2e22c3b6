/**
 * Spearman microbe × metabolite correlations against test/fixtures/mmvec-soils-paired/reference/spearman_microbes_vs_metabolites_{processed,raw}.json
 * (R 4.2.2 `cor.test(x, y, method = "spearman", exact = FALSE)`, `p.adjust(as.vector(p), "BH")` over all 39,610 pairs; README
 * "Spearman microbes x metabolites"). Every pair is tested.
 * Inputs as the README states: microbes = relative abundance of each feature of data/…/microbes.biom over all its features, on the 19 shared
 * samples; metabolites = `processed_matrix` of metabolites/processing.json (processed) or the intensities of data/…/metabolites.biom (raw).
 * Tolerance: 1e-9 relative; ρ with an absolute floor of 1e-12 (values near 0), p and q without a floor.
 */
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { benjaminiHochberg } from '../../lambdas/core/stats/benjamini-hochberg.js';
import { spearman } from '../../lambdas/core/stats/spearman.js';
import type { FeatureTable } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const REL = 1e-9;

/** Feature id → values over `samples` (dense), optionally divided by each sample's total over all features. */
function featureVectors(t: FeatureTable, samples: string[], relative: boolean): Map<string, Float64Array> {
  const out = new Map(t.featureIds.map((f) => [f, new Float64Array(samples.length)]));
  const column = new Map(t.sampleIds.map((s, j) => [s, j]));
  samples.forEach((s, k) => {
    const j = column.get(s)!;
    let depth = 0;
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) depth += t.data[p]!;
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++)
      out.get(t.featureIds[t.indices[p]!]!)![k] = relative ? t.data[p]! / depth : t.data[p]!;
  });
  return out;
}

describe('mmvec-soils-paired Spearman, all 466 × 85 pairs', () => {
  let microbes: FeatureTable;
  let metabolites: FeatureTable;
  beforeAll(async () => {
    microbes = await parseBiomHdf5(readFixture('data', 'mmvec-soils-paired', 'microbes.biom'));
    metabolites = await parseBiomHdf5(readFixture('data', 'mmvec-soils-paired', 'metabolites.biom'));
  });

  it.each(['processed', 'raw'])('%s metabolites: ρ, p and BH q of every pair match R', (variant) => {
    const ref = readFixtureJson('reference', 'mmvec-soils-paired', `spearman_microbes_vs_metabolites_${variant}.json`);
    const samples: string[] = ref.shared_samples;
    const microbe = featureVectors(microbes, samples, true);
    let metabolite: Map<string, Float64Array>;
    if (variant === 'raw') metabolite = featureVectors(metabolites, samples, false);
    else {
      const proc = readFixtureJson('reference', 'mmvec-soils-paired', 'metabolites', 'processing.json');
      const row = new Map<string, number>((proc.sample_ids as string[]).map((s, i) => [s, i]));
      metabolite = new Map(
        (proc.kept_features as string[]).map((f, j) => [
          f,
          Float64Array.from(samples, (s) => proc.processed_matrix.values[row.get(s)!][j]),
        ]),
      );
    }
    const rho: number[] = [],
      p: number[] = [];
    let pairsWithAllSamples = 0;
    for (const m of ref.microbes as string[])
      for (const b of ref.metabolites as string[]) {
        const r = spearman(microbe.get(m)!, metabolite.get(b)!)!;
        if (r.n === ref.n_samples) pairsWithAllSamples++;
        rho.push(r.statistic);
        p.push(r.p);
      }
    expect(pairsWithAllSamples).toBe(ref.n_pairs_tested);
    expect(maxRelError(rho, (ref.rho as number[][]).flat(), 1e-12)).toBeLessThanOrEqual(REL);
    expect(maxRelError(p, (ref.p as number[][]).flat())).toBeLessThanOrEqual(REL);
    expect(maxRelError(benjaminiHochberg(p), (ref.q as number[][]).flat())).toBeLessThanOrEqual(REL);
  });
});
