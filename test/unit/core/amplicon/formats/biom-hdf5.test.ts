import h5wasm from 'h5wasm';
import { parseBiomHdf5 } from '../../../../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { DataErrorSignal, type ErrorCode } from '../../../../../lambdas/core/errors.js';
import {
  type FeatureTable,
  isIntegerTable,
  nnz,
  sampleValues,
} from '../../../../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson, readFixtureText } from '../../../../helpers/fixtures.js';
import { loadDenseBiomJson } from '../../../../helpers/load-dense-biom.js';

/** The DataError code a rejected parse carries ('ok' when it resolves); other exceptions propagate. */
async function codeOf(p: Promise<unknown>): Promise<ErrorCode | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DataErrorSignal) return e.error.code;
    throw e;
  }
}

function total(t: FeatureTable): number {
  let s = 0;
  for (let k = 0; k < nnz(t); k++) s += t.data[k]!;
  return s;
}

/** Index of the first differing element (or of the length mismatch); -1 when equal. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Dense features x samples view of a table, for small fixtures. */
function dense(t: FeatureTable): number[][] {
  const m = t.featureIds.map(() => t.sampleIds.map(() => 0));
  for (let j = 0; j < t.sampleIds.length; j++)
    for (let k = t.indptr[j]!; k < t.indptr[j + 1]!; k++) m[t.indices[k]!]![j] = t.data[k]!;
  return m;
}

/** The same table from the BIOM 1.0 JSON sibling of an example file (sparse triplets [row, col, value]). */
function denseFromSparseJson(file: string): { rows: string[]; cols: string[]; m: number[][] } {
  const j = JSON.parse(readFixtureText('data', 'biom-format-examples', file));
  const rows: string[] = j.rows.map((r: { id: string }) => r.id);
  const cols: string[] = j.columns.map((c: { id: string }) => c.id);
  const m = rows.map(() => cols.map(() => 0));
  for (const [r, c, v] of j.data as [number, number, number][]) m[r]![c] = v;
  return { rows, cols, m };
}

/** Sample-major, strictly increasing feature indices within each sample, no stored zeros. */
function expectCanonical(t: FeatureTable): void {
  expect(t.indptr.length).toBe(t.sampleIds.length + 1);
  const bad: string[] = [];
  for (let j = 0; j < t.sampleIds.length; j++) {
    for (let k = t.indptr[j]!; k < t.indptr[j + 1]!; k++) {
      if (!(t.data[k]! > 0)) bad.push(`zero at ${k}`);
      if (k > t.indptr[j]! && t.indices[k]! <= t.indices[k - 1]!) bad.push(`order at ${k}`);
    }
  }
  expect(bad.slice(0, 5)).toEqual([]);
}

interface FixtureSpec {
  observationIds?: string[];
  sampleIds?: string[];
  shape?: [number, number];
  sample?: { data: Float64Array; indices: Int32Array | BigInt64Array; indptr: Int32Array | BigInt64Array };
  observation?: { data: Float64Array; indices: Int32Array | BigInt64Array; indptr: Int32Array | BigInt64Array };
  metadata?: { name: string; data: string[]; shape: number[] }[];
}

let fixtureSeq = 0;

/** Writes a small BIOM-shaped HDF5 file with h5wasm (in its in-memory FS) and returns its bytes. */
async function fixture(spec: FixtureSpec): Promise<Uint8Array> {
  const { FS } = await h5wasm.ready;
  const name = `/fixture-${++fixtureSeq}.h5`;
  const f = new h5wasm.File(name, 'w');
  f.create_attribute('format-version', Int32Array.of(2, 1));
  if (spec.shape) f.create_attribute('shape', BigInt64Array.from(spec.shape.map(BigInt)));
  for (const axis of ['observation', 'sample'] as const) {
    const g = f.create_group(axis);
    const ids = axis === 'observation' ? spec.observationIds : spec.sampleIds;
    if (ids) g.create_dataset({ name: 'ids', data: ids });
    const m = spec[axis];
    if (m) {
      const mg = g.create_group('matrix');
      mg.create_dataset({ name: 'data', data: m.data });
      mg.create_dataset({ name: 'indices', data: m.indices });
      mg.create_dataset({ name: 'indptr', data: m.indptr });
    }
    const md = g.create_group('metadata');
    if (axis === 'observation')
      for (const x of spec.metadata ?? []) md.create_dataset({ name: x.name, data: x.data, shape: x.shape });
  }
  f.close();
  const bytes = FS.readFile(name);
  FS.unlink(name);
  return bytes;
}

