/**
 * Microbe × metabolite Spearman through `analyzeStudy` against test/fixtures/mmvec-soils-paired/reference/spearman_microbes_vs_metabolites_{processed,raw}.json
 * (R 4.2.2 `cor.test(method = "spearman", exact = FALSE)`, `p.adjust(BH)` over all 466 × 85 pairs; README "Spearman microbes x metabolites").
 * Inputs as the README states: data/…/microbes.biom (no taxonomy: feature level, relative abundance over all features) and
 * metabolites.biom, processed with the pipeline defaults (processed) or taken as they are (raw); no metadata, so the 19 shared
 * sample ids decide. prevalence 0 reproduces the reference's tested set (every non-constant microbe).
 * Checked: every stored pair (ρ, p, q), the family summary, and the whole family through the internal functions, both with an exact
 * p for every pair and with the tabulated p that large families use for BH.
 * Tolerance: 1e-9 relative; ρ with an absolute floor of 1e-12.
 */

import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { metaboliteSide, sharedSamples, taxaSide } from '../../lambdas/core/analysis/correlations.js';
import { analyzeStudy, type MetabolomicsInput, type StudyAnalysis } from '../../lambdas/core/analysis/index.js';
import { tableFromFeatureTable } from '../../lambdas/core/metabolomics/from-feature-table.js';
import { processMetabolomics } from '../../lambdas/core/metabolomics/process/process.js';
import { rankVariables } from '../../lambdas/core/stats/rank-variables.js';
import { spearmanFamily } from '../../lambdas/core/stats/spearman-family.js';
import { StudyDesignSchema } from '../../lambdas/core/study/study-design.js';
import type { FeatureTable } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const REL = 1e-9;
const MICROBES = 'mmvec/microbes.biom';
const METABOLITES = 'mmvec/metabolites.biom';

/** The BIOM intensities as a samples × features matrix, untouched. */
function rawMetabolites(t: FeatureTable): MetabolomicsInput {
  const nF = t.featureIds.length;
  const values = new Float64Array(t.sampleIds.length * nF);
  for (let s = 0; s < t.sampleIds.length; s++)
    for (let p = t.indptr[s]!; p < t.indptr[s + 1]!; p++) values[s * nF + t.indices[p]!] = t.data[p]!;
  return {
    datasetId: METABOLITES,
    sampleIds: t.sampleIds,
    featureIds: t.featureIds,
    normalized: values,
    transformed: values,
  };
}

let microbes: FeatureTable;
const metabolites: Record<string, MetabolomicsInput> = {};
beforeAll(async () => {
  microbes = await parseBiomHdf5(readFixture('data', 'mmvec-soils-paired', 'microbes.biom'));
  const t = await parseBiomHdf5(readFixture('data', 'mmvec-soils-paired', 'metabolites.biom'));
  const p = processMetabolomics(tableFromFeatureTable(t));
  metabolites.processed = {
    datasetId: METABOLITES,
    sampleIds: p.sampleIds,
    featureIds: p.featureIds,
    normalized: p.normalized!,
    transformed: p.transformed!,
  };
  metabolites.raw = rawMetabolites(t);
});

