/**
 * QIIME 2 artifacts through parseInput: the Moving Pictures .qza files give
 * exactly what their extracted payloads (test/fixtures/qiime2-moving-pictures,
 * unzipped byte-for-byte) give; bad archives are built in memory with fflate.
 */
import { gzipSync, strToU8, zipSync } from 'fflate';
import { parseTaxonomy } from '../../../../../lambdas/core/amplicon/formats/qiime2-taxonomy.js';
import type { DataError } from '../../../../../lambdas/core/errors.js';
import { type ParsedInput, parseInput } from '../../../../../lambdas/core/pipeline/index.js';
import { readFixture } from '../../../../helpers/fixtures.js';

const UUID = '0b6a2f0e-1c3d-4e5f-8a9b-0c1d2e3f4a5b';

/** The value parseInput returns for `bytes`; fails the test on a data error. */
async function parsed(bytes: Uint8Array, fileName: string): Promise<ParsedInput> {
  const r = await parseInput(bytes, fileName);
  if (!r.ok) throw new Error(`unexpected ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The error parseInput returns for `bytes`; fails the test if parsing succeeds. */
async function errorOf(bytes: Uint8Array, fileName = 'upload.qza'): Promise<DataError> {
  const r = await parseInput(bytes, fileName);
  if (r.ok) throw new Error(`expected an error, got ${r.value.kind}/${r.value.format}`);
  return r.error;
}

/** A zip laid out like a .qza: `<uuid>/metadata.yaml` declaring `type`, plus the given files under the root. */
function artifactZip(type: string, files: Record<string, string> = {}, root = UUID): Uint8Array {
  const entries: Record<string, Uint8Array> = {
    [`${root}/metadata.yaml`]: strToU8(`uuid: ${root}\ntype: ${type}\nformat: SomeDirFmt\n`),
    [`${root}/VERSION`]: strToU8('QIIME 2\narchive: 5\nframework: 2020.8.0\n'),
  };
  for (const [path, text] of Object.entries(files)) entries[`${root}/${path}`] = strToU8(text);
  return zipSync(entries);
}

describe('QIIME 2 artifacts: Moving Pictures', () => {
  it('table.qza gives the same table as the extracted feature-table.biom (770 x 34, 2325 non-zero, total 153884)', async () => {
    const fromQza = await parsed(readFixture('data', 'qiime2-moving-pictures', 'table.qza'), 'table.qza');
    const fromBiom = await parsed(
      readFixture('data', 'qiime2-moving-pictures', 'feature-table.biom'),
      'feature-table.biom',
    );
    if (fromQza.kind !== '16s' || fromBiom.kind !== '16s') throw new Error('expected tables');
    expect(fromQza.format).toBe('qiime2-artifact');
    expect(fromQza.details?.artifact).toEqual({
      uuid: '21184fc9-6616-47d6-9ab8-725ccc742c44',
      type: 'FeatureTable[Frequency]',
      format: 'BIOMV210DirFmt',
    });
    const t = fromQza.table;
    expect([t.featureIds.length, t.sampleIds.length, t.data.length]).toEqual([770, 34, 2325]);
    expect(t.data.reduce((a, b) => a + b, 0)).toBe(153884);
    expect(t.featureIds).toEqual(fromBiom.table.featureIds);
    expect(t.sampleIds).toEqual(fromBiom.table.sampleIds);
    expect(Array.from(t.indptr)).toEqual(Array.from(fromBiom.table.indptr));
    expect(Array.from(t.indices)).toEqual(Array.from(fromBiom.table.indices));
    expect(Array.from(t.data)).toEqual(Array.from(fromBiom.table.data));
  });

  it('taxonomy.qza gives the same taxonomy as the extracted taxonomy.tsv (770 rows)', async () => {
    const p = await parsed(readFixture('data', 'qiime2-moving-pictures', 'taxonomy.qza'), 'taxonomy.qza');
    if (p.kind !== 'taxonomy') throw new Error('expected a taxonomy');
    expect(p.details?.artifact?.type).toBe('FeatureData[Taxonomy]');
    expect(p.taxonomy).toEqual(parseTaxonomy(readFixture('data', 'qiime2-moving-pictures', 'taxonomy.tsv')));
    expect(p.taxonomy.featureIds).toHaveLength(770);
  });

  it('rooted-tree.qza gives a tree over the 770 features, as the extracted tree.nwk does', async () => {
    const p = await parsed(readFixture('data', 'qiime2-moving-pictures', 'rooted-tree.qza'), 'rooted-tree.qza');
    const nwk = await parsed(readFixture('data', 'qiime2-moving-pictures', 'tree.nwk'), 'tree.nwk');
    if (p.kind !== 'tree' || nwk.kind !== 'tree') throw new Error('expected trees');
    expect(p.format).toBe('qiime2-artifact');
    expect(nwk.format).toBe('newick');
    expect(p.tree.nTips).toBe(770);
    expect(Array.from(p.tree.parent)).toEqual(Array.from(nwk.tree.parent));
    expect(Array.from(p.tree.branchLength)).toEqual(Array.from(nwk.tree.branchLength));
  });

  it('a gzipped .qza is read like the .qza', async () => {
    const p = await parsed(gzipSync(readFixture('data', 'qiime2-moving-pictures', 'taxonomy.qza')), 'taxonomy.qza.gz');
    expect(p).toMatchObject({ kind: 'taxonomy', format: 'qiime2-artifact' });
  });
});

describe('QIIME 2 artifacts: bad archives', () => {
  it('another semantic type -> UNSUPPORTED_ARTIFACT at the type in metadata.yaml, naming the accepted types', async () => {
    const e = await errorOf(
      artifactZip('SampleData[PairedEndSequencesWithQuality]', { 'data/MANIFEST': 'sample-id,filename,direction\n' }),
      'demux.qza',
    );
    expect(e).toMatchObject({ code: 'UNSUPPORTED_ARTIFACT', line: 2, column: 7, file: 'demux.qza' });
    expect(e.message).toContain('SampleData[PairedEndSequencesWithQuality]');
    expect(e.message).toContain('FeatureTable[Frequency], FeatureData[Taxonomy], Phylogeny[Rooted]');
  });

  it('a visualization (.qzv) -> UNSUPPORTED_ARTIFACT with a hint', async () => {
    const e = await errorOf(artifactZip('Visualization', { 'data/index.html': '<html></html>' }), 'taxa-bar-plots.qzv');
    expect(e).toMatchObject({ code: 'UNSUPPORTED_ARTIFACT', line: 2, column: 7 });
    expect(e.message).toContain('upload the .qza');
  });

  it('a truncated .qza (no end-of-central-directory record) -> TRUNCATED_FILE', async () => {
    const whole = readFixture('data', 'qiime2-moving-pictures', 'table.qza');
    expect(await errorOf(whole.subarray(0, 30000), 'table.qza')).toMatchObject({
      code: 'TRUNCATED_FILE',
      line: 0,
      column: 0,
      file: 'table.qza',
    });
  });

  it('a zip with more than one top-level folder -> INVALID_ARTIFACT', async () => {
    const zip = zipSync({
      'a/metadata.yaml': strToU8('type: FeatureData[Taxonomy]\n'),
      'b/data/taxonomy.tsv': strToU8('Feature ID\tTaxon\n'),
    });
    expect(await errorOf(zip)).toMatchObject({ code: 'INVALID_ARTIFACT', line: 0, column: 0 });
  });

  it('a zip of a plain file (no artifact folder) -> INVALID_ARTIFACT', async () => {
    expect(await errorOf(zipSync({ 'table.csv': strToU8('a,b\n1,2\n') }), 'table.zip')).toMatchObject({
      code: 'INVALID_ARTIFACT',
      line: 0,
      column: 0,
    });
  });

  it('an artifact without its payload file -> INVALID_ARTIFACT naming the missing path', async () => {
    const e = await errorOf(artifactZip('FeatureData[Taxonomy]', { 'data/other.tsv': 'x\n' }));
    expect(e).toMatchObject({ code: 'INVALID_ARTIFACT', line: 0, column: 0 });
    expect(e.message).toContain(`${UUID}/data/taxonomy.tsv`);
  });

  it('an error inside the payload keeps its line and column and names the payload file', async () => {
    const e = await errorOf(
      artifactZip('FeatureData[Taxonomy]', {
        'data/taxonomy.tsv': 'Feature ID\tTaxon\tConfidence\nf1\tk__A\t0.9\nf1\tk__B\t0.8\n',
      }),
    );
    expect(e).toMatchObject({ code: 'DUPLICATE_ID', line: 3, column: 1 });
    expect(e.message).toContain(`${UUID}/data/taxonomy.tsv:`);
  });
});
