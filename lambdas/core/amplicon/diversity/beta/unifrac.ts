/**
 * UniFrac distances (Lozupone & Knight 2005; Lozupone et al. 2007) between every
 * pair of samples of a table, on raw counts, as scikit-bio 0.5.8
 * `beta_diversity('unweighted_unifrac' | 'weighted_unifrac', …, normalized=…)`
 * defines them. With x_ib = 1 when sample i reaches branch b, l_b the branch
 * length and p_ib = count_ib / N_i the share of i's counts under b:
 *   unweighted             Σ l_b |x_ib − x_jb| / Σ l_b max(x_ib, x_jb)   (0 when the denominator is 0)
 *   weighted unnormalized  Σ l_b |p_ib − p_jb|
 *   weighted normalized    Σ l_b |p_ib − p_jb| / Σ_tips d_t (p_it + p_jt)  (d_t = tip-to-root length; 0 when both samples are empty)
 * Trees may be multifurcating; the root's own edge never counts. Speed anchor:
 * Striped UniFrac (McDonald et al. 2018); the algorithm is in docs/unifrac.md.
 */
import { fail, type Result, tryParse } from '../../../errors.js';
import type { PhyloTree } from '../../../study/newick.js';
import type { FeatureTable } from '../../../table/feature-table.js';
import { tipNodesOf } from '../faith-pd.js';
import { type BranchPostings, branchPostings, PairSweep } from './branch-postings.js';
import { condensedLength, type DistanceMatrix, rowBase } from './distance-matrix.js';
import { addTwiceSharedMinima, type Pieces, subtractDenseL1 } from './unifrac-kernels.js';

/** Options of `weightedUnifrac`. */
export interface WeightedUnifracOptions {
  /** divide by Σ_tips d_t (p_it + p_jt), giving distances in [0, 1] (scikit-bio `normalized=True`) */
  normalized: boolean;
}

/**
 * A pair whose fast-path numerator is at most this fraction of the magnitude of
 * the sums it was formed from is recomputed exactly by a sweep of the tree for
 * the two samples, so cancellation costs at most ~1e-12 relative and identical
 * samples give exactly 0.
 */
export const UNIFRAC_RECOMPUTE_BELOW = 1e-3;

/** Branches reached by more than this fraction of the samples go to the complement (unweighted) or dense (weighted) path. */
const DENSE_FRACTION = 0.5;

/** Math.abs bound once (a global lookup per call is slow under vm contexts such as jest's). */
const abs = Math.abs;

/** Unweighted UniFrac between every pair of samples (table order, empty samples included); an error value when a feature is not a tip of the tree. */
export function unweightedUnifrac(table: FeatureTable, tree: PhyloTree): Result<DistanceMatrix> {
  const tips = checkedTips(table, tree);
  if (!tips.ok) return tips;
  const n = table.sampleIds.length;
  const post = branchPostings(table, tree, tips.value, false);
  const len = collapsedLengths(tree, post);
  const reached = perSampleLength(post, len, n, false);
  const split = unweightedPieces(tree.parent, len, post, n);
  const out = new Float64Array(condensedLength(n));
  addTwiceSharedMinima(split.pieces, n, out);
  finishUnweighted(
    new PairSweep(table, tree, tips.value),
    tree.branchLength,
    reached,
    split,
    out,
    upperBound(tree.branchLength),
  );
  return { ok: true, value: { ids: table.sampleIds, data: out } };
}

/** Weighted UniFrac (normalized or not) between every pair of samples (table order, empty samples included); an error value when a feature is not a tip of the tree. */
export function weightedUnifrac(
  table: FeatureTable,
  tree: PhyloTree,
  options: WeightedUnifracOptions,
): Result<DistanceMatrix> {
  const tips = checkedTips(table, tree);
  if (!tips.ok) return tips;
  const n = table.sampleIds.length;
  const post = branchPostings(table, tree, tips.value, true);
  const len = collapsedLengths(tree, post);
  const depth = sampleTotals(table);
  toWeightedShares(post, len, depth);
  const total = perSampleLength(post, len, n, true);
  const classes = weightedClasses(post, len, n);
  const out = new Float64Array(condensedLength(n));
  addTwiceSharedMinima(classes.sparse, n, out);
  const columns: Pieces = { begin: post.begin, end: post.end, sample: post.sample, value: post.count };
  subtractDenseL1(columns, classes.dense, 1, n, out);
  subtractDenseL1(columns, classes.negative, -1, n, out);
  const sweep = new PairSweep(table, tree, tips.value);
  const cap = options.normalized ? upperBound(tree.branchLength) : Infinity;
  finishWeighted(sweep, tree.branchLength, depth, total, classes.sparseShare, cap, options.normalized, out);
  return { ok: true, value: { ids: table.sampleIds, data: out } };
}

