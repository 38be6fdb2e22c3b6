/**
 * Decompression with a cap on the inflated bytes, checked as the bytes come
 * out: gzip (single or multi-member) through fflate's streaming `Gunzip`, raw
 * DEFLATE (zip entries) through its streaming `Inflate`. The input is pushed
 * in small chunks, so a stream is stopped within one chunk's worth of output
 * (at most ~1032 × CHUNK_BYTES) of its allowance. A size the container
 * declares (the gzip trailer's ISIZE, a zip entry's uncompressed size) is
 * checked before anything is inflated and used to allocate the output once.
 */
import { Gunzip, Inflate } from 'fflate';
import { DataErrorSignal, fail } from '../errors.js';
import { describeAllowance, inflateAllowance, type ParseLimits } from './limits.js';

/** Compressed bytes pushed per call: bounds the output one push can produce (DEFLATE's ratio is at most ~1032:1). */
const CHUNK_BYTES = 64 * 1024;
/** Smallest possible gzip member: 10-byte header + empty deflate block + 8-byte trailer. */
const GZIP_MIN_BYTES = 18;
/** fflate's error code for input that ends early. */
const FFLATE_UNEXPECTED_EOF = 0;
/** Output capacity first allocated when no declared size can be trusted. */
const INITIAL_CAPACITY = 64 * 1024;

/** A growable output buffer that refuses to grow past `cap`. */
class CappedSink {
  private buffer: Uint8Array;
  length = 0;

  constructor(
    initial: number,
    private readonly cap: number,
    private readonly exceeded: (reached: number) => never,
  ) {
    this.buffer = new Uint8Array(Math.max(1, Math.min(initial, cap)));
  }

  /** Appends a chunk; fails through `exceeded` when the total would pass the cap. */
  write(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.cap) this.exceeded(needed);
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.min(this.cap, Math.max(needed, this.buffer.length * 2)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length = needed;
  }

  /** The bytes written (the buffer itself when it was sized exactly). */
  result(): Uint8Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
  }
}

/** Pushes `input` into a streaming decompressor in CHUNK_BYTES pieces, the last one marked final. */
function pushInChunks(stream: { push(chunk: Uint8Array, final?: boolean): void }, input: Uint8Array): void {
  if (input.length === 0) {
    stream.push(input, true);
    return;
  }
  for (let at = 0; at < input.length; at += CHUNK_BYTES) {
    const end = Math.min(input.length, at + CHUNK_BYTES);
    stream.push(input.subarray(at, end), end === input.length);
  }
}

