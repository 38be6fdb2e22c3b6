/**
 * DADA2 tables written by R (test/fixtures/dada2-tutorial-mouse; known values
 * counted with awk, commands in the comments) and nf-core/ampliseq tables,
 * built inline in the layout its DADA2 modules write: `ASV_table.tsv` is
 * `ASV_ID` then one column per sample (`DADA2_table.tsv` adds `sequence`);
 * `ASV_tax.tsv` is `ASV_ID`, the rank columns, `confidence`, optional
 * `<rank>_confidence` columns and `sequence`, unassigned ranks empty.
 */
import { gzipSync } from 'fflate';
import type { DataError } from '../../../../../lambdas/core/errors.js';
import { type ParsedInput, parseInput } from '../../../../../lambdas/core/pipeline/index.js';
import type { FeatureTable } from '../../../../../lambdas/core/table/feature-table.js';
import { readFixture } from '../../../../helpers/fixtures.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const DIR = 'dada2-tutorial-mouse';
const SEQ_A = 'TACGGAGGATGCGAGCGTTATCCGGATTTATTGGG';
const SEQ_B = 'TACGTAGGGGGCGAGCGTTATCCGGATTTACTGGG';
const MD5_A = '2a9b1e6f0c4d8e7a5b3c2d1e0f9a8b7c';
const MD5_B = 'f1e2d3c4b5a697887766554433221100';

/** The value parseInput returns; fails the test on a data error. */
async function parsed(content: string | Uint8Array, fileName: string): Promise<ParsedInput> {
  const r = await parseInput(typeof content === 'string' ? utf8(content) : content, fileName);
  if (!r.ok) throw new Error(`unexpected ${r.error.code} ${r.error.line}:${r.error.column}: ${r.error.message}`);
  return r.value;
}

/** The error parseInput returns; fails the test if parsing succeeds. */
async function errorOf(content: string | Uint8Array, fileName: string): Promise<DataError> {
  const r = await parseInput(typeof content === 'string' ? utf8(content) : content, fileName);
  if (r.ok) throw new Error(`expected an error, got ${r.value.kind}/${r.value.format}`);
  return r.error;
}

/** The table of a 16S parse. */
function tableOf(p: ParsedInput): FeatureTable {
  if (p.kind !== '16s') throw new Error(`expected a table, got ${p.kind}`);
  return p.table;
}

/** Value at (feature id, sample id), 0 when not stored. */
function valueAt(t: FeatureTable, feature: string, sample: string): number {
  const f = t.featureIds.indexOf(feature);
  const j = t.sampleIds.indexOf(sample);
  for (let p = t.indptr[j]!; p < t.indptr[j + 1]!; p++) if (t.indices[p] === f) return t.data[p]!;
  return 0;
}

