import { parseBiomJson } from '../../../../../lambdas/core/amplicon/formats/biom-json.js';
import { parseBiomTsv } from '../../../../../lambdas/core/amplicon/formats/biom-tsv.js';
import { parseTaxonomy } from '../../../../../lambdas/core/amplicon/formats/qiime2-taxonomy.js';
import { parseInput } from '../../../../../lambdas/core/pipeline/index.js';
import { sniffFormat } from '../../../../../lambdas/core/pipeline/sniff.js';
import { type FeatureTable, isIntegerTable, nnz } from '../../../../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson } from '../../../../helpers/fixtures.js';

const gp = (file: string) => readFixture('data', 'globalpatterns', file);
const example = (file: string) => readFixture('data', 'biom-format-examples', file);

/** The value at (feature id, sample id), 0 when not stored. */
function cell(t: FeatureTable, feature: string, sample: string): number {
  const f = t.featureIds.indexOf(feature);
  const j = t.sampleIds.indexOf(sample);
  for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) if (t.indices[p] === f) return t.data[p]!;
  return 0;
}

/** Sum of all stored values. */
function total(t: FeatureTable): number {
  let s = 0;
  for (let k = 0; k < nnz(t); k++) s += t.data[k]!;
  return s;
}

/** Every stored (feature id, sample id, value) triplet, sample-major. */
function triplets(t: FeatureTable): string[] {
  const out: string[] = [];
  for (let j = 0; j < t.sampleIds.length; j++)
    for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++)
      out.push(`${t.featureIds[t.indices[p]!]}|${t.sampleIds[j]}|${t.data[p]}`);
  return out;
}

describe('GlobalPatterns in three BIOM encodings', () => {
  const sparse = parseBiomJson(gp('GlobalPatterns.sparse.biom.json'));
  const dense = parseBiomJson(gp('GlobalPatterns.dense.biom.json'));
  const tsv = parseBiomTsv(gp('GlobalPatterns_feature-table.tsv'));
  const reference = readFixtureJson<{ sample_ids_in_table_order: string[]; n_features: number; total_count: number }>(
    'reference',
    'globalpatterns',
    'dataset.json',
  );

  it.each([
    ['sparse JSON', sparse],
    ['dense JSON', dense],
    ['classic TSV', tsv],
  ])('%s: 19216 features x 26 samples, 104578 non-zeros, 28216678 reads, reference sample order', (_name, t) => {
    expect(t.featureIds).toHaveLength(19216);
    expect(t.featureIds.length).toBe(reference.n_features);
    expect(t.sampleIds).toEqual(reference.sample_ids_in_table_order);
    expect(nnz(t)).toBe(104578);
    expect(total(t)).toBe(28216678);
    expect(total(t)).toBe(reference.total_count);
    expect(isIntegerTable(t)).toBe(true);
  });

  it('reads the first OTU row as written in the TSV (549322: SLEpi20M 1, AQC1cm 27, AQC4cm 100, AQC7cm 130, NP2 1)', () => {
    for (const t of [sparse, dense, tsv]) {
      expect(t.featureIds[0]).toBe('549322');
      expect([
        cell(t, '549322', 'SLEpi20M'),
        cell(t, '549322', 'AQC1cm'),
        cell(t, '549322', 'AQC4cm'),
        cell(t, '549322', 'AQC7cm'),
        cell(t, '549322', 'NP2'),
      ]).toEqual([1, 27, 100, 130, 1]);
      expect(cell(t, '549322', 'CL3')).toBe(0);
    }
  });

  it('gives the same table from all three files', () => {
    expect(dense.featureIds).toEqual(sparse.featureIds);
    expect(tsv.featureIds).toEqual(sparse.featureIds);
    const expected = triplets(sparse);
    expect(triplets(dense)).toEqual(expected);
    expect(triplets(tsv)).toEqual(expected);
  });

  it('keeps numeric-looking OTU ids as strings', () => {
    expect(sparse.featureIds[2]).toBe('951');
    expect(typeof tsv.featureIds[2]).toBe('string');
  });

  it('joins the JSON taxonomy list with "; ", matching the taxonomy TSV feature by feature', () => {
    const taxonomy = parseTaxonomy(gp('GlobalPatterns_taxonomy.tsv'));
    expect(sparse.taxonomy![0]).toBe('k__Archaea; p__Crenarchaeota; c__Thermoprotei; o__; f__; g__; s__');
    expect(dense.taxonomy).toEqual(sparse.taxonomy);
    expect(taxonomy.featureIds).toEqual(sparse.featureIds);
    expect(sparse.taxonomy).toEqual(taxonomy.taxa);
    expect(tsv.taxonomy).toBeUndefined();
  });
});

