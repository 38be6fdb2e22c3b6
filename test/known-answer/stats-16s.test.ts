/**
 * 16S study statistics against test/fixtures/<set>/reference/{globalpatterns,qiime2-moving-pictures} (R 4.2.2 stats / vegan 2.6-4 / scikit-bio 0.5.8;
 * see each README's sections permanova_bray_curtis.json, kruskal_shannon.json, wilcoxon_<rank>_…json and spearman_<rank>_vs_<column>.json).
 * Inputs are the reference folder's own beta.json (Bray–Curtis), alpha.json (Shannon) and taxa_genus.json (genus relative abundance), plus
 * the metadata TSV of test/fixtures, so these tests depend on no other part of the pipeline but the metadata parser.
 * Tolerance: deterministic numbers 1e-9 relative (docs/metrics.md); p-values without an absolute floor. PERMANOVA p is stochastic: see below.
 */

import { benjaminiHochberg } from '../../lambdas/core/stats/benjamini-hochberg.js';
import { kruskalWallis } from '../../lambdas/core/stats/kruskal-wallis.js';
import { mannWhitneyU } from '../../lambdas/core/stats/mann-whitney-u.js';
import { permanova } from '../../lambdas/core/stats/permanova.js';
import { spearman } from '../../lambdas/core/stats/spearman.js';
import { parseMetadata, type SampleMetadata } from '../../lambdas/core/study/qiime2-metadata.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const REL = 1e-9;
/** the reference runs' seed, reused here (our RNG differs, so only the p-value's range carries over) */
const SEED = 20240611;

/** One metadata column as sample id → value (null when missing). */
function metadataColumn(md: SampleMetadata, name: string): Map<string, string | null> {
  const col = md.columns.find((c) => c.name === name);
  if (!col) throw new Error(`metadata has no column ${name}`);
  return new Map(md.sampleIds.map((id, i) => [id, col.values[i]!]));
}

/** Group codes in `ids` order for a categorical column (levels sorted), −1 where missing. */
function groupCodes(ids: string[], column: Map<string, string | null>): Int32Array {
  const levels = [...new Set(ids.map((id) => column.get(id)).filter((v): v is string => v != null))].sort();
  return Int32Array.from(ids, (id) => {
    const v = column.get(id);
    return v == null ? -1 : levels.indexOf(v);
  });
}

interface Dataset {
  folder: string;
  metadata: string[];
}
const DATASETS: Dataset[] = [
  { folder: 'globalpatterns', metadata: ['data', 'globalpatterns', 'GlobalPatterns_sample-metadata.tsv'] },
  { folder: 'qiime2-moving-pictures', metadata: ['data', 'qiime2-moving-pictures', 'sample-metadata.tsv'] },
];