describe('DADA2 seqtab (write.csv: samples in rows, ASV sequences as columns)', () => {
  it('seqtab_nochim.csv: 19 samples x 232 ASVs, 1621 non-zero, total 119980', async () => {
    // awk -F',' 'NR>1{n++; for(i=2;i<=NF;i++){s+=$i; if($i>0)nz++}} END{print n, s, nz}' → 19 119980 1621; NR==1: 233 fields
    const p = await parsed(readFixture('data', DIR, 'seqtab_nochim.csv'), 'seqtab_nochim.csv');
    expect(p).toMatchObject({
      kind: '16s',
      format: 'dada2-seqtab',
      details: { orientation: { featuresIn: 'columns' } },
    });
    const t = tableOf(p);
    expect([t.featureIds.length, t.sampleIds.length, t.data.length]).toEqual([232, 19, 1621]);
    expect(t.data.reduce((a, b) => a + b, 0)).toBe(119980);
    expect(t.sampleIds.slice(0, 3)).toEqual(['F3D0', 'F3D141', 'F3D142']);
    expect(t.featureIds.every((f) => /^[ACGT]+$/.test(f))).toBe(true);
    // awk -F',' 'NR==2{s=0; for(i=2;i<=NF;i++) s+=$i; print $1, s}' → "F3D0" 6528; awk -F',' 'NR==2{print $2}' → 579
    let f3d0 = 0;
    const j = t.sampleIds.indexOf('F3D0');
    for (let k = t.indptr[j]!; k < t.indptr[j + 1]!; k++) f3d0 += t.data[k]!;
    expect(f3d0).toBe(6528);
    expect(valueAt(t, t.featureIds[0]!, 'F3D0')).toBe(579);
  });

  it('reads write.table output too: space-separated, header one cell short', async () => {
    const t = tableOf(await parsed(`"${SEQ_A}" "${SEQ_B}"\n"S1" 5 0\n"S2" 1 7\n`, 'seqtab.txt'));
    expect(t.featureIds).toEqual([SEQ_A, SEQ_B]);
    expect(t.sampleIds).toEqual(['S1', 'S2']);
    expect(valueAt(t, SEQ_B, 'S2')).toBe(7);
  });

  it('reads a gzipped seqtab', async () => {
    const p = await parsed(gzipSync(readFixture('data', DIR, 'seqtab_nochim.csv')), 'seqtab_nochim.csv.gz');
    expect(tableOf(p).data.length).toBe(1621);
  });

  it('a duplicated sample name -> DUPLICATE_ID at the later row', async () => {
    const e = await errorOf(`"","${SEQ_A}","${SEQ_B}"\n"S1",1,2\n"S2",0,1\n"S1",3,4\n`, 'seqtab.csv');
    expect(e).toMatchObject({ code: 'DUPLICATE_ID', line: 4, column: 1, file: 'seqtab.csv' });
    expect(e.message).toContain("'S1'");
  });

  it('NA in a count cell -> NON_NUMERIC_VALUE at the cell', async () => {
    expect(await errorOf(`"","${SEQ_A}","${SEQ_B}"\n"S1",1,NA\n`, 'seqtab.csv')).toMatchObject({
      code: 'NON_NUMERIC_VALUE',
      line: 2,
      column: 8,
    });
  });

  it('the .rds (saveRDS) -> UNSUPPORTED_FORMAT suggesting write.csv', async () => {
    const e = await errorOf(readFixture('data', DIR, 'seqtab_nochim.rds'), 'seqtab_nochim.rds');
    expect(e).toMatchObject({ code: 'UNSUPPORTED_FORMAT', line: 0, column: 0 });
    expect(e.message).toContain('write.csv');
  });
});

describe('DADA2 assignTaxonomy table (write.csv(taxa))', () => {
  it('taxa.csv: 232 rows keyed by sequence; NA ranks become bare prefixes', async () => {
    // awk -F',' 'NR>1{n++} END{print n}' → 232; awk -F',' 'NR>1 && $7=="NA"{g++} NR>1 && $8=="NA"{s++} END{print g, s}' → 104 217
    const p = await parsed(readFixture('data', DIR, 'taxa.csv'), 'taxa.csv');
    if (p.kind !== 'taxonomy') throw new Error('expected a taxonomy');
    expect(p.format).toBe('dada2-taxonomy');
    const t = p.taxonomy;
    expect(t.featureIds).toHaveLength(232);
    expect(t.taxa[0]).toBe(
      'k__Bacteria; p__Bacteroidota; c__Bacteroidia; o__Bacteroidales; f__Muribaculaceae; g__; s__',
    );
    // awk -F',' 'NR>1 && $8!="NA"{print NR-1, $7, $8; exit}' → 24 "Lachnospiraceae NK4A136 group" "bacterium"
    expect(t.taxa[23]).toBe(
      'k__Bacteria; p__Firmicutes; c__Clostridia; o__Lachnospirales; f__Lachnospiraceae; g__Lachnospiraceae NK4A136 group; s__bacterium',
    );
    expect(t.taxa.filter((x) => x.includes('; g__;')).length).toBe(104);
    expect(t.taxa.filter((x) => x.endsWith('; s__')).length).toBe(217);
    expect(t.confidence.every((c) => c === null)).toBe(true);
  });

  it('the same sequences key the seqtab and the taxa', async () => {
    const seqtab = tableOf(await parsed(readFixture('data', DIR, 'seqtab_nochim.csv'), 'seqtab_nochim.csv'));
    const taxa = await parsed(readFixture('data', DIR, 'taxa.csv'), 'taxa.csv');
    if (taxa.kind !== 'taxonomy') throw new Error('expected a taxonomy');
    expect(new Set(taxa.taxonomy.featureIds)).toEqual(new Set(seqtab.featureIds));
  });
});