describe.each(['processed', 'raw'])('%s metabolites', (variant) => {
  const ref = readFixtureJson('reference', 'mmvec-soils-paired', `spearman_microbes_vs_metabolites_${variant}.json`);
  const microbeRow = new Map<string, number>((ref.microbes as string[]).map((m, i) => [m, i]));
  const metaboliteColumn = new Map<string, number>((ref.metabolites as string[]).map((m, j) => [m, j]));
  const at = (matrix: number[][], x: string, y: string) => matrix[microbeRow.get(x)!]![metaboliteColumn.get(y)!]!;
  let a: StudyAnalysis;
  beforeAll(() => {
    a = analyzeStudy({
      metadata: null,
      design: StudyDesignSchema.parse({ prevalence: 0 }),
      amplicon: [{ datasetId: MICROBES, table: microbes, lineages: microbes.featureIds.map(() => null) }],
      metabolomics: [metabolites[variant]!],
      pathways: null,
    });
  });

  it('one family over the 19 shared samples; every pair tested; the significant count is R’s', () => {
    expect(a.correlationFamilies).toHaveLength(1);
    const f = a.correlationFamilies[0]!;
    expect(f).toMatchObject({
      family: `${MICROBES}:feature|${METABOLITES}:metabolite`,
      xLevel: 'feature',
      yLevel: 'metabolite',
      n: ref.n_samples,
      pairs: ref.n_pairs_tested,
      nX: 466,
      nY: 85,
      excludedX: ref.n_microbes_excluded_constant,
      excludedY: ref.n_metabolites_excluded_constant,
      pMethod: 'exact',
    });
    expect(f.significant).toBe((ref.q as number[][]).flat().filter((q) => q < 0.05).length);
    expect(a.notes.some((n) => n.includes('no taxonomy'))).toBe(true);
  });

  it('stores the pairs with q < 0.05 and the 5 strongest of every microbe and metabolite, each with R’s ρ, p and q', () => {
    const stored = a.correlations;
    expect(stored.length).toBe(a.correlationFamilies[0]!.stored);
    expect(stored.filter((c) => c.selectedBy !== 'top').length).toBe(a.correlationFamilies[0]!.significant);
    for (const m of ref.microbes as string[])
      expect(stored.filter((c) => c.x === m && c.selectedBy !== 'q').length).toBeGreaterThanOrEqual(5);
    for (const b of ref.metabolites as string[])
      expect(stored.filter((c) => c.y === b && c.selectedBy !== 'q').length).toBeGreaterThanOrEqual(5);
    expect(stored.length).toBeLessThan((466 * 85) / 4);
    expect(
      maxRelError(
        stored.map((c) => c.rho),
        stored.map((c) => at(ref.rho, c.x, c.y)),
        1e-12,
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        stored.map((c) => c.p),
        stored.map((c) => at(ref.p, c.x, c.y)),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        stored.map((c) => c.q),
        stored.map((c) => at(ref.q, c.x, c.y)),
      ),
    ).toBeLessThanOrEqual(REL);
  });

  it.each([
    ['an exact p for every pair', Infinity],
    ['the tabulated p of large families (forced)', 0],
  ])('the whole family (internal functions) matches every pair with %s', (_, exactBelow) => {
    const source = {
      datasetId: MICROBES,
      level: 'feature' as const,
      table: microbes,
      ids: microbes.sampleIds,
      usable: new Uint8Array(microbes.sampleIds.length).fill(1),
    };
    const mb = metabolites[variant]!;
    const [ts, ms] = sharedSamples(source, { datasetId: METABOLITES, ids: mb.sampleIds, data: mb });
    const xs = taxaSide(microbes, ts, 0),
      ys = metaboliteSide(mb, ms);
    const x = rankVariables(xs.ids, xs.values, ts.length);
    const y = rankVariables(ys.ids, ys.values, ms.length);
    const r = spearmanFamily(x, y, { q: 0.05, topK: 5, exactBelow, keepAll: true });
    expect(r.m).toBe(ref.n_pairs_tested);
    if (r.all) {
      const pairs = x.ids.flatMap((m) => y.ids.map((b) => [m, b] as const));
      expect(
        maxRelError(
          r.all.rho,
          pairs.map(([m, b]) => at(ref.rho, m, b)),
          1e-12,
        ),
      ).toBeLessThanOrEqual(REL);
      expect(
        maxRelError(
          r.all.p,
          pairs.map(([m, b]) => at(ref.p, m, b)),
        ),
      ).toBeLessThanOrEqual(REL);
      expect(
        maxRelError(
          r.all.q,
          pairs.map(([m, b]) => at(ref.q, m, b)),
        ),
      ).toBeLessThanOrEqual(REL);
    } else {
      expect(r.pMethod).toBe('tabulated');
      expect(r.significant).toBe((ref.q as number[][]).flat().filter((q) => q < 0.05).length);
      const named = r.pairs.map((p) => [x.ids[p.i]!, y.ids[p.j]!] as const);
      expect(
        maxRelError(
          r.pairs.map((p) => p.rho),
          named.map(([m, b]) => at(ref.rho, m, b)),
          1e-12,
        ),
      ).toBeLessThanOrEqual(REL);
      expect(
        maxRelError(
          r.pairs.map((p) => p.p),
          named.map(([m, b]) => at(ref.p, m, b)),
        ),
      ).toBeLessThanOrEqual(REL);
      expect(
        maxRelError(
          r.pairs.map((p) => p.q),
          named.map(([m, b]) => at(ref.q, m, b)),
        ),
      ).toBeLessThanOrEqual(REL);
    }
  });
});
