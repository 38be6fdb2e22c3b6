import { gzipSync } from 'fflate';
import { type DataError, DataErrorSignal } from '../../../../lambdas/core/errors.js';
import { parseInput } from '../../../../lambdas/core/pipeline/index.js';
import { sniffFormat } from '../../../../lambdas/core/pipeline/sniff.js';
import { readFixture } from '../../../helpers/fixtures.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const sniff = (s: string, name = 'upload') => sniffFormat(utf8(s), name);

/** The DataError a throwing call signals. */
function signalled(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataErrorSignal) return e.error;
    throw e;
  }
  throw new Error('expected a DataErrorSignal');
}

describe('sniffFormat on the shared data', () => {
  it.each([
    ['globalpatterns', 'GlobalPatterns.sparse.biom.json', 'biom-json'],
    ['globalpatterns', 'GlobalPatterns.dense.biom.json', 'biom-json'],
    ['globalpatterns', 'GlobalPatterns.biom', 'biom-hdf5'],
    ['globalpatterns', 'GlobalPatterns_feature-table.tsv', 'biom-tsv'],
    ['globalpatterns', 'GlobalPatterns_taxonomy.tsv', 'qiime2-taxonomy'],
    ['globalpatterns', 'GlobalPatterns_sample-metadata.tsv', 'qiime2-metadata'],
    ['qiime2-moving-pictures', 'sample-metadata.tsv', 'qiime2-metadata'],
    ['qiime2-moving-pictures', 'taxonomy.tsv', 'qiime2-taxonomy'],
    ['qiime2-moving-pictures', 'feature-table.biom', 'biom-hdf5'],
    ['biom-format-examples', 'min_sparse_otu_table.biom', 'biom-json'],
    ['biom-format-examples', 'tests_test.json.gz', 'biom-json'],
    ['biom-format-examples', 'sam_md.txt', 'qiime2-metadata'],
    ['biom-format-examples', 'obs_md.txt', 'qiime2-taxonomy'],
    ['qiime2-moving-pictures', 'taxonomy.qza', 'qiime2-artifact'],
    ['qiime2-moving-pictures', 'tree.nwk', 'newick'],
    ['globalpatterns', 'GlobalPatterns_tree.nwk', 'newick'],
    ['mothur-mouse-f3-2012', 'final.an.0.03.subsample.0.03.pick.shared', 'mothur-shared'],
    ['mothur-mouse-f3-2012', 'mouse.sex_time.design', 'mothur-design'],
    ['dada2-tutorial-mouse', 'seqtab_nochim.csv', 'dada2-seqtab'],
    ['dada2-tutorial-mouse', 'taxa.csv', 'dada2-taxonomy'],
    ['dada2-tutorial-mouse', 'samdf.csv', 'csv-metadata'],
    ['w4m-sacurine', 'dataMatrix.tsv', 'w4m-datamatrix'],
  ])('%s/%s -> %s', (dir, file, format) => {
    expect(sniffFormat(readFixture('data', dir, file), file)).toBe(format);
  });

  it('recognises a QIIME 2 artifact (zip) as qiime2-artifact', () => {
    expect(sniffFormat(readFixture('data', 'qiime2-moving-pictures', 'table.qza'), 'table.qza')).toBe(
      'qiime2-artifact',
    );
  });
});

