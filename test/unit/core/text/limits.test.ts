/**
 * One test per limit (docs/limits.md), each on a small input generated here:
 * inflation (gzip, zip entries, HDF5 datasets), text size, line length,
 * cell length, id length, columns, rows and dense cells. Each input would
 * have been read (or would have exhausted memory) without its limit.
 */

import { gzipSync, strToU8, zipSync } from 'fflate';
import h5wasm from 'h5wasm';
import { parseBiomHdf5 } from '../../../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { parseBiomTsv } from '../../../../lambdas/core/amplicon/formats/biom-tsv.js';
import { parseMothurSharedText } from '../../../../lambdas/core/amplicon/formats/mothur-shared.js';
import { readArtifact } from '../../../../lambdas/core/amplicon/formats/qiime2-artifact.js';
import { parsePlainMatrix } from '../../../../lambdas/core/metabolomics/formats/index.js';
import { parseMetadataText } from '../../../../lambdas/core/study/qiime2-metadata.js';
import { RowCells } from '../../../../lambdas/core/text/delimited-table.js';
import { gunzipCapped } from '../../../../lambdas/core/text/inflate.js';
import { DEFAULT_LIMITS, inflateAllowance, resolveLimits } from '../../../../lambdas/core/text/limits.js';
import {
  bytesToText,
  checkLineLimits,
  decodeText,
  gunzipIfNeeded,
  splitFields,
} from '../../../../lambdas/core/text/text.js';
import { bombSize, deflateBomb, gzipBomb, zipArchive } from '../../../helpers/bombs.js';
import { readFixture } from '../../../helpers/fixtures.js';
import { errorOf, parsedValue, signalled, signalledAsync, utf8 } from './helpers.js';

const UUID = '0b6a2f0e-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
/** Repeats of 258 bytes giving just over 2 GiB: a 2.08 MB gzip. */
const TWO_GIB = Math.ceil(2 ** 31 / 258);

describe('inflation: gzip', () => {
  it('a 2 MB gzip of 2 GiB of text fails INFLATE_LIMIT (the trailer declares more than 200 x its size), through parseInput', async () => {
    const bomb = gzipBomb(TWO_GIB);
    expect(bomb.length).toBeLessThan(2.1e6);
    const e = await errorOf(bomb, 'table.tsv.gz');
    expect(e).toMatchObject({ code: 'INFLATE_LIMIT', file: 'table.tsv.gz', line: 0, column: 0 });
    expect(e.message).toContain(
      `${inflateAllowance(bomb.length, DEFAULT_LIMITS)} bytes (200 x the ${bomb.length} compressed bytes)`,
    );
  });

  it('a bomb whose trailer lies (declares 1 KB) is stopped while streaming, at the allowance', () => {
    const bomb = gzipBomb(Math.ceil(200e6 / 258), 1024);
    const e = signalled(() => gunzipIfNeeded(bomb));
    expect(e.code).toBe('INFLATE_LIMIT');
    expect(e.message).toContain(
      `inflates to more than ${200 * bomb.length} bytes (200 x the ${bomb.length} compressed bytes)`,
    );
  });

  it('the absolute cap binds for large inputs, the floor for small ones', () => {
    const lim = resolveLimits({ maxInflatedBytes: 1_000_000, inflateFloorBytes: 10_000, maxInflateRatio: 200 });
    expect(inflateAllowance(1e9, lim)).toBe(1_000_000);
    expect(inflateAllowance(10, lim)).toBe(10_000);
    expect(inflateAllowance(1000, lim)).toBe(200_000);
    // 2.5 MB from a 40-byte stream: far beyond 200 x, but within the default 16 MiB floor
    const small = gzipBomb(Math.ceil(2.5e6 / 258));
    expect(small.length).toBeLessThan(3000);
    expect(gunzipIfNeeded(small)).toHaveLength(bombSize(Math.ceil(2.5e6 / 258)));
    expect(signalled(() => gunzipCapped(small, lim)).code).toBe('INFLATE_LIMIT');
  });

  it('reads every member of a multi-member gzip (bgzip) and checks the last trailer', () => {
    const two = new Uint8Array([...gzipSync(utf8('a\tb\n')), ...gzipSync(utf8('c\td\n'))]);
    expect(new TextDecoder().decode(gunzipIfNeeded(two))).toBe('a\tb\nc\td\n');
    const cut = gzipSync(utf8('x'.repeat(1000) + Math.random()));
    expect(signalled(() => gunzipIfNeeded(cut.subarray(0, cut.length - 3))).code).toBe('TRUNCATED_FILE');
    expect(signalled(() => gunzipIfNeeded(cut.subarray(0, cut.length / 2))).code).toBe('TRUNCATED_FILE');
  });
});

