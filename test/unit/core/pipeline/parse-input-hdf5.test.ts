/** parseInput's HDF5 branch, with biom-hdf5.ts replaced so only the dispatch is under test. */
import { jest } from '@jest/globals';
import { fail } from '../../../../lambdas/core/errors.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../lambdas/core/table/feature-table.js';

const HDF5_MAGIC = new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const received: Uint8Array[] = [];
let behaviour: 'table' | 'data-error' | 'bug' = 'table';

/** A 2-feature, 1-sample table standing in for the HDF5 parser's output. */
function stubTable(): FeatureTable {
  const b = new FeatureTableBuilder(['f1', 'f2'], ['s1']);
  b.add(1, 0, 7);
  return b.build();
}

jest.unstable_mockModule('../../../../lambdas/core/amplicon/formats/biom-hdf5.js', () => ({
  parseBiomHdf5: async (bytes: Uint8Array): Promise<FeatureTable> => {
    received.push(bytes);
    if (behaviour === 'data-error') fail('INVALID_BIOM', "missing dataset 'observation/ids'");
    if (behaviour === 'bug') throw new TypeError('reader bug');
    return stubTable();
  },
}));

const { parseInput } = await import('../../../../lambdas/core/pipeline/parse-input.js');

describe('parseInput with BIOM HDF5', () => {
  it('passes the (gunzipped) bytes to parseBiomHdf5 and tags the table biom-hdf5', async () => {
    behaviour = 'table';
    const { gzipSync } = await import('fflate');
    const r = await parseInput(gzipSync(HDF5_MAGIC), 'table.biom.gz');
    expect(r).toMatchObject({
      ok: true,
      value: { kind: '16s', format: 'biom-hdf5', table: { featureIds: ['f1', 'f2'] } },
    });
    expect(Array.from(received[received.length - 1]!)).toEqual(Array.from(HDF5_MAGIC));
  });

  it('returns data errors of the HDF5 parser as values carrying the file name', async () => {
    behaviour = 'data-error';
    const r = await parseInput(HDF5_MAGIC, 'table.biom');
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_BIOM', file: 'table.biom' } });
  });

  it('lets other exceptions propagate (they are bugs, not bad data)', async () => {
    behaviour = 'bug';
    await expect(parseInput(HDF5_MAGIC, 'table.biom')).rejects.toThrow('reader bug');
  });
});
