/** Reads uploaded objects from S3 (streamed, hashed on the way) and writes result files: the S3 ObjectStore. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FetchedObject, ObjectStore } from './ports.js';

export type { FetchedObject } from './ports.js';

/** The upload bucket through the S3 API. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  get(key: string, versionId?: string | null): Promise<FetchedObject> {
    return fetchObject(this.s3, this.bucket, key, versionId);
  }

  put(key: string, body: Uint8Array | string, contentType: string, contentEncoding?: string): Promise<string> {
    return putResultObject(this.s3, this.bucket, key, body, contentType, contentEncoding);
  }
}

/**
 * Largest object the ingest function reads into memory; larger uploads fail with TOO_LARGE. 1 GiB keeps the
 * bytes, the parsed table and h5wasm's in-memory copy of an HDF5 file inside the 3 GB function (docs/toolchain.md:
 * a 100 MB BIOM HDF5 peaks near 390 MB).
 */
export const MAX_OBJECT_BYTES = 1024 ** 3;

/** Streams one object version into a single buffer while computing its sha256 (one copy in memory). */
export async function fetchObject(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId?: string | null,
): Promise<FetchedObject> {
  const out = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
  );
  const hash = createHash('sha256');
  const declared = Number(out.ContentLength ?? 0);
  const body = out.Body as Readable | undefined;
  let bytes: Uint8Array;
  if (!body) bytes = new Uint8Array(0);
  else {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      chunks.push(chunk);
      total += chunk.length;
    }
    bytes = declared === total && chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  }
  return {
    bytes,
    etag: (out.ETag ?? '').replace(/"/g, ''),
    versionId: out.VersionId ?? versionId ?? null,
    sha256: hash.digest('hex'),
    size: bytes.length,
  };
}

/** Writes a result file (e.g. a gzipped TSV) and returns its s3:// URI. */
export async function putResultObject(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
  contentType: string,
  contentEncoding?: string,
): Promise<string> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ...(contentEncoding ? { ContentEncoding: contentEncoding } : {}),
    }),
  );
  return `s3://${bucket}/${key}`;
}
