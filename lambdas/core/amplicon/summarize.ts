/**
 * The per-sample and per-feature summary of one 16S table: alpha metrics
 * (docs/metrics.md), feature prevalence and mean relative abundance, and notes
 * that say which numbers are missing and why.
 */

import type { AmpliconFeatureSummary, AmpliconSampleMetrics } from '../results/model.js';
import { type FeatureTable, isIntegerTable } from '../table/feature-table.js';
import { alphaDiversity } from './diversity/alpha/alpha-diversity.js';
import { COUNT_BASED_METRICS } from './diversity/alpha/registry.js';

export interface AmpliconSummary {
  samples: AmpliconSampleMetrics[];
  features: AmpliconFeatureSummary[];
  notes: string[];
  /** every value is an integer (counts); when false the count-based estimators are null */
  integerCounts: boolean;
}

const LISTED_IDS = 20;

/** Alpha metrics per sample and, per feature, prevalence = #{j non-empty: n_ij > 0} / #non-empty and mean over non-empty j of n_ij / N_j. */
export function summarizeAmplicon(table: FeatureTable, taxonomy?: Map<string, string>): AmpliconSummary {
  const integerCounts = isIntegerTable(table);
  const samples = alphaDiversity(table, { integerCounts });
  const nF = table.featureIds.length;
  const present = new Int32Array(nF);
  const relSum = new Float64Array(nF);
  const relComp = new Float64Array(nF);
  const empty: string[] = [];
  for (let j = 0; j < samples.length; j++) {
    const n = samples[j]!.depth;
    if (!(n > 0)) {
      empty.push(table.sampleIds[j]!);
      continue;
    }
    for (let k = table.indptr[j]!; k < table.indptr[j + 1]!; k++) {
      const v = table.data[k]!;
      if (!(v > 0)) continue;
      const i = table.indices[k]!;
      present[i]!++;
      const r = v / n;
      const s = relSum[i]!;
      const t = s + r;
      relComp[i]! += s >= r ? s - t + r : r - t + s;
      relSum[i] = t;
    }
  }
  const nonEmpty = samples.length - empty.length;
  const tax = lineages(table, taxonomy);
  const features: AmpliconFeatureSummary[] = new Array(nF);
  let allZero = 0;
  for (let i = 0; i < nF; i++) {
    if (present[i] === 0) allZero++;
    features[i] = {
      featureId: table.featureIds[i]!,
      prevalence: nonEmpty > 0 ? present[i]! / nonEmpty : 0,
      meanRelativeAbundance: nonEmpty > 0 ? (relSum[i]! + relComp[i]!) / nonEmpty : 0,
      taxonomy: tax.values[i] ?? null,
    };
  }
  return { samples, features, notes: notesFor(integerCounts, empty, nonEmpty, allZero, tax.missing), integerCounts };
}

function lineages(
  table: FeatureTable,
  taxonomy: Map<string, string> | undefined,
): { values: (string | null)[]; missing: number } {
  const values: (string | null)[] = new Array(table.featureIds.length);
  let missing = 0;
  for (let i = 0; i < table.featureIds.length; i++) {
    const v = taxonomy?.get(table.featureIds[i]!) ?? table.taxonomy?.[i] ?? null;
    values[i] = v;
    if (v === null) missing++;
  }
  return { values, missing: taxonomy || table.taxonomy ? missing : 0 };
}

function notesFor(
  integerCounts: boolean,
  empty: string[],
  nonEmpty: number,
  allZero: number,
  noTaxonomy: number,
): string[] {
  const notes: string[] = [];
  if (!integerCounts) {
    notes.push(`non-integer values: ${COUNT_BASED_METRICS.join(', ')} not reported (they need integer counts)`);
  }
  if (empty.length > 0) {
    const shown = empty.slice(0, LISTED_IDS).join(', ');
    const more = empty.length > LISTED_IDS ? ` and ${empty.length - LISTED_IDS} more` : '';
    notes.push(
      `${empty.length} empty sample(s) (depth 0, no metrics; left out of feature prevalence and mean relative abundance): ${shown}${more}`,
    );
  }
  if (nonEmpty === 0) notes.push('no non-empty samples: feature prevalence and mean relative abundance are 0');
  if (allZero > 0) notes.push(`${allZero} feature(s) are zero in every sample (kept, prevalence 0)`);
  if (noTaxonomy > 0) notes.push(`${noTaxonomy} feature(s) have no taxonomy`);
  return notes;
}