describe('inflation: zip entries (.qza)', () => {
  const yaml = strToU8(`uuid: ${UUID}\ntype: FeatureTable[Frequency]\nformat: BIOMV210DirFmt\n`);
  const bombEntry = (size?: number) =>
    zipArchive([
      { name: `${UUID}/metadata.yaml`, data: yaml },
      {
        name: `${UUID}/data/feature-table.biom`,
        data: deflateBomb(TWO_GIB),
        method: 8,
        size: size ?? bombSize(TWO_GIB),
      },
    ]);

  it('a 2 MB .qza whose payload declares 2 GiB fails INFLATE_LIMIT before inflating, through parseInput', async () => {
    const zip = bombEntry();
    expect(zip.length).toBeLessThan(2.1e6);
    const e = await errorOf(zip, 'table.qza');
    expect(e).toMatchObject({ code: 'INFLATE_LIMIT', file: 'table.qza' });
    expect(e.message).toContain(`declares more than ${inflateAllowance(zip.length, DEFAULT_LIMITS)} bytes`);
  });

  it('an entry that inflates past the size it declares is cut off there: INVALID_ARTIFACT', () => {
    const e = signalled(() => readArtifact(bombEntry(1000)));
    expect(e.code).toBe('INVALID_ARTIFACT');
    expect(e.message).toContain('do not inflate to the 1000 bytes it declares');
  });

  it('the real artifacts still open (the central-directory reader agrees with fflate)', () => {
    const a = readArtifact(readFixture('data', 'qiime2-moving-pictures', 'taxonomy.qza'));
    expect(a.info.type).toBe('FeatureData[Taxonomy]');
    expect(a.bytes).toEqual(readFixture('data', 'qiime2-moving-pictures', 'taxonomy.tsv'));
    const stored = zipSync(
      { [`${UUID}/metadata.yaml`]: yaml, [`${UUID}/data/feature-table.biom`]: strToU8('{"x": 1}') },
      { level: 0 },
    );
    expect(new TextDecoder().decode(readArtifact(stored).bytes)).toBe('{"x": 1}');
  });
});

describe('inflation: HDF5 datasets', () => {
  it('a 10 KB BIOM HDF5 whose chunked data set holds 2e9 values fails INFLATE_LIMIT from its shape, before reading', async () => {
    const { FS } = await h5wasm.ready;
    const f = new h5wasm.File('/limits-bomb.h5', 'w');
    f.create_attribute('format-version', Int32Array.of(2, 1));
    f.create_group('observation').create_dataset({ name: 'ids', data: ['f0', 'f1'] });
    const s = f.create_group('sample');
    s.create_dataset({ name: 'ids', data: ['s0'] });
    const m = s.create_group('matrix');
    const d = m.create_dataset({
      name: 'data',
      data: Float64Array.of(1, 2),
      maxshape: [null],
      chunks: [1 << 16],
      compression: 9,
    });
    d.resize([2e9]);
    m.create_dataset({ name: 'indices', data: Int32Array.of(0, 1) });
    m.create_dataset({ name: 'indptr', data: Int32Array.of(0, 2) });
    f.close();
    const bytes = FS.readFile('/limits-bomb.h5');
    FS.unlink('/limits-bomb.h5');
    expect(bytes.length).toBeLessThan(100_000);
    const e = await signalledAsync(parseBiomHdf5(bytes));
    expect(e.code).toBe('INFLATE_LIMIT');
    expect(e.message).toContain('sample/matrix/data declares more than');
  });
});

