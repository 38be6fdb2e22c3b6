/**
 * Decompression bombs built by hand, in milliseconds, for the limit tests: a
 * raw DEFLATE stream of one dynamic-Huffman block whose literal/length code
 * gives the length-258 symbol a 1-bit code and whose distance code gives
 * distance 1 a 1-bit code, so every 258 output bytes ('a') cost 2 bits of
 * zeros (DEFLATE's ~1032:1 ceiling). Compressing 2 GiB with a real encoder
 * would take minutes; writing zeros does not. Wrapped as gzip (CRC left 0:
 * neither fflate nor the parsers check it) or as a zip entry.
 */

/** LSB-first bit writer, as DEFLATE packs bits. */
class BitWriter {
  private readonly out: number[] = [];
  private byte = 0;
  private used = 0;

  /** `count` bits of `value`, least significant first (extra bits, header fields). */
  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.bit((value >>> i) & 1);
  }

  /** A Huffman code of `length` bits, most significant first. */
  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bit((code >>> i) & 1);
  }

  bit(b: number): void {
    this.byte |= b << this.used;
    if (++this.used === 8) this.flush();
  }

  get aligned(): boolean {
    return this.used === 0;
  }

  flush(): void {
    if (this.used === 0) return;
    this.out.push(this.byte);
    this.byte = 0;
    this.used = 0;
  }

  bytes(): number[] {
    return this.out;
  }
}

/** Order in which DEFLATE stores the code-length code lengths. */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15, 19];

/** A raw DEFLATE stream inflating to one 'a' then `repeats` × 258 more: 1 + 258·repeats bytes. */
export function deflateBomb(repeats: number): Uint8Array {
  const head = new BitWriter();
  head.bits(1, 1); // BFINAL
  head.bits(2, 2); // dynamic Huffman
  head.bits(286 - 257, 5); // HLIT: literal/length codes 0..285
  head.bits(2 - 1, 5); // HDIST: distance codes 0..1
  head.bits(18 - 4, 4); // HCLEN: 18 code-length code lengths
  const clLengths: Record<number, number> = { 18: 1, 1: 2, 2: 2 };
  for (const sym of CL_ORDER.slice(0, 18)) head.bits(clLengths[sym] ?? 0, 3);
  // code-length codes: 18 -> 0 (1 bit), 1 -> 10, 2 -> 11
  const zeros = (n: number) => {
    while (n > 0) {
      const run = Math.min(138, n);
      head.code(0, 1);
      head.bits(run - 11, 7);
      n -= run;
    }
  };
  zeros(97); // literals 0..96
  head.code(3, 2); // 'a' (97): length 2
  zeros(256 - 98); // 98..255
  head.code(3, 2); // end of block (256): length 2
  zeros(285 - 257); // 257..284
  head.code(2, 2); // length 258 (285): length 1
  head.code(2, 2); // distance 0: length 1
  head.code(2, 2); // distance 1: length 1
  // literal/length codes: 285 -> 0, 'a' -> 10, 256 -> 11; distance 0 -> 0
  head.code(2, 2); // the literal 'a'
  let zeroBits = 2 * repeats; // each <258, distance 1> is two 0 bits
  while (!head.aligned && zeroBits > 0) {
    head.bit(0);
    zeroBits--;
  }
  if (!head.aligned) {
    head.code(3, 2); // end of block
    head.flush();
    return Uint8Array.from(head.bytes());
  }
  const wholeBytes = Math.floor(zeroBits / 8);
  const tail = new BitWriter();
  for (let i = 0; i < zeroBits % 8; i++) tail.bit(0);
  tail.code(3, 2); // end of block
  tail.flush();
  const prefix = head.bytes();
  const out = new Uint8Array(prefix.length + wholeBytes + tail.bytes().length);
  out.set(prefix, 0);
  out.set(tail.bytes(), prefix.length + wholeBytes);
  return out;
}

/** Bytes `deflateBomb(repeats)` inflates to. */
export function bombSize(repeats: number): number {
  return 1 + 258 * repeats;
}

/** A gzip file around `deflateBomb(repeats)`; the trailer's ISIZE is the true size (mod 2^32) unless `declaredSize` says otherwise. */
export function gzipBomb(repeats: number, declaredSize = bombSize(repeats)): Uint8Array {
  const body = deflateBomb(repeats);
  const out = new Uint8Array(10 + body.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  out.set(body, 10);
  new DataView(out.buffer).setUint32(10 + body.length + 4, declaredSize >>> 0, true);
  return out;
}

/** One entry of `zipArchive`: stored (method 0) or already-compressed DEFLATE data (method 8) declaring `size`. */
export interface ZipEntrySpec {
  name: string;
  data: Uint8Array;
  method?: 0 | 8;
  size?: number;
}

/** A minimal zip (local headers, central directory, end record; CRCs 0) holding `entries`. */
export function zipArchive(entries: ZipEntrySpec[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const method = e.method ?? 0;
    const size = e.size ?? e.data.length;
    const local = new Uint8Array(30 + name.length + e.data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, method, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(e.data, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, method, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
