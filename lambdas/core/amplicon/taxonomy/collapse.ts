/**
 * Collapse of a feature table to taxa at one rank (docs/metrics.md "Taxonomy"),
 * and the per-taxon summaries built on it.
 */
import type { FeatureTable } from '../../table/feature-table.js';
import { rankName, taxonKeyAtRank } from './lineage.js';

/** A table whose rows are taxa at one rank; `table.featureIds` are the taxon keys. */
export interface CollapsedTable {
  /** 0-based rank index (phylum = 1, genus = 5) */
  rankIndex: number;
  /** `RANK_NAMES[rankIndex]` */
  rank: string;
  /** taxon keys sorted by code point (the reference files' order); same array as `table.featureIds` */
  taxa: string[];
  /** number of input features merged into each taxon */
  nFeatures: Int32Array;
  /** taxon index of each input feature */
  featureTaxon: Int32Array;
  /** taxa × samples, samples as in the input */
  table: FeatureTable;
}

/** Per-taxon summary over the non-empty samples (same definitions as `summarizeAmplicon`). */
export interface TaxonSummary {
  taxon: string;
  rank: string;
  /** #{j non-empty : c_tj > 0} / #non-empty */
  prevalence: number;
  /** (1 / #non-empty) Σ_j c_tj / N_j over non-empty j */
  meanRelativeAbundance: number;
  nFeatures: number;
}

/** Relative abundance of the top-k taxa and 'Other' per sample. */
export interface TopTaxa {
  /** the top-k taxon keys (by mean relative abundance, ties by key), then `OTHER_TAXON` */
  taxa: string[];
  sampleIds: string[];
  /** sample-major: value of taxa[t] in sample j at j · taxa.length + t; empty samples are all 0 */
  relativeAbundance: Float64Array;
}

/** Label of the remainder column of `topTaxaPerSample`. */
export const OTHER_TAXON = 'Other';

/**
 * Sums the counts of all features whose lineages share the same key at
 * `rankIndex` (ranks 0..rankIndex, unassigned and missing ranks as `__`); a
 * feature without lineage (null) goes to the fully unassigned key.
 */
export function collapseTable(
  table: FeatureTable,
  lineages: readonly (string | null)[],
  rankIndex: number,
): CollapsedTable {
  if (lineages.length !== table.featureIds.length)
    throw new RangeError(`lineages has ${lineages.length} entries, the table has ${table.featureIds.length} features`);
  const { taxa, featureTaxon, nFeatures } = assignTaxa(lineages, rankIndex);
  return {
    rankIndex,
    rank: rankName(rankIndex),
    taxa,
    nFeatures,
    featureTaxon,
    table: sumRows(table, featureTaxon, taxa),
  };
}

/** Taxon key per feature (cached per distinct lineage), sorted keys, and the feature → taxon index map. */
function assignTaxa(lineages: readonly (string | null)[], rankIndex: number) {
  const keyOfLineage = new Map<string | null, string>();
  const keys = new Array<string>(lineages.length);
  for (let i = 0; i < lineages.length; i++) {
    const lineage = lineages[i] ?? null;
    let key = keyOfLineage.get(lineage);
    if (key === undefined) {
      key = taxonKeyAtRank(lineage, rankIndex);
      keyOfLineage.set(lineage, key);
    }
    keys[i] = key;
  }
  const taxa = [...new Set(keys)].sort(byCodePoint);
  const indexOf = new Map<string, number>();
  taxa.forEach((t, k) => indexOf.set(t, k));
  const featureTaxon = new Int32Array(lineages.length);
  const nFeatures = new Int32Array(taxa.length);
  for (let i = 0; i < keys.length; i++) {
    const t = indexOf.get(keys[i]!)!;
    featureTaxon[i] = t;
    nFeatures[t]!++;
  }
  return { taxa, featureTaxon, nFeatures };
}