/** 4 features x 3 samples: f0 = [5,0,1], f1 = [0,2,0], f2 = [3,0,0], f3 = [0,7,4]. */
const FOUR_BY_THREE = [
  [5, 0, 1],
  [0, 2, 0],
  [3, 0, 0],
  [0, 7, 4],
];
const F_IDS = ['f0', 'f1', 'f2', 'f3'];
const S_IDS = ['s0', 's1', 's2'];
const BY_SAMPLE = {
  data: Float64Array.of(5, 3, 2, 7, 1, 4),
  indices: Int32Array.of(0, 2, 1, 3, 0, 3),
  indptr: Int32Array.of(0, 2, 4, 6),
};

describe('parseBiomHdf5 on real files', () => {
  it('reads GlobalPatterns.biom: 19216 x 26, total 28216678, reference sample order, same values as the dense JSON', async () => {
    const t = await parseBiomHdf5(readFixture('data', 'globalpatterns', 'GlobalPatterns.biom'));
    const ref = readFixtureJson('reference', 'globalpatterns', 'dataset.json');
    expect(t.featureIds.length).toBe(19216);
    expect(t.sampleIds).toEqual(ref.sample_ids_in_table_order);
    expect(total(t)).toBe(28216678);
    expect(isIntegerTable(t)).toBe(true);
    expectCanonical(t);
    const fromJson = loadDenseBiomJson(readFixtureText('data', 'globalpatterns', 'GlobalPatterns.dense.biom.json'));
    expect(t.featureIds).toEqual(fromJson.featureIds);
    expect(firstDifference(t.indptr, fromJson.indptr)).toBe(-1);
    expect(firstDifference(t.indices, fromJson.indices)).toBe(-1);
    expect(firstDifference(t.data, fromJson.data)).toBe(-1);
    // 7-rank lineages, bare placeholders kept as written
    expect(t.taxonomy).toHaveLength(19216);
    expect(t.taxonomy![0]).toBe('k__Archaea; p__Crenarchaeota; c__Thermoprotei; o__; f__; g__; s__');
    expect(t.taxonomy!.every((x) => x !== null && x.split('; ').length === 7)).toBe(true);
  });

  it('reads the moving-pictures feature-table.biom: 770 x 34, 2325 non-zeros, total 153884', async () => {
    const t = await parseBiomHdf5(readFixture('data', 'qiime2-moving-pictures', 'feature-table.biom'));
    expect([t.featureIds.length, t.sampleIds.length, nnz(t)]).toEqual([770, 34, 2325]);
    expect(total(t)).toBe(153884);
    expect(t.sampleIds).toEqual(
      readFixtureJson('reference', 'qiime2-moving-pictures', 'alpha.json').samples.map(
        (s: { sample_id: string }) => s.sample_id,
      ),
    );
    expect(t.taxonomy).toBeUndefined();
    expectCanonical(t);
  });

  it('reads rich_sparse_otu_table_hdf5.biom with its 2-D taxonomy, matching the JSON example', async () => {
    const t = await parseBiomHdf5(readFixture('data', 'biom-format-examples', 'rich_sparse_otu_table_hdf5.biom'));
    const j = denseFromSparseJson('rich_sparse_otu_table.biom');
    expect(t.featureIds).toEqual(j.rows);
    expect(t.sampleIds).toEqual(j.cols);
    expect(dense(t)).toEqual(j.m);
    expect(t.taxonomy).toEqual([
      'k__Bacteria; p__Proteobacteria; c__Gammaproteobacteria; o__Enterobacteriales; f__Enterobacteriaceae; g__Escherichia; s__',
      'k__Bacteria; p__Cyanobacteria; c__Nostocophycideae; o__Nostocales; f__Nostocaceae; g__Dolichospermum; s__',
      'k__Archaea; p__Euryarchaeota; c__Methanomicrobia; o__Methanosarcinales; f__Methanosarcinaceae; g__Methanosarcina; s__',
      'k__Bacteria; p__Firmicutes; c__Clostridia; o__Halanaerobiales; f__Halanaerobiaceae; g__Halanaerobium; s__Halanaerobiumsaccharolyticum',
      'k__Bacteria; p__Proteobacteria; c__Gammaproteobacteria; o__Enterobacteriales; f__Enterobacteriaceae; g__Escherichia; s__',
    ]);
  });

  it('reads min_sparse_otu_table_hdf5.biom (lower-case type, no metadata), matching the JSON example', async () => {
    const t = await parseBiomHdf5(readFixture('data', 'biom-format-examples', 'min_sparse_otu_table_hdf5.biom'));
    const j = denseFromSparseJson('min_sparse_otu_table.biom');
    expect(t.featureIds).toEqual(j.rows);
    expect(t.sampleIds).toEqual(j.cols);
    expect(dense(t)).toEqual(j.m);
    expect(nnz(t)).toBe(15);
    expect(t.taxonomy).toBeUndefined();
  });

  it('reads rich_sparse_otu_table_hdf5_group_metadata.biom (group metadata ignored)', async () => {
    const t = await parseBiomHdf5(
      readFixture('data', 'biom-format-examples', 'rich_sparse_otu_table_hdf5_group_metadata.biom'),
    );
    expect(dense(t)).toEqual(denseFromSparseJson('rich_sparse_otu_table.biom').m);
  });

  it('reads tests_empty.biom as a 0 x 0 table (the caller decides it is EMPTY_TABLE)', async () => {
    const t = await parseBiomHdf5(readFixture('data', 'biom-format-examples', 'tests_empty.biom'));
    expect(t.featureIds).toEqual([]);
    expect(t.sampleIds).toEqual([]);
    expect(Array.from(t.indptr)).toEqual([0]);
    expect(t.data.length).toBe(0);
  });

  it('reads tests_edgecase_issue_952.biom: 10 x 148, 1478 non-integer values', async () => {
    const t = await parseBiomHdf5(readFixture('data', 'biom-format-examples', 'tests_edgecase_issue_952.biom'));
    expect([t.featureIds.length, t.sampleIds.length, nnz(t)]).toEqual([10, 148, 1478]);
    expect(t.sampleIds[0]).toBe('10A1-P1.mzML');
    expect(isIntegerTable(t)).toBe(false);
    expect(t.data[0]).toBe(199.52254);
    expectCanonical(t);
  });

  it('reads mmvec microbes.biom: 466 x 20, ids with spaces and parentheses, 17,848-28,194 reads per sample', async () => {
    const t = await parseBiomHdf5(readFixture('data', 'mmvec-soils-paired', 'microbes.biom'));
    expect([t.featureIds.length, t.sampleIds.length, nnz(t)]).toEqual([466, 20, 4770]);
    expect(t.featureIds[0]).toBe('rplo 1 (Cyanobacteria)');
    expect(isIntegerTable(t)).toBe(true);
    const depths = t.sampleIds.map((_, j) => sampleValues(t, j).reduce((a, b) => a + b, 0));
    expect(Math.min(...depths)).toBe(17848);
    expect(Math.max(...depths)).toBe(28194);
  });
});

