/**
 * Schemas of the messages the functions receive: S3 event notifications inside
 * SQS bodies (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html),
 * the S3 test event, and biomeflow's own reprocess / analyze messages.
 *
 * Example S3 record: { "eventName": "ObjectCreated:Put", "s3": { "bucket": { "name": "b" },
 *   "object": { "key": "studies/trial/16s/table+1.biom", "size": 10, "eTag": "…", "sequencer": "0055AED6DCD90281E5" } } }
 */
import { z } from 'zod';

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

/** `studies/<study>/<datasetId>` -> parts; null for keys outside studies/ or folder markers. */
export function parseStudyKey(key: string): { study: string; datasetId: string } | null {
  const m = /^studies\/([^/]+)\/(.+)$/.exec(key);
  if (!m || key.endsWith('/')) return null;
  return { study: m[1]!, datasetId: m[2]! };
}
