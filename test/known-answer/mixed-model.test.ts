/**
 * Mixed models and repeated-measures correlation against test/fixtures/biomeflow-demo-trial/reference
 * (lmm.json: R 4.2.2, lme4 1.1-31 `lmer(y ~ arm * time + (1 | subject), REML = TRUE)`, lmerTest 3.1-3
 * Satterthwaite summary and type-III anova; rmcorr.json: R `lm(bmd ~ factor(subject) + x)`; see the README there).
 * Responses as the README computes them: Shannon (base 2) of the raw counts, and clr(genus counts + 1) over all
 * 63 genera for the 51 genera present in ≥ 10 % of the samples.
 * Tolerances (README): REML fits are iterative, so 1e-5 relative for estimates (absolute 1e-7 near 0), SE,
 * variances, t, F and df; 1e-4 relative for p and BH q; rmcorr is closed form: 1e-9.
 */
import { shannonEntropy } from '../../lambdas/core/amplicon/diversity/alpha/shannon-entropy.js';
import { parseBiomJson } from '../../lambdas/core/amplicon/formats/biom-json.js';
import { parseTaxonomy } from '../../lambdas/core/amplicon/formats/qiime2-taxonomy.js';
import { clrSampleDense } from '../../lambdas/core/amplicon/normalize/clr.js';
import { collapseTable } from '../../lambdas/core/amplicon/taxonomy/collapse.js';
import { benjaminiHochberg } from '../../lambdas/core/stats/benjamini-hochberg.js';
import {
  factor,
  factorialDesign,
  isDesignError,
  linearMixedModels,
  type MixedModelFit,
} from '../../lambdas/core/stats/mixed-model/index.js';
import { repeatedMeasuresCorrelation } from '../../lambdas/core/stats/rmcorr.js';
import { parseMetadata } from '../../lambdas/core/study/qiime2-metadata.js';
import { sampleValues } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { maxRelError } from '../helpers/numeric.js';

const SET = 'biomeflow-demo-trial';
const REL = 1e-5;
const REL_P = 1e-4;
const ABS_ESTIMATE = 1e-7;
const REL_RMCORR = 1e-9;

interface ReferenceFit {
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
    sum_sq: number[];
    mean_sq: number[];
    numDF: number[];
    denDF: number[];
    F: number[];
    p: number[];
    q_BH_across_genera?: number[];
  };
  var_subject_intercept: number;
  var_residual: number;
  REML_criterion: number;
  singular: boolean;
  n_obs: number;
  n_subjects: number;
  convergence_messages: string[] | null;
}

const study = readFixtureJson<{ subject: string; group: string; time: string; baseline: string }>(
  'data',
  SET,
  'study.json',
);
const lmm = readFixtureJson<{
  meta: {
    levels: { arm: string[]; time: string[] };
    shannon_per_sample: Record<string, number>;
    genera_prevalence: Record<string, number>;
  };
  results: ReferenceFit[];
}>('reference', SET, 'lmm.json');
const rmcorrRef = readFixtureJson<{
  results: { x: string; y: string; r_rm: number; df: number; p: number; slope: number; F: number }[];
}>('reference', SET, 'rmcorr.json');

const table = parseBiomJson(readFixture('data', SET, '16s', 'feature-table.biom'));
const metadata = parseMetadata(readFixture('data', SET, 'metadata.tsv'));
const taxonomy = parseTaxonomy(readFixture('data', SET, '16s', 'taxonomy.tsv'));

/** A metadata column in table sample order. */
function column(name: string): (string | null)[] {
  const col = metadata.columns.find((c) => c.name === name);
  if (!col) throw new Error(`metadata has no column ${name}`);
  const byId = new Map(metadata.sampleIds.map((id, i) => [id, col.values[i]!]));
  return table.sampleIds.map((id) => byId.get(id) ?? null);
}

