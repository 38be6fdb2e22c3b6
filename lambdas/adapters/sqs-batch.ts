/**
 * SQS partial batch responses for both handlers: each unit of work runs in its
 * own try/catch and only the records of a failing unit are reported in
 * `batchItemFailures`, so only they are retried (and dead-lettered after
 * MAX_RECEIVE_COUNT receives). For a FIFO queue, SQS requires that after the
 * first failure in a message group every later record of that group is
 * reported failed too (ordering): such a unit does not run, and a final pass
 * over the batch in order fails the group's later records.
 */
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from './logger.js';

/** One unit of work and the records it answers for (ingest: one record; analysis: one study's records). */
export interface BatchWork {
  records: readonly SQSRecord[];
  run(): Promise<void>;
  /** the message group of records that do not carry MessageGroupId (e.g. the study of an analysis) */
  group?: string;
  /** fields for the log line of a failure */
  label?: Record<string, unknown>;
}

export interface BatchOptions {
  /** apply the FIFO rule: after a failure in a group, the group's later records fail too */
  fifo: boolean;
  log: Logger;
}

/** The message group of a record: its MessageGroupId, else the work's group, else none. */
function groupOf(record: SQSRecord, work?: BatchWork): string | undefined {
  return record.attributes?.MessageGroupId ?? work?.group;
}

/** Runs each unit in order; returns the records to retry, in batch order. */
export async function settleBatch(
  records: readonly SQSRecord[],
  work: readonly BatchWork[],
  opts: BatchOptions,
): Promise<SQSBatchResponse> {
  const failed = new Set<string>();
  const failedGroups = new Set<string>();
  const groupOfRecord = new Map<string, string | undefined>(records.map((r) => [r.messageId, groupOf(r)]));
  for (const w of work) {
    const groups = w.records.map((r) => groupOf(r, w)).filter((g): g is string => g !== undefined);
    for (const r of w.records) groupOfRecord.set(r.messageId, groupOf(r, w));
    const ids = w.records.map((r) => r.messageId);
    if (opts.fifo && groups.some((g) => failedGroups.has(g))) {
      opts.log.warn('not run: an earlier message of its group failed; it will be retried', {
        ...w.label,
        messageIds: ids,
      });
      ids.forEach((id) => failed.add(id));
      continue;
    }
    try {
      await w.run();
    } catch (e) {
      opts.log.error('failed; it will be retried', {
        ...w.label,
        messageIds: ids,
        error: e instanceof Error ? e.message : String(e),
      });
      ids.forEach((id) => failed.add(id));
      groups.forEach((g) => failedGroups.add(g));
    }
  }
  if (opts.fifo) failLaterInGroup(records, groupOfRecord, failed);
  const failures: SQSBatchItemFailure[] = records
    .filter((r) => failed.has(r.messageId))
    .map((r) => ({ itemIdentifier: r.messageId }));
  return { batchItemFailures: failures };
}

/** The FIFO rule over the batch in order: once a record of a group failed, every later record of that group fails. */
function failLaterInGroup(
  records: readonly SQSRecord[],
  groupOfRecord: ReadonlyMap<string, string | undefined>,
  failed: Set<string>,
): void {
  const broken = new Set<string>();
  for (const r of records) {
    const g = groupOfRecord.get(r.messageId);
    if (g === undefined) continue;
    if (failed.has(r.messageId)) broken.add(g);
    else if (broken.has(g)) failed.add(r.messageId);
  }
}

/** A Lambda SQS handler: builds its dependencies once (first invocation), plans the batch's work and settles it. */
export function makeBatchHandler<D extends { log: Logger }>(
  getDeps: () => D,
  plan: (deps: D, records: readonly SQSRecord[]) => BatchWork[],
  opts: { fifo: boolean },
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  let deps: D | undefined;
  return async (event) => {
    deps ??= getDeps();
    return settleBatch(event.Records, plan(deps, event.Records), { fifo: opts.fifo, log: deps.log });
  };
}
