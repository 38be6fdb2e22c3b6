/**
 * UniFrac timings on generated data: the project's benchmark table (1000 samples ×
 * 20000 features, 9 % non-zero, seed 1) and a random 20000-tip binary tree
 * (recursive random splits as ape's `rtree`, branch lengths uniform on (0, 0.1),
 * features assigned to tips in random order, seed 1). Single thread; each metric
 * is timed once after one warm-up run on a small table, as wall-clock and CPU time.
 */

import { simulateTableBenchmark } from '../cli/simulate/benchmark.js';
import { unweightedUnifrac, weightedUnifrac } from '../lambdas/core/amplicon/diversity/beta/unifrac.js';
import { createRng, type Rng } from '../lambdas/core/random/rng.js';
import type { PhyloTree } from '../lambdas/core/study/newick.js';
import type { FeatureTable } from '../lambdas/core/table/feature-table.js';

/** A random rooted binary tree over `tipIds` in preorder (parent[v] < v): each clade of k tips splits into 1…k−1 and the rest, uniformly. */
export function randomSplitTree(tipIds: string[], rng: Rng): PhyloTree {
  const nTips = tipIds.length,
    nNodes = 2 * nTips - 1;
  const parent = new Int32Array(nNodes),
    branchLength = new Float64Array(nNodes),
    isTip = new Uint8Array(nNodes);
  const labels = new Array<string>(nNodes).fill('');
  const order = tipIds.slice();
  rng.shuffleInPlace(order);
  const tipIndex = new Map<string, number>();
  // stack of (node, first tip, tip count); nodes are numbered as they are created, after their parent
  const stack: [number, number, number][] = [[0, 0, nTips]];
  parent[0] = -1;
  let next = 1;
  while (stack.length > 0) {
    const [v, first, k] = stack.pop()!;
    if (k === 1) {
      isTip[v] = 1;
      labels[v] = order[first]!;
      tipIndex.set(order[first]!, v);
      continue;
    }
    const left = 1 + rng.nextInt(k - 1);
    for (const [from, size] of [
      [first, left],
      [first + left, k - left],
    ] as const) {
      const c = next++;
      parent[c] = v;
      branchLength[c] = 0.1 * rng.nextFloat();
      stack.push([c, from, size]);
    }
  }
  return { parent, branchLength, isTip, labels, tipIndex, nTips };
}

/** Wall-clock and CPU (user + system) seconds taken by fn; CPU time is the load-independent figure on a shared machine. */
function seconds(fn: () => unknown): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const used = process.cpuUsage(c);
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

/** Times the three UniFrac metrics on a 1000 × 20000 table at 9 % with a 20000-tip tree: wall seconds (`*_s`) and CPU seconds (`*_cpu_s`). */
export async function benchUnifrac(): Promise<Record<string, number>> {
  const metrics = {
    unweighted_unifrac: (table: FeatureTable, tree: PhyloTree) => unweightedUnifrac(table, tree),
    weighted_unifrac_normalized: (table: FeatureTable, tree: PhyloTree) =>
      weightedUnifrac(table, tree, { normalized: true }),
    weighted_unifrac_unnormalized: (table: FeatureTable, tree: PhyloTree) =>
      weightedUnifrac(table, tree, { normalized: false }),
  };
  const small = simulateTableBenchmark({ samples: 100, features: 2000, density: 0.09, seed: 2 });
  const smallTree = randomSplitTree(small.featureIds, createRng(2));
  for (const run of Object.values(metrics)) run(small, smallTree);
  let table!: FeatureTable, tree!: PhyloTree;
  const gen = seconds(() => {
    table = simulateTableBenchmark({ samples: 1000, features: 20000, density: 0.09, seed: 1 });
    tree = randomSplitTree(table.featureIds, createRng(1));
  });
  const out: Record<string, number> = { generate_s: gen.wall };
  for (const [name, run] of Object.entries(metrics)) {
    const t = seconds(() => run(table, tree));
    out[`${name}_s`] = t.wall;
    out[`${name}_cpu_s`] = t.cpu;
  }
  return out;
}
