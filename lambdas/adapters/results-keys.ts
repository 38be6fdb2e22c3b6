/**
 * Single-table key layout (see docs/results-table.md).
 *
 *   PK STUDY#<study>            SK STUDY                      study record (analysis pointer, last change)
 *   PK STUDY#<study>            SK DATASET#<datasetId>        dataset pointer: status, current run, provenance
 *   PK STUDY#<study>            SK RUN#<iso time>#<runId>     run history (one per processing run)
 *   PK RUN#<runId>#<FAMILY>#<k> SK <FAMILY-ITEM>#<id>         result rows of one run, spread over k shards
 *
 * A run's rows are invisible until the pointer names the run; large families are
 * spread over several partition keys so one hot key never throttles a write.
 */

/** Key schema of the single results table (defined with the pipeline contract; the CDK stack and the local mode both create the table from it). */
export { TABLE_KEYS } from '../core/pipeline/contract.js';

/** Row families (one list, in the results model). */
export type { ResultFamily } from '../core/results/model.js';

import type { ResultFamily } from '../core/results/model.js';

export const studyPk = (study: string): string => `STUDY#${study}`;
export const STUDY_SK = 'STUDY';
export const datasetSk = (datasetId: string): string => `DATASET#${datasetId}`;
export const DATASET_SK_PREFIX = 'DATASET#';
export const runHistorySk = (isoTime: string, runId: string): string => `RUN#${isoTime}#${runId}`;
export const RUN_HISTORY_SK_PREFIX = 'RUN#';
export const familyPk = (runId: string, family: ResultFamily, shard: number): string =>
  `RUN#${runId}#${family}#${shard}`;
export const rowSk = (family: ResultFamily, id: string): string => `${family}#${id}`;

/** Rows per shard before another partition key is added (stays well under 1,000 WCU/s per key at batch speed). */
export const ROWS_PER_SHARD = 2500;
export const MAX_SHARDS = 32;

/** Number of partition keys for a family of n rows: ceil(n / ROWS_PER_SHARD), between 1 and MAX_SHARDS. */
export function shardCount(n: number): number {
  return Math.min(MAX_SHARDS, Math.max(1, Math.ceil(n / ROWS_PER_SHARD)));
}

/** Stable shard of a row id: FNV-1a 32-bit hash modulo the shard count. */
export function shardOf(id: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** S3 sequencers are hex strings of varying length; left-padding makes them comparable as strings (AWS guidance). */
export function normalizeSequencer(seq: string): string {
  return seq.toUpperCase().padStart(32, '0');
}

/** A string whose lexicographic order is the numeric order of non-negative doubles (their IEEE-754 bits as hex); NaN sorts last. */
export function sortableNonNegative(x: number): string {
  if (!(x >= 0)) return 'NaN';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** GSI1 partition of the hits of one comparison in one study run (ranked by q). */
export const hitsIndexPk = (runId: string, comparison: string): string => `HITS#${runId}#${comparison}`;
/** GSI1 partition of the correlations of one feature in one study run (ranked by q). */
export const correlationsIndexPk = (runId: string, feature: string): string => `CORR#${runId}#${feature}`;
