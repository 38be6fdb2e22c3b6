/**
 * UniFrac against test/fixtures/<set>/reference/unifrac.json: scikit-bio 0.5.8
 * `beta_diversity('unweighted_unifrac' | 'weighted_unifrac', counts, ids, otu_ids, tree, validate=True)`
 * (weighted with normalized=True and False) on the raw counts, cross-checked there by phyloseq.
 * The moving-pictures tree is not binary (768 internal nodes for 770 tips); GlobalPatterns' is.
 * Tolerance 1e-9 relative (docs/metrics.md); the measured agreement is ~1e-14 and is pinned at 1e-12.
 * PERMANOVA on the unweighted distances (pseudo-F, R², SS) to 1e-9; p at its minimum like both tools'.
 */

import type { DistanceMatrix } from '../../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import { unweightedUnifrac, weightedUnifrac } from '../../lambdas/core/amplicon/diversity/beta/unifrac.js';
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import type { Result } from '../../lambdas/core/errors.js';
import { permanova } from '../../lambdas/core/stats/permanova.js';
import { type PhyloTree, parseNewickBytes } from '../../lambdas/core/study/newick.js';
import { parseMetadata } from '../../lambdas/core/study/qiime2-metadata.js';
import type { FeatureTable } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const REL = 1e-9;
const MEASURED = 1e-12;

interface UnifracReference {
  ids: string[];
  unweighted_unifrac: number[];
  weighted_unifrac_normalized: number[];
  weighted_unifrac_unnormalized: number[];
  permanova_unweighted_unifrac: {
    group_column: string;
    n: number;
    groups: number;
    pseudo_F: number;
    R2: number;
    SS_total: number;
    SS_within: number;
    stochastic: Record<string, unknown>;
  };
}

const SETS = [
  {
    set: 'qiime2-moving-pictures',
    biom: 'feature-table.biom',
    tree: 'tree.nwk',
    metadata: 'sample-metadata.tsv',
    tips: 770,
    internal: 768,
  },
  {
    set: 'globalpatterns',
    biom: 'GlobalPatterns.biom',
    tree: 'GlobalPatterns_tree.nwk',
    metadata: 'GlobalPatterns_sample-metadata.tsv',
    tips: 19216,
    internal: 19215,
  },
];

/** The matrix of an ok result (fails the test otherwise). */
function matrixOf(r: Result<DistanceMatrix>): DistanceMatrix {
  if (!r.ok) throw new Error(`UniFrac failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe.each(SETS)(
  'UniFrac vs test/fixtures/$set/reference/unifrac.json',
  ({ set, biom, tree: treeFile, metadata, tips, internal }) => {
    const ref = readFixtureJson<{ results: UnifracReference[] }>('reference', set, 'unifrac.json').results[0]!;
    let table: FeatureTable;
    let tree: PhyloTree;
    let unweighted: DistanceMatrix;

    beforeAll(async () => {
      table = await parseBiomHdf5(readFixture('data', set, biom));
      tree = parseNewickBytes(readFixture('data', set, treeFile));
      unweighted = matrixOf(unweightedUnifrac(table, tree));
    });

    it('reads the table in reference order and the tree with its multifurcations', () => {
      expect(table.sampleIds).toEqual(ref.ids);
      expect(tree.nTips).toBe(tips);
      expect(tree.parent.length - tree.nTips).toBe(internal);
    });

    it('unweighted UniFrac matches every pair', () => {
      expect(unweighted.ids).toEqual(ref.ids);
      const err = maxRelError(unweighted.data, ref.unweighted_unifrac);
      expect(err).toBeLessThanOrEqual(REL);
      expect(err).toBeLessThanOrEqual(MEASURED);
    });

    it.each([
      ['normalized', true, 'weighted_unifrac_normalized'],
      ['unnormalized', false, 'weighted_unifrac_unnormalized'],
    ] as const)('weighted UniFrac (%s) matches every pair', (_, normalized, key) => {
      const dm = matrixOf(weightedUnifrac(table, tree, { normalized }));
      expect(dm.ids).toEqual(ref.ids);
      const err = maxRelError(dm.data, ref[key]);
      expect(err).toBeLessThanOrEqual(REL);
      expect(err).toBeLessThanOrEqual(MEASURED);
    });

    it('PERMANOVA on unweighted UniFrac: pseudo-F, R², SS_T and SS_W match skbio', () => {
      const r = ref.permanova_unweighted_unifrac;
      const md = parseMetadata(readFixture('data', set, metadata));
      const col = md.columns.find((c) => c.name === r.group_column)!;
      const byId = new Map(md.sampleIds.map((id, k) => [id, col.values[k]!]));
      const levels = [...new Set(unweighted.ids.map((id) => byId.get(id)!))].sort();
      const grouping = Int32Array.from(unweighted.ids, (id) => levels.indexOf(byId.get(id)!));
      const res = permanova(unweighted, grouping, { seed: 20240611, permutations: 999 });
      expect(res.n).toBe(r.n);
      expect(res.groups).toBe(r.groups);
      expect(
        maxRelError([res.statistic, res.r2, res.ssTotal, res.ssWithin], [r.pseudo_F, r.R2, r.SS_total, r.SS_within]),
      ).toBeLessThanOrEqual(REL);
      // skbio and vegan both give 0.001: no permutation of 999 reached F
      expect(res.p).toBe(0.001);
    });
  },
);
