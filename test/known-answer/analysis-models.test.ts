/**
 * Mixed models and repeated-measures correlations through `analyzeStudy` on the demo-trial study
 * (test/fixtures/biomeflow-demo-trial: its study.json names subject, arm, month and baseline 0) against
 * reference/lmm.json (lme4 + lmerTest) and reference/rmcorr.json (R lm): the pipeline's own responses
 * (Shannon of the raw counts, clr of the genus counts + 1, prevalence 10 %) must be the reference's, and
 * the numbers agree within the README's tolerances (REML is iterative: 1e-5; p and q 1e-4; rmcorr 1e-9).
 */

import { parseBiomJson } from '../../lambdas/core/amplicon/formats/biom-json.js';
import { parseTaxonomy } from '../../lambdas/core/amplicon/formats/qiime2-taxonomy.js';
import { analyzeStudy } from '../../lambdas/core/analysis/analyze-study.js';
import type { ModelRow } from '../../lambdas/core/analysis/types.js';
import { parseMetadata } from '../../lambdas/core/study/qiime2-metadata.js';
import { StudyDesignSchema } from '../../lambdas/core/study/study-design.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const SET = 'biomeflow-demo-trial';
const table = parseBiomJson(readFixture('data', SET, '16s', 'feature-table.biom'));
const taxonomy = parseTaxonomy(readFixture('data', SET, '16s', 'taxonomy.tsv'));
const byFeature = new Map(taxonomy.featureIds.map((id, i) => [id, taxonomy.taxa[i]!]));
const { pathways: _unused, ...designJson } = readFixtureJson('data', SET, 'study.json');
const analysis = analyzeStudy({
  metadata: parseMetadata(readFixture('data', SET, 'metadata.tsv')),
  design: StudyDesignSchema.parse(designJson),
  amplicon: [
    { datasetId: '16s/feature-table.biom', table, lineages: table.featureIds.map((id) => byFeature.get(id) ?? null) },
  ],
  metabolomics: [],
  pathways: null,
});
const lmm = readFixtureJson('reference', SET, 'lmm.json').results as {
  response: string;
  fixed: {
    term: string[];
    estimate: number[];
    se: number[];
    df: number[];
    t: number[];
    p: number[];
    q_BH_across_genera?: number[];
  };
  anova_type3: {
    term: string[];
    F: number[];
    numDF: number[];
    denDF: number[];
    p: number[];
    q_BH_across_genera?: number[];
  };
  var_subject_intercept: number;
  var_residual: number;
}[];
const rmcorr = readFixtureJson('reference', SET, 'rmcorr.json').results as {
  x: string;
  y: string;
  r_rm: number;
  df: number;
  p: number;
  slope: number;
}[];

/** The reference's term names use `time` for the month factor. */
const ourTerm = (t: string) => t.replace(/^time/, 'month').replace(':time', ':month');
const rowsOf = (response: string, test: ModelRow['test']) =>
  analysis.models.filter((r) => r.response === response && r.test === test);