/** The gzip trailer's ISIZE: the last member's inflated size modulo 2^32. */
function gzipDeclaredSize(bytes: Uint8Array): number {
  const n = bytes.length;
  return (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
}

/** Fails INFLATE_LIMIT: `what` inflates (or declares it inflates) to `reached` bytes, beyond the allowance for `compressed` bytes. */
export function inflateLimit(
  what: string,
  reached: number,
  compressed: number,
  limits: ParseLimits,
  declared = false,
): never {
  return fail(
    'INFLATE_LIMIT',
    `${what} ${declared ? 'declares' : 'inflates to'} more than ${describeAllowance(compressed, limits)}${declared ? `: ${reached} bytes` : ''}; refused as a possible decompression bomb`,
    {
      expected: `at most ${inflateAllowance(compressed, limits)} inflated bytes (limits maxInflatedBytes, maxInflateRatio, inflateFloorBytes)`,
    },
  );
}

/**
 * Inflates gzip bytes (every member of a multi-member file) under the
 * allowance for their size. A cut-off stream fails TRUNCATED_FILE, a damaged
 * one INVALID_GZIP, too much output INFLATE_LIMIT. The last member's
 * inflated size must agree with the trailer (else TRUNCATED_FILE). When the
 * trailer itself declares more than the allowance, the stream is only
 * counted, not kept: it either passes the allowance (INFLATE_LIMIT) or
 * cannot match its trailer (a cut-off file whose last bytes are not a trailer).
 */
export function gunzipCapped(bytes: Uint8Array, limits: ParseLimits): Uint8Array {
  if (bytes.length < GZIP_MIN_BYTES) truncatedGzip(bytes.length);
  checkGzipHeader(bytes);
  const allowed = inflateAllowance(bytes.length, limits);
  const declared = gzipDeclaredSize(bytes);
  const exceeded = (reached: number): never => inflateLimit('gzip stream', reached, bytes.length, limits);
  const countOnly = declared > allowed;
  const sink = new CappedSink(countOnly ? 1 : declared > 0 ? declared : INITIAL_CAPACITY, allowed, exceeded);
  let total = 0;
  let lastMemberStart = 0;
  const gunzip = new Gunzip((chunk) => {
    if (!countOnly) sink.write(chunk);
    else if ((total += chunk.length) > allowed) exceeded(total);
  });
  gunzip.onmember = () => {
    lastMemberStart = countOnly ? total : sink.length;
  };
  try {
    pushInChunks(gunzip, bytes);
  } catch (e) {
    if (e instanceof DataErrorSignal) throw e;
    if ((e as { code?: number }).code === FFLATE_UNEXPECTED_EOF) truncatedGzip(bytes.length);
    fail('INVALID_GZIP', `gzip stream is corrupt (${(e as Error).message})`, { expected: 'a complete gzip file' });
  }
  const inflated = (countOnly ? total : sink.length) - lastMemberStart;
  if (inflated % 2 ** 32 !== declared) {
    fail(
      'TRUNCATED_FILE',
      `gzip trailer says ${declared} bytes but the stream inflates to ${inflated}: the upload is incomplete or damaged`,
      {
        expected: 'a complete gzip file',
      },
    );
  }
  return sink.result();
}

/** Fails INVALID_GZIP unless the bytes open with a gzip header fflate can follow: magic 1f 8b, method 8 (DEFLATE), no reserved flag bits. */
function checkGzipHeader(bytes: Uint8Array): void {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8 || (bytes[3]! & 0xe0) !== 0) {
    fail('INVALID_GZIP', 'gzip header is damaged (unknown compression method or reserved flags set)', {
      expected: 'a gzip file',
    });
  }
}

/** Fails TRUNCATED_FILE for a gzip stream that ends early. */
function truncatedGzip(n: number): never {
  return fail('TRUNCATED_FILE', `gzip stream ends early after ${n} bytes; the upload is incomplete`, {
    expected: 'a complete gzip file',
  });
}

/** What a caller shares between several raw inflations: the bytes still allowed. */
export interface InflateBudget {
  remaining: number;
  /** fails INFLATE_LIMIT (never returns): `reached` bytes were inflated, or `declared` by the container */
  exceeded: (reached: number, declared: boolean) => never;
}

/**
 * Inflates raw DEFLATE data that declares `declaredSize` bytes, spending
 * `budget`. Returns null when the data is not valid DEFLATE or does not
 * inflate to exactly the declared size (the caller names the container in
 * its own error); output is never kept beyond the declared size, so memory
 * stays within it. Fails INFLATE_LIMIT through the budget when the declared
 * size itself is beyond what remains.
 */
export function inflateRawCapped(data: Uint8Array, declaredSize: number, budget: InflateBudget): Uint8Array | null {
  if (declaredSize > budget.remaining) budget.exceeded(declaredSize, true);
  let overran = false;
  const sink = new CappedSink(declaredSize > 0 ? declaredSize : 1, declaredSize, () => {
    overran = true;
    throw new RangeError('more output than declared');
  });
  const inflate = new Inflate((chunk) => sink.write(chunk));
  try {
    pushInChunks(inflate, data);
  } catch (e) {
    if (e instanceof DataErrorSignal) throw e;
    return null;
  }
  budget.remaining -= sink.length;
  return !overran && sink.length === declaredSize ? sink.result() : null;
}
