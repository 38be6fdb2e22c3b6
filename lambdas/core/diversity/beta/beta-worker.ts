/**
 * Worker-thread entry for `parallel.ts`: computes rows [rowStart, rowEnd) of
 * one metric into the shared condensed output, then reports 'done'. The table
 * arrives as SharedArrayBuffers (no copy); ids are not needed by the kernels,
 * only the sample and feature counts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BETA_METRICS, type BetaMetric } from './beta-diversity.js';
import type { FeatureTable } from '../../table/feature-table.js';

/** What `parallel.ts` sends each worker. */
export interface BetaWorkerTask {
  metric: BetaMetric;
  nSamples: number;
  nFeatures: number;
  indptr: SharedArrayBuffer;
  indices: SharedArrayBuffer;
  data: SharedArrayBuffer;
  rowStart: number;
  rowEnd: number;
  out: SharedArrayBuffer;
}

/** Runs one task on the shared buffers. */
export function runBetaWorkerTask(task: BetaWorkerTask): void {
  const table: FeatureTable = {
    featureIds: new Array<string>(task.nFeatures),
    sampleIds: new Array<string>(task.nSamples),
    indptr: new Int32Array(task.indptr),
    indices: new Int32Array(task.indices),
    data: new Float64Array(task.data),
  };
  BETA_METRICS[task.metric](table, task.rowStart, task.rowEnd, new Float64Array(task.out));
}

if (parentPort && workerData?.kind === 'biomeflow-beta-rows') {
  runBetaWorkerTask(workerData.task as BetaWorkerTask);
  parentPort.postMessage('done');
}
