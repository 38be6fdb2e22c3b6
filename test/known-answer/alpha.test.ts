/**
 * Alpha metrics and per-feature summaries against the shared reference values
 * (scikit-bio 0.5.8, cross-checked with vegan 2.6-4; see test/fixtures/<set>/reference/<dataset>/README.md).
 * Tolerance: docs/metrics.md, |a-b| <= 1e-9 max(|a|,|b|) or <= 1e-12.
 */
import { alphaDiversity } from '../../lambdas/core/amplicon/diversity/alpha/alpha-diversity.js';
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { summarizeAmplicon } from '../../lambdas/core/amplicon/summarize.js';
import type { AmpliconSampleMetrics } from '../../lambdas/core/results/model.js';
import { type FeatureTable, isIntegerTable } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson, readFixtureText } from '../helpers/fixtures.js';
import { loadDenseBiomJson } from '../helpers/load-dense-biom.js';
import { closeTo, expectAllClose } from '../helpers/numeric.js';

const METRICS = [
  'depth',
  'observed_features',
  'shannon_entropy',
  'simpson',
  'pielou_evenness',
  'chao1',
  'ace',
  'goods_coverage',
] as const;

interface ReferenceAlpha {
  metrics: string[];
  samples: ({ sample_id: string } & Record<(typeof METRICS)[number] | 'faith_pd', number | null>)[];
}

function expectMatchesReference(rows: AmpliconSampleMetrics[], ref: ReferenceAlpha, label: string): void {
  expect(rows.map((r) => r.sampleId)).toEqual(ref.samples.map((s) => s.sample_id));
  for (const m of METRICS) {
    expectAllClose(
      rows.map((r) => r[m]),
      ref.samples.map((s) => s[m]),
      `${label} ${m}`,
    );
  }
}

/** Phylum key of a lineage as docs/metrics.md collapses it: first two ranks, a bare prefix ('p__') or empty rank becomes '__', joined with ';'. */
function phylumKey(lineage: string): string {
  const ranks = lineage.split(';').map((r) => r.trim());
  return [0, 1].map((i) => (ranks[i] === undefined || /^([a-z]__|__|)$/i.test(ranks[i]!) ? '__' : ranks[i]!)).join(';');
}

describe('alpha diversity vs test/fixtures/globalpatterns/reference/alpha.json', () => {
  const ref = readFixtureJson<ReferenceAlpha>('reference', 'globalpatterns', 'alpha.json');
  let fromHdf5: FeatureTable;

  beforeAll(async () => {
    fromHdf5 = await parseBiomHdf5(readFixture('data', 'globalpatterns', 'GlobalPatterns.biom'));
  });

  it('matches every sample and metric from GlobalPatterns.biom (HDF5 parser)', () => {
    expect(isIntegerTable(fromHdf5)).toBe(true);
    expectMatchesReference(alphaDiversity(fromHdf5, { integerCounts: true }), ref, 'GlobalPatterns.biom');
  });

  it('matches every sample and metric from GlobalPatterns.dense.biom.json (test loader)', () => {
    const t = loadDenseBiomJson(readFixtureText('data', 'globalpatterns', 'GlobalPatterns.dense.biom.json'));
    expectMatchesReference(
      alphaDiversity(t, { integerCounts: isIntegerTable(t) }),
      ref,
      'GlobalPatterns.dense.biom.json',
    );
  });

  it('summarizes features: prevalence read off observation/matrix, 228 all-zero features, mean relative abundances sum to 1', () => {
    const s = summarizeAmplicon(fromHdf5);
    expect(s.integerCounts).toBe(true);
    expectMatchesReference(s.samples, ref, 'summarizeAmplicon');
    // observation/matrix/indptr of GlobalPatterns.biom starts 0, 5, 7, 8: the first three OTUs occur in 5, 2 and 1 of the 26 samples
    expect(s.features.slice(0, 3).map((f) => [f.featureId, f.prevalence])).toEqual([
      ['549322', 5 / 26],
      ['522457', 2 / 26],
      ['951', 1 / 26],
    ]);
    // reference dataset.json: n_all_zero_features = 228
    expect(s.features.filter((f) => f.prevalence === 0)).toHaveLength(228);
    expect(s.notes.some((n) => n.startsWith('228 feature(s) are zero in every sample'))).toBe(true);
    expect(
      closeTo(
        s.features.reduce((a, f) => a + f.meanRelativeAbundance, 0),
        1,
        1e-12,
      ),
    ).toBe(true);
    expect(s.features[0]!.taxonomy).toBe('k__Archaea; p__Crenarchaeota; c__Thermoprotei; o__; f__; g__; s__');
  });

  it('gives per-phylum sums of mean relative abundance equal to the mean of taxa_phylum.json relative abundances', () => {
    const s = summarizeAmplicon(fromHdf5);
    const phyla = readFixtureJson<{ taxa: { taxon: string; n_features: number; relative_abundance: number[] }[] }>(
      'reference',
      'globalpatterns',
      'taxa_phylum.json',
    );
    const sum = new Map<string, number>();
    const count = new Map<string, number>();
    for (const f of s.features) {
      const k = phylumKey(f.taxonomy!);
      sum.set(k, (sum.get(k) ?? 0) + f.meanRelativeAbundance);
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    expect([...sum.keys()].sort()).toEqual(phyla.taxa.map((t) => t.taxon).sort());
    for (const t of phyla.taxa) {
      expect(count.get(t.taxon)).toBe(t.n_features);
      const mean = t.relative_abundance.reduce((a, b) => a + b, 0) / t.relative_abundance.length;
      expectAllClose([sum.get(t.taxon)!], [mean], `phylum ${t.taxon}`);
    }
  });
});

describe('alpha diversity vs test/fixtures/qiime2-moving-pictures/reference/alpha.json', () => {
  const ref = readFixtureJson<ReferenceAlpha>('reference', 'qiime2-moving-pictures', 'alpha.json');
  let table: FeatureTable;

  beforeAll(async () => {
    table = await parseBiomHdf5(readFixture('data', 'qiime2-moving-pictures', 'feature-table.biom'));
  });

  it('matches every sample and metric from feature-table.biom (HDF5 parser)', () => {
    expectMatchesReference(alphaDiversity(table, { integerCounts: isIntegerTable(table) }), ref, 'feature-table.biom');
  });

  it('summarizes features: prevalence read off observation/matrix, mean relative abundances sum to 1, no notes', () => {
    const s = summarizeAmplicon(table);
    expectMatchesReference(s.samples, ref, 'summarizeAmplicon');
    // observation/matrix/indptr of feature-table.biom starts 0, 13, 29, 54: the first three ASVs occur in 13, 16 and 25 of the 34 samples
    expect(s.features.slice(0, 3).map((f) => f.prevalence)).toEqual([13 / 34, 16 / 34, 25 / 34]);
    expect(
      closeTo(
        s.features.reduce((a, f) => a + f.meanRelativeAbundance, 0),
        1,
        1e-12,
      ),
    ).toBe(true);
    expect(s.features.every((f) => f.taxonomy === null)).toBe(true);
    expect(s.notes).toEqual([]);
  });
});