describe('biom-format example tables', () => {
  /** The 5 x 6 example matrix of the BIOM 1.0 spec, rows GG_OTU_1..5 by samples Sample1..6. */
  const SPEC_MATRIX = [
    [0, 0, 1, 0, 0, 0],
    [5, 1, 0, 2, 3, 1],
    [0, 0, 1, 4, 0, 2],
    [2, 1, 1, 0, 0, 1],
    [0, 1, 1, 0, 0, 0],
  ];

  /** The table as a dense row-major matrix. */
  function denseRows(t: FeatureTable): number[][] {
    return t.featureIds.map((f) => t.sampleIds.map((s) => cell(t, f, s)));
  }

  it('min_sparse_otu_table.biom: multi-line sparse JSON with null metadata', () => {
    const t = parseBiomJson(example('min_sparse_otu_table.biom'));
    expect(t.featureIds).toEqual(['GG_OTU_1', 'GG_OTU_2', 'GG_OTU_3', 'GG_OTU_4', 'GG_OTU_5']);
    expect(t.sampleIds).toEqual(['Sample1', 'Sample2', 'Sample3', 'Sample4', 'Sample5', 'Sample6']);
    expect(denseRows(t)).toEqual(SPEC_MATRIX);
    expect(t.taxonomy).toBeUndefined();
  });

  it('rich_sparse_otu_table.biom: taxonomy given as a list of ranks', () => {
    const t = parseBiomJson(example('rich_sparse_otu_table.biom'));
    expect(denseRows(t)).toEqual(SPEC_MATRIX);
    expect(t.taxonomy![3]).toBe(
      'k__Bacteria; p__Firmicutes; c__Clostridia; o__Halanaerobiales; f__Halanaerobiaceae; g__Halanaerobium; s__Halanaerobiumsaccharolyticum',
    );
  });

  it('tests_test.json.gz: gzip is undone, and the missing type/matrix_type keys are tolerated (triplets are unambiguous)', async () => {
    const r = await parseInput(example('tests_test.json.gz'), 'tests_test.json.gz');
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.kind).toBe('16s');
    expect(r.value.format).toBe('biom-json');
    const t = (r.value as { table: FeatureTable }).table;
    expect(denseRows(t)).toEqual(SPEC_MATRIX);
    expect(t.taxonomy![0]).toBe(
      'k__Bacteria; p__Proteobacteria; c__Gammaproteobacteria; o__Enterobacteriales; f__Enterobacteriaceae; g__Escherichia; s__',
    );
  });

  it('taxonomy given as one string under "Taxonomy" is kept as the lineage string', () => {
    const doc = {
      shape: [2, 1],
      matrix_type: 'dense',
      rows: [
        { id: 'a', metadata: { Taxonomy: 'k__Bacteria; p__Firmicutes' } },
        { id: 'b', metadata: null },
      ],
      columns: [{ id: 's' }],
      data: [[4], [0]],
    };
    const t = parseBiomJson(new TextEncoder().encode(JSON.stringify(doc)));
    expect(t.taxonomy).toEqual(['k__Bacteria; p__Firmicutes', null]);
  });

  it.each(['tests_empty.biom', 'tests_edgecase_issue_952.biom', 'rich_sparse_otu_table_hdf5.biom'])(
    '%s sniffs as BIOM HDF5',
    (file) => {
      expect(sniffFormat(example(file), file)).toBe('biom-hdf5');
    },
  );
});