describe('mixed models through analyzeStudy vs lme4/lmerTest (demo trial)', () => {
  const responses = (r: (typeof lmm)[number]) => (r.response === 'shannon' ? 'shannon_entropy' : r.response);

  it('fits Shannon and exactly the 51 reference genera (prevalence ≥ 10 %)', () => {
    const genera = new Set(analysis.models.filter((r) => r.level === 'genus' && r.test === 't').map((r) => r.response));
    expect([...genera].sort()).toEqual(
      lmm
        .slice(1)
        .map((r) => r.response)
        .sort(),
    );
    expect(rowsOf('shannon_entropy', 't').map((r) => r.term)).toEqual(lmm[0]!.fixed.term.map(ourTerm));
  });

  it('fixed effects, SE, Satterthwaite df, t and p of every response match', () => {
    const ours: Record<'estimate' | 'se' | 'df' | 'statistic' | 'p', number[]> = {
      estimate: [],
      se: [],
      df: [],
      statistic: [],
      p: [],
    };
    const ref: typeof ours = { estimate: [], se: [], df: [], statistic: [], p: [] };
    for (const r of lmm) {
      const rows = rowsOf(responses(r), 't');
      r.fixed.term.forEach((term, k) => {
        const row = rows.find((x) => x.term === ourTerm(term))!;
        ours.estimate.push(row.estimate!);
        ref.estimate.push(r.fixed.estimate[k]!);
        ours.se.push(row.se!);
        ref.se.push(r.fixed.se[k]!);
        ours.df.push(row.df!);
        ref.df.push(r.fixed.df[k]!);
        ours.statistic.push(row.statistic!);
        ref.statistic.push(r.fixed.t[k]!);
        ours.p.push(row.p!);
        ref.p.push(r.fixed.p[k]!);
      });
    }
    expect(maxRelError(ours.estimate, ref.estimate, 1e-7)).toBeLessThanOrEqual(1e-5);
    expect(maxRelError(ours.se, ref.se)).toBeLessThanOrEqual(1e-5);
    expect(maxRelError(ours.df, ref.df)).toBeLessThanOrEqual(1e-5);
    expect(maxRelError(ours.statistic, ref.statistic, 1e-7)).toBeLessThanOrEqual(1e-5);
    expect(maxRelError(ours.p, ref.p)).toBeLessThanOrEqual(1e-4);
  });

  it('type-III F, df and p, variances and BH q across genera match', () => {
    const F: number[] = [],
      Fr: number[] = [],
      den: number[] = [],
      denR: number[] = [],
      q: number[] = [],
      qR: number[] = [],
      v: number[] = [],
      vR: number[] = [];
    for (const r of lmm) {
      const rows = rowsOf(responses(r), 'F');
      r.anova_type3.term.forEach((term, k) => {
        const row = rows.find((x) => x.term === ourTerm(term))!;
        expect(row.numDF).toBe(r.anova_type3.numDF[k]);
        F.push(row.statistic!);
        Fr.push(r.anova_type3.F[k]!);
        den.push(row.df!);
        denR.push(r.anova_type3.denDF[k]!);
        if (r.anova_type3.q_BH_across_genera) {
          q.push(row.q!);
          qR.push(r.anova_type3.q_BH_across_genera[k]!);
        }
      });
      v.push(rows[0]!.varSubject!, rows[0]!.varResidual!);
      vR.push(r.var_subject_intercept, r.var_residual);
    }
    expect(maxRelError(F, Fr)).toBeLessThanOrEqual(1e-5);
    expect(maxRelError(den, denR)).toBeLessThanOrEqual(1e-5);
    expect(maxRelError(v, vR)).toBeLessThanOrEqual(1e-5);
    expect(q.length).toBe(51 * 3);
    expect(maxRelError(q, qR)).toBeLessThanOrEqual(1e-4);
  });

  it('the one genus term with q < 0.05 is Lactobacillus over time, as in the reference', () => {
    const significant = analysis.models.filter(
      (r) => r.level === 'genus' && r.test === 'F' && r.q !== null && r.q < 0.05,
    );
    expect(significant.map((r) => [r.response.split(';').pop(), r.term])).toEqual([['g__Lactobacillus', 'month']]);
  });

  it('rmcorr of bmd with every genus matches R lm(bmd ~ factor(subject) + x) to 1e-9', () => {
    const ours = rmcorr.map(
      (ref) => analysis.models.find((r) => r.test === 'rmcorr' && r.term === 'bmd' && r.response === ref.y)!,
    );
    expect(ours.every((r) => r !== undefined && r.df === 93)).toBe(true);
    expect(
      maxRelError(
        ours.map((r) => r.statistic!),
        rmcorr.map((r) => r.r_rm),
      ),
    ).toBeLessThanOrEqual(1e-9);
    expect(
      maxRelError(
        ours.map((r) => r.estimate!),
        rmcorr.map((r) => r.slope),
      ),
    ).toBeLessThanOrEqual(1e-9);
    expect(
      maxRelError(
        ours.map((r) => r.p!),
        rmcorr.map((r) => r.p),
      ),
    ).toBeLessThanOrEqual(1e-9);
  });
});