describe('sniffFormat rules', () => {
  it('goes by content, not by the file name', () => {
    expect(sniff('{"rows": []}', 'table.tsv')).toBe('biom-json');
    expect(sniff('#OTU ID\tS1\nF1\t2\n', 'table.biom')).toBe('biom-tsv');
  });

  it('undoes gzip first', () => {
    expect(sniffFormat(gzipSync(utf8('Feature ID\tTaxon\nf1\tk__A\n')), 'x.gz')).toBe('qiime2-taxonomy');
  });

  it('reads a BIOM preamble as biom-tsv whatever follows', () => {
    expect(sniff('# Constructed from biom file\nbad header\n')).toBe('biom-tsv');
  });

  it('reads Feature ID + Taxon (or #OTUID + taxonomy) as taxonomy, not metadata', () => {
    expect(sniff('Feature ID\tTaxon\tConfidence\nf1\tk__A\t0.9\n')).toBe('qiime2-taxonomy');
    expect(sniff('#OTUID\ttaxonomy\tconfidence\nf1\tk__A\t0.9\n')).toBe('qiime2-taxonomy');
  });

  it('reads sample ID headers as metadata even when every column is numeric', () => {
    expect(sniff('sample-id\tage\nS1\t3\n')).toBe('qiime2-metadata');
    expect(sniff('#SampleID\tdepth\nS1\t3\n')).toBe('qiime2-metadata');
    expect(sniff('featureid\tscore\nF1\t3\n')).toBe('qiime2-metadata');
  });

  it('reads BIOM-only headers as biom-tsv', () => {
    expect(sniff('OTU ID\tS1\nF1\tx\n')).toBe('biom-tsv');
    expect(sniff('#Feature ID\tS1\nF1\t1\n')).toBe('biom-tsv');
  });

  it('decides shared headers by the #q2 directive, the exact #OTU ID, then numeric content', () => {
    expect(sniff('#OTU ID\tsite\n#q2:types\tcategorical\nF1\tgut\n')).toBe('qiime2-metadata');
    expect(sniff('#OTU ID\tsite\nF1\tgut\n')).toBe('biom-tsv');
    expect(sniff('Feature ID\tS1\tS2\nF1\t0\t12.0\n# note\nF2\t3\t1e3\n')).toBe('biom-tsv');
    expect(sniff('Feature ID\tS1\tS2\ttaxonomy\nF1\t0\t12\tk__A; p__B\n')).toBe('biom-tsv');
    expect(sniff('#OTUID\tS1\nF1\t5\n')).toBe('biom-tsv');
    expect(sniff('Feature ID\tlength\tkingdom\nF1\t250\tBacteria\n')).toBe('qiime2-metadata');
    expect(sniff('#OTUID\tS1\nF1\tNA\n')).toBe('qiime2-metadata');
  });

  it('skips comment lines before a header', () => {
    expect(sniff('# made by hand\n\nsample-id\tsite\nS1\tgut\n')).toBe('qiime2-metadata');
  });

  it('reads an R-written rank table (once UNKNOWN_FORMAT) as DADA2 taxonomy', () => {
    expect(sniff('\n"","Kingdom","Phylum","Class"\n"ASV1","Bacteria","Firmicutes","Bacilli"\n')).toBe('dada2-taxonomy');
  });

  it('quotes the first unrecognised line and names the delimiter', () => {
    const e = signalled(() => sniff('\n"name","comment"\n"x","hello"\n'));
    expect(e).toMatchObject({ code: 'UNKNOWN_FORMAT', line: 2, column: 1 });
    expect(e.message).toContain('comma-separated');
  });

  it('takes text opening with ( and ending with ; for Newick; a tree cut off before its ; is INVALID_TREE at the end', () => {
    expect(sniff('  ((a:1,b:2):0.5,c:3);\n')).toBe('newick');
    expect(signalled(() => sniff('((a:1,b:2):0.5,\nc:3'))).toMatchObject({ code: 'INVALID_TREE', line: 2, column: 4 });
  });

  it('rejects R objects (saveRDS) as UNSUPPORTED_FORMAT', () => {
    expect(
      signalled(() =>
        sniffFormat(readFixture('data', 'dada2-tutorial-mouse', 'seqtab_nochim.rds'), 'seqtab_nochim.rds'),
      ).code,
    ).toBe('UNSUPPORTED_FORMAT');
  });

  it('does not take a JSON array for BIOM', () => {
    expect(signalled(() => sniff('[1, 2, 3]')).code).toBe('UNKNOWN_FORMAT');
  });
});

describe('parseInput', () => {
  it('tags each kind with its format', async () => {
    const tax = await parseInput(utf8('Feature ID\tTaxon\nf1\tk__A\n'), 'taxonomy.tsv');
    expect(tax).toMatchObject({
      ok: true,
      value: { kind: 'taxonomy', format: 'qiime2-taxonomy', taxonomy: { featureIds: ['f1'] } },
    });
    const md = await parseInput(utf8('sample-id\tsite\nS1\tgut\n'), 'metadata.tsv');
    expect(md).toMatchObject({
      ok: true,
      value: { kind: 'metadata', format: 'qiime2-metadata', metadata: { sampleIds: ['S1'] } },
    });
    const tsv = await parseInput(gzipSync(utf8('#OTU ID\tS1\tS2\nF1\t0\t2.0\n')), 'table.tsv.gz');
    expect(tsv).toMatchObject({
      ok: true,
      value: { kind: '16s', format: 'biom-tsv', table: { featureIds: ['F1'], sampleIds: ['S1', 'S2'] } },
    });
  });
});
