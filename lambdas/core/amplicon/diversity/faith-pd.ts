/**
 * Faith's phylogenetic diversity (Faith 1992, Biol. Conserv. 61:1-10): the total
 * length of the edges on the union of the paths from each observed tip to the
 * root, the root's own edge excluded. Anchor: scikit-bio 0.5.8 `faith_pd`
 * (see test/fixtures/<set>/reference/<dataset>/README.md).
 */
import { fail } from '../../errors.js';
import type { PhyloTree } from '../../study/newick.js';
import type { FeatureTable } from '../../table/feature-table.js';

/** How many missing feature ids an UNKNOWN_FEATURE message names. */
const LISTED_IDS = 5;

/**
 * Tip node of each table feature; fails UNKNOWN_FEATURE naming the first
 * few features that are not tips (every feature must be, observed or not, as
 * in scikit-bio and QIIME 2).
 */
export function tipNodesOf(table: FeatureTable, tree: PhyloTree): Int32Array {
  const out = new Int32Array(table.featureIds.length);
  const missing: string[] = [];
  let nMissing = 0;
  table.featureIds.forEach((id, f) => {
    const node = tree.tipIndex.get(id);
    if (node === undefined) {
      nMissing++;
      if (missing.length < LISTED_IDS) missing.push(id);
    } else out[f] = node;
  });
  if (nMissing > 0) {
    const more = nMissing > LISTED_IDS ? ` and ${nMissing - LISTED_IDS} more` : '';
    fail(
      'UNKNOWN_FEATURE',
      `${nMissing} of ${table.featureIds.length} feature(s) are not tips of the tree: ${missing.join(', ')}${more}`,
      {
        expected: 'a tree with a tip for every feature id of the table',
      },
    );
  }
  return out;
}

/**
 * PD_j = Σ branch lengths over the union of root paths of the features with
 * n_ij > 0, per sample in table order; null for an empty sample (docs/metrics.md:
 * empty samples carry no metrics). Each sample walks up from its tips until it
 * meets a node already stamped with its index, so it costs O(edges in the union).
 */
export function faithPd(table: FeatureTable, tree: PhyloTree): (number | null)[] {
  const tips = tipNodesOf(table, tree);
  const { parent, branchLength } = tree;
  const stamp = new Int32Array(parent.length).fill(-1);
  const out: (number | null)[] = new Array(table.sampleIds.length);
  for (let j = 0; j < table.sampleIds.length; j++) {
    let sum = 0,
      comp = 0,
      observed = 0;
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) {
      if (!(table.data[p]! > 0)) continue;
      observed++;
      for (let v = tips[table.indices[p]!]!; parent[v]! >= 0 && stamp[v] !== j; v = parent[v]!) {
        stamp[v] = j;
        const x = branchLength[v]!;
        const t = sum + x;
        comp += (sum >= 0 ? sum : -sum) >= (x >= 0 ? x : -x) ? sum - t + x : x - t + sum;
        sum = t;
      }
    }
    out[j] = observed > 0 ? sum + comp : null;
  }
  return out;
}
