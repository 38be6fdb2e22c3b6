/**
 * Taxa collapse against test/fixtures/<set>/reference/<dataset>/taxa_{phylum,genus}.json
 * (numpy, cross-checked with R rowsum(): the taxonomy keys of docs/metrics.md#taxonomy, relative abundance =
 * collapsed count / sample depth, taxa sorted by key) and the clr(x + 1) and
 * group means of the wilcoxon_genus_*.json files (numpy, cross-checked in R).
 * Tolerance (docs/metrics.md / reference README): |a-b| <= 1e-9 max(|a|,|b|), with
 * an absolute floor of 1e-12 x the largest |value| of the file for values near 0.
 */
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { parseTaxonomy } from '../../lambdas/core/amplicon/formats/qiime2-taxonomy.js';
import { clrSampleDense } from '../../lambdas/core/amplicon/normalize/clr.js';
import { rarefy } from '../../lambdas/core/amplicon/normalize/rarefy.js';
import { relativeAbundance } from '../../lambdas/core/amplicon/normalize/relative-abundance.js';
import { type CollapsedTable, collapseTable, taxaSummary } from '../../lambdas/core/amplicon/taxonomy/collapse.js';
import { rankIndexOf } from '../../lambdas/core/amplicon/taxonomy/lineage.js';
import type { FeatureTable } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { closeTo, expectAllClose } from '../helpers/numeric.js';

interface ReferenceTaxa {
  rank: string;
  level: number;
  sample_ids: string[];
  n_taxa: number;
  taxa: { taxon: string; n_features: number; relative_abundance: number[] }[];
}

interface ReferenceWilcoxon {
  samples_A: string[];
  samples_B: string[];
  n_taxa_total: number;
  results: { taxon: string; clr_mean_difference: number; mean_rel_abundance_A: number; mean_rel_abundance_B: number }[];
}

const DATASETS = [
  {
    dir: 'globalpatterns',
    table: 'GlobalPatterns.biom',
    taxonomy: 'GlobalPatterns_taxonomy.tsv',
    phyla: 67,
    genera: 1516,
    wilcoxon: 'wilcoxon_genus_SampleType_Feces_vs_Skin.json',
  },
  {
    dir: 'qiime2-moving-pictures',
    table: 'feature-table.biom',
    taxonomy: 'taxonomy.tsv',
    phyla: 21,
    genera: 277,
    wilcoxon: 'wilcoxon_genus_subject_subject-1_vs_subject-2.json',
  },
] as const;

/** Dense taxa x samples values of a table (row t = taxon t). */
function dense(t: FeatureTable): Float64Array[] {
  const out = t.featureIds.map(() => new Float64Array(t.sampleIds.length));
  for (let j = 0; j < t.sampleIds.length; j++)
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) out[t.indices[p]!]![j] = t.data[p]!;
  return out;
}

/** Σ of each sample's values. */
function sampleTotals(t: FeatureTable): number[] {
  return t.sampleIds.map((_, j) => {
    let s = 0;
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) s += t.data[p]!;
    return s;
  });
}

/** Lineage of each table feature from the taxonomy TSV (null when absent). */
function lineagesFor(table: FeatureTable, dir: string, file: string): (string | null)[] {
  const tax = parseTaxonomy(readFixture('data', dir, file));
  const byId = new Map(tax.featureIds.map((id, i) => [id, tax.taxa[i]!]));
  return table.featureIds.map((id) => byId.get(id) ?? null);
}

/** Largest relative difference over values not within the absolute floor. */
function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor: number): number {
  let m = 0;
  for (let k = 0; k < expected.length; k++) {
    const d = Math.abs(actual[k]! - expected[k]!);
    if (d > floor) m = Math.max(m, d / Math.max(Math.abs(actual[k]!), Math.abs(expected[k]!)));
  }
  return m;
}

