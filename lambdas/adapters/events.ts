/**
 * Schemas of the messages the functions receive: S3 event notifications inside
 * SQS bodies (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html),
 * the S3 test event, and biomeflow's own reprocess / analyze messages.
 *
 * Example S3 record: { "eventName": "ObjectCreated:Put", "s3": { "bucket": { "name": "b" },
 *   "object": { "key": "studies/trial/16s/table+1.biom", "size": 10, "eTag": "…", "sequencer": "0055AED6DCD90281E5" } } }
 */

import type { SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { parseStudyKey } from '../core/pipeline/contract.js';
import type { UploadRef } from '../core/pipeline/dataset-run.js';

export { parseStudyKey } from '../core/pipeline/contract.js';

export const S3EventRecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  eventTime: z.string().optional(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.number().optional(),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
      sequencer: z.string(),
    }),
  }),
});
export type S3EventRecord = z.infer<typeof S3EventRecordSchema>;

export const S3NotificationSchema = z.object({ Records: z.array(S3EventRecordSchema) });
export const S3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

/** Asks ingest to recompute a dataset from its current object (e.g. the study's taxonomy changed). */
export const ReprocessMessageSchema = z.object({
  type: z.literal('reprocess'),
  study: z.string().min(1),
  datasetId: z.string().min(1),
  reason: z.string(),
});
export type ReprocessMessage = z.infer<typeof ReprocessMessageSchema>;

export const IngestMessageSchema = z.union([S3NotificationSchema, S3TestEventSchema, ReprocessMessageSchema]);
export type IngestMessage = z.infer<typeof IngestMessageSchema>;

/** Sent to the FIFO analysis queue with MessageGroupId = study. */
export const AnalyzeMessageSchema = z.object({
  type: z.literal('analyze'),
  study: z.string().min(1),
  reason: z.string(),
  datasetId: z.string().optional(),
  runId: z.string().optional(),
});
export type AnalyzeMessage = z.infer<typeof AnalyzeMessageSchema>;

/** Object keys in S3 events are URL-encoded with '+' for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** One upload an S3 record names: the study file and the event's identity of the object (sequencer as S3 sent it). */
export type UploadEvent = UploadRef;

/** What one ingest message asks for: uploads to process, a dataset to reprocess, or nothing (with why). */
export type IngestRequest =
  | { type: 'uploads'; uploads: UploadEvent[] }
  | { type: 'reprocess'; message: ReprocessMessage }
  | { type: 'ignore'; why: string; issues?: unknown[] };

/** Decodes an ingest message body: ObjectCreated records of `bucket` under studies/ become uploads; the S3 test event and anything unrecognised are ignored. */
export function ingestRequestOf(body: string, bucket: string): IngestRequest {
  const json = parseJson(body);
  if (!json.ok) return { type: 'ignore', why: 'a message that is not JSON' };
  const msg = IngestMessageSchema.safeParse(json.value);
  if (!msg.success) return { type: 'ignore', why: 'an unrecognised message', issues: msg.error.issues.slice(0, 3) };
  const m = msg.data;
  if ('Event' in m) return { type: 'ignore', why: 'the S3 test event' };
  if ('type' in m) return { type: 'reprocess', message: m };
  const uploads: UploadEvent[] = [];
  for (const rec of m.Records) {
    if (!rec.eventName.startsWith('ObjectCreated:') || rec.s3.bucket.name !== bucket) continue;
    const key = decodeS3Key(rec.s3.object.key);
    const where = parseStudyKey(key);
    if (!where) continue;
    uploads.push({
      ...where,
      key,
      versionId: rec.s3.object.versionId ?? null,
      etag: rec.s3.object.eTag ?? '',
      sequencer: rec.s3.object.sequencer,
    });
  }
  return { type: 'uploads', uploads };
}

/** One study's analysis requests in a FIFO batch, in order. */
export interface AnalysisRequest {
  study: string;
  records: SQSRecord[];
  reasons: string[];
}

/** Groups the records of an analysis batch by study (first appearance first); records that are not analyze messages are returned apart. */
export function analysisRequestsOf(records: readonly SQSRecord[]): {
  requests: AnalysisRequest[];
  ignored: SQSRecord[];
} {
  const byStudy = new Map<string, AnalysisRequest>();
  const ignored: SQSRecord[] = [];
  for (const record of records) {
    const json = parseJson(record.body);
    const msg = AnalyzeMessageSchema.safeParse(json.ok ? json.value : null);
    if (!msg.success) {
      ignored.push(record);
      continue;
    }
    const entry = byStudy.get(msg.data.study) ?? { study: msg.data.study, records: [], reasons: [] };
    entry.records.push(record);
    entry.reasons.push(msg.data.reason);
    byStudy.set(msg.data.study, entry);
  }
  return { requests: [...byStudy.values()], ignored };
}

/** The reason recorded for one study's batch of changes: the change, or how many and the last three. */
export function batchReason(reasons: readonly string[]): string {
  return reasons.length > 1 ? `${reasons.length} changes: ${reasons.slice(-3).join('; ')}` : reasons[0]!;
}

/** JSON.parse as a value: not-JSON is an answer, not an exception. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
