/** Builds S3 event notifications exactly as AWS delivers them to SQS (keys URL-encoded, sequencer monotonic). */

let lastSequence = 0n;

/** A strictly increasing hex sequencer, time-based so it keeps increasing across restarts on the same state. */
export function nextSequencer(): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  lastSequence = now > lastSequence ? now : lastSequence + 1n;
  return lastSequence.toString(16).toUpperCase().padStart(18, '0');
}

/** URL-encodes a key the way S3 event notifications do: form encoding ('+' for space), '/' kept. */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((part) =>
      encodeURIComponent(part)
        .replace(/%20/g, '+')
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

/** One S3 event notification message body with a single ObjectCreated record. */
export function s3NotificationFor(
  bucket: string,
  key: string,
  size: number,
  eTag: string,
  eventName = 'ObjectCreated:Put',
) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName,
        userIdentity: { principalId: 'AWS:LOCAL' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'LOCAL', 'x-amz-id-2': 'LOCAL' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'biomeflow-uploads',
          bucket: { name: bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeEventKey(key), size, eTag: eTag.replace(/"/g, ''), sequencer: nextSequencer() },
        },
      },
    ],
  };
}