describe('BIOM TSV details', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);

  it('keeps a trailing taxonomy column and sends quoted rows through the field splitter', () => {
    const t = parseBiomTsv(
      utf8('#OTU ID\tS1\tS2\ttaxonomy\r\nF1\t12\t2.6E5\tk__A; p__B\r\n"F2"\t"3"\t0.0\t"k__C;\tp__D"\r\nF3\t0\t1\t\r\n'),
    );
    expect(t.featureIds).toEqual(['F1', 'F2', 'F3']);
    expect([cell(t, 'F1', 'S1'), cell(t, 'F1', 'S2'), cell(t, 'F2', 'S1'), cell(t, 'F3', 'S2')]).toEqual([
      12, 260000, 3, 1,
    ]);
    expect(t.taxonomy).toEqual(['k__A; p__B', 'k__C;\tp__D', null]);
  });

  it('accepts the other header spellings and ConsensusLineage', () => {
    for (const h of ['#OTU ID', 'OTU ID', '#OTUID', 'Feature ID', '#Feature ID']) {
      const t = parseBiomTsv(utf8(`${h}\tS1\tConsensusLineage\nF1\t4\tk__A\n`));
      expect([t.featureIds, t.sampleIds, t.taxonomy]).toEqual([['F1'], ['S1'], ['k__A']]);
    }
  });

  it('stores no zeros, whichever way they are written', () => {
    const t = parseBiomTsv(utf8('#OTU ID\tA\tB\tC\tD\tE\nF1\t0\t0.0\t0.00\t-0\t0e5\n'));
    expect(nnz(t)).toBe(0);
  });

  it('reads a random 500 x 200 table exactly as generated', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const nF = 500;
    const nS = 200;
    const expected: string[] = [];
    const lines = [`#OTU ID\t${Array.from({ length: nS }, (_, j) => `S${j}`).join('\t')}`];
    const cells: string[][] = [];
    for (let i = 0; i < nF; i++) {
      const row: string[] = [];
      for (let j = 0; j < nS; j++) {
        const r = next();
        row.push(
          r < 0.8 ? (r < 0.4 ? '0' : '0.0') : r < 0.9 ? `${Math.floor(next() * 1000)}.0` : (next() * 50).toFixed(4),
        );
      }
      cells.push(row);
      lines.push(`F${i}\t${row.join('\t')}`);
    }
    for (let j = 0; j < nS; j++)
      for (let i = 0; i < nF; i++) if (Number(cells[i]![j]) !== 0) expected.push(`F${i}|S${j}|${Number(cells[i]![j])}`);
    expect(triplets(parseBiomTsv(utf8(lines.join('\n'))))).toEqual(expected);
  });
});

describe('BIOM JSON details', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const errorOf = (doc: unknown) => {
    try {
      parseBiomJson(utf8(JSON.stringify(doc)));
    } catch (e) {
      return (e as { error: { code: string; message: string } }).error;
    }
    throw new Error('expected an error');
  };
  const base = { shape: [2, 3], rows: [{ id: 'a' }, { id: 'b' }], columns: [{ id: 'x' }, { id: 'y' }, { id: 'z' }] };

  it('reads a dense matrix without matrix_type when rows are not triplets', () => {
    const t = parseBiomJson(
      utf8(
        JSON.stringify({
          ...base,
          shape: [2, 2],
          columns: [{ id: 'x' }, { id: 'y' }],
          data: [
            [1, 0],
            [0, 2.5],
          ],
        }),
      ),
    );
    expect(triplets(t)).toEqual(['a|x|1', 'b|y|2.5']);
  });

  it('refuses to guess when the data fit both layouts', () => {
    const e = errorOf({
      ...base,
      data: [
        [0, 1, 2],
        [1, 0, 1],
      ],
    });
    expect(e.code).toBe('INVALID_BIOM');
    expect(e.message).toContain('matrix_type');
  });

  it('checks dense row lengths against the shape', () => {
    expect(
      errorOf({
        ...base,
        matrix_type: 'dense',
        data: [
          [1, 2, 3],
          [4, 5],
        ],
      }).code,
    ).toBe('SHAPE_MISMATCH');
  });

  it('rejects a duplicate sample id naming it', () => {
    const e = errorOf({ ...base, matrix_type: 'sparse', columns: [{ id: 'x' }, { id: 'y' }, { id: 'x' }], data: [] });
    expect(e.code).toBe('DUPLICATE_ID');
    expect(e.message).toContain("'x'");
  });
});