const subjectLabels = column(study.subject);
const subjectLevels = [...new Set(subjectLabels)];
const subject = Int32Array.from(subjectLabels, (s) => subjectLevels.indexOf(s));
const arm = factor('arm', column(study.group), { levels: lmm.meta.levels.arm });
const time = factor('time', column(study.time), { levels: lmm.meta.levels.time });
if (isDesignError(arm) || isDesignError(time)) throw new Error('design factors');
const design = factorialDesign([arm, time]);
if (isDesignError(design)) throw new Error(design.message);

const nSamples = table.sampleIds.length;
const shannon = Float64Array.from(table.sampleIds, (_, j) => shannonEntropy(sampleValues(table, j))!);

const byFeature = new Map(taxonomy.featureIds.map((id, i) => [id, taxonomy.taxa[i]!]));
const genera = collapseTable(
  table,
  table.featureIds.map((id) => byFeature.get(id) ?? null),
  5,
);
const clr = genera.taxa.map(() => new Float64Array(nSamples));
const presentIn = new Int32Array(genera.taxa.length);
for (let j = 0; j < nSamples; j++) {
  const values = clrSampleDense(genera.table, j);
  for (let t = 0; t < genera.taxa.length; t++) clr[t]![j] = values[t]!;
  for (let k = genera.table.indptr[j]!; k < genera.table.indptr[j + 1]!; k++) presentIn[genera.table.indices[k]!]!++;
}
const modelled = genera.taxa.map((_, t) => t).filter((t) => presentIn[t]! >= 0.1 * nSamples);

const responses = [shannon, ...modelled.map((t) => clr[t]!)];
const fitted = linearMixedModels(responses, design, subject);
if (!Array.isArray(fitted)) throw new Error(fitted.message);
const fits = fitted.map((f) => {
  if (!f.ok) throw new Error(`${f.reason}: ${f.message}`);
  return f;
});

/** All values of one reference field over the fits, and ours. */
function gather(pick: (f: MixedModelFit, r: ReferenceFit) => [number[], number[]]): [number[], number[]] {
  const ours: number[] = [],
    theirs: number[] = [];
  fits.forEach((f, i) => {
    const [a, e] = pick(f, lmm.results[i]!);
    ours.push(...a);
    theirs.push(...e);
  });
  return [ours, theirs];
}

describe('responses as the reference README computes them', () => {
  it('Shannon (base 2) per sample matches meta.shannon_per_sample to 1e-12', () => {
    const expected = table.sampleIds.map((id) => lmm.meta.shannon_per_sample[id]!);
    expect(maxRelError(shannon, expected)).toBeLessThanOrEqual(1e-12);
  });

  it('63 genera; the 51 with prevalence ≥ 10 % are the reference responses, in order, with its prevalences', () => {
    expect(genera.taxa).toHaveLength(63);
    expect(modelled.map((t) => genera.taxa[t])).toEqual(lmm.results.slice(1).map((r) => r.response));
    expect(
      maxRelError(
        modelled.map((t) => presentIn[t]! / nSamples),
        modelled.map((t) => lmm.meta.genera_prevalence[genera.taxa[t]!]!),
      ),
    ).toBeLessThanOrEqual(1e-15);
  });
});

