/**
 * PERMANOVA per comparison on a dataset's distance matrices (docs/study-statistics.md
 * "Beta diversity"): the matrix is computed once per dataset and metric; a
 * comparison labels its samples and leaves the rest out (group −1); permutations
 * are restricted within subject when the factor varies within subject.
 */
import type { DistanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';
import { DataErrorSignal } from '../errors.js';
import { anosim } from '../stats/anosim.js';
import { permanova } from '../stats/permanova.js';
import { variesWithinStrata } from '../stats/varies-within-strata.js';
import { testRow } from './alpha-tests.js';
import type { Selection } from './samples.js';
import type { ResolvedComparison, ResolvedDesign, TestRow } from './types.js';

/** One distance matrix of a dataset and how its rows map to the dataset's samples. */
export interface DistanceContext {
  metric: string;
  matrix: DistanceMatrix;
  /** matrix index of each dataset sample, −1 when not in the matrix (empty or dropped by rarefaction) */
  matrixIndex: Int32Array;
  /** subject code per matrix sample (samples without a subject get codes of their own); null without a subject column */
  strata: Int32Array | null;
}

/** Group code per matrix sample for a selection (−1 = not in the comparison). */
export function groupingOf(sel: Selection, ctx: DistanceContext): Int32Array {
  const grouping = new Int32Array(ctx.matrix.ids.length).fill(-1);
  const label = (indices: Int32Array, code: number) => {
    for (const s of indices) {
      const m = ctx.matrixIndex[s]!;
      if (m >= 0) grouping[m] = code;
    }
  };
  if (sel.kind === 'groups') sel.groups.forEach((g, k) => label(g, k));
  else if (sel.kind === 'paired') {
    label(sel.a, 0);
    label(sel.b, 1);
  }
  return grouping;
}

/** The PERMANOVA row of one comparison on one distance, or a note saying why it did not run. */
export function permanovaTest(
  c: ResolvedComparison,
  sel: Selection,
  ctx: DistanceContext,
  design: ResolvedDesign,
  datasetId: string,
): TestRow | string {
  if (sel.kind === 'change') return 'no PERMANOVA for a change from baseline';
  const grouping = groupingOf(sel, ctx);
  const strata = ctx.strata && variesWithinStrata(grouping, ctx.strata) ? ctx.strata : undefined;
  try {
    const r = permanova(ctx.matrix, grouping, {
      permutations: design.permutations,
      seed: design.seed,
      ...(strata ? { strata } : {}),
    });
    const twoGroups = c.kind !== 'omnibus';
    const size = (k: number) => r.groupSizes[r.groupCodes.indexOf(k)] ?? 0;
    return testRow(c, datasetId, {
      test: 'permanova',
      metric: ctx.metric,
      groupA: twoGroups ? c.groups[0]! : '',
      groupB: twoGroups ? c.groups[1]! : '',
      statistic: r.statistic,
      r2: r.r2,
      p: r.p,
      q: null,
      permutations: r.permutations,
      strata: r.strata,
      n: r.n,
      nA: twoGroups ? size(0) : null,
      nB: twoGroups ? size(1) : null,
      exact: null,
      df: null,
    });
  } catch (e) {
    if (e instanceof DataErrorSignal) return e.error.message;
    throw e;
  }
}

/** The ANOSIM row (vegan's R, permutations within subject like PERMANOVA) of one comparison on one distance, or a note saying why it did not run. */
export function anosimTest(
  c: ResolvedComparison,
  sel: Selection,
  ctx: DistanceContext,
  design: ResolvedDesign,
  datasetId: string,
): TestRow | string {
  if (sel.kind === 'change') return 'no ANOSIM for a change from baseline';
  const grouping = groupingOf(sel, ctx);
  const strata = ctx.strata && variesWithinStrata(grouping, ctx.strata) ? ctx.strata : undefined;
  const r = anosim(ctx.matrix, grouping, {
    permutations: design.permutations,
    seed: design.seed,
    ...(strata ? { strata } : {}),
  });
  if (!r.ok) return r.error.message;
  const a = r.value;
  const twoGroups = c.kind !== 'omnibus';
  const size = (k: number) => a.groupSizes[a.groupCodes.indexOf(k)] ?? 0;
  return testRow(c, datasetId, {
    test: 'anosim',
    metric: ctx.metric,
    groupA: twoGroups ? c.groups[0]! : '',
    groupB: twoGroups ? c.groups[1]! : '',
    statistic: a.statistic,
    r2: null,
    p: a.p,
    q: null,
    permutations: a.permutations,
    strata: a.strata,
    n: a.n,
    nA: twoGroups ? size(0) : null,
    nB: twoGroups ? size(1) : null,
    exact: null,
    df: null,
  });
}