/** 1 when every branch length is ≥ 0, so unweighted and normalized weighted values cannot exceed 1 and a fast-path 1 + ε is rounded back; Infinity otherwise (no clamp). */
function upperBound(len: Float64Array): number {
  for (let v = 1; v < len.length; v++) if (len[v]! < 0) return Infinity;
  return 1;
}

/** Tip node of every feature, or the error scikit-bio's validation raises: UNKNOWN_FEATURE naming missing ids, INVALID_TREE for a lone root, NEGATIVE_VALUE for a negative count. */
function checkedTips(table: FeatureTable, tree: PhyloTree): Result<Int32Array> {
  return tryParse(() => {
    if (tree.parent.length < 2)
      fail('INVALID_TREE', 'the tree is a lone root; UniFrac needs at least one branch', {
        expected: 'a rooted tree with tips',
      });
    const tips = tipNodesOf(table, tree);
    const at = table.data.findIndex((x) => x < 0);
    if (at >= 0)
      fail('NEGATIVE_VALUE', `UniFrac needs non-negative counts; found ${table.data[at]}`, { expected: 'counts ≥ 0' });
    return tips;
  });
}

/**
 * Branch lengths with every node that has exactly one reached child merged into
 * that child (its length added to the child's, its own set to 0): both list the
 * same samples with the same counts, so no UniFrac sum changes, but one posting
 * is scanned instead of a chain of them (scikit-bio reaches the same by shearing
 * the tree to the table's tips). The root is never merged.
 */
function collapsedLengths(tree: PhyloTree, post: BranchPostings): Float64Array {
  const { parent } = tree;
  const nNodes = parent.length;
  const len = Float64Array.from(tree.branchLength);
  len[0] = 0;
  const reachedChildren = new Int32Array(nNodes),
    onlyChild = new Int32Array(nNodes).fill(-1);
  for (let v = 1; v < nNodes; v++) {
    if (post.end[v]! > post.begin[v]!) {
      reachedChildren[parent[v]!]!++;
      onlyChild[parent[v]!] = v;
    }
  }
  for (let v = 1; v < nNodes; v++) {
    if (tree.isTip[v] || reachedChildren[v] !== 1) continue;
    len[onlyChild[v]!]! += len[v]!;
    len[v] = 0;
  }
  return len;
}

/** N_j = Σ counts of each sample (exact for integer counts below 2^53). */
function sampleTotals(table: FeatureTable): Float64Array {
  const out = new Float64Array(table.sampleIds.length);
  for (let j = 0; j < out.length; j++)
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) out[j]! += table.data[p]!;
  return out;
}

/** Replaces every posting count of branch v by a = |l_v|·(count / N_sample), in place (branches of length 0 are left alone: they are never read). */
function toWeightedShares(post: BranchPostings, len: Float64Array, depth: Float64Array): void {
  const { begin, end, sample, count } = post;
  for (let v = 1; v < begin.length; v++) {
    const l = abs(len[v]!);
    if (l === 0) continue;
    for (let q = begin[v]!; q < end[v]!; q++) count[q] = l * (count[q]! / depth[sample[q]!]!);
  }
}

/** Per sample Σ_b l_b (unweighted) or Σ_b l_b·p_b (weighted: ±a), root excluded, Neumaier-compensated; and the same sum of magnitudes. */
function perSampleLength(
  post: BranchPostings,
  len: Float64Array,
  n: number,
  weighted: boolean,
): { sum: Float64Array; abs: Float64Array } {
  const sum = new Float64Array(n),
    lost = new Float64Array(n),
    magnitude = new Float64Array(n);
  const { begin, end, sample, count } = post;
  for (let v = 1; v < begin.length; v++) {
    const l = len[v]!;
    if (l === 0) continue;
    for (let q = begin[v]!; q < end[v]!; q++) {
      const s = sample[q]!,
        x = weighted ? (l < 0 ? -count[q]! : count[q]!) : l;
      const a = sum[s]!,
        t = a + x;
      lost[s]! += abs(a) >= abs(x) ? a - t + x : x - t + a;
      sum[s] = t;
      magnitude[s]! += abs(x);
    }
  }
  for (let s = 0; s < n; s++) sum[s]! += lost[s]!;
  return { sum, abs: magnitude };
}