describe('lmer(y ~ arm * time + (1 | subject)) + lmerTest vs lmm.json (52 responses)', () => {
  it('fits every response on 142 observations of 48 subjects, none singular, no convergence messages', () => {
    expect(fits).toHaveLength(lmm.results.length);
    for (const [i, f] of fits.entries()) {
      expect(f.nObs).toBe(lmm.results[i]!.n_obs);
      expect(f.nSubjects).toBe(lmm.results[i]!.n_subjects);
      expect(f.singular).toBe(lmm.results[i]!.singular);
      expect(f.convergence.messages).toEqual(lmm.results[i]!.convergence_messages ?? []);
      expect(f.fixed.map((x) => x.term)).toEqual(lmm.results[i]!.fixed.term);
      expect(f.anova.map((x) => x.term)).toEqual(lmm.results[i]!.anova_type3.term);
    }
  });

  it('variance components within 1e-5 and the REML criterion within 1e-10', () => {
    expect(maxRelError(...gather((f, r) => [[f.varSubject], [r.var_subject_intercept]]))).toBeLessThanOrEqual(REL);
    expect(maxRelError(...gather((f, r) => [[f.varResidual], [r.var_residual]]))).toBeLessThanOrEqual(REL);
    expect(maxRelError(...gather((f, r) => [[f.remlCriterion], [r.REML_criterion]]))).toBeLessThanOrEqual(1e-10);
  });

  it('fixed effects: estimate (abs 1e-7 floor), SE, Satterthwaite df and t within 1e-5; p within 1e-4', () => {
    expect(
      maxRelError(...gather((f, r) => [f.fixed.map((x) => x.estimate), r.fixed.estimate]), ABS_ESTIMATE),
    ).toBeLessThanOrEqual(REL);
    expect(maxRelError(...gather((f, r) => [f.fixed.map((x) => x.se), r.fixed.se]))).toBeLessThanOrEqual(REL);
    expect(maxRelError(...gather((f, r) => [f.fixed.map((x) => x.df), r.fixed.df]))).toBeLessThanOrEqual(REL);
    expect(maxRelError(...gather((f, r) => [f.fixed.map((x) => x.t), r.fixed.t]))).toBeLessThanOrEqual(REL);
    expect(maxRelError(...gather((f, r) => [f.fixed.map((x) => x.p), r.fixed.p]))).toBeLessThanOrEqual(REL_P);
  });

  it('type-III tests: sum and mean squares, denDF and F within 1e-5, numDF exact, p within 1e-4', () => {
    expect(maxRelError(...gather((f, r) => [f.anova.map((x) => x.sumSq), r.anova_type3.sum_sq]))).toBeLessThanOrEqual(
      REL,
    );
    expect(maxRelError(...gather((f, r) => [f.anova.map((x) => x.meanSq), r.anova_type3.mean_sq]))).toBeLessThanOrEqual(
      REL,
    );
    expect(maxRelError(...gather((f, r) => [f.anova.map((x) => x.denDF), r.anova_type3.denDF]))).toBeLessThanOrEqual(
      REL,
    );
    expect(maxRelError(...gather((f, r) => [f.anova.map((x) => x.F), r.anova_type3.F]))).toBeLessThanOrEqual(REL);
    expect(gather((f) => [f.anova.map((x) => x.numDF), []])[0]).toEqual(gather((_, r) => [r.anova_type3.numDF, []])[0]);
    expect(maxRelError(...gather((f, r) => [f.anova.map((x) => x.p), r.anova_type3.p]))).toBeLessThanOrEqual(REL_P);
  });

  it('Shannon: the README table (estimates, df of the interaction, F of time, variances)', () => {
    const s = fits[0]!;
    expect(
      maxRelError(
        s.fixed.map((x) => x.estimate),
        [
          3.5738019127141776, 0.10607755931728316, -0.031324405490571416, -0.051043805795755494, 0.017026002012188162,
          0.0835822526155203,
        ],
        ABS_ESTIMATE,
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        s.fixed.map((x) => x.df),
        [
          55.090819106861055, 55.090819157088454, 90.20787212656975, 90.07596569596298, 90.142939797967,
          90.14293979960067,
        ],
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        s.anova.map((x) => x.F),
        [1.3180651394967353, 0.24000488442276674, 0.8852389962784397],
      ),
    ).toBeLessThanOrEqual(REL);
    expect(
      maxRelError(
        s.anova.map((x) => x.denDF),
        [46.073669165630456, 90.16433792671407, 90.16433792496223],
      ),
    ).toBeLessThanOrEqual(REL);
    expect(maxRelError([s.varSubject, s.varResidual], [0.16865587209457747, 0.025863001332720674])).toBeLessThanOrEqual(
      REL,
    );
  });

  it('BH q across the 51 genus models, per term (t tests and F tests separately), within 1e-4', () => {
    const genusFits = fits.slice(1);
    const genusRefs = lmm.results.slice(1);
    const ours: number[] = [],
      theirs: number[] = [];
    for (let k = 0; k < design.p; k++) {
      ours.push(...benjaminiHochberg(genusFits.map((f) => f.fixed[k]!.p)));
      theirs.push(...genusRefs.map((r) => r.fixed.q_BH_across_genera![k]!));
    }
    for (let k = 0; k < design.terms.length; k++) {
      ours.push(...benjaminiHochberg(genusFits.map((f) => f.anova[k]!.p)));
      theirs.push(...genusRefs.map((r) => r.anova_type3.q_BH_across_genera![k]!));
    }
    expect(maxRelError(ours, theirs)).toBeLessThanOrEqual(REL_P);
  });

  it('the one genus term with q < 0.05 is Lactobacillus, time (F 10.1628, q 0.00534)', () => {
    const q = benjaminiHochberg(fits.slice(1).map((f) => f.anova[1]!.p));
    const hits = [...q].map((v, i) => [v, i] as const).filter(([v]) => v < 0.05);
    expect(hits).toHaveLength(1);
    const [qv, i] = hits[0]!;
    expect(genera.taxa[modelled[i]!]).toBe(
      'k__Bacteria;p__Firmicutes;c__Bacilli;o__Lactobacillales;f__Lactobacillaceae;g__Lactobacillus',
    );
    expect(maxRelError([fits[i + 1]!.anova[1]!.F, qv], [10.162806906826273, 0.005343841598630152])).toBeLessThanOrEqual(
      REL_P,
    );
    // no other term of any genus reaches q < 0.05
    let others = 0;
    for (let k = 0; k < design.p; k++)
      others += [...benjaminiHochberg(fits.slice(1).map((f) => f.fixed[k]!.p))].filter((v) => v < 0.05).length;
    for (const k of [0, 2])
      others += [...benjaminiHochberg(fits.slice(1).map((f) => f.anova[k]!.p))].filter((v) => v < 0.05).length;
    expect(others).toBe(
      lmm.results.slice(1).reduce((s, r) => s + r.fixed.q_BH_across_genera!.filter((v) => v < 0.05).length, 0),
    );
  });
});

