/**
 * Samples expanded to the tree branches they reach, the input of every UniFrac
 * kernel. Branch v (the edge above node v; the root's is never used) is reached
 * by sample j when some tip under v has a non-zero count in j; its count is the
 * sum of those tip counts (scikit-bio's `counts_by_node`).
 */

import type { PhyloTree } from '../../../study/newick.js';
import type { FeatureTable } from '../../../table/feature-table.js';
import { postingsFrom } from './samples.js';

/** Per node v: the samples reaching branch v are `sample[begin[v] .. end[v])`, increasing, with their subtree counts in `count`. */
export interface BranchPostings {
  begin: Int32Array;
  end: Int32Array;
  sample: Int32Array;
  /** subtree count per entry (empty when built without counts) */
  count: Float64Array;
}

/** The store starts at the bound on its size but at most this many entries (it grows past it when needed). */
const INITIAL_ENTRIES_CAP = 2 ** 25;

/** Growable (sample, count) storage. */
class EntryStore {
  sample: Int32Array;
  count: Float64Array;
  size = 0;

  constructor(
    capacity: number,
    readonly withCounts: boolean,
  ) {
    this.sample = new Int32Array(capacity);
    this.count = new Float64Array(withCounts ? capacity : 0);
  }

  /** Makes room for `extra` more entries. */
  reserve(extra: number): void {
    if (this.size + extra <= this.sample.length) return;
    const cap = Math.max(this.size + extra, this.sample.length * 2);
    const s = new Int32Array(cap);
    s.set(this.sample.subarray(0, this.size));
    this.sample = s;
    if (this.withCounts) {
      const c = new Float64Array(cap);
      c.set(this.count.subarray(0, this.size));
      this.count = c;
    }
  }
}

/**
 * Postings of every node, built bottom-up (nodes in decreasing index order, so
 * children before parents): a tip takes its feature's samples, an internal node
 * merges its children's sorted lists (summing counts). Cost O(Σ postings), all
 * sequential reads; `tips[f]` is feature f's node.
 */
export function branchPostings(
  table: FeatureTable,
  tree: PhyloTree,
  tips: Int32Array,
  withCounts: boolean,
): BranchPostings {
  const { parent } = tree;
  const nNodes = parent.length,
    n = table.sampleIds.length;
  const features = postingsFrom(table, 0, withCounts ? table.data : undefined);
  const featureOf = new Int32Array(nNodes).fill(-1);
  tips.forEach((v, f) => (featureOf[v] = f));
  const { childStart, children } = childLists(parent);
  const begin = new Int32Array(nNodes),
    end = new Int32Array(nNodes);
  const store = new EntryStore(
    Math.max(1024, Math.min(INITIAL_ENTRIES_CAP, postingsBound(features.start, featureOf, childStart, children, n))),
    withCounts,
  );
  const scratch = new KWayScratch(n, withCounts);
  for (let v = nNodes - 1; v >= 0; v--) {
    begin[v] = store.size;
    const c0 = childStart[v]!,
      c1 = childStart[v + 1]!;
    if (c1 === c0) copyFeature(features, featureOf[v]!, store);
    else if (c1 - c0 === 1) copyRange(store, begin[children[c0]!]!, end[children[c0]!]!);
    else if (c1 - c0 === 2) mergeTwo(store, children[c0]!, children[c0 + 1]!, begin, end);
    else scratch.merge(store, children.subarray(c0, c1), begin, end);
    end[v] = store.size;
  }
  return { begin, end, sample: store.sample, count: store.count };
}

/** An upper bound of Σ_v |posting(v)|: a tip lists its feature's samples, an internal node at most min(n, Σ over its children). One pass, so the store is allocated once. */
function postingsBound(
  featureStart: Int32Array,
  featureOf: Int32Array,
  childStart: Int32Array,
  children: Int32Array,
  n: number,
): number {
  const nNodes = featureOf.length;
  const bound = new Float64Array(nNodes);
  let total = 0;
  for (let v = nNodes - 1; v >= 0; v--) {
    let b = 0;
    if (childStart[v + 1] === childStart[v])
      b = featureOf[v]! < 0 ? 0 : featureStart[featureOf[v]! + 1]! - featureStart[featureOf[v]!]!;
    else for (let c = childStart[v]!; c < childStart[v + 1]!; c++) b += bound[children[c]!]!;
    bound[v] = Math.min(n, b);
    total += bound[v]!;
  }
  return total;
}

/** Children of every node in CSR form: children of v are `children[childStart[v] .. childStart[v+1])`. */
function childLists(parent: Int32Array): { childStart: Int32Array; children: Int32Array } {
  const nNodes = parent.length;
  const childStart = new Int32Array(nNodes + 1);
  for (let v = 1; v < nNodes; v++) childStart[parent[v]! + 1]!++;
  for (let v = 0; v < nNodes; v++) childStart[v + 1]! += childStart[v]!;
  const fill = childStart.slice(0, nNodes);
  const children = new Int32Array(Math.max(0, nNodes - 1));
  for (let v = 1; v < nNodes; v++) children[fill[parent[v]!]!++] = v;
  return { childStart, children };
}

