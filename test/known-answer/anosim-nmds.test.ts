/**
 * ANOSIM and NMDS against test/fixtures/qiime2-moving-pictures/reference/anosim_nmds.json (R 4.2.2, vegan 2.6-4; see
 * reference/README_lefse_unifrac_anosim.md, section anosim_nmds.json): Bray–Curtis of the raw counts of feature-table.biom, body-site
 * grouping from sample-metadata.tsv.
 * - ANOSIM R is deterministic (ranks of the distances): 1e-9 relative. p is stochastic and our generator differs from R's, so only its
 *   range carries over (vegan: 0.001 with 999 permutations).
 * - NMDS is stochastic (random starts): stress within 1e-5 relative of vegan's best (the brief allows 5 %; two vegan seeds differ by 1e-8),
 *   points compared after a Procrustes rotation/reflection without rescaling (both are half-change scaled), rmse < 0.005 (vegan's own
 *   seed-to-seed rmse is 1e-4 on coordinates of size ~2).
 */
import { brayCurtis } from '../../lambdas/core/amplicon/diversity/beta/beta-diversity.js';
import type { DistanceMatrix } from '../../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { nmds } from '../../lambdas/core/ordination/nmds.js';
import { procrustes } from '../../lambdas/core/ordination/procrustes.js';
import { anosim } from '../../lambdas/core/stats/anosim.js';
import { parseMetadata } from '../../lambdas/core/study/qiime2-metadata.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const SET = 'qiime2-moving-pictures';

interface Reference {
  results: {
    ids: string[];
    anosim: { R: number; p_999_seed1: number; permutations: number };
    nmds: {
      stress: number;
      converged: number;
      tries: number;
      points_MDS1: number[];
      points_MDS2: number[];
      point_ids: string[];
    };
  }[];
}

/** Group codes (levels sorted) of a categorical metadata column, in `ids` order. */
function groupCodes(ids: string[], name: string): Int32Array {
  const md = parseMetadata(readFixture('data', SET, 'sample-metadata.tsv'));
  const col = md.columns.find((c) => c.name === name)!;
  const byId = new Map(md.sampleIds.map((id, i) => [id, col.values[i]!]));
  const levels = [...new Set(ids.map((id) => byId.get(id)!))].sort();
  return Int32Array.from(ids, (id) => levels.indexOf(byId.get(id)!));
}

describe('ANOSIM and NMDS of Bray–Curtis, moving pictures, vs vegan 2.6-4 (anosim_nmds.json)', () => {
  const ref = readFixtureJson<Reference>('reference', SET, 'anosim_nmds.json').results[0]!;
  let dm: DistanceMatrix;
  let bodySite: Int32Array;

  beforeAll(async () => {
    dm = brayCurtis(await parseBiomHdf5(readFixture('data', SET, 'feature-table.biom'))).matrix;
    bodySite = groupCodes(dm.ids, 'body-site');
  });

  it('uses the reference samples in the reference order', () => {
    expect(dm.ids).toEqual(ref.ids);
    expect(ref.nmds.point_ids).toEqual(ref.ids);
  });

  it('ANOSIM R by body site matches vegan to 1e-9 and p is as small as 999 permutations allow (vegan 0.001)', () => {
    const r = anosim(dm, bodySite, { seed: 1, permutations: ref.anosim.permutations });
    if (!r.ok) throw new Error(r.error.message);
    expect(maxRelError([r.value.statistic], [ref.anosim.R])).toBeLessThan(1e-9);
    expect(r.value).toMatchObject({ n: 34, groups: 4, groupSizes: [8, 8, 9, 9], permutations: 999 });
    expect(r.value.p).toBeGreaterThanOrEqual(ref.anosim.p_999_seed1);
    expect(r.value.p).toBeLessThanOrEqual(0.005);
  });

  it('ANOSIM restricted within subject keeps R and stays significant', () => {
    const r = anosim(dm, bodySite, { seed: 2, permutations: 999, strata: groupCodes(dm.ids, 'subject') });
    if (!r.ok) throw new Error(r.error.message);
    expect(maxRelError([r.value.statistic], [ref.anosim.R])).toBeLessThan(1e-9);
    expect(r.value.strata).toBe(true);
    expect(r.value.p).toBeLessThanOrEqual(0.005);
  });

  it.each([1, 2, 3])(
    'NMDS (seed %i) reaches vegan’s best stress and configuration (Procrustes rmse < 0.005)',
    (seed) => {
      const r = nmds(dm, { k: 2, seed, trymax: 100 });
      if (!r.ok) throw new Error(r.error.message);
      const v = r.value;
      expect(maxRelError([v.stress], [ref.nmds.stress])).toBeLessThan(1e-5);
      expect(v.converged).toBe(ref.nmds.converged > 0);
      expect(v.tries).toBeGreaterThanOrEqual(ref.nmds.tries);
      expect(v.halfChange).toBe(true);
      const n = ref.ids.length;
      const expected = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        expected[2 * i] = ref.nmds.points_MDS1[i]!;
        expected[2 * i + 1] = ref.nmds.points_MDS2[i]!;
      }
      const fit = procrustes(expected, v.points, n, 2, { scale: false });
      expect(fit.rmse).toBeLessThan(0.005);
      // postMDS centres, so no translation is needed: the fit of the raw points is as good
      let raw = 0;
      for (let q = 0; q < 2 * n; q++) raw += (expected[q]! - fit.yRotated[q]!) ** 2;
      expect(Math.sqrt(raw / n)).toBeLessThan(0.005);
    },
  );
});