describe('parseBiomHdf5 on broken input', () => {
  const gp = readFixture('data', 'globalpatterns', 'GlobalPatterns.biom');

  it('signals TRUNCATED_FILE for the first half of a file', async () => {
    expect(await codeOf(parseBiomHdf5(gp.slice(0, Math.floor(gp.length / 2))))).toBe('TRUNCATED_FILE');
    expect(await codeOf(parseBiomHdf5(gp.slice(0, 4)))).toBe('TRUNCATED_FILE');
  });

  it('signals INVALID_BIOM for bytes that are not HDF5, or corrupt inside', async () => {
    expect(await codeOf(parseBiomHdf5(new TextEncoder().encode('{"id": "not hdf5"}')))).toBe('INVALID_BIOM');
    const corrupt = gp.slice();
    for (let i = 100_000; i < corrupt.length; i += 997) corrupt[i] ^= 0xff;
    expect(await codeOf(parseBiomHdf5(corrupt))).toBe('INVALID_BIOM');
  });

  it('signals EMPTY_FILE for zero bytes', async () => {
    expect(await codeOf(parseBiomHdf5(new Uint8Array(0)))).toBe('EMPTY_FILE');
  });

  it('keeps working after failures and leaves no file behind in the in-memory FS', async () => {
    await codeOf(parseBiomHdf5(gp.slice(0, 1000)));
    const t = await parseBiomHdf5(readFixture('data', 'biom-format-examples', 'min_sparse_otu_table_hdf5.biom'));
    expect(nnz(t)).toBe(15);
    const { FS } = await h5wasm.ready;
    expect(FS.readdir('/').filter((n: string) => n.startsWith('biomeflow-'))).toEqual([]);
  });

  it('names the error: a truncated file carries the HDF5 reason', async () => {
    const p = parseBiomHdf5(gp.slice(0, 1000));
    await expect(p).rejects.toBeInstanceOf(DataErrorSignal);
    await expect(p).rejects.toMatchObject({
      error: { code: 'TRUNCATED_FILE', message: expect.stringContaining('eof') },
    });
  });
});

