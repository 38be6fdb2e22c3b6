/**
 * Metabolomics differential tests of one comparison (docs/study-statistics.md
 * "Metabolomics"): log2 fold change of the normalized (untransformed) means;
 * Welch t and Wilcoxon rank-sum on the glog values (paired: paired t and signed
 * rank); change from baseline: Welch t and rank-sum of the per-subject glog
 * differences. Each test gets its own BH over the dataset's features.
 */

import type { Selection } from '../analysis/samples.js';
import type { HitRow, MetabolomicsInput, ResolvedComparison } from '../analysis/types.js';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import { log2FoldChange } from '../stats/log2-fold-change.js';
import { mannWhitneyU } from '../stats/mann-whitney-u.js';
import { pairedT } from '../stats/paired-t.js';
import { sampleMean } from '../stats/sample-mean.js';
import { welchT } from '../stats/welch-t.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js';

/** Samples of `samples` whose value of feature f was observed (not imputed); all of them when the input has no mask. */
function observedIn(ds: MetabolomicsInput, f: number, samples: Int32Array): number {
  if (!ds.observed) return samples.length;
  const nF = ds.featureIds.length;
  let n = 0;
  for (const s of samples) n += ds.observed[s * nF + f]!;
  return n;
}

/** Subjects (pairs of samples at `at` and `base`) with feature f observed at both. */
function observedBoth(ds: MetabolomicsInput, f: number, at: Int32Array, base: Int32Array): number {
  if (!ds.observed) return at.length;
  const nF = ds.featureIds.length;
  let n = 0;
  for (let k = 0; k < at.length; k++) n += ds.observed[at[k]! * nF + f]! & ds.observed[base[k]! * nF + f]!;
  return n;
}

/** One feature's values over sample indices of a sample-major matrix, into `out`. */
function column(
  matrix: Float64Array,
  nFeatures: number,
  f: number,
  samples: Int32Array,
  out: Float64Array,
): Float64Array {
  for (let k = 0; k < samples.length; k++) out[k] = matrix[samples[k]! * nFeatures + f]!;
  return out;
}

/** out[k] = x[k] − y[k]. */
function subtract(x: Float64Array, y: Float64Array, out: Float64Array): Float64Array {
  for (let k = 0; k < x.length; k++) out[k] = x[k]! - y[k]!;
  return out;
}

/** Hit rows of every feature of a metabolomics dataset for one comparison (not omnibus). */
export function differentialMetabolomics(
  c: ResolvedComparison,
  sel: Selection,
  ds: MetabolomicsInput,
  datasetId: string,
): HitRow[] {
  const nF = ds.featureIds.length;
  const rows: HitRow[] = [];
  for (let f = 0; f < nF; f++) {
    const row =
      sel.kind === 'groups'
        ? testFeature('unpaired', sel.groups[0]!, sel.groups[1]!, ds, f)
        : sel.kind === 'paired'
          ? testFeature('paired', sel.a, sel.b, ds, f)
          : changeFeature(sel.at, sel.baseline, ds, f);
    if (row)
      rows.push({
        comparison: c.name,
        datasetId,
        level: 'metabolite',
        feature: ds.featureIds[f]!,
        prevalenceA: null,
        prevalenceB: null,
        q: null,
        secondQ: null,
        ...row,
      });
  }
  const q = benjaminiHochberg(rows.map((r) => r.p ?? Number.NaN));
  const q2 = benjaminiHochberg(rows.map((r) => r.secondP ?? Number.NaN));
  rows.forEach((r, k) => {
    r.q = q[k]!;
    r.secondQ = q2[k]!;
  });
  return rows;
}

type FeatureResult = Pick<
  HitRow,
  | 'test'
  | 'statistic'
  | 'p'
  | 'effectName'
  | 'effect'
  | 'meanA'
  | 'meanB'
  | 'nA'
  | 'nB'
  | 'observedA'
  | 'observedB'
  | 'lowObserved'
  | 'secondTest'
  | 'secondStatistic'
  | 'secondP'
>;

/** The parametric and rank test of one design on glog values: Welch t + rank-sum (unpaired), paired t + signed rank (paired by subject). */
const FEATURE_TESTS = {
  unpaired: {
    test: 'welch_t',
    secondTest: 'wilcoxon_rank_sum',
    run: (gA: Float64Array, gB: Float64Array) => ({ t: welchT(gA, gB), w: mannWhitneyU(gA, gB) }),
  },
  paired: {
    test: 'paired_t',
    secondTest: 'wilcoxon_signed_rank',
    run: (gA: Float64Array, gB: Float64Array) => ({ t: pairedT(gA, gB), w: wilcoxonSignedRank(gA, gB) }),
  },
} as const;

/** Both tests of `design` on glog A vs B (paired: A and B are the same subjects in order), log2 fold change of the normalized means. */
function testFeature(
  design: keyof typeof FEATURE_TESTS,
  a: Int32Array,
  b: Int32Array,
  ds: MetabolomicsInput,
  f: number,
): FeatureResult | null {
  if (a.length === 0 || b.length === 0) return null;
  const nF = ds.featureIds.length;
  const gA = column(ds.transformed, nF, f, a, new Float64Array(a.length));
  const gB = column(ds.transformed, nF, f, b, new Float64Array(b.length));
  const meanA = sampleMean(column(ds.normalized, nF, f, a, new Float64Array(a.length)));
  const meanB = sampleMean(column(ds.normalized, nF, f, b, new Float64Array(b.length)));
  const tests = FEATURE_TESTS[design];
  const { t, w } = tests.run(gA, gB);
  return {
    test: tests.test,
    statistic: t?.statistic ?? null,
    p: t?.p ?? null,
    secondTest: tests.secondTest,
    secondStatistic: w?.statistic ?? null,
    secondP: w?.p ?? null,
    effectName: 'log2_fold_change',
    effect: log2FoldChange(meanA, meanB),
    meanA,
    meanB,
    nA: a.length,
    nB: b.length,
    observedA: observedIn(ds, f, a),
    observedB: observedIn(ds, f, b),
    lowObserved: false,
  };
}

/** Welch t and rank-sum of the per-subject glog changes (t − baseline) of arm A vs arm B; effect = difference of the mean changes. */
function changeFeature(
  at: [Int32Array, Int32Array],
  base: [Int32Array, Int32Array],
  ds: MetabolomicsInput,
  f: number,
): FeatureResult | null {
  if (at[0].length === 0 || at[1].length === 0) return null;
  const nF = ds.featureIds.length;
  const delta = (k: 0 | 1) =>
    subtract(
      column(ds.transformed, nF, f, at[k], new Float64Array(at[k].length)),
      column(ds.transformed, nF, f, base[k], new Float64Array(at[k].length)),
      new Float64Array(at[k].length),
    );
  const dA = delta(0),
    dB = delta(1);
  const meanA = sampleMean(dA),
    meanB = sampleMean(dB);
  const t = welchT(dA, dB);
  const w = mannWhitneyU(dA, dB);
  return {
    test: 'welch_t',
    statistic: t?.statistic ?? null,
    p: t?.p ?? null,
    secondTest: 'wilcoxon_rank_sum',
    secondStatistic: w?.statistic ?? null,
    secondP: w?.p ?? null,
    effectName: 'mean_change_difference',
    effect: meanA - meanB,
    meanA,
    meanB,
    nA: dA.length,
    nB: dB.length,
    observedA: observedBoth(ds, f, at[0], base[0]),
    observedB: observedBoth(ds, f, at[1], base[1]),
    lowObserved: false,
  };
}
