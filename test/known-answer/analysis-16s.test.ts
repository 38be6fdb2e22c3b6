/**
 * Study statistics through `analyzeStudy` on the real moving-pictures and globalpatterns inputs (test/fixtures/<folder>:
 * BIOM HDF5, taxonomy TSV, sample metadata TSV, parsed by the pipeline's own parsers) against
 * test/fixtures/<set>/reference/<folder> (R 4.2.2 stats / vegan 2.6-4 / scikit-bio 0.5.8; README sections
 * permanova_bray_curtis.json, kruskal_shannon.json, wilcoxon_<rank>_…json, spearman_<rank>_vs_<column>.json).
 * Two runs: no comparisons in the design (inferred: body-site omnibus, subject-1 vs subject-2, …) and the two
 * reference comparisons named explicitly. prevalence 0 reproduces the references' "tested" sets (present in at
 * least one sample of the comparison; non-constant for Spearman).
 * Tolerance: 1e-9 relative for deterministic numbers; clr differences and ρ with an absolute floor of 1e-12 × the
 * file's largest |value| (README "Comparing"). PERMANOVA p is stochastic (see stats-16s.test.ts for the rule).
 */

import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { parseTaxonomy } from '../../lambdas/core/amplicon/formats/qiime2-taxonomy.js';
import { collapseTable } from '../../lambdas/core/amplicon/taxonomy/collapse.js';
import { taxaSide } from '../../lambdas/core/analysis/correlations.js';
import { analyzeStudy, type StudyAnalysis, type StudyInputs } from '../../lambdas/core/analysis/index.js';
import { rankVariables } from '../../lambdas/core/stats/rank-variables.js';
import { spearmanFamily } from '../../lambdas/core/stats/spearman-family.js';
import { parseNewick } from '../../lambdas/core/study/newick.js';
import { numericColumn, parseMetadata } from '../../lambdas/core/study/qiime2-metadata.js';
import { StudyDesignSchema } from '../../lambdas/core/study/study-design.js';
import { readFixture, readFixtureJson, readFixtureText } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const REL = 1e-9;
const FOLDER = 'qiime2-moving-pictures';
const DATASET = 'moving-pictures/feature-table.biom';

