import { faithPd } from '../../lambdas/core/amplicon/diversity/faith-pd.js';
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { parseBiomTsv } from '../../lambdas/core/amplicon/formats/biom-tsv.js';
import { type PhyloTree, parseNewick } from '../../lambdas/core/study/newick.js';
import type { FeatureTable } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson, readFixtureText } from '../helpers/fixtures.js';
import { expectAllClose } from '../helpers/numeric.js';

interface ReferenceAlpha {
  samples: { sample_id: string; faith_pd: number }[];
}

/** Largest |a-b| / max(|a|,|b|) over the samples. */
function maxRelativeError(actual: (number | null)[], expected: number[]): number {
  return expected.reduce(
    (m, e, j) => Math.max(m, Math.abs(actual[j]! - e) / Math.max(Math.abs(actual[j]!), Math.abs(e))),
    0,
  );
}

describe('Newick + faith_pd vs test/fixtures/globalpatterns/reference/alpha.json', () => {
  const ref = readFixtureJson<ReferenceAlpha>('reference', 'globalpatterns', 'alpha.json');
  const text = readFixtureText('data', 'globalpatterns', 'GlobalPatterns_tree.nwk');
  let tree: PhyloTree;

  beforeAll(() => {
    tree = parseNewick(text);
  });

  it('parses the 644 KB, 19216-tip tree', () => {
    expect(tree.nTips).toBe(19216);
    // README: rooted, the root has 2 children
    let rootChildren = 0;
    for (let v = 1; v < tree.parent.length; v++) if (tree.parent[v] === 0) rootChildren++;
    expect(rootChildren).toBe(2);
    // ape::write.tree of a fully bifurcating tree: 2n - 1 nodes
    expect(tree.parent.length).toBe(2 * 19216 - 1);
  });

  it('matches every sample from GlobalPatterns.biom (HDF5)', async () => {
    const table = await parseBiomHdf5(readFixture('data', 'globalpatterns', 'GlobalPatterns.biom'));
    expect(table.sampleIds).toEqual(ref.samples.map((s) => s.sample_id));
    const pd = faithPd(table, tree);
    expectAllClose(
      pd,
      ref.samples.map((s) => s.faith_pd),
      'GlobalPatterns faith_pd',
    );
    expect(
      maxRelativeError(
        pd,
        ref.samples.map((s) => s.faith_pd),
      ),
    ).toBeLessThan(1e-14);
  });

  it('matches every sample from GlobalPatterns_feature-table.tsv (classic BIOM TSV)', () => {
    const table: FeatureTable = parseBiomTsv(readFixture('data', 'globalpatterns', 'GlobalPatterns_feature-table.tsv'));
    expectAllClose(
      faithPd(table, tree),
      ref.samples.map((s) => s.faith_pd),
      'GlobalPatterns TSV faith_pd',
    );
  });
});

describe('Newick + faith_pd vs test/fixtures/qiime2-moving-pictures/reference/alpha.json', () => {
  it('matches every sample from feature-table.biom and tree.nwk', async () => {
    const ref = readFixtureJson<ReferenceAlpha>('reference', 'qiime2-moving-pictures', 'alpha.json');
    const tree = parseNewick(readFixtureText('data', 'qiime2-moving-pictures', 'tree.nwk'));
    const table = await parseBiomHdf5(readFixture('data', 'qiime2-moving-pictures', 'feature-table.biom'));
    expect(table.sampleIds).toEqual(ref.samples.map((s) => s.sample_id));
    expect(tree.nTips).toBe(770);
    const pd = faithPd(table, tree);
    expectAllClose(
      pd,
      ref.samples.map((s) => s.faith_pd),
      'moving pictures faith_pd',
    );
    expect(
      maxRelativeError(
        pd,
        ref.samples.map((s) => s.faith_pd),
      ),
    ).toBeLessThan(1e-14);
  });
});
