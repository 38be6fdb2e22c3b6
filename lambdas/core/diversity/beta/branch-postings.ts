/**
 * Samples expanded to the tree branches they reach, the input of every UniFrac
 * kernel. Branch b (the edge above node b, root excluded) is reached by sample j
 * when some tip under b has a non-zero count in j; its count is the sum of those
 * tip counts (scikit-bio's `counts_by_node`). Branches of length 0 are left out:
 * they add nothing to any UniFrac sum.
 */
import type { FeatureTable } from '../../table/feature-table.js';
import type { PhyloTree } from '../../phylogeny/newick.js';

/** Sample-major reach lists: sample j's branches are `branch[start[j] .. start[j+1])`, node indices increasing. */
export interface SampleBranches {
  start: Int32Array;
  branch: Int32Array;
  /** subtree count of each listed branch (empty when built without counts) */
  count: Float64Array;
  /** Σ counts of each sample (the root's count) */
  total: Float64Array;
}

/** Branch-major copy: branch b is reached by samples `sample[start[b] .. start[b+1])`, increasing, with `value` aligned. */
export interface BranchPostings {
  start: Int32Array;
  sample: Int32Array;
  /** per entry: the count (or whatever the caller stored); empty when built without values */
  value: Float64Array;
}

/**
 * Reach lists of every sample by one post-order sweep per sample (preorder
 * arrays read backwards): count[v] is pushed into count[parent[v]], so each
 * sample costs O(nodes) whatever the tree's shape; `tips[f]` is feature f's node.
 */
export function sampleBranches(table: FeatureTable, tree: PhyloTree, tips: Int32Array, withCounts: boolean): SampleBranches {
  const { parent, branchLength } = tree;
  const nNodes = parent.length, n = table.sampleIds.length;
  const acc = new Float64Array(nNodes);
  const start = new Int32Array(n + 1);
  const total = new Float64Array(n);
  let branch = new Int32Array(Math.max(1024, table.data.length * 2));
  let count = new Float64Array(withCounts ? branch.length : 0);
  let w = 0;
  for (let j = 0; j < n; j++) {
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) acc[tips[table.indices[p]!]!]! += table.data[p]!;
    if (w + nNodes > branch.length) ({ branch, count } = grow(branch, count, w + nNodes, withCounts));
    const first = w;
    for (let v = nNodes - 1; v > 0; v--) {
      const x = acc[v]!;
      if (x === 0) continue;
      acc[v] = 0;
      acc[parent[v]!]! += x;
      if (branchLength[v] === 0) continue;
      branch[w] = v;
      if (withCounts) count[w] = x;
      w++;
    }
    total[j] = acc[0]!;
    acc[0] = 0;
    reverseRange(branch, count, first, w, withCounts);
    start[j + 1] = w;
  }
  return { start, branch: branch.slice(0, w), count: withCounts ? count.slice(0, w) : count, total };
}

/** Larger copies of the output arrays, holding at least `need` entries. */
function grow(branch: Int32Array, count: Float64Array, need: number, withCounts: boolean): { branch: Int32Array; count: Float64Array } {
  const cap = Math.max(need, branch.length * 2);
  const b = new Int32Array(cap);
  b.set(branch);
  const c = new Float64Array(withCounts ? cap : 0);
  if (withCounts) c.set(count);
  return { branch: b, count: c };
}

/** Reverses entries [from, to) in place (the sweep emits nodes in decreasing order). */
function reverseRange(branch: Int32Array, count: Float64Array, from: number, to: number, withCounts: boolean): void {
  for (let a = from, b = to - 1; a < b; a++, b--) {
    const t = branch[a]!;
    branch[a] = branch[b]!;
    branch[b] = t;
    if (withCounts) {
      const c = count[a]!;
      count[a] = count[b]!;
      count[b] = c;
    }
  }
}

/** Transposes the reach lists by a counting sort over branches: O(entries + nodes); `values` (aligned with `sb.branch`) are carried along when given. */
export function branchPostings(sb: SampleBranches, nNodes: number, values?: Float64Array): BranchPostings {
  const { start: sStart, branch } = sb;
  const n = sStart.length - 1, e = branch.length;
  const start = new Int32Array(nNodes + 1);
  for (let q = 0; q < e; q++) start[branch[q]! + 1]!++;
  for (let v = 0; v < nNodes; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, nNodes);
  const sample = new Int32Array(e);
  const value = new Float64Array(values ? e : 0);
  for (let j = 0; j < n; j++) {
    for (let q = sStart[j]!; q < sStart[j + 1]!; q++) {
      const at = fill[branch[q]!]!++;
      sample[at] = j;
      if (values) value[at] = values[q]!;
    }
  }
  return { start, sample, value };
}