const maxAbs = (v: number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const ref = (file: string) => readFixtureJson('reference', FOLDER, file);

let inputs: StudyInputs;
beforeAll(async () => {
  const table = await parseBiomHdf5(readFixture('data', FOLDER, 'feature-table.biom'));
  const taxonomy = parseTaxonomy(readFixture('data', FOLDER, 'taxonomy.tsv'));
  const lineageOf = new Map(taxonomy.featureIds.map((f, i) => [f, taxonomy.taxa[i]!]));
  inputs = {
    metadata: parseMetadata(readFixture('data', FOLDER, 'sample-metadata.tsv')),
    design: null,
    amplicon: [
      {
        datasetId: DATASET,
        table,
        lineages: table.featureIds.map((f) => lineageOf.get(f) ?? null),
        tree: parseNewick(readFixtureText('data', FOLDER, 'tree.nwk')),
      },
    ],
    metabolomics: [],
    pathways: null,
  };
});

describe('inferred design (study.json {"prevalence": 0})', () => {
  let a: StudyAnalysis;
  beforeAll(() => {
    a = analyzeStudy({ ...inputs, design: StudyDesignSchema.parse({ prevalence: 0 }) });
  });

  it('infers body-site (omnibus, 4 levels), subject-1 vs subject-2 and antibiotic usage; subject is the strata column; numeric columns are clinical', () => {
    expect(a.design.inferred).toBe(true);
    expect(a.design.resolved.subject).toBe('subject');
    expect(a.design.resolved.comparisons.map((c) => [c.name, c.kind, c.groups])).toEqual([
      ['body-site: all 4 levels', 'omnibus', ['gut', 'left palm', 'right palm', 'tongue']],
      ['subject: subject-1 vs subject-2', 'between', ['subject-1', 'subject-2']],
      ['reported-antibiotic-usage: Yes vs No', 'between', ['Yes', 'No']],
    ]);
    expect(a.design.resolved.clinical).toEqual(['year', 'month', 'day', 'days-since-experiment-start']);
    expect(a.design.notes.some((n) => n.includes("'barcode-sequence' not compared: unique per sample"))).toBe(true);
  });

  it('LEfSe of body-site (4 classes): the clades passing KW, their p, the discriminative set and the enriched class match LEfSe 1.1.2', () => {
    const reference = (
      ref('lefse_body-site.json').results as {
        feature: string;
        kw_p: number | null;
        kw_pass: boolean;
        discriminative: boolean;
        enriched_class: string | null;
        lda_log10: number | null;
        kw_p_float_noise_sensitive: boolean;
      }[]
    ).filter((r) => r.kw_pass);
    const ours = new Map(a.lefse.filter((r) => r.comparison === 'body-site: all 4 levels').map((r) => [r.clade, r]));
    expect(ours.size).toBe(reference.length);
    const clean = reference.filter((r) => !r.kw_p_float_noise_sensitive);
    const rows = clean.map((r) => ours.get(r.feature.split('|').join(';'))!);
    expect(rows.every((r) => r !== undefined)).toBe(true);
    expect(
      maxRelError(
        rows.map((r) => r.kwP!),
        clean.map((r) => r.kw_p!),
      ),
    ).toBeLessThanOrEqual(1e-9);
    expect(rows.map((r) => r.discriminative)).toEqual(clean.map((r) => r.discriminative));
    const discriminative = clean.filter((r) => r.discriminative);
    expect(discriminative.map((r) => ours.get(r.feature.split('|').join(';'))!.enrichedClass)).toEqual(
      discriminative.map((r) => r.enriched_class),
    );
    const lda = discriminative.map((r) => Math.abs(ours.get(r.feature.split('|').join(';'))!.lda! - r.lda_log10!));
    expect(Math.max(...lda)).toBeLessThan(0.3);
  });

  it('PERMANOVA and ANOSIM on unweighted UniFrac (the tree in the inputs): body-site pseudo-F and R² match scikit-bio / vegan adonis2', () => {
    const expected = ref('unifrac.json').results[0].permanova_unweighted_unifrac;
    const row = a.tests.find(
      (t) => t.test === 'permanova' && t.metric === 'unweighted_unifrac' && t.comparison === 'body-site: all 4 levels',
    )!;
    expect(maxRelError([row.statistic!, row.r2!], [expected.pseudo_F, expected.R2])).toBeLessThanOrEqual(1e-9);
    expect(row.n).toBe(34);
    const metrics = new Set(a.tests.filter((t) => t.test === 'anosim').map((t) => t.metric));
    expect([...metrics].sort()).toEqual([
      'aitchison',
      'bray_curtis',
      'jaccard',
      'unweighted_unifrac',
      'weighted_normalized_unifrac',
      'weighted_unifrac',
    ]);
  });

  it('ANOSIM R of body-site on Bray–Curtis matches vegan (deterministic; p from our seeded permutations)', () => {
    const expected = ref('anosim_nmds.json').results[0];
    const row = a.tests.find(
      (t) => t.test === 'anosim' && t.metric === 'bray_curtis' && t.comparison === 'body-site: all 4 levels',
    )!;
    expect(maxRelError([row.statistic!], [expected.anosim.R])).toBeLessThanOrEqual(1e-9);
    expect(row.p!).toBeLessThanOrEqual(0.01);
  });

  const permanovaRow = (comparison: string) =>
    a.tests.find((t) => t.test === 'permanova' && t.metric === 'bray_curtis' && t.comparison === comparison)!;

  it('PERMANOVA Bray–Curtis: pseudo-F and R² of body-site and subject match skbio / vegan adonis2; body-site permuted within subject', () => {
    const [bodySite, subject] = ref('permanova_bray_curtis.json').results as any[];
    const b = permanovaRow('body-site: all 4 levels'),
      s = permanovaRow('subject: subject-1 vs subject-2');
    expect(
      maxRelError(
        [b.statistic, b.statistic, b.r2, b.r2],
        [bodySite.pseudo_F, bodySite.vegan_adonis2_F, bodySite.R2, bodySite.vegan_adonis2_R2],
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        [s.statistic, s.statistic, s.r2, s.r2],
        [subject.pseudo_F, subject.vegan_adonis2_F, subject.R2, subject.vegan_adonis2_R2],
      ),
    ).toBeLessThanOrEqual(REL);
    expect([b.n, b.strata, b.permutations, s.n, s.strata, s.nA, s.nB]).toEqual([34, true, 999, 34, false, 18, 16]);
    expect(b.p).toBe(0.001); // skbio, vegan and vegan with strata all report 0.001
    const centre = (subject.stochastic.p_value_skbio_999 + subject.stochastic.p_value_vegan_adonis2_999) / 2;
    expect(Math.abs(s.p! - centre)).toBeLessThanOrEqual(4 * Math.sqrt((centre * (1 - centre)) / 999));
  });

  it('Kruskal–Wallis on Shannon: H and p of body-site and subject match R kruskal.test', () => {
    for (const r of ref('kruskal_shannon.json').results as any[]) {
      const comparison = r.group_column === 'body-site' ? 'body-site: all 4 levels' : 'subject: subject-1 vs subject-2';
      const t = a.tests.find(
        (x) => x.test === 'kruskal_wallis' && x.metric === 'shannon_entropy' && x.comparison === comparison,
      )!;
      expect([t.n, t.df]).toEqual([r.n, r.df]);
      expect(maxRelError([t.statistic, t.p], [r.H, r.p])).toBeLessThanOrEqual(REL);
    }
  });

  it('body-site pairwise Shannon rank-sum tests carry BH q over the 6 pairs', () => {
    const pairs = a.tests.filter(
      (t) =>
        t.comparison === 'body-site: all 4 levels' && t.test === 'wilcoxon_rank_sum' && t.metric === 'shannon_entropy',
    );
    expect(pairs).toHaveLength(6);
    expect(pairs.every((t) => t.q !== null && t.q >= t.p!)).toBe(true);
    expect(new Set(a.tests.map((t) => t.id)).size).toBe(a.tests.length);
  });

  it('Spearman genus vs days-since-experiment-start: every stored pair has ρ, p and BH q of R cor.test / p.adjust over all 277 genera', () => {
    const sp = ref('spearman_genus_vs_days-since-experiment-start.json');
    const byTaxon = new Map((sp.results as any[]).map((r) => [r.taxon, r]));
    const family = `clinical:days-since-experiment-start|${DATASET}:genus`;
    const stored = a.correlations.filter((c) => c.family === family);
    const summary = a.correlationFamilies.find((f) => f.family === family)!;
    expect([summary.pairs, summary.n, summary.nY, summary.pMethod]).toEqual([
      sp.n_tested,
      sp.n_samples,
      sp.n_tested,
      'exact',
    ]);
    expect(summary.significant).toBe((sp.results as any[]).filter((r) => r.q < 0.05).length);
    expect(stored.length).toBe(summary.stored);
    expect(stored.length).toBeGreaterThanOrEqual(5);
    const expected = stored.map((c) => byTaxon.get(c.y)!);
    expect(
      maxRelError(
        stored.map((c) => c.rho),
        expected.map((r) => r.rho),
        1e-12,
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        stored.map((c) => c.p),
        expected.map((r) => r.p),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        stored.map((c) => c.q),
        expected.map((r) => r.q),
      ),
    ).toBeLessThanOrEqual(REL);
  });

  it('the full Spearman family (internal functions, keepAll) matches every reference genus', () => {
    const sp = ref('spearman_genus_vs_days-since-experiment-start.json');
    const { table } = inputs.amplicon[0]!;
    const genus = collapseTable(table, inputs.amplicon[0]!.lineages, 5).table;
    const days = numericColumn(inputs.metadata!.columns.find((c) => c.name === sp.numeric_column)!);
    const row = new Map(inputs.metadata!.sampleIds.map((id, i) => [id, i]));
    const samples = Int32Array.from(table.sampleIds.keys());
    const side = taxaSide(genus, samples, 0);
    const x = rankVariables(
      ['days'],
      Float64Array.from(table.sampleIds, (id) => days[row.get(id)!]!),
      samples.length,
    );
    const y = rankVariables(side.ids, side.values, samples.length);
    const r = spearmanFamily(x, y, { q: 0.05, topK: 5, keepAll: true });
    const expected = y.ids.map((id) => (sp.results as any[]).find((e) => e.taxon === id)!);
    expect(y.ids).toHaveLength(sp.n_tested);
    expect(
      maxRelError(
        r.all!.rho,
        expected.map((e) => e.rho),
        1e-12,
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        r.all!.p,
        expected.map((e) => e.p),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        r.all!.q,
        expected.map((e) => e.q),
      ),
    ).toBeLessThanOrEqual(REL);
  });
});

describe('explicit comparisons (the reference genus Wilcoxon files)', () => {
  let a: StudyAnalysis;
  beforeAll(() => {
    const design = StudyDesignSchema.parse({
      prevalence: 0,
      comparisons: [
        { name: 'gut_vs_tongue', factor: 'body-site', groups: ['gut', 'tongue'] },
        { name: 'subject1_vs_subject2', factor: 'subject', groups: ['subject-1', 'subject-2'] },
      ],
    });
    a = analyzeStudy({ ...inputs, design });
  });

  it.each([
    ['gut_vs_tongue', 'wilcoxon_genus_body-site_gut_vs_tongue.json'],
    ['subject1_vs_subject2', 'wilcoxon_genus_subject_subject-1_vs_subject-2.json'],
  ])('%s: the tested genera, W, p, BH q, clr mean difference and group means match %s', (comparison, file) => {
    const w = ref(file);
    const rows = a.hits.filter((h) => h.comparison === comparison && h.level === 'genus');
    const expected = new Map((w.results as any[]).map((r) => [r.taxon, r]));
    expect(rows.map((r) => r.feature).sort()).toEqual([...expected.keys()].sort());
    expect([rows[0]!.nA, rows[0]!.nB]).toEqual([w.samples_A.length, w.samples_B.length]);
    const e = rows.map((r) => expected.get(r.feature)!);
    const clr = e.map((x) => x.clr_mean_difference);
    expect(
      maxRelError(
        rows.map((r) => r.statistic),
        e.map((x) => x.W),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        rows.map((r) => r.p),
        e.map((x) => x.p),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        rows.map((r) => r.q),
        e.map((x) => x.q),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        rows.map((r) => r.effect),
        clr,
        1e-12 * maxAbs(clr),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        rows.map((r) => r.meanA),
        e.map((x) => x.mean_rel_abundance_A),
        1e-300,
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        rows.map((r) => r.meanB),
        e.map((x) => x.mean_rel_abundance_B),
        1e-300,
      ),
    ).toBeLessThanOrEqual(REL);
    expect(rows.every((r) => r.effectName === 'clr_mean_difference' && r.test === 'wilcoxon_rank_sum')).toBe(true);
  });

  it('feature and phylum levels are tested too, each its own BH family', () => {
    const levels = new Set(a.hits.filter((h) => h.comparison === 'gut_vs_tongue').map((h) => h.level));
    expect([...levels].sort()).toEqual(['feature', 'genus', 'phylum']);
  });
});

describe('globalpatterns (19,216 OTUs × 26 samples) through analyzeStudy', () => {
  const GP = 'globalpatterns';
  let a: StudyAnalysis;
  beforeAll(async () => {
    const table = await parseBiomHdf5(readFixture('data', GP, 'GlobalPatterns.biom'));
    const taxonomy = parseTaxonomy(readFixture('data', GP, 'GlobalPatterns_taxonomy.tsv'));
    const lineageOf = new Map(taxonomy.featureIds.map((f, i) => [f, taxonomy.taxa[i]!]));
    a = analyzeStudy({
      metadata: parseMetadata(readFixture('data', GP, 'GlobalPatterns_sample-metadata.tsv')),
      design: StudyDesignSchema.parse({
        prevalence: 0,
        comparisons: [{ name: 'Feces_vs_Skin', factor: 'SampleType', groups: ['Feces', 'Skin'] }],
      }),
      amplicon: [{ datasetId: 'gp', table, lineages: table.featureIds.map((f) => lineageOf.get(f) ?? null) }],
      metabolomics: [],
      pathways: null,
    });
  });

  it('Feces vs Skin: the 995 tested genera, W, p, BH q and clr mean difference match wilcoxon_genus_SampleType_Feces_vs_Skin.json', () => {
    const w = readFixtureJson('reference', GP, 'wilcoxon_genus_SampleType_Feces_vs_Skin.json');
    const expected = new Map((w.results as any[]).map((r) => [r.taxon, r]));
    const rows = a.hits.filter((h) => h.level === 'genus');
    expect(rows.map((r) => r.feature).sort()).toEqual([...expected.keys()].sort());
    const e = rows.map((r) => expected.get(r.feature)!);
    const clr = e.map((x) => x.clr_mean_difference);
    expect(
      maxRelError(
        rows.map((r) => r.statistic),
        e.map((x) => x.W),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        rows.map((r) => r.p),
        e.map((x) => x.p),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        rows.map((r) => r.q),
        e.map((x) => x.q),
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        rows.map((r) => r.effect),
        clr,
        1e-12 * maxAbs(clr),
      ),
    ).toBeLessThanOrEqual(REL);
  });

  it('a two-group comparison of a 9-level factor: PERMANOVA and Kruskal run on its two groups only', () => {
    const p = a.tests.find((t) => t.test === 'permanova' && t.metric === 'bray_curtis')!;
    expect([p.n, p.nA, p.nB]).toEqual([7, 4, 3]);
  });
});

describe('globalpatterns inferred: SampleType (9 levels) is an omnibus comparison', () => {
  it('PERMANOVA F, R² and Kruskal–Wallis H, p on Shannon match the references', async () => {
    const GP = 'globalpatterns';
    const table = await parseBiomHdf5(readFixture('data', GP, 'GlobalPatterns.biom'));
    const a = analyzeStudy({
      metadata: parseMetadata(readFixture('data', GP, 'GlobalPatterns_sample-metadata.tsv')),
      design: null,
      amplicon: [{ datasetId: 'gp', table, lineages: table.featureIds.map(() => null) }],
      metabolomics: [],
      pathways: null,
    });
    expect(a.design.resolved.comparisons.map((c) => [c.name, c.kind, c.groups.length])).toEqual([
      ['SampleType: all 9 levels', 'omnibus', 9],
    ]);
    const [perm] = readFixtureJson('reference', GP, 'permanova_bray_curtis.json').results as any[];
    const [kw] = readFixtureJson('reference', GP, 'kruskal_shannon.json').results as any[];
    const p = a.tests.find((t) => t.test === 'permanova' && t.metric === 'bray_curtis')!;
    const k = a.tests.find((t) => t.test === 'kruskal_wallis' && t.metric === 'shannon_entropy')!;
    expect(
      maxRelError(
        [p.statistic, p.statistic, p.r2, p.r2],
        [perm.pseudo_F, perm.vegan_adonis2_F, perm.R2, perm.vegan_adonis2_R2],
      ),
    ).toBeLessThanOrEqual(REL);
    expect([p.n, p.strata, p.p]).toEqual([26, false, 0.001]);
    expect(maxRelError([k.statistic, k.p], [kw.H, kw.p])).toBeLessThanOrEqual(REL);
    expect(a.tests.filter((t) => t.test === 'wilcoxon_rank_sum' && t.metric === 'shannon_entropy')).toHaveLength(36);
    expect(a.hits).toHaveLength(0);
  });
});
