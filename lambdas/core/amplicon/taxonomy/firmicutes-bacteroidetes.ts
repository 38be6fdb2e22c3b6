/**
 * Firmicutes / Bacteroidetes ratio per sample, recognising the phylum under its
 * Greengenes / SILVA ≤ 132 name, its SILVA 138 / GTDB name and GTDB's split
 * phyla (`Firmicutes_A`, `Bacillota_A`, `Bacteroidota_A`, …).
 */
import type { FeatureTable } from '../../table/feature-table.js';
import { type CollapsedTable, collapseTable } from './collapse.js';
import { KEY_SEPARATOR, rankIndexOf, stripRankPrefix } from './lineage.js';

/** Firmicutes (Greengenes, SILVA ≤ 132), Bacillota (SILVA 138.2, GTDB ≥ r214), each with any GTDB `_<X>` split suffix. */
const FIRMICUTES = /^(?:firmicutes|bacillota)(?:_[a-z0-9]+)*$/i;
/** Bacteroidetes (Greengenes, SILVA ≤ 132), Bacteroidota (SILVA 138, GTDB), each with any GTDB `_<X>` split suffix. */
const BACTEROIDETES = /^(?:bacteroidetes|bacteroidota)(?:_[a-z0-9]+)*$/i;

const PHYLUM = rankIndexOf('phylum');

/** One sample's Firmicutes and Bacteroidetes relative abundances and their ratio. */
export interface FbRatio {
  sampleId: string;
  /** Σ relative abundance of Firmicutes synonyms; null for an empty sample */
  firmicutes: number | null;
  /** Σ relative abundance of Bacteroidetes synonyms; null for an empty sample */
  bacteroidetes: number | null;
  /** firmicutes / bacteroidetes; null when bacteroidetes is 0 (or the sample is empty) */
  ratio: number | null;
}

/** Which side of the ratio a phylum name (prefix allowed: `p__`, `D_1__`) falls on, or null. */
export function fbGroup(phylum: string): 'firmicutes' | 'bacteroidetes' | null {
  const name = stripRankPrefix(phylum.trim());
  if (FIRMICUTES.test(name)) return 'firmicutes';
  if (BACTEROIDETES.test(name)) return 'bacteroidetes';
  return null;
}

/**
 * F/B = (Σ_F c_tj / N_j) / (Σ_B c_tj / N_j) = Σ_F c_tj / Σ_B c_tj per sample,
 * reading the phylum (position 1) of each taxon key of a table collapsed at
 * phylum rank or deeper.
 */
export function fbRatio(collapsed: CollapsedTable): FbRatio[] {
  if (collapsed.rankIndex < PHYLUM)
    throw new RangeError(`F/B needs a table collapsed at phylum or deeper, got ${collapsed.rank}`);
  const group = new Int8Array(collapsed.taxa.length);
  collapsed.taxa.forEach((key, t) => {
    const g = fbGroup(key.split(KEY_SEPARATOR)[PHYLUM] ?? '');
    group[t] = g === 'firmicutes' ? 1 : g === 'bacteroidetes' ? 2 : 0;
  });
  const { table } = collapsed;
  return table.sampleIds.map((sampleId, j) => {
    let total = 0,
      f = 0,
      b = 0;
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) {
      const v = table.data[p]!;
      total += v;
      const g = group[table.indices[p]!];
      if (g === 1) f += v;
      else if (g === 2) b += v;
    }
    if (!(total > 0)) return { sampleId, firmicutes: null, bacteroidetes: null, ratio: null };
    return { sampleId, firmicutes: f / total, bacteroidetes: b / total, ratio: b > 0 ? f / b : null };
  });
}

/** `fbRatio` of a feature table and its per-feature lineages (collapsed at phylum first). */
export function fbRatioFromLineages(table: FeatureTable, lineages: readonly (string | null)[]): FbRatio[] {
  return fbRatio(collapseTable(table, lineages, PHYLUM));
}
