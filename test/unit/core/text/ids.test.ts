/**
 * The id rule in every format (through `parseInput` and the metabolomics
 * reader): control characters (C0, DEL, C1) and bidirectional controls in a
 * sample or feature id fail INVALID_ID at the id; ids longer than 512 UTF-8
 * bytes fail ID_TOO_LONG; ids are NFC-normalised, two spellings of one name
 * are duplicates, and a changed spelling is returned in `idNormalizations`.
 */
import h5wasm from 'h5wasm';
import { parseBiomHdf5 } from '../../../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { printable } from '../../../../lambdas/core/errors.js';
import { checkId, type IdNormalization, utf8Length } from '../../../../lambdas/core/text/ids.js';
import { FORMAT_CASES, type FormatCase, fill, has } from './format-cases.js';
import { errorOf, parsedValue, signalled, signalledAsync } from './helpers.js';

const PRECOMPOSED = 'Caf\u00e9';
const DECOMPOSED = 'Cafe\u0301';

/** The cases with a placeholder for `axis`, as [name, case, key] rows. */
function casesWith(key: 'f' | 's'): [string, FormatCase, 'f' | 's'][] {
  return FORMAT_CASES.filter((c) => has(c, key)).map((c) => [c.name, c, key]);
}
const idCases = [...casesWith('f'), ...casesWith('s')];

/** The idNormalizations of whatever a full parse returned (table, taxonomy, metadata, tree). */
function normalizationsOf(v: unknown): IdNormalization[] | undefined {
  const o = v as Record<string, { idNormalizations?: IdNormalization[] } | undefined> & {
    idNormalizations?: IdNormalization[];
  };
  return (
    o.idNormalizations ??
    o.table?.idNormalizations ??
    o.taxonomy?.idNormalizations ??
    o.metadata?.idNormalizations ??
    o.tree?.idNormalizations
  );
}

describe('INVALID_ID: control and bidirectional-control characters', () => {
  it.each(idCases.map(([n, c, k]) => [`${n} (${k === 'f' ? 'feature' : 'sample'} id)`, c, k] as const))(
    '%s: BEL, U+202E, U+0085 fail at the id',
    async (_name, c, key) => {
      for (const bad of ['a\u0007b', 'x\u202Ey', 'p\u0085q']) {
        const { text, at } = fill(c, { [key]: bad });
        const e = await errorOf(text, c.fileName);
        expect(e.code).toBe('INVALID_ID');
        if (!(key === 's' && c.sampleElsewhere)) expect(e).toMatchObject(at[key]!);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the assertion looks for raw control characters
        expect(e.message).not.toMatch(/[\u0007\u202e\u0085]/);
      }
    },
  );

  it('a NUL, tab or U+200F inside a JSON id (escaped in the file) fails at the id', async () => {
    const c = FORMAT_CASES.find((x) => x.name === 'BIOM JSON')!;
    for (const bad of ['a\u0000b', 'a\tb', 'r\u200Fl']) {
      const { text, at } = fill(c, { s: bad });
      expect(await errorOf(text, c.fileName)).toMatchObject({ code: 'INVALID_ID', ...at.s });
    }
  });

  it('BIOM HDF5 ids: U+2066 in an observation id', async () => {
    const { FS } = await h5wasm.ready;
    const f = new h5wasm.File('/ids-test.h5', 'w');
    f.create_attribute('format-version', Int32Array.of(2, 1));
    f.create_group('observation').create_dataset({ name: 'ids', data: ['f0', 'f\u20661'] });
    const s = f.create_group('sample');
    s.create_dataset({ name: 'ids', data: ['s0'] });
    const m = s.create_group('matrix');
    m.create_dataset({ name: 'data', data: Float64Array.of(1, 2) });
    m.create_dataset({ name: 'indices', data: Int32Array.of(0, 1) });
    m.create_dataset({ name: 'indptr', data: Int32Array.of(0, 2) });
    f.close();
    const bytes = FS.readFile('/ids-test.h5');
    FS.unlink('/ids-test.h5');
    const e = await signalledAsync(parseBiomHdf5(bytes));
    expect(e.code).toBe('INVALID_ID');
    expect(e.message).toContain('observation/ids[1]');
  });

  it('messages never carry the raw characters: they are escaped as \\uXXXX', () => {
    const e = signalled(() => checkId('a\u0007\u202eb', 'sample', { line: 2, column: 1 }, null));
    expect(e.message).toContain('"a\\u0007\\u202eb"');
    expect(printable('tab\there')).toBe('tab\\u0009here');
  });
});