/** Piece storage written in place: `open` reserves room, the caller writes entries at `size++`, `close` ends the piece. */
class PieceBuilder {
  private begins: number[] = [];
  sample = new Int32Array(1024);
  value = new Float64Array(1024);
  size = 0;
  private from = 0;

  /** Starts a piece of at most `room` entries. */
  open(room: number): void {
    if (this.size + room > this.sample.length) {
      const cap = Math.max(this.size + room, this.sample.length * 2);
      const a = new Int32Array(cap);
      a.set(this.sample.subarray(0, this.size));
      const b = new Float64Array(cap);
      b.set(this.value.subarray(0, this.size));
      this.sample = a;
      this.value = b;
    }
    this.from = this.size;
  }

  /** Ends the piece; a piece with fewer than two samples holds no pair and is dropped. */
  close(): void {
    if (this.size - this.from < 2) this.size = this.from;
    else this.begins.push(this.from, this.size);
  }

  build(): Pieces {
    const k = this.begins.length / 2;
    const begin = new Int32Array(k),
      end = new Int32Array(k);
    for (let r = 0; r < k; r++) {
      begin[r] = this.begins[2 * r]!;
      end[r] = this.begins[2 * r + 1]!;
    }
    return { begin, end, sample: this.sample, value: this.value };
  }
}

/** The unweighted shared-length sum S_ij = C − A_i − A_j + Σ_pieces min(v_i, v_j). */
interface UnweightedSplit {
  pieces: Pieces;
  /** C: total length of the complemented (dense) branches */
  constant: number;
  /** Σ |l| over the complemented branches, for the recompute bound */
  constantAbs: number;
  /** A_i: length of the complemented branches sample i does not reach */
  absent: Float64Array;
}

/**
 * Turns S_ij = Σ_b l_b x_ib x_jb into min-sums over few postings. Branches are
 * chained along heavy paths (each node continues into its child reached by the
 * most samples); along a chain the reached sets are nested, so a chain segment's
 * contribution to S_ij is min(v_i, v_j) with v_i = the length of the segment i
 * reaches. The top of a chain (branches reached by more than half the samples)
 * is complemented: x_i x_j = 1 − (1 − x_i) − (1 − x_j) + (1 − x_i)(1 − x_j), whose
 * last term is again a nested min over the samples that miss a branch. Cost
 * Σ_pieces listed² instead of Σ_b reached². Branches of negative length stay
 * single (nesting of values needs l ≥ 0).
 */
