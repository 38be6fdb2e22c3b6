/**
 * Beta diversity and PCoA against the shared reference values (scikit-bio 0.5.8 /
 * scipy 1.10, cross-checked with vegan 2.6-4 and R cmdscale; see
 * test/fixtures/<set>/reference/<dataset>/README.md, sections beta.json and pcoa_bray_curtis.json).
 * Tolerance: docs/metrics.md, |a-b| <= 1e-9 max(|a|,|b|) or <= 1e-12; numerically zero
 * eigenvalues (flagged in the reference) only absolutely, 1e-12 × λ1.
 */
import { type BetaMetric, betaDiversity } from '../../lambdas/core/amplicon/diversity/beta/index.js';
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { coordinate, pcoa } from '../../lambdas/core/ordination/index.js';
import { type FeatureTable, FeatureTableBuilder } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson, readFixtureText } from '../helpers/fixtures.js';
import { loadDenseBiomJson } from '../helpers/load-dense-biom.js';
import { expectAllClose } from '../helpers/numeric.js';

interface ReferenceBeta {
  ids: string[];
  n: number;
  bray_curtis: number[];
  jaccard: number[];
  aitchison: number[];
  aitchison_excluding_all_zero_features?: number[];
}

interface ReferencePcoa {
  ids: string[];
  eigenvalues: number[];
  eigenvalue_numerically_zero: boolean[];
  sum_positive_eigenvalues: number;
  proportion_explained: (number | null)[];
  abs_coordinates_axes_1_3: Record<string, [number, number, number]>;
  skbio_pcoa_eigvals_first10: number[];
  n_negative_eigenvalues: number;
}

const METRICS: BetaMetric[] = ['bray_curtis', 'jaccard', 'aitchison'];

/** The same table without the features that are zero in every sample. */
function withoutAllZeroFeatures(t: FeatureTable): FeatureTable {
  const seen = new Uint8Array(t.featureIds.length);
  for (const f of t.indices) seen[f] = 1;
  const keep = t.featureIds.flatMap((_, f) => (seen[f] ? [f] : []));
  const newIndex = new Int32Array(t.featureIds.length).fill(-1);
  keep.forEach((f, k) => (newIndex[f] = k));
  const b = new FeatureTableBuilder(
    keep.map((f) => t.featureIds[f]!),
    t.sampleIds,
  );
  for (let s = 0; s < t.sampleIds.length; s++)
    for (let p = t.indptr[s]!; p < t.indptr[s + 1]!; p++) b.add(newIndex[t.indices[p]!]!, s, t.data[p]!);
  return b.build();
}

function describeDataset(dataset: string, load: () => Promise<FeatureTable>): void {
  const beta = readFixtureJson<ReferenceBeta>('reference', dataset, 'beta.json');
  const ref = readFixtureJson<ReferencePcoa>('reference', dataset, 'pcoa_bray_curtis.json');
  let table: FeatureTable;

  beforeAll(async () => {
    table = await load();
  });

  it.each(METRICS)('%s matches beta.json (all non-empty samples, condensed order)', (metric) => {
    const r = betaDiversity(metric, table);
    expect(r.matrix.ids).toEqual(beta.ids);
    expect(r.skipped).toEqual([]);
    expectAllClose(r.matrix.data, beta[metric], `${dataset} ${metric}`);
  });

  if (beta.aitchison_excluding_all_zero_features) {
    it('aitchison runs over all features: dropping the all-zero ones gives the reference’s other matrix', () => {
      const excluded = betaDiversity('aitchison', withoutAllZeroFeatures(table)).matrix.data;
      expect(excluded.length).toBe(beta.aitchison.length);
      expectAllClose(
        excluded,
        beta.aitchison_excluding_all_zero_features!,
        `${dataset} aitchison without all-zero features`,
      );
      expect(() => expectAllClose(excluded, beta.aitchison, 'must differ')).toThrow();
    });
  }

  describe('PCoA of Bray–Curtis vs pcoa_bray_curtis.json', () => {
    let p: ReturnType<typeof pcoa>;
    beforeAll(() => {
      p = pcoa(betaDiversity('bray_curtis', table).matrix);
    });

    it('eigenvalues: positive ones to 1e-9 relative, numerically zero ones absolutely and reported as 0', () => {
      const zero = ref.eigenvalue_numerically_zero;
      const kept = ref.eigenvalues.filter((x, k) => !zero[k] && x > 0);
      expect(p.ids).toEqual(ref.ids);
      expect(p.nAxes).toBe(kept.length);
      expectAllClose(p.eigenvalues.subarray(0, p.nAxes), kept, `${dataset} eigenvalues`);
      const absFloor = 1e-12 * ref.eigenvalues[0]!;
      ref.eigenvalues.forEach((x, k) => {
        if (!zero[k]) return;
        expect(Math.abs(p.rawEigenvalues[k]! - x)).toBeLessThanOrEqual(absFloor);
        expect(p.eigenvalues[k]).toBe(0);
      });
      expect(p.nNegative).toBe(ref.n_negative_eigenvalues);
      expectAllClose(
        [p.eigenvalues.subarray(0, p.nAxes).reduce((s, x) => s + x, 0)],
        [ref.sum_positive_eigenvalues],
        'sum',
      );
      expectAllClose(p.eigenvalues.subarray(0, 10), ref.skbio_pcoa_eigvals_first10, `${dataset} skbio eigvals`);
    });

    it('proportion explained (first 10 axes)', () => {
      expectAllClose(
        p.proportionExplained.subarray(0, ref.proportion_explained.length),
        ref.proportion_explained,
        `${dataset} proportions`,
      );
    });

    it('|coordinates| on axes 1–3', () => {
      const got: number[] = [],
        want: number[] = [];
      p.ids.forEach((id, s) => {
        for (let k = 0; k < 3; k++) {
          got.push(Math.abs(coordinate(p, s, k)));
          want.push(ref.abs_coordinates_axes_1_3[id]![k]!);
        }
      });
      expectAllClose(got, want, `${dataset} |coordinates|`);
    });
  });
}

describe('globalpatterns (GlobalPatterns.dense.biom.json, 19216 features × 26 samples)', () => {
  describeDataset('globalpatterns', async () =>
    loadDenseBiomJson(readFixtureText('data', 'globalpatterns', 'GlobalPatterns.dense.biom.json')),
  );
});

describe('qiime2-moving-pictures (feature-table.biom, HDF5, 770 features × 34 samples)', () => {
  describeDataset('qiime2-moving-pictures', () =>
    parseBiomHdf5(readFixture('data', 'qiime2-moving-pictures', 'feature-table.biom')),
  );
});