describe('text size', () => {
  it('is checked before decoding: TOO_LARGE, never a decoder abort', () => {
    const e = signalled(() => decodeText(new Uint8Array(2000).fill(97), resolveLimits({ maxTextBytes: 1000 })));
    expect(e).toMatchObject({ code: 'TOO_LARGE', line: 0, column: 0 });
    expect(e.expected).toContain('maxTextBytes');
  });

  it('defaults below the longest string V8 holds (2^29 - 24 characters), and the inflation cap leaves room for binary payloads', () => {
    expect(DEFAULT_LIMITS.maxTextBytes).toBeLessThan(2 ** 29 - 24);
    expect(DEFAULT_LIMITS.maxInflatedBytes).toBeGreaterThan(DEFAULT_LIMITS.maxTextBytes);
  });

  it('applies to inflated text: a gzip within its allowance but beyond maxTextBytes fails TOO_LARGE', () => {
    const bomb = gzipBomb(Math.ceil(5e6 / 258));
    expect(signalled(() => bytesToText(bomb, resolveLimits({ maxTextBytes: 1e6 }))).code).toBe('TOO_LARGE');
  });
});

describe('line length', () => {
  it('a line over maxLineLength fails LINE_TOO_LONG at the first character past the limit (the default, 64 Mi characters, through parseInput)', async () => {
    const long = `#OTU ID\tS1\nF1\t${'1'.repeat(DEFAULT_LIMITS.maxLineLength)}\n`;
    expect(await errorOf(long, 'table.tsv')).toMatchObject({
      code: 'LINE_TOO_LONG',
      line: 2,
      column: DEFAULT_LIMITS.maxLineLength + 1,
    });
  });

  it.each([
    ['BIOM TSV', () => parseBiomTsv(utf8(`#OTU ID\tS1\nF1\t${'1'.repeat(200)}\n`), 'x', { maxLineLength: 100 })],
    ['QIIME 2 metadata', () => parseMetadataText(`sample-id\tx\nS1\t${'y'.repeat(200)}\n`, { maxLineLength: 100 })],
    [
      'mothur shared',
      () =>
        parseMothurSharedText(`label\tGroup\tnumOtus\tOtu1\n0.03\tA\t1\t${'1'.repeat(200)}\n`, undefined, {
          maxLineLength: 100,
        }),
    ],
    [
      'a metabolomics matrix',
      () => parsePlainMatrix(`id,S1\nm1,${'1'.repeat(200)}\n`, { limits: { maxLineLength: 100 } }),
    ],
  ])('%s: LINE_TOO_LONG on line 2', (_name, parse) => {
    expect(signalled(parse)).toMatchObject({ code: 'LINE_TOO_LONG', line: 2, column: 101 });
  });
});

describe('cell length', () => {
  it('a field over maxCellLength (1 Mi characters) fails CELL_TOO_LONG at the field, through parseInput', async () => {
    const text = `sample-id\tnote\nS1\t${'n'.repeat(DEFAULT_LIMITS.maxCellLength + 1)}\n`;
    expect(await errorOf(text, 'metadata.tsv')).toMatchObject({ code: 'CELL_TOO_LONG', line: 2, column: 4 });
  });

  it('is checked by the field splitters before copying, and not while a sniffer tries a delimiter', () => {
    const lim = resolveLimits({ maxCellLength: 10 });
    expect(signalled(() => splitFields('a\tbbbbbbbbbbbb\n', '\t', 0, 14, { limits: lim, line: 3 }))).toMatchObject({
      code: 'CELL_TOO_LONG',
      line: 3,
      column: 3,
    });
    expect(signalled(() => new RowCells('x,"yyyyyyyyyyyyyy"', ',', lim).loadRange(0, 18, 7))).toMatchObject({
      code: 'CELL_TOO_LONG',
      line: 7,
      column: 3,
    });
    expect(splitFields('a,'.repeat(50), '\t').values).toHaveLength(1);
  });
});