function unweightedPieces(parent: Int32Array, len: Float64Array, post: BranchPostings, n: number): UnweightedSplit {
  const { begin, end, sample } = post;
  const reach = (v: number) => end[v]! - begin[v]!;
  const heavy = heavyChildren(parent, len, reach);
  const builder = new PieceBuilder();
  const absent = new Float64Array(n);
  const scratch = new Float64Array(n);
  let constant = 0,
    constantAbs = 0;
  const denseLimit = DENSE_FRACTION * n;

  /** Adds l to scratch[s] (and A_s, C) for every sample s that misses branch v. */
  const addAbsent = (v: number, l: number) => {
    for (let s = 0, q = begin[v]!, stop = end[v]!; s < n; s++) {
      if (q < stop && sample[q] === s) q++;
      else {
        scratch[s]! += l;
        absent[s]! += l;
      }
    }
    constant += l;
    constantAbs += abs(l);
  };
  /** Emits the samples missing branch v with their scratch values and clears scratch. */
  const emitAbsent = (v: number) => {
    builder.open(n - reach(v));
    for (let s = 0, q = begin[v]!, stop = end[v]!; s < n; s++) {
      if (q < stop && sample[q] === s) q++;
      else {
        builder.sample[builder.size] = s;
        builder.value[builder.size++] = scratch[s]!;
      }
      scratch[s] = 0;
    }
    builder.close();
  };
  /** Adds l to scratch[s] for every sample s reaching v. */
  const addPresent = (v: number, l: number) => {
    for (let q = begin[v]!; q < end[v]!; q++) scratch[sample[q]!]! += l;
  };
  /** Emits the samples reaching v with their scratch values and clears scratch. */
  const emitPresent = (v: number) => {
    builder.open(reach(v));
    for (let q = begin[v]!; q < end[v]!; q++) {
      const s = sample[q]!;
      builder.sample[builder.size] = s;
      builder.value[builder.size++] = scratch[s]!;
      scratch[s] = 0;
    }
    builder.close();
  };

  for (let v = 1; v < len.length; v++) {
    const l = len[v]!;
    if (l < 0 && reach(v) > 0) {
      // a negative branch is its own piece; every listed value is l, so min(v_i, v_j) = l
      if (reach(v) > denseLimit) {
        addAbsent(v, l);
        emitAbsent(v);
      } else {
        addPresent(v, l);
        emitPresent(v);
      }
    }
    if (!(l > 0) || !heavy.isHead[v]) continue;
    // walk the chain starting at v; reach is non-increasing along it
    let u = v,
      lastDense = -1;
    for (; u >= 0 && reach(u) > denseLimit; u = heavy.child[u]!) {
      addAbsent(u, len[u]!);
      lastDense = u;
    }
    if (lastDense >= 0) emitAbsent(lastDense);
    const firstSparse = u;
    for (; u >= 0 && reach(u) > 0; u = heavy.child[u]!) addPresent(u, len[u]!);
    if (firstSparse >= 0) emitPresent(firstSparse);
  }
  return { pieces: builder.build(), constant, constantAbs, absent };
}

/**
 * Heavy-path structure over the branches of positive length, with zero- and
 * negative-length nodes contracted away (a positive branch's chain parent is its
 * nearest positive ancestor below the root): child[v] = v's chain child reached
 * by the most samples (−1 if none), isHead[v] = v starts a chain.
 */
function heavyChildren(
  parent: Int32Array,
  len: Float64Array,
  reach: (v: number) => number,
): { child: Int32Array; isHead: Uint8Array } {
  const nNodes = parent.length;
  const up = new Int32Array(nNodes).fill(-1);
  const child = new Int32Array(nNodes).fill(-1);
  const best = new Int32Array(nNodes).fill(-1);
  for (let v = 1; v < nNodes; v++) {
    const p = parent[v]!;
    up[v] = p > 0 && len[p]! > 0 ? p : up[p]!;
    if (!(len[v]! > 0)) continue;
    const q = up[v]!;
    if (q >= 0 && reach(v) > best[q]!) {
      best[q] = reach(v);
      child[q] = v;
    }
  }
  const isHead = new Uint8Array(nNodes);
  for (let v = 1; v < nNodes; v++) if (len[v]! > 0 && (up[v]! < 0 || child[up[v]!] !== v)) isHead[v] = 1;
  return { child, isHead };
}

/** Turns out(i, j) = 2Σ_pieces min into the unweighted distance (U_i + U_j − 2S) / (U_i + U_j − S), recomputing near-cancelling pairs exactly. */
function finishUnweighted(
  sweep: PairSweep,
  len: Float64Array,
  reached: { sum: Float64Array; abs: Float64Array },
  split: UnweightedSplit,
  out: Float64Array,
  cap: number,
): void {
  const n = reached.sum.length;
  const { constant: c, constantAbs, absent } = split;
  // num = U_i + U_j − 2S = α_i + α_j − out, den = U_i + U_j − S = β_i + β_j − out/2
  const alpha = reached.sum.map((u, i) => u + 2 * absent[i]! - c);
  const beta = reached.sum.map((u, i) => u + absent[i]! - c / 2);
  for (let i = 0; i < n; i++) {
    const base = rowBase(i, n),
      ai = alpha[i]!,
      bi = beta[i]!,
      si = reached.abs[i]! + 1.5 * constantAbs;
    for (let j = i + 1; j < n; j++) {
      const g = out[base + j]!;
      const num = ai + alpha[j]! - g;
      out[base + j] =
        num > UNIFRAC_RECOMPUTE_BELOW * (si + reached.abs[j]! + 1.5 * constantAbs)
          ? Math.min(cap, num / (bi + beta[j]! - g / 2))
          : unweightedUnifracPair(sweep, len, i, j);
    }
  }
}