describe('parseBiomHdf5 on synthetic layouts (written with h5wasm)', () => {
  it('uses sample/matrix as is', async () => {
    const t = await parseBiomHdf5(
      await fixture({ observationIds: F_IDS, sampleIds: S_IDS, shape: [4, 3], sample: BY_SAMPLE }),
    );
    expect(dense(t)).toEqual(FOUR_BY_THREE);
  });

  it('falls back to observation/matrix (CSR, 64-bit indices) and transposes it', async () => {
    const t = await parseBiomHdf5(
      await fixture({
        observationIds: F_IDS,
        sampleIds: S_IDS,
        shape: [4, 3],
        observation: {
          data: Float64Array.of(5, 1, 2, 3, 7, 4),
          indices: BigInt64Array.of(0n, 2n, 1n, 0n, 1n, 2n),
          indptr: BigInt64Array.of(0n, 2n, 3n, 4n, 6n),
        },
      }),
    );
    expect(dense(t)).toEqual(FOUR_BY_THREE);
    expectCanonical(t);
  });

  it('sorts feature indices within a sample and drops stored zeros', async () => {
    const t = await parseBiomHdf5(
      await fixture({
        observationIds: F_IDS,
        sampleIds: S_IDS,
        sample: {
          data: Float64Array.of(3, 5, 0, 7, 2, 4, 1),
          indices: Int32Array.of(2, 0, 1, 3, 1, 3, 0),
          indptr: Int32Array.of(0, 3, 5, 7),
        },
      }),
    );
    expect(dense(t)).toEqual(FOUR_BY_THREE);
    expect(nnz(t)).toBe(6);
    expectCanonical(t);
  });

  it('joins a 2-D taxonomy by rank, keeping an empty middle rank in its position and dropping trailing empty ones; finds it by unescaped, case-insensitive name', async () => {
    const t = await parseBiomHdf5(
      await fixture({
        observationIds: F_IDS,
        sampleIds: S_IDS,
        sample: BY_SAMPLE,
        metadata: [
          { name: 'taxonomy@@SLASH@@confidence', data: ['0.9', '0.8', '0.7', '0.6'], shape: [4] },
          {
            name: 'Taxonomy',
            data: ['k__A', 'p__B', '', 'k__A', '', '', '', '', '', ' k__C ', '', 'c__D'],
            shape: [4, 3],
          },
        ],
      }),
    );
    // ['k__C', '', 'c__D']: the class must stay third, so the empty phylum is kept (unassigned at phylum)
    expect(t.taxonomy).toEqual(['k__A; p__B', 'k__A', null, 'k__C; ; c__D']);
  });

  it('takes a 1-D taxonomy as the lineage text', async () => {
    const t = await parseBiomHdf5(
      await fixture({
        observationIds: F_IDS,
        sampleIds: S_IDS,
        sample: BY_SAMPLE,
        metadata: [{ name: 'taxonomy', data: ['k__A;p__B', '["k__A", "p__C"]', '', 'Unassigned'], shape: [4] }],
      }),
    );
    expect(t.taxonomy).toEqual(['k__A;p__B', 'k__A; p__C', null, 'Unassigned']);
  });

  it.each<[string, FixtureSpec, ErrorCode]>([
    [
      'a negative value',
      { observationIds: F_IDS, sampleIds: S_IDS, sample: { ...BY_SAMPLE, data: Float64Array.of(5, 3, 2, -7, 1, 4) } },
      'NEGATIVE_VALUE',
    ],
    [
      'a NaN value',
      { observationIds: F_IDS, sampleIds: S_IDS, sample: { ...BY_SAMPLE, data: Float64Array.of(5, 3, NaN, 7, 1, 4) } },
      'NON_FINITE_VALUE',
    ],
    [
      'an infinite value',
      {
        observationIds: F_IDS,
        sampleIds: S_IDS,
        sample: { ...BY_SAMPLE, data: Float64Array.of(5, 3, Infinity, 7, 1, 4) },
      },
      'NON_FINITE_VALUE',
    ],
    [
      'a repeated sample id',
      { observationIds: F_IDS, sampleIds: ['s0', 's1', 's0'], sample: BY_SAMPLE },
      'DUPLICATE_ID',
    ],
    [
      'a repeated observation id',
      { observationIds: ['f0', 'f1', 'f1', 'f3'], sampleIds: S_IDS, sample: BY_SAMPLE },
      'DUPLICATE_ID',
    ],
    [
      'a shape attribute that disagrees with the ids',
      { observationIds: F_IDS, sampleIds: S_IDS, shape: [4, 4], sample: BY_SAMPLE },
      'SHAPE_MISMATCH',
    ],
    [
      'an indptr of the wrong length',
      { observationIds: F_IDS, sampleIds: S_IDS, sample: { ...BY_SAMPLE, indptr: Int32Array.of(0, 2, 6) } },
      'SHAPE_MISMATCH',
    ],
    [
      'a decreasing indptr',
      { observationIds: F_IDS, sampleIds: S_IDS, sample: { ...BY_SAMPLE, indptr: Int32Array.of(0, 4, 2, 6) } },
      'INVALID_BIOM',
    ],
    [
      'an indptr that does not end at nnz',
      { observationIds: F_IDS, sampleIds: S_IDS, sample: { ...BY_SAMPLE, indptr: Int32Array.of(0, 2, 4, 5) } },
      'INVALID_BIOM',
    ],
    [
      'a feature index out of range',
      { observationIds: F_IDS, sampleIds: S_IDS, sample: { ...BY_SAMPLE, indices: Int32Array.of(0, 2, 1, 4, 0, 3) } },
      'INVALID_BIOM',
    ],
    [
      'a negative feature index',
      { observationIds: F_IDS, sampleIds: S_IDS, sample: { ...BY_SAMPLE, indices: Int32Array.of(0, 2, -1, 3, 0, 3) } },
      'INVALID_BIOM',
    ],
    ['a missing observation/ids', { sampleIds: S_IDS, sample: BY_SAMPLE }, 'INVALID_BIOM'],
    ['no matrix at all', { observationIds: F_IDS, sampleIds: S_IDS }, 'INVALID_BIOM'],
    [
      'a taxonomy with too few rows',
      {
        observationIds: F_IDS,
        sampleIds: S_IDS,
        sample: BY_SAMPLE,
        metadata: [{ name: 'taxonomy', data: ['a', 'b'], shape: [2] }],
      },
      'SHAPE_MISMATCH',
    ],
  ])('signals %s', async (_label, spec, code) => {
    expect(await codeOf(parseBiomHdf5(await fixture(spec)))).toBe(code);
  });
});