describe('id length', () => {
  it('an id of 513 UTF-8 bytes fails ID_TOO_LONG at the id; 512 bytes pass (multi-byte characters counted in bytes)', async () => {
    const ok = 'é'.repeat(256);
    const long = `${'é'.repeat(256)}x`;
    const t = await parsedValue<{ table: { sampleIds: string[] } }>(`#OTU ID\t${ok}\nF1\t1\n`, 'table.tsv');
    expect(t.table.sampleIds).toEqual([ok]);
    const e = await errorOf(`#OTU ID\tS1\n${long}\t1\n`, 'table.tsv');
    expect(e).toMatchObject({ code: 'ID_TOO_LONG', line: 2, column: 1 });
    expect(e.message).toContain('513 UTF-8 bytes');
  });
});

describe('columns', () => {
  it('a header of 1,000,001 fields fails TOO_MANY_COLUMNS at the first field past the limit (through parseInput)', async () => {
    const names = Array.from({ length: DEFAULT_LIMITS.maxColumns }, (_, i) => `S${i}`);
    const header = `#OTU ID\t${names.join('\t')}`;
    const column = header.lastIndexOf('\t') + 2;
    const e = await errorOf(`${header}\nF1\t1\n`, 'table.tsv');
    expect(e).toMatchObject({ code: 'TOO_MANY_COLUMNS', line: 1, column });
  });

  it('a mothur numOtus beyond maxColumns fails at the cell, before OTU names are generated for it', () => {
    const e = signalled(() => parseMothurSharedText('0.03\tA\t1000000000\t1\t2\n'));
    expect(e).toMatchObject({ code: 'TOO_MANY_COLUMNS', line: 1, column: 8 });
  });

  it('the limit is configurable: three fields under maxColumns 2', () => {
    expect(signalled(() => parsePlainMatrix('id,S1,S2\nm1,1,2\n', { limits: { maxColumns: 2 } }))).toMatchObject({
      code: 'TOO_MANY_COLUMNS',
      line: 1,
      column: 7,
    });
  });
});

describe('rows', () => {
  it('more than maxRows (2,000,000) non-empty lines fail TOO_MANY_ROWS at the first line past it', async () => {
    const text = `sample-id\tx\n${'S\ta\n'.repeat(DEFAULT_LIMITS.maxRows)}`;
    expect(await errorOf(text, 'metadata.tsv')).toMatchObject({
      code: 'TOO_MANY_ROWS',
      line: DEFAULT_LIMITS.maxRows + 1,
      column: 1,
    });
  });

  it('blank lines do not count; the check runs before any line is split', () => {
    const lim = resolveLimits({ maxRows: 3 });
    expect(() => checkLineLimits('a\n\n\nb\n\nc\n', lim)).not.toThrow();
    expect(signalled(() => checkLineLimits('a\nb\nc\nd\n', lim))).toMatchObject({ code: 'TOO_MANY_ROWS', line: 4 });
  });
});

describe('dense cells', () => {
  it('a metabolomics table beyond maxDenseCells fails TOO_LARGE before its matrix is allocated', () => {
    const e = signalled(() =>
      parsePlainMatrix('id,S1,S2,S3\nm1,1,2,3\nm2,4,5,6\n', {
        limits: { maxDenseCells: 5 },
        orientation: 'features-in-rows',
      }),
    );
    expect(e).toMatchObject({ code: 'TOO_LARGE', line: 2 });
  });

  it('a header of 400,000 samples over 5000 one-field rows is RAGGED_ROW at the first row, not a 16 GB allocation', () => {
    const header = `id,${Array.from({ length: 400_000 }, (_, i) => `S${i}`).join(',')}`;
    const e = signalled(() =>
      parsePlainMatrix(`${header}\n${'m,\n'.repeat(5000)}`, { orientation: 'features-in-rows' }),
    );
    expect(e).toMatchObject({ code: 'RAGGED_ROW', line: 2 });
  });
});
