/** phyloseq set: BIOM 1.0 JSON with taxonomy observation metadata (exact bytes; re-read by the pipeline's BIOM parser) and the sample data TSV. */
import { parseBiomJsonText } from '../../../../lambdas/core/amplicon/formats/biom-json.js';
import { lineageRanks, toBiomJson, toSampleDataTsv } from '../../../../lambdas/core/export/phyloseq.js';
import type { SampleMetadata } from '../../../../lambdas/core/study/qiime2-metadata.js';
import { FeatureTableBuilder } from '../../../../lambdas/core/table/feature-table.js';

function table(values: number[][]) {
  const b = new FeatureTableBuilder(['f1', 'f2'], ['S1', 'S2', 'S3']);
  values.forEach((row, f) => {
    row.forEach((v, s) => {
      b.add(f, s, v);
    });
  });
  return b.build();
}

const OPTIONS = { id: '16s/table.biom', generatedBy: 'biomeflow 0.1.0', date: '2026-01-02T03:04:05.000Z' };

describe('toBiomJson', () => {
  const t = table([
    [5, 0, 2],
    [0, 7, 1],
  ]);

  it('writes sparse BIOM 1.0 with the lineage split into ranks (exact bytes)', () => {
    expect(toBiomJson(t, ['k__Bacteria; p__Firmicutes; g__', null], OPTIONS)).toBe(
      '{"id":"16s/table.biom","format":"Biological Observation Matrix 1.0.0","format_url":"http://biom-format.org","type":"OTU table",' +
        '"generated_by":"biomeflow 0.1.0","date":"2026-01-02T03:04:05.000Z","matrix_type":"sparse","matrix_element_type":"int","shape":[2,3],' +
        '"rows":[{"id":"f1","metadata":{"taxonomy":["k__Bacteria","p__Firmicutes","g__"]}},{"id":"f2","metadata":null}],' +
        '"columns":[{"id":"S1","metadata":null},{"id":"S2","metadata":null},{"id":"S3","metadata":null}],' +
        '"data":[[0,0,5],[1,1,7],[0,2,2],[1,2,1]]}',
    );
  });

  it('reads back through the BIOM JSON parser: same counts, same lineage', () => {
    const back = parseBiomJsonText(
      toBiomJson(t, ['k__Bacteria;p__Firmicutes', 'k__Bacteria;p__Bacteroidetes'], OPTIONS),
    );
    expect(back.featureIds).toEqual(t.featureIds);
    expect(back.sampleIds).toEqual(t.sampleIds);
    expect(Array.from(back.indptr)).toEqual(Array.from(t.indptr));
    expect(Array.from(back.indices)).toEqual(Array.from(t.indices));
    expect(Array.from(back.data)).toEqual(Array.from(t.data));
    expect(back.taxonomy?.map((l) => (l ? lineageRanks(l).join(';') : null))).toEqual([
      'k__Bacteria;p__Firmicutes',
      'k__Bacteria;p__Bacteroidetes',
    ]);
  });

  it('non-integer tables are float tables', () => {
    expect(
      toBiomJson(
        table([
          [0.5, 0, 0],
          [0, 0, 1],
        ]),
        [null, null],
        OPTIONS,
      ),
    ).toContain('"matrix_element_type":"float"');
  });
});

describe('toSampleDataTsv', () => {
  const md: SampleMetadata = {
    idHeader: 'sample-id',
    sampleIds: ['S1', 'S2', 'S9'],
    columns: [
      { name: 'body-site', type: 'categorical', values: ['gut', null, 'tongue'] },
      { name: 'days', type: 'numeric', values: ['0', '14.5', null] },
      { name: 'note', type: 'categorical', values: ['has\ttab', 'x', 'y'] },
    ],
  };

  it('QIIME mapping layout: #SampleID, the table samples in table order (those with a row), NA for missing, quoted tabs', () => {
    expect(toSampleDataTsv(md, ['S2', 'S1', 'S3'])).toBe(
      '#SampleID\tbody-site\tdays\tnote\nS2\tNA\t14.5\tx\nS1\tgut\t0\t"has\ttab"\n',
    );
  });
});