/** Appends feature f's samples (and counts) to the store; nothing for f = −1 (a tip no feature maps to). */
function copyFeature(
  features: { start: Int32Array; samples: Int32Array; values: Float64Array },
  f: number,
  store: EntryStore,
): void {
  if (f < 0) return;
  const from = features.start[f]!,
    to = features.start[f + 1]!;
  store.reserve(to - from);
  store.sample.set(features.samples.subarray(from, to), store.size);
  if (store.withCounts) store.count.set(features.values.subarray(from, to), store.size);
  store.size += to - from;
}

/** Appends a copy of entries [from, to) of the store itself. */
function copyRange(store: EntryStore, from: number, to: number): void {
  store.reserve(to - from);
  store.sample.copyWithin(store.size, from, to);
  if (store.withCounts) store.count.copyWithin(store.size, from, to);
  store.size += to - from;
}

/** Appends the sorted union of the postings of nodes a and b, counts summed where both list a sample. */
function mergeTwo(store: EntryStore, a: number, b: number, begin: Int32Array, end: Int32Array): void {
  store.reserve(end[a]! - begin[a]! + end[b]! - begin[b]!);
  const { sample, count, withCounts } = store;
  let p = begin[a]!,
    q = begin[b]!,
    w = store.size;
  const pEnd = end[a]!,
    qEnd = end[b]!;
  while (p < pEnd && q < qEnd) {
    const sp = sample[p]!,
      sq = sample[q]!;
    if (sp <= sq) {
      sample[w] = sp;
      if (withCounts) count[w] = sp === sq ? count[p]! + count[q++]! : count[p]!;
      else if (sp === sq) q++;
      p++;
    } else {
      sample[w] = sq;
      if (withCounts) count[w] = count[q]!;
      q++;
    }
    w++;
  }
  for (; p < pEnd; p++, w++) {
    sample[w] = sample[p]!;
    if (withCounts) count[w] = count[p]!;
  }
  for (; q < qEnd; q++, w++) {
    sample[w] = sample[q]!;
    if (withCounts) count[w] = count[q]!;
  }
  store.size = w;
}

/** Union of more than two children's postings through a sample-indexed accumulator (multifurcations). */
class KWayScratch {
  private readonly acc: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;

  constructor(
    n: number,
    private readonly withCounts: boolean,
  ) {
    this.acc = new Float64Array(withCounts ? n : 0);
    this.seen = new Uint8Array(n);
    this.touched = new Int32Array(n);
  }

  /** Appends the sorted union of the children's postings, counts summed. */
  merge(store: EntryStore, kids: Int32Array, begin: Int32Array, end: Int32Array): void {
    let m = 0;
    for (const c of kids) {
      for (let q = begin[c]!; q < end[c]!; q++) {
        const s = store.sample[q]!;
        if (this.withCounts) this.acc[s]! += store.count[q]!;
        if (this.seen[s] === 0) {
          this.seen[s] = 1;
          this.touched[m++] = s;
        }
      }
    }
    const list = this.touched.subarray(0, m).sort();
    store.reserve(m);
    for (let k = 0; k < m; k++) {
      const s = list[k]!;
      store.sample[store.size] = s;
      if (this.withCounts) {
        store.count[store.size] = this.acc[s]!;
        this.acc[s] = 0;
      }
      this.seen[s] = 0;
      store.size++;
    }
  }
}

/**
 * Both samples' subtree counts by one post-order sweep of the tree, handed to
 * `visit(v, count_i, count_j)` for every non-root node either sample reaches.
 * O(nodes); used to recompute single pairs exactly.
 */
export class PairSweep {
  private readonly ci: Float64Array;
  private readonly cj: Float64Array;

  constructor(
    private readonly table: FeatureTable,
    private readonly tree: PhyloTree,
    private readonly tips: Int32Array,
  ) {
    this.ci = new Float64Array(tree.parent.length);
    this.cj = new Float64Array(tree.parent.length);
  }

  /** Calls visit for each reached branch of samples i and j (children before parents). */
  run(i: number, j: number, visit: (v: number, xi: number, xj: number) => void): void {
    const { table, tips, ci, cj } = this;
    const parent = this.tree.parent;
    for (let p = table.indptr[i]!; p < table.indptr[i + 1]!; p++) ci[tips[table.indices[p]!]!]! += table.data[p]!;
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) cj[tips[table.indices[p]!]!]! += table.data[p]!;
    for (let v = parent.length - 1; v > 0; v--) {
      const xi = ci[v]!,
        xj = cj[v]!;
      if (xi === 0 && xj === 0) continue;
      ci[v] = 0;
      cj[v] = 0;
      ci[parent[v]!]! += xi;
      cj[parent[v]!]! += xj;
      visit(v, xi, xj);
    }
    ci[0] = 0;
    cj[0] = 0;
  }
}