describe.each(DATASETS)('16S statistics vs test/fixtures/$folder/reference', ({ folder, metadata }) => {
  const md = parseMetadata(readFixture(...metadata));
  const ref = (file: string) => readFixtureJson('reference', folder, file);

  describe('permanova_bray_curtis.json', () => {
    const beta = ref('beta.json');
    const dm = { ids: beta.ids as string[], data: Float64Array.from(beta.bray_curtis as number[]) };
    const results = ref('permanova_bray_curtis.json').results as any[];

    it.each(results.map((r) => [r.group_column, r]))(
      '%s: pseudo-F, R², SS_T, SS_W and sizes match; p agrees with skbio and vegan',
      (_, r) => {
        const grouping = groupCodes(dm.ids, metadataColumn(md, r.group_column));
        const res = permanova(dm, grouping, { seed: SEED, permutations: 999 });
        expect(
          maxRelError(
            [res.statistic, res.statistic, res.r2, res.r2, res.ssTotal, res.ssWithin],
            [r.pseudo_F, r.vegan_adonis2_F, r.R2, r.vegan_adonis2_R2, r.SS_total, r.SS_within],
          ),
        ).toBeLessThanOrEqual(REL);
        expect(res.n).toBe(r.n);
        expect(res.groups).toBe(r.groups);
        expect(res.nMissing).toBe(r.n_missing_group);
        expect(res.groupSizes).toEqual(
          Object.keys(r.group_sizes)
            .sort()
            .map((k) => r.group_sizes[k]),
        );
        const { p_value_skbio_999: skbio, p_value_vegan_adonis2_999: vegan } = r.stochastic;
        if (skbio === 0.001 && vegan === 0.001) {
          // both tools saw no permutation reach F in 999: the permutation tail is far below 1/1000, so ours is at its minimum too
          expect(res.p).toBe(0.001);
        } else {
          // 999 permutations estimate the permutation p with sd √(p(1−p)/999); allow 4 sd around the tools' mean, and the same side of 0.05
          const centre = (skbio + vegan) / 2;
          expect(Math.abs(res.p - centre)).toBeLessThanOrEqual(4 * Math.sqrt((centre * (1 - centre)) / 999));
          expect(res.p < 0.05).toBe(skbio < 0.05 && vegan < 0.05);
        }
      },
    );

    const stratified = results.filter((r) => r.stochastic.strata_column);
    if (stratified.length > 0)
      it.each(stratified.map((r) => [r.group_column, r.stochastic.strata_column, r]))(
        '%s within %s strata: same F, p at vegan adonis2(strata)',
        (_, strataColumn, r) => {
          const grouping = groupCodes(dm.ids, metadataColumn(md, r.group_column));
          const strata = groupCodes(dm.ids, metadataColumn(md, strataColumn as string));
          const res = permanova(dm, grouping, { seed: SEED, permutations: 999, strata });
          expect(res.strata).toBe(true);
          expect(maxRelError([res.statistic, res.r2], [r.pseudo_F, r.R2])).toBeLessThanOrEqual(REL);
          expect(r.stochastic.p_value_vegan_adonis2_999_strata).toBe(0.001);
          expect(res.p).toBe(0.001);
        },
      );
  });

  describe('kruskal_shannon.json', () => {
    const alpha = ref('alpha.json').samples as { sample_id: string; shannon_entropy: number }[];
    it.each((ref('kruskal_shannon.json').results as any[]).map((r) => [r.group_column, r]))(
      '%s: H, df and p match R kruskal.test',
      (_, r) => {
        const column = metadataColumn(md, r.group_column);
        const byGroup = new Map<string, number[]>();
        for (const s of alpha) {
          const g = column.get(s.sample_id);
          if (g == null) continue;
          byGroup.set(g, [...(byGroup.get(g) ?? []), s.shannon_entropy]);
        }
        const res = kruskalWallis([...byGroup.values()].map((v) => Float64Array.from(v)))!;
        expect(res.df).toBe(r.df);
        expect(res.n).toBe(r.n);
        expect(
          maxRelError([res.statistic, res.statistic, res.p, res.p], [r.H, r.scipy_H, r.p, r.scipy_p]),
        ).toBeLessThanOrEqual(REL);
      },
    );
  });

  const genus = ref('taxa_genus.json');
  const sampleIndex = new Map<string, number>((genus.sample_ids as string[]).map((s, i) => [s, i]));
  const abundance = new Map<string, number[]>((genus.taxa as any[]).map((t) => [t.taxon, t.relative_abundance]));
  const values = (taxon: string, samples: string[]) => samples.map((s) => abundance.get(taxon)![sampleIndex.get(s)!]!);

  const wilcoxonFiles =
    folder === 'globalpatterns'
      ? ['wilcoxon_genus_SampleType_Feces_vs_Skin.json']
      : ['wilcoxon_genus_body-site_gut_vs_tongue.json', 'wilcoxon_genus_subject_subject-1_vs_subject-2.json'];
  it.each(wilcoxonFiles)(
    '%s: W, exactness, p and BH q of every tested genus match R wilcox.test / p.adjust',
    (file) => {
      const w = ref(file);
      const results = (w.results as any[]).map(
        (r) => mannWhitneyU(values(r.taxon, w.samples_A), values(r.taxon, w.samples_B))!,
      );
      const q = benjaminiHochberg(results.map((r) => r.p));
      expect(results.map((r) => r.exact)).toEqual(w.results.map((r: any) => r.exact));
      expect(
        maxRelError(
          results.map((r) => r.statistic),
          w.results.map((r: any) => r.W),
        ),
      ).toBeLessThanOrEqual(REL);
      expect(
        maxRelError(
          results.map((r) => r.p),
          w.results.map((r: any) => r.p),
        ),
      ).toBeLessThanOrEqual(REL);
      expect(
        maxRelError(
          q,
          w.results.map((r: any) => r.q),
        ),
      ).toBeLessThanOrEqual(REL);
    },
  );

  if (folder === 'qiime2-moving-pictures')
    it('spearman_genus_vs_days-since-experiment-start.json: ρ, p and BH q of every genus match R cor.test(exact = FALSE) / p.adjust', () => {
      const sp = ref('spearman_genus_vs_days-since-experiment-start.json');
      const days = metadataColumn(md, sp.numeric_column);
      const y = (sp.samples as string[]).map((s) => Number(days.get(s)));
      const results = (sp.results as any[]).map((r) => spearman(values(r.taxon, sp.samples), y)!);
      const q = benjaminiHochberg(results.map((r) => r.p));
      expect(
        maxRelError(
          results.map((r) => r.statistic),
          sp.results.map((r: any) => r.rho),
          1e-12,
        ),
      ).toBeLessThanOrEqual(REL);
      expect(
        maxRelError(
          results.map((r) => r.p),
          sp.results.map((r: any) => r.p),
        ),
      ).toBeLessThanOrEqual(REL);
      expect(
        maxRelError(
          q,
          sp.results.map((r: any) => r.q),
        ),
      ).toBeLessThanOrEqual(REL);
    });
});
