/**
 * What the parse limits cost on real-sized inputs, and how fast a hostile
 * input is refused. Data are generated here (seeded): a 1000 × 20000 BIOM TSV
 * at 9 % density (~83 MB) and its gzip, a 1000 × 10000 MZmine 3 CSV, a
 * 440,000-column CSV, and a gzip "bomb" of 2 GiB of text built by hand as one
 * DEFLATE block (2 bits per 258 bytes). Returns seconds (best of 3).
 */
import { gunzipSync, gzipSync } from 'fflate';
import { simulateTableBenchmark } from '../cli/simulate/benchmark.js';
import { writeBiomTsv } from '../cli/simulate/writers.js';
import { parseBiomTsv } from '../lambdas/core/amplicon/formats/biom-tsv.js';
import { parseMetabolomicsTable } from '../lambdas/core/metabolomics/formats/index.js';
import { parseInput } from '../lambdas/core/pipeline/index.js';
import { gunzipCapped } from '../lambdas/core/text/inflate.js';
import { DEFAULT_LIMITS } from '../lambdas/core/text/limits.js';
import { checkByteLineLimits, checkLineLimits } from '../lambdas/core/text/text.js';
import { mzmine3Csv } from './metabolomics.js';

/** Best wall time of `repeat` runs, in seconds. */
function best(fn: () => unknown, repeat = 3): number {
  let s = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = process.hrtime.bigint();
    fn();
    s = Math.min(s, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return s;
}

/** Best wall time of an async `fn`. */
async function bestAsync(fn: () => Promise<unknown>, repeat = 3): Promise<number> {
  let s = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = process.hrtime.bigint();
    await fn();
    s = Math.min(s, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return s;
}

/** A gzip file of 1 + 258·repeats bytes of 'a': one dynamic-Huffman block with 1-bit codes for length 258 and distance 1. */
function gzipBomb(repeats: number): Uint8Array {
  const bits: number[] = [];
  const put = (v: number, n: number) => {
    for (let i = 0; i < n; i++) bits.push((v >>> i) & 1);
  };
  const code = (c: number, n: number) => {
    for (let i = n - 1; i >= 0; i--) bits.push((c >>> i) & 1);
  };
  put(1, 1);
  put(2, 2);
  put(29, 5);
  put(1, 5);
  put(14, 4);
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
  for (const s of order) put(s === 18 ? 1 : s === 1 || s === 2 ? 2 : 0, 3);
  const zeros = (n: number) => {
    for (; n > 0; n -= Math.min(138, n)) {
      code(0, 1); // code-length symbol 18: a run of 11-138 zeros
      put(Math.min(138, n) - 11, 7);
    }
  };
  zeros(97);
  code(3, 2);
  zeros(158);
  code(3, 2);
  zeros(28);
  code(2, 2);
  code(2, 2);
  code(2, 2);
  code(2, 2); // the literal 'a'; then 2 zero bits per <258, distance 1>, then end of block (11)
  const eob = bits.length + 2 * repeats;
  const body = new Uint8Array(Math.ceil((eob + 2) / 8));
  bits.forEach((b, i) => (body[i >> 3]! |= b << (i & 7)));
  body[eob >> 3]! |= 1 << (eob & 7);
  body[(eob + 1) >> 3]! |= 1 << ((eob + 1) & 7);
  const out = new Uint8Array(10 + body.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  out.set(body, 10);
  new DataView(out.buffer).setUint32(out.length - 4, (1 + 258 * repeats) >>> 0, true);
  return out;
}

export async function benchLimits(): Promise<Record<string, number>> {
  const table = simulateTableBenchmark({ samples: 1000, features: 20000, density: 0.09, seed: 1 });
  const tsv = new TextEncoder().encode(writeBiomTsv(table));
  const gz = gzipSync(tsv, { level: 6 });
  const text = new TextDecoder().decode(tsv);
  const mzmine = mzmine3Csv();
  const wide = new TextEncoder().encode(
    `id,${Array.from({ length: 440_000 }, (_, k) => `s${String(k).padStart(32, '0')}`).join(',')}\nr1,${Array.from({ length: 440_000 }, (_, k) => String(k % 1000)).join(',')}\n`,
  );
  const bomb = gzipBomb(Math.ceil(2 ** 31 / 258));
  return {
    biomTsvMB: tsv.length / 2 ** 20,
    parseBiomTsv: best(() => parseBiomTsv(tsv)),
    lineLimitsBytes: best(() => checkByteLineLimits(tsv, DEFAULT_LIMITS)),
    lineLimitsText: best(() => checkLineLimits(text, DEFAULT_LIMITS)),
    gunzipSync: best(() => gunzipSync(gz)),
    gunzipCapped: best(() => gunzipCapped(gz, DEFAULT_LIMITS)),
    parseMzmine3: best(() => parseMetabolomicsTable(mzmine, 'features.csv')),
    parseWide440kColumns: await bestAsync(() => parseInput(wide, '16s/wide.csv')),
    refuseGzipBomb2GiB: await bestAsync(() => parseInput(bomb, 'table.tsv.gz'), 1),
  };
}
