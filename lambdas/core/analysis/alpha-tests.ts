/**
 * Alpha diversity per comparison (docs/study-statistics.md "Alpha diversity"):
 * two groups → Kruskal–Wallis and Wilcoxon rank-sum; omnibus → Kruskal–Wallis
 * and pairwise rank-sum with BH over the pairs; paired → signed rank;
 * change → rank-sum of the per-subject differences (t − baseline).
 */
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import { kruskalWallis } from '../stats/kruskal-wallis.js';
import { type MannWhitneyResult, mannWhitneyU } from '../stats/mann-whitney-u.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js';
import type { Selection } from './samples.js';
import type { ResolvedComparison, TestRow } from './types.js';

/** The alpha metrics tested (faith_pd needs a tree; chao1 only for integer tables). */
export const ALPHA_TEST_METRICS = [
  'shannon_entropy',
  'observed_features',
  'simpson',
  'pielou_evenness',
  'chao1',
] as const;
export type AlphaTestMetric = (typeof ALPHA_TEST_METRICS)[number];

/** A row with the fields every alpha test shares filled in. */
export function testRow(
  c: ResolvedComparison,
  datasetId: string,
  fields: Omit<TestRow, 'id' | 'comparison' | 'datasetId' | 'levels'>,
): TestRow {
  const id = [c.name, datasetId, fields.test, fields.metric, fields.groupA, fields.groupB].join('|');
  const levels = fields.groupA !== '' ? `${fields.groupA} | ${fields.groupB}` : c.groups.join(' | ');
  return { id, comparison: c.name, datasetId, ...fields, levels };
}

/** values[i] for each index i. */
export function gather(values: Float64Array, indices: Int32Array): Float64Array {
  return Float64Array.from(indices, (i) => values[i]!);
}

/** values[at[i]] − values[base[i]] for each pair. */
export function differences(values: Float64Array, at: Int32Array, base: Int32Array): Float64Array {
  return Float64Array.from(at, (i, k) => values[i]! - values[base[k]!]!);
}

/** The tests of one metric (values per dataset sample, NaN when undefined) for one comparison. */
export function alphaTests(
  c: ResolvedComparison,
  sel: Selection,
  metric: string,
  values: Float64Array,
  datasetId: string,
): TestRow[] {
  const none = { r2: null, permutations: null, strata: false };
  if (sel.kind === 'paired') {
    const r = wilcoxonSignedRank(gather(values, sel.a), gather(values, sel.b));
    if (!r) return [];
    return [
      testRow(c, datasetId, {
        ...none,
        test: 'wilcoxon_signed_rank',
        metric,
        groupA: c.groups[0]!,
        groupB: c.groups[1]!,
        statistic: r.statistic,
        p: r.p,
        q: null,
        n: r.n,
        nA: sel.a.length,
        nB: sel.b.length,
        exact: r.exact,
        df: null,
      }),
    ];
  }
  if (sel.kind === 'change') {
    const r = mannWhitneyU(
      differences(values, sel.at[0], sel.baseline[0]),
      differences(values, sel.at[1], sel.baseline[1]),
    );
    return r ? [rankSumRow(c, datasetId, metric, c.groups[0]!, c.groups[1]!, r, null)] : [];
  }
  const groups = sel.groups.map((g) => gather(values, g));
  const rows: TestRow[] = [];
  const kw = kruskalWallis(groups);
  if (kw)
    rows.push(
      testRow(c, datasetId, {
        ...none,
        test: 'kruskal_wallis',
        metric,
        groupA: '',
        groupB: '',
        statistic: kw.statistic,
        p: kw.p,
        q: null,
        n: kw.n,
        nA: null,
        nB: null,
        exact: null,
        df: kw.df,
      }),
    );
  const pairs: { a: number; b: number; r: MannWhitneyResult }[] = [];
  for (let a = 0; a < groups.length; a++)
    for (let b = a + 1; b < groups.length; b++) {
      const r = mannWhitneyU(groups[a]!, groups[b]!);
      if (r) pairs.push({ a, b, r });
    }
  const q = c.kind === 'omnibus' ? benjaminiHochberg(pairs.map((x) => x.r.p)) : null;
  pairs.forEach(({ a, b, r }, k) =>
    rows.push(rankSumRow(c, datasetId, metric, c.groups[a]!, c.groups[b]!, r, q ? q[k]! : null)),
  );
  return rows;
}

/** A Wilcoxon rank-sum row. */
function rankSumRow(
  c: ResolvedComparison,
  datasetId: string,
  metric: string,
  groupA: string,
  groupB: string,
  r: MannWhitneyResult,
  q: number | null,
): TestRow {
  return testRow(c, datasetId, {
    test: 'wilcoxon_rank_sum',
    metric,
    groupA,
    groupB,
    statistic: r.statistic,
    r2: null,
    p: r.p,
    q,
    permutations: null,
    strata: false,
    n: r.n,
    nA: r.nA,
    nB: r.nB,
    exact: r.exact,
    df: null,
  });
}