describe('ID_TOO_LONG', () => {
  it.each(idCases.map(([n, c, k]) => [`${n} (${k === 'f' ? 'feature' : 'sample'} id)`, c, k] as const))(
    '%s: 513 bytes fail at the id',
    async (_name, c, key) => {
      const { text, at } = fill(c, { [key]: 'x'.repeat(513) });
      const e = await errorOf(text, c.fileName);
      expect(e.code).toBe('ID_TOO_LONG');
      if (!(key === 's' && c.sampleElsewhere)) expect(e).toMatchObject(at[key]!);
    },
  );

  it('counts UTF-8 bytes, surrogate pairs as 4', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(checkId('😀'.repeat(128), 'feature', { line: 1, column: 1 }, null)).toHaveLength(256);
    expect(signalled(() => checkId(`${'😀'.repeat(128)}x`, 'feature', { line: 1, column: 1 }, null)).code).toBe(
      'ID_TOO_LONG',
    );
  });
});

describe('NFC', () => {
  it.each(idCases.map(([n, c, k]) => [`${n} (${k === 'f' ? 'feature' : 'sample'} id)`, c, k] as const))(
    '%s: a decomposed id is read in NFC and its spelling recorded',
    async (_name, c, key) => {
      const { text, at } = fill(c, { [key]: DECOMPOSED });
      const v = await parsedValue(text, c.fileName);
      const n = normalizationsOf(v);
      if (n === undefined) {
        // a pathway map is a Map: the ids are NFC, the spellings cannot be returned
        expect(v).toMatchObject({ kind: 'pathways' });
        expect([...(v as { pathways: Map<string, string[]> }).pathways.keys()]).toContain(PRECOMPOSED);
        return;
      }
      expect(n).toEqual([
        expect.objectContaining({
          original: DECOMPOSED,
          normalized: PRECOMPOSED,
          ...(key === 's' && c.sampleElsewhere ? {} : at[key]),
        }),
      ]);
      expect(n[0]!.axis === 'feature' || n[0]!.axis === 'sample').toBe(true);
    },
  );

  it('two spellings of one name are duplicates (BIOM TSV samples, QIIME 2 metadata, a metabolomics matrix)', async () => {
    expect(await errorOf(`#OTU ID\t${PRECOMPOSED}\t${DECOMPOSED}\nF1\t1\t2\n`, 'table.tsv')).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 1,
      column: 14,
    });
    expect(await errorOf(`sample-id\tx\n${DECOMPOSED}\t1\n${PRECOMPOSED}\t2\n`, 'metadata.tsv')).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 3,
      column: 1,
    });
    expect(await errorOf(`id,S1,S2\n${PRECOMPOSED},1,2\n${DECOMPOSED},3,4\n`, 'metabolomics/x.csv')).toMatchObject({
      code: 'DUPLICATE_ID',
      line: 3,
      column: 1,
    });
  });

  it('records the axis by orientation in count matrices: header names are samples when features are in rows', async () => {
    const v = await parsedValue<{ table: { sampleIds: string[]; idNormalizations: IdNormalization[] } }>(
      `sample,${DECOMPOSED},S2\nOtu1,1,2\nOtu2,3,4\nOtu3,5,6\n`,
      '16s/otus.csv',
    );
    expect(v.table.sampleIds[0]).toBe(PRECOMPOSED);
    expect(v.table.idNormalizations).toEqual([
      { axis: 'sample', original: DECOMPOSED, normalized: PRECOMPOSED, line: 1, column: 8 },
    ]);
  });
});