/** Unweighted UniFrac of samples i and j by one tree sweep: Σ l over branches only one reaches / Σ l over branches either reaches (0 when that is 0). */
function unweightedUnifracPair(sweep: PairSweep, len: Float64Array, i: number, j: number): number {
  let unique = 0,
    observed = 0;
  sweep.run(i, j, (v, xi, xj) => {
    const l = len[v]!;
    observed += l;
    if (xi === 0 || xj === 0) unique += l;
  });
  return observed === 0 ? 0 : unique / observed;
}

/** The branch classes of the weighted kernels (posting values are a = |l|·p). */
interface WeightedClasses {
  /** positive branches reached by at most half the samples (views into the postings) */
  sparse: Pieces;
  /** per sample Σ a over the sparse branches */
  sparseShare: Float64Array;
  /** positive branches reached by more than half the samples */
  dense: Int32Array;
  /** negative branches */
  negative: Int32Array;
}

/** Splits the branches for W = Σ_dense |a_i − a_j| − Σ_negative |a_i − a_j| + P^s_i + P^s_j − 2Σ_sparse min(a_i, a_j). */
function weightedClasses(post: BranchPostings, len: Float64Array, n: number): WeightedClasses {
  const sparseShare = new Float64Array(n);
  const sparseBegin: number[] = [],
    sparseEnd: number[] = [],
    dense: number[] = [],
    negative: number[] = [];
  for (let v = 1; v < len.length; v++) {
    const l = len[v]!,
      from = post.begin[v]!,
      to = post.end[v]!;
    if (to === from || l === 0) continue;
    if (l < 0) negative.push(v);
    else if (to - from > DENSE_FRACTION * n) dense.push(v);
    else {
      for (let q = from; q < to; q++) sparseShare[post.sample[q]!]! += post.count[q]!;
      if (to - from > 1) {
        sparseBegin.push(from);
        sparseEnd.push(to);
      }
    }
  }
  const sparse = {
    begin: Int32Array.from(sparseBegin),
    end: Int32Array.from(sparseEnd),
    sample: post.sample,
    value: post.count,
  };
  return { sparse, sparseShare, dense: Int32Array.from(dense), negative: Int32Array.from(negative) };
}

/** Turns out(i, j) = 2Σ_sparse min − Σ_dense |a_i − a_j| (± negative) into W (or W / (P_i + P_j)), recomputing near-cancelling pairs exactly. */
function finishWeighted(
  sweep: PairSweep,
  len: Float64Array,
  depth: Float64Array,
  total: { sum: Float64Array; abs: Float64Array },
  sparseShare: Float64Array,
  cap: number,
  normalized: boolean,
  out: Float64Array,
): void {
  const n = depth.length;
  for (let i = 0; i < n; i++) {
    const base = rowBase(i, n),
      ps = sparseShare[i]!,
      pi = total.sum[i]!,
      ai = total.abs[i]!;
    for (let j = i + 1; j < n; j++) {
      let w = ps + sparseShare[j]! - out[base + j]!;
      if (!(w > UNIFRAC_RECOMPUTE_BELOW * (ai + total.abs[j]!))) w = weightedUnifracSum(sweep, len, depth, i, j);
      out[base + j] = normalized ? Math.min(cap, normalizeWeighted(w, pi + total.sum[j]!, depth[i]!, depth[j]!)) : w;
    }
  }
}

/** W / (P_i + P_j), 0 when both samples are empty (scikit-bio; 0/0 = NaN otherwise, as numpy gives). */
function normalizeWeighted(w: number, denominator: number, totalI: number, totalJ: number): number {
  return totalI === 0 && totalJ === 0 ? 0 : w / denominator;
}

/** Σ_b l_b |p_ib − p_jb| for samples i and j (p = subtree count / N, 0 for an empty sample) by one tree sweep. */
function weightedUnifracSum(sweep: PairSweep, len: Float64Array, depth: Float64Array, i: number, j: number): number {
  const ni = depth[i]!,
    nj = depth[j]!;
  let sum = 0;
  sweep.run(i, j, (v, xi, xj) => {
    sum += len[v]! * abs((ni > 0 ? xi / ni : 0) - (nj > 0 ? xj / nj : 0));
  });
  return sum;
}