describe('repeated-measures correlation vs rmcorr.json (bmd against 51 genus clr responses)', () => {
  const bmd = Float64Array.from(column('bmd'), (v) => (v === null ? Number.NaN : Number(v)));
  const results = rmcorrRef.results.map((r) => {
    const res = repeatedMeasuresCorrelation(clr[genera.taxa.indexOf(r.y)]!, bmd, subject);
    if (!res.ok) throw new Error(res.message);
    return res;
  });

  it('covers the 51 modelled genera', () => {
    expect(rmcorrRef.results.map((r) => r.y)).toEqual(modelled.map((t) => genera.taxa[t]));
  });

  it('r_rm, slope, F and p within 1e-9; df = 142 − 48 − 1 = 93', () => {
    expect(
      maxRelError(
        results.map((r) => r.r),
        rmcorrRef.results.map((r) => r.r_rm),
      ),
    ).toBeLessThanOrEqual(REL_RMCORR);
    expect(
      maxRelError(
        results.map((r) => r.slope),
        rmcorrRef.results.map((r) => r.slope),
      ),
    ).toBeLessThanOrEqual(REL_RMCORR);
    expect(
      maxRelError(
        results.map((r) => r.F),
        rmcorrRef.results.map((r) => r.F),
      ),
    ).toBeLessThanOrEqual(REL_RMCORR);
    expect(
      maxRelError(
        results.map((r) => r.p),
        rmcorrRef.results.map((r) => r.p),
      ),
    ).toBeLessThanOrEqual(REL_RMCORR);
    expect(results.map((r) => r.df)).toEqual(rmcorrRef.results.map((r) => r.df));
    expect(results.every((r) => r.nObs === 142 && r.nSubjects === 48)).toBe(true);
  });
});
