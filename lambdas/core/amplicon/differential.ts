/**
 * 16S differential abundance of one comparison at one level (docs/study-statistics.md
 * "16S differential abundance"): prevalence filter over the comparison's samples,
 * Wilcoxon rank-sum (signed rank when paired) on relative abundance, BH over the
 * tested features, clr(x + 1) mean difference over all features of the level.
 */

import type { GroupSelection, PairedSelection } from '../analysis/samples.js';
import type { HitLevel, HitRow, ResolvedComparison } from '../analysis/types.js';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import { mannWhitneyU } from '../stats/mann-whitney-u.js';
import { sampleMean } from '../stats/sample-mean.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js';
import type { FeatureTable } from '../table/feature-table.js';
import { clrSparse } from './normalize/clr.js';

/** A dataset's counts at one level (features, or taxa collapsed to a rank), samples as in the uploaded table. */
export interface LevelTable {
  level: HitLevel;
  table: FeatureTable;
}

/** Dense feature-major views of the comparison's samples: columns A then B. */
interface ComparisonMatrix {
  nA: number;
  nB: number;
  /** n_fs / N_s at f · (nA + nB) + column */
  relative: Float64Array;
  /** clr(x + 1) over all features of the level, same layout */
  clr: Float64Array;
  presentA: Int32Array;
  presentB: Int32Array;
}

/** Builds the dense relative-abundance and clr columns of samples `a` then `b`. */
function comparisonMatrix(table: FeatureTable, a: Int32Array, b: Int32Array): ComparisonMatrix {
  const nF = table.featureIds.length;
  const nA = a.length,
    nC = a.length + b.length;
  const relative = new Float64Array(nF * nC);
  const clr = new Float64Array(nF * nC);
  const presentA = new Int32Array(nF),
    presentB = new Int32Array(nF);
  for (let k = 0; k < nC; k++) {
    const s = k < nA ? a[k]! : b[k - nA]!;
    const start = table.indptr[s]!,
      end = table.indptr[s + 1]!;
    const counts = table.data.subarray(start, end);
    let depth = 0;
    for (let p = 0; p < counts.length; p++) depth += counts[p]!;
    const { values, zero } = clrSparse(counts, nF);
    for (let f = 0; f < nF; f++) clr[f * nC + k] = zero;
    const present = k < nA ? presentA : presentB;
    for (let p = start; p < end; p++) {
      const f = table.indices[p]!;
      relative[f * nC + k] = table.data[p]! / depth;
      clr[f * nC + k] = values[p - start]!;
      present[f]!++;
    }
  }
  return { nA, nB: nC - nA, relative, clr, presentA, presentB };
}

/** Hit rows of every tested feature of `level` for a two-group or paired comparison. */
export function ampliconDifferential(
  c: ResolvedComparison,
  sel: GroupSelection | PairedSelection,
  level: LevelTable,
  prevalence: number,
  datasetId: string,
): HitRow[] {
  const paired = sel.kind === 'paired';
  const [a, b] = paired ? [sel.a, sel.b] : [sel.groups[0]!, sel.groups[1]!];
  if (a.length === 0 || b.length === 0) return [];
  const m = comparisonMatrix(level.table, a, b);
  const nC = m.nA + m.nB;
  const rows: HitRow[] = [];
  for (let f = 0; f < level.table.featureIds.length; f++) {
    const present = m.presentA[f]! + m.presentB[f]!;
    if (present === 0 || present / nC < prevalence) continue;
    const at = f * nC;
    const relA = m.relative.subarray(at, at + m.nA),
      relB = m.relative.subarray(at + m.nA, at + nC);
    const test = paired ? wilcoxonSignedRank(relA, relB) : mannWhitneyU(relA, relB);
    rows.push({
      comparison: c.name,
      datasetId,
      level: level.level,
      feature: level.table.featureIds[f]!,
      test: paired ? 'wilcoxon_signed_rank' : 'wilcoxon_rank_sum',
      statistic: test ? test.statistic : null,
      p: test ? test.p : null,
      q: null,
      effectName: 'clr_mean_difference',
      effect: sampleMean(m.clr.subarray(at, at + m.nA)) - sampleMean(m.clr.subarray(at + m.nA, at + nC)),
      prevalenceA: m.presentA[f]! / m.nA,
      prevalenceB: m.presentB[f]! / m.nB,
      meanA: sampleMean(relA),
      meanB: sampleMean(relB),
      nA: m.nA,
      nB: m.nB,
      observedA: m.presentA[f]!,
      observedB: m.presentB[f]!,
      lowObserved: false,
      secondTest: null,
      secondStatistic: null,
      secondP: null,
      secondQ: null,
    });
  }
  const q = benjaminiHochberg(rows.map((r) => r.p ?? Number.NaN));
  rows.forEach((r, k) => (r.q = q[k]!));
  return rows;
}
