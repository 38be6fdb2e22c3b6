/**
 * Multi-threaded beta diversity: the row-block kernels of `beta-diversity.ts`
 * run on `node:worker_threads`, each worker writing its own rows of one shared
 * condensed output, so the result is bit-identical to the single-thread one.
 * Pays off only for large tables (docs/beta-and-ordination.md: no gain at
 * 1000 × 20000 @ 9 % on 2 cores, about 2× at 5000 × 50000 @ 2 %); below
 * `PARALLEL_MIN_PAIR_WORK` it runs on the calling thread.
 *
 * The worker script is `beta-worker.js` beside this module (`workerUrl`
 * overrides it); a bundle must ship it as its own entry point.
 */
import { Worker } from 'node:worker_threads';
import type { FeatureTable } from '../../table/feature-table.js';
import { betaDiversity, isBetaMetric, type BetaDiversity } from './beta-diversity.js';
import type { BetaWorkerTask } from './beta-worker.js';
import { condensedLength } from './distance-matrix.js';
import { withoutEmptySamples } from './samples.js';

/** Σ_f C(n_f, 2) (pair updates of the posting walk) below which threads do not pay off. */
export const PARALLEL_MIN_PAIR_WORK = 1.5e8;

export interface ParallelOptions {
  /** worker threads; default 2 */
  threads?: number;
  /** worker script; default `./beta-worker.js` next to this module */
  workerUrl?: URL;
  /** run threads whatever the table size (benchmarks, tests) */
  force?: boolean;
}

/** Same result as `betaDiversity(metric, table)`, computed on `threads` worker threads when the table is large enough. */
export async function betaDiversityParallel(metric: string, table: FeatureTable, options: ParallelOptions = {}): Promise<BetaDiversity> {
  if (!isBetaMetric(metric)) return betaDiversity(metric, table);
  const threads = Math.max(1, Math.floor(options.threads ?? 2));
  const { table: used, skipped } = withoutEmptySamples(table);
  if (threads === 1 || (!options.force && pairWork(used) < PARALLEL_MIN_PAIR_WORK)) return betaDiversity(metric, table);
  const n = used.sampleIds.length;
  const out = new SharedArrayBuffer(8 * condensedLength(n));
  const shared = { indptr: share(used.indptr), indices: share(used.indices), data: share(used.data) };
  const cuts = equalPairCuts(n, threads);
  const url = options.workerUrl ?? new URL('./beta-worker.js', import.meta.url);
  const parts = cuts.slice(0, -1).flatMap((rowStart, k) => (cuts[k + 1]! > rowStart ? [[rowStart, cuts[k + 1]!] as const] : []));
  const task = { metric, nSamples: n, nFeatures: used.featureIds.length, ...shared, out };
  await Promise.all(parts.map(([rowStart, rowEnd]) => runWorker(url, { ...task, rowStart, rowEnd })));
  return { metric, matrix: { ids: used.sampleIds, data: new Float64Array(out) }, skipped };
}

/** Σ_f C(n_f, 2), n_f = samples holding feature f: the number of shared-feature pair updates. */
export function pairWork(table: FeatureTable): number {
  const prevalence = new Float64Array(table.featureIds.length);
  for (const f of table.indices) prevalence[f]!++;
  let work = 0;
  for (const m of prevalence) work += (m * (m - 1)) / 2;
  return work;
}

/** Row cut points 0 = c_0 < … < c_parts = n giving each part about n(n−1)/(2·parts) pairs (row i has n−1−i pairs). */
export function equalPairCuts(n: number, parts: number): number[] {
  const total = condensedLength(n);
  const cuts = [0];
  let row = 0, before = 0;
  for (let k = 1; k < parts; k++) {
    while (row < n && before + (n - 1 - row) <= (total * k) / parts) before += n - 1 - row++;
    cuts.push(Math.max(row, cuts[cuts.length - 1]!));
  }
  cuts.push(n);
  return cuts;
}

/** A SharedArrayBuffer copy of a typed array. */
function share(a: Int32Array | Float64Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return buffer;
}

/** Starts one worker on `task`; resolves when it reports done, rejects on error or early exit. */
function runWorker(url: URL, task: BetaWorkerTask): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { kind: 'biomeflow-beta-rows', task } });
    let done = false;
    worker.once('message', () => {
      done = true;
      resolve();
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`beta diversity worker exited with code ${code} before finishing rows ${task.rowStart}–${task.rowEnd}`));
    });
  });
}