describe('DADA2 sample data (samdf.csv)', () => {
  it('is sample metadata: R row names, quoted numbers read as numeric', async () => {
    const p = await parsed(readFixture('data', DIR, 'samdf.csv'), 'samdf.csv');
    if (p.kind !== 'metadata') throw new Error('expected metadata');
    expect(p.format).toBe('csv-metadata');
    expect(p.metadata.idHeader).toBe('');
    expect(p.metadata.sampleIds).toHaveLength(19);
    expect(p.metadata.columns.map((c) => [c.name, c.type])).toEqual([
      ['Subject', 'numeric'],
      ['Gender', 'categorical'],
      ['Day', 'numeric'],
      ['When', 'categorical'],
    ]);
    expect(p.metadata.columns[3]!.values.slice(0, 2)).toEqual(['Early', 'Late']);
  });
});

describe('nf-core/ampliseq', () => {
  it('ASV_table.tsv: ASV_ID then samples, features in rows', async () => {
    const p = await parsed(
      `ASV_ID\tsampleA\tsampleB\tsampleC\n${MD5_A}\t10\t0\t3\n${MD5_B}\t0\t4\t1\n`,
      'ASV_table.tsv',
    );
    expect(p).toMatchObject({ kind: '16s', format: 'ampliseq-asv-table' });
    const t = tableOf(p);
    expect(t.featureIds).toEqual([MD5_A, MD5_B]);
    expect(t.sampleIds).toEqual(['sampleA', 'sampleB', 'sampleC']);
    expect(valueAt(t, MD5_B, 'sampleB')).toBe(4);
  });

  it('DADA2_table.tsv: the sequence column is not a sample', async () => {
    const t = tableOf(
      await parsed(
        `ASV_ID\tsampleA\tsampleB\tsequence\n${MD5_A}\t2\t1\t${SEQ_A}\n${MD5_B}\t0\t9\t${SEQ_B}\n`,
        'DADA2_table.tsv',
      ),
    );
    expect(t.sampleIds).toEqual(['sampleA', 'sampleB']);
    expect(t.data.reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('ASV_tax.tsv: rank columns up to confidence; empty ranks become bare prefixes; confidence kept', async () => {
    const text = [
      'ASV_ID\tKingdom\tPhylum\tClass\tOrder\tFamily\tGenus\tSpecies\tconfidence\tkingdom_confidence\tsequence',
      `${MD5_A}\tBacteria\tFirmicutes\tBacilli\tLactobacillales\tLactobacillaceae\tLactobacillus\t\t0.98\t1\t${SEQ_A}`,
      `${MD5_B}\tBacteria\tBacteroidota\t\t\t\t\t\t0.72\t1\t${SEQ_B}`,
      '',
    ].join('\n');
    const p = await parsed(text, 'ASV_tax.silva_138.tsv');
    if (p.kind !== 'taxonomy') throw new Error('expected a taxonomy');
    expect(p.format).toBe('ampliseq-taxonomy');
    expect(p.taxonomy.featureIds).toEqual([MD5_A, MD5_B]);
    expect(p.taxonomy.taxa).toEqual([
      'k__Bacteria; p__Firmicutes; c__Bacilli; o__Lactobacillales; f__Lactobacillaceae; g__Lactobacillus; s__',
      'k__Bacteria; p__Bacteroidota; c__; o__; f__; g__; s__',
    ]);
    expect(p.taxonomy.confidence).toEqual([0.98, 0.72]);
  });

  it('a PR2-style rank list (Domain, Supergroup, Division, …) keeps unknown ranks under their own prefix', async () => {
    const text = `ASV_ID\tDomain\tSupergroup\tDivision\tClass\tOrder\tFamily\tGenus\tSpecies\tconfidence\n${MD5_A}\tEukaryota\tAlveolata\tDinoflagellata\tDinophyceae\t\t\t\t\t0.9\n`;
    const p = await parsed(text, 'ASV_tax.pr2.tsv');
    if (p.kind !== 'taxonomy') throw new Error('expected a taxonomy');
    expect(p.taxonomy.taxa[0]).toBe(
      'd__Eukaryota; supergroup__Alveolata; division__Dinoflagellata; c__Dinophyceae; o__; f__; g__; s__',
    );
  });

  it('a taxonomy row with a missing field -> RAGGED_ROW just past the line end', async () => {
    const e = await errorOf(`ASV_ID\tKingdom\tPhylum\tClass\n${MD5_A}\tBacteria\tFirmicutes\n`, 'ASV_tax.tsv');
    expect(e).toMatchObject({ code: 'RAGGED_ROW', line: 2, column: 53 });
  });
});