describe.each(DATASETS)('taxa of $dir', (ds) => {
  let table: FeatureTable;
  let lineages: (string | null)[];

  beforeAll(async () => {
    table = await parseBiomHdf5(readFixture('data', ds.dir, ds.table));
    lineages = lineagesFor(table, ds.dir, ds.taxonomy);
  });

  describe.each([
    ['phylum', 'phyla'],
    ['genus', 'genera'],
  ] as const)('collapsed at %s', (rank, countKey) => {
    let ref: ReferenceTaxa;
    let collapsed: CollapsedTable;

    beforeAll(() => {
      ref = readFixtureJson<ReferenceTaxa>('reference', ds.dir, `taxa_${rank}.json`);
      collapsed = collapseTable(table, lineages, rankIndexOf(rank));
    });

    it('has the reference taxa, keys, order and feature counts', () => {
      expect(lineages.every((l) => l !== null)).toBe(true);
      expect(ref.level).toBe(rankIndexOf(rank) + 1);
      expect(collapsed.taxa).toHaveLength(ds[countKey]);
      expect(ref.n_taxa).toBe(ds[countKey]);
      expect(collapsed.taxa).toEqual(ref.taxa.map((t) => t.taxon));
      expect([...collapsed.nFeatures]).toEqual(ref.taxa.map((t) => t.n_features));
      expect(collapsed.table.sampleIds).toEqual(ref.sample_ids);
    });

    it('matches every relative abundance of every taxon', () => {
      const rel = dense(relativeAbundance(collapsed.table));
      let worst = 0;
      ref.taxa.forEach((t, k) => {
        expectAllClose(rel[k]!, t.relative_abundance, `${ds.dir} ${rank} ${t.taxon}`);
        worst = Math.max(worst, maxRelativeError(rel[k]!, t.relative_abundance, 0));
      });
      // both divide the exact integer sum by the exact depth: identical doubles
      expect(worst).toBe(0);
    });

    it('summarises prevalence and mean relative abundance as derived from the reference values', () => {
      const rows = taxaSummary(collapsed);
      const n = ref.sample_ids.length;
      rows.forEach((row, k) => {
        const values = ref.taxa[k]!.relative_abundance;
        expect(row.taxon).toBe(ref.taxa[k]!.taxon);
        expect(row.rank).toBe(rank);
        expect(row.prevalence).toBe(values.filter((v) => v > 0).length / n);
        expect(closeTo(row.meanRelativeAbundance, values.reduce((a, b) => a + b, 0) / n)).toBe(true);
      });
      expect(
        closeTo(
          rows.reduce((a, r) => a + r.meanRelativeAbundance, 0),
          1,
          1e-12,
        ),
      ).toBe(true);
    });

    it('preserves every sample total', () => {
      expect(sampleTotals(collapsed.table)).toEqual(sampleTotals(table));
    });
  });

  it('gives the clr(x + 1) mean differences and group means of the genus-level Wilcoxon reference', () => {
    const ref = readFixtureJson<ReferenceWilcoxon>('reference', ds.dir, ds.wilcoxon);
    const genus = collapseTable(table, lineages, rankIndexOf('genus'));
    expect(genus.taxa).toHaveLength(ref.n_taxa_total);
    const col = new Map(table.sampleIds.map((id, j) => [id, j]));
    const clrBySample = table.sampleIds.map((_, j) => clrSampleDense(genus.table, j));
    const rel = dense(relativeAbundance(genus.table));
    const mean = (ids: string[], f: (j: number) => number) =>
      ids.reduce((a, id) => a + f(col.get(id)!), 0) / ids.length;
    const diff: number[] = [],
      expDiff: number[] = [],
      relA: number[] = [],
      expA: number[] = [],
      relB: number[] = [],
      expB: number[] = [];
    for (const r of ref.results) {
      const t = genus.taxa.indexOf(r.taxon);
      expect(t).toBeGreaterThanOrEqual(0);
      diff.push(mean(ref.samples_A, (j) => clrBySample[j]![t]!) - mean(ref.samples_B, (j) => clrBySample[j]![t]!));
      expDiff.push(r.clr_mean_difference);
      relA.push(mean(ref.samples_A, (j) => rel[t]![j]!));
      expA.push(r.mean_rel_abundance_A);
      relB.push(mean(ref.samples_B, (j) => rel[t]![j]!));
      expB.push(r.mean_rel_abundance_B);
    }
    const scale = expDiff.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const floor = 1e-12 * scale;
    diff.forEach((d, k) => expect(closeTo(d, expDiff[k]!, 1e-9, floor)).toBe(true));
    expectAllClose(relA, expA, `${ds.dir} mean_rel_abundance_A`);
    expectAllClose(relB, expB, `${ds.dir} mean_rel_abundance_B`);
  });
});

describe('GlobalPatterns lineages from the HDF5 observation metadata', () => {
  it('give the same genus keys as the taxonomy TSV', async () => {
    const table = await parseBiomHdf5(readFixture('data', 'globalpatterns', 'GlobalPatterns.biom'));
    const ref = readFixtureJson<ReferenceTaxa>('reference', 'globalpatterns', 'taxa_genus.json');
    expect(collapseTable(table, table.taxonomy!, rankIndexOf('genus')).taxa).toEqual(ref.taxa.map((t) => t.taxon));
  });
});

describe('rarefaction of the moving-pictures table to 1000 reads', () => {
  it('drops exactly the samples below 1000 in alpha.json (depths 898, 953, 971) and keeps totals at 1000 through a genus collapse', async () => {
    const table = await parseBiomHdf5(readFixture('data', 'qiime2-moving-pictures', 'feature-table.biom'));
    const alpha = readFixtureJson<{ samples: { sample_id: string; depth: number }[] }>(
      'reference',
      'qiime2-moving-pictures',
      'alpha.json',
    );
    const r = rarefy(table, 1000, 20240611);
    expect(r.dropped).toEqual(alpha.samples.filter((s) => s.depth < 1000).map((s) => s.sample_id));
    expect(r.dropped).toHaveLength(3);
    const genus = collapseTable(
      r.table,
      lineagesFor(r.table, 'qiime2-moving-pictures', 'taxonomy.tsv'),
      rankIndexOf('genus'),
    );
    expect(sampleTotals(genus.table).every((s) => s === 1000)).toBe(true);
    expect(genus.table.sampleIds).toHaveLength(alpha.samples.length - r.dropped.length);
    expect(dense(rarefy(table, 1000, 20240611).table)).toEqual(dense(r.table));
  });
});