/** Code-point order (UTF-16 units agree with it for the BMP): Python's `sorted` on str. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** c_tj = Σ_{i : taxon(i) = t} n_ij, per sample through a dense accumulator and a touched list. */
function sumRows(table: FeatureTable, featureTaxon: Int32Array, taxa: string[]): FeatureTable {
  const nS = table.sampleIds.length;
  const { indptr, indices, data } = table;
  const acc = new Float64Array(taxa.length);
  const stamp = new Int32Array(taxa.length).fill(-1);
  const touched = new Int32Array(taxa.length);
  const outPtr = new Int32Array(nS + 1);
  const outIdx = new Int32Array(indptr[nS]!);
  const outVal = new Float64Array(indptr[nS]!);
  let w = 0;
  for (let j = 0; j < nS; j++) {
    let m = 0;
    for (let p = indptr[j]!; p < indptr[j + 1]!; p++) {
      const t = featureTaxon[indices[p]!]!;
      if (stamp[t] !== j) {
        stamp[t] = j;
        acc[t] = 0;
        touched[m++] = t;
      }
      acc[t]! += data[p]!;
    }
    const order = touched.subarray(0, m).sort();
    for (let q = 0; q < m; q++) {
      const t = order[q]!;
      if (acc[t] === 0) continue;
      outIdx[w] = t;
      outVal[w++] = acc[t]!;
    }
    outPtr[j + 1] = w;
  }
  return {
    featureIds: taxa,
    sampleIds: table.sampleIds,
    indptr: outPtr,
    indices: outIdx.slice(0, w),
    data: outVal.slice(0, w),
  };
}

/** Per-sample depth N_j = Σ_t c_tj. */
function sampleDepths(table: FeatureTable): Float64Array {
  const nS = table.sampleIds.length;
  const out = new Float64Array(nS);
  for (let j = 0; j < nS; j++) {
    let s = 0;
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) s += table.data[p]!;
    out[j] = s;
  }
  return out;
}

/**
 * Prevalence and mean relative abundance of each taxon over the non-empty
 * samples (the `summarizeAmplicon` definitions applied to collapsed counts); rows
 * in taxon-key order. With no non-empty sample both are 0.
 */
export function taxaSummary(collapsed: CollapsedTable): TaxonSummary[] {
  const { table, taxa } = collapsed;
  const depth = sampleDepths(table);
  const present = new Int32Array(taxa.length);
  const relSum = new Float64Array(taxa.length);
  const relComp = new Float64Array(taxa.length);
  let nonEmpty = 0;
  for (let j = 0; j < depth.length; j++) {
    const n = depth[j]!;
    if (!(n > 0)) continue;
    nonEmpty++;
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) {
      const t = table.indices[p]!;
      present[t]!++;
      neumaierAdd(relSum, relComp, t, table.data[p]! / n);
    }
  }
  return taxa.map((taxon, t) => ({
    taxon,
    rank: collapsed.rank,
    prevalence: nonEmpty > 0 ? present[t]! / nonEmpty : 0,
    meanRelativeAbundance: nonEmpty > 0 ? (relSum[t]! + relComp[t]!) / nonEmpty : 0,
    nFeatures: collapsed.nFeatures[t]!,
  }));
}

/** sum[k] += x with Neumaier's compensation kept in comp[k]. */
function neumaierAdd(sum: Float64Array, comp: Float64Array, k: number, x: number): void {
  const s = sum[k]!;
  const t = s + x;
  comp[k]! += (s >= 0 ? s : -s) >= (x >= 0 ? x : -x) ? s - t + x : x - t + s;
  sum[k] = t;
}

/**
 * Per sample, c_tj / N_j of the k taxa with the largest mean relative
 * abundance (ties by key order; taxa never present are not picked) and
 * 'Other' = the sum over all remaining taxa (not 1 − Σ top, so no negative
 * rounding). 'Other' is always the last column, 0 when nothing remains.
 */
export function topTaxaPerSample(collapsed: CollapsedTable, k: number): TopTaxa {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be an integer >= 0, got ${k}`);
  const top = topIndices(taxaSummary(collapsed), k);
  const column = new Int32Array(collapsed.taxa.length).fill(top.length);
  top.forEach((t, c) => (column[t] = c));
  const { table } = collapsed;
  const width = top.length + 1;
  const depth = sampleDepths(table);
  const out = new Float64Array(table.sampleIds.length * width);
  for (let j = 0; j < depth.length; j++) {
    const n = depth[j]!;
    if (!(n > 0)) continue;
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++)
      out[j * width + column[table.indices[p]!]!]! += table.data[p]! / n;
  }
  return {
    taxa: [...top.map((t) => collapsed.taxa[t]!), OTHER_TAXON],
    sampleIds: table.sampleIds,
    relativeAbundance: out,
  };
}

/** Indices of the k rows with the largest positive mean relative abundance, largest first, ties by index. */
function topIndices(rows: TaxonSummary[], k: number): number[] {
  const order = rows.map((_, t) => t).filter((t) => rows[t]!.meanRelativeAbundance > 0);
  order.sort((a, b) => rows[b]!.meanRelativeAbundance - rows[a]!.meanRelativeAbundance || a - b);
  return order.slice(0, k);
}
