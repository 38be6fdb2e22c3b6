/** How the kind of a table is decided (docs/formats.md "Which kind a table is"): study.json (exact path or glob), content, path. */

import { parseBiomHdf5 } from '../../../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { tableFromFeatureTable } from '../../../../lambdas/core/metabolomics/from-feature-table.js';
import { processMetabolomics } from '../../../../lambdas/core/metabolomics/process/process.js';
import { datasetOutcome } from '../../../../lambdas/core/pipeline/dataset-outcome.js';
import { parseInput } from '../../../../lambdas/core/pipeline/parse-input.js';
import { kindFromStudyJson } from '../../../../lambdas/core/pipeline/study-files.js';
import { readFixture } from '../../../helpers/fixtures.js';

const biomJson = (withTaxonomy: boolean) =>
  new TextEncoder().encode(
    JSON.stringify({
      id: null,
      format: 'Biological Observation Matrix 1.0.0',
      format_url: 'http://biom-format.org',
      type: 'OTU table',
      generated_by: 't',
      date: '2026-01-01',
      rows: [
        { id: 'f1', metadata: withTaxonomy ? { taxonomy: ['k__Bacteria', 'p__Firmicutes'] } : null },
        { id: 'f2', metadata: withTaxonomy ? { taxonomy: ['k__Bacteria', 'p__Bacteroidetes'] } : null },
      ],
      columns: [
        { id: 's1', metadata: null },
        { id: 's2', metadata: null },
        { id: 's3', metadata: null },
      ],
      matrix_type: 'sparse',
      matrix_element_type: 'float',
      shape: [2, 3],
      data: [
        [0, 0, 5],
        [0, 1, 3],
        [1, 1, 2],
        [1, 2, 7],
      ],
    }),
  );

describe('kindFromStudyJson', () => {
  const kinds = {
    'mtb/table.biom': '16s' as const,
    'metabolomics/*.biom': 'metabolomics' as const,
    'runs/**/peaks.csv': 'metabolomics' as const,
  };
  it('takes the exact path first, then the first matching glob (* within a folder, ** across folders)', () => {
    expect(kindFromStudyJson(kinds, 'mtb/table.biom')).toBe('16s');
    expect(kindFromStudyJson(kinds, 'metabolomics/soil.biom')).toBe('metabolomics');
    expect(kindFromStudyJson(kinds, 'metabolomics/deeper/soil.biom')).toBeUndefined();
    expect(kindFromStudyJson(kinds, 'runs/a/b/peaks.csv')).toBe('metabolomics');
    expect(kindFromStudyJson(kinds, 'other.biom')).toBeUndefined();
  });
});

describe('the kind of a BIOM table', () => {
  it('is 16S with lineages in its observation metadata, whatever its path', async () => {
    const r = await parseInput(biomJson(true), 'metabolomics/x.biom', { path: 'studies/s/metabolomics/x.biom' });
    expect(r.ok && [r.value.kind, r.value.details?.kindReason]).toEqual([
      '16s',
      'its observation metadata holds lineages',
    ]);
  });

  it('is metabolomics when study.json says so, even with lineages', async () => {
    const r = await parseInput(biomJson(true), 'x.biom', { kind: 'metabolomics' });
    expect(r.ok && r.value.kind).toBe('metabolomics');
  });

  it('without lineages follows its path, else defaults to 16S; the reason is recorded on the dataset', async () => {
    const byPath = await parseInput(biomJson(false), 'metabolites.biom', { path: 'studies/s/lcms/metabolites.biom' });
    expect(byPath.ok && [byPath.value.kind, byPath.value.format]).toEqual(['metabolomics', 'biom-json']);
    const outcome = datasetOutcome(byPath, 'metabolites.biom');
    expect(outcome.status === 'READY' && outcome.parameters.kindReason).toBe(
      "file name 'metabolites.biom' marks metabolomics data",
    );
    const plain = await parseInput(biomJson(false), 'table.biom', { path: 'studies/s/data/table.biom' });
    expect(plain.ok && plain.value.kind).toBe('16s');
  });

  it('a metabolomics BIOM (mmvec metabolites.biom, HDF5) is processed as the metabolomics reference (same matrix as from its table)', async () => {
    const bytes = readFixture('data', 'mmvec-soils-paired', 'metabolites.biom');
    const r = await parseInput(bytes, 'metabolites.biom', { kind: 'metabolomics' });
    if (!r.ok || r.value.kind !== 'metabolomics') throw new Error('expected a metabolomics table');
    const expected = processMetabolomics(tableFromFeatureTable(await parseBiomHdf5(bytes)));
    const got = processMetabolomics(r.value.table);
    expect(got.featureIds).toEqual(expected.featureIds);
    expect(Array.from(got.processed)).toEqual(Array.from(expected.processed));
    expect(got.featureIds).toHaveLength(85);
  });
});

describe('feature annotation tables', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('a metabolite metadata table whose first column is the feature id is feature metadata, never sample metadata', async () => {
    const r = await parseInput(
      enc(
        'featureid\tInstrument\tIonMode\tname\tHMDB\n1001\tQTOF\tpositive\tcitrate\tHMDB0000094\n1002\tQTOF\tnegative\tlactate\tHMDB0000190\n',
      ),
      'metabolite-metadata.tsv',
    );
    if (!r.ok) throw new Error(r.error.message);
    expect([r.value.kind, r.value.format]).toEqual(['feature-metadata', 'feature-annotations']);
    if (r.value.kind !== 'feature-metadata') throw new Error('kind');
    expect(r.value.featureMetadata.ids).toEqual(['1001', '1002']);
    expect(r.value.featureMetadata.columns.map((c) => c.name)).toEqual(['Instrument', 'IonMode', 'name', 'HMDB']);
    const outcome = datasetOutcome(r, 'metabolite-metadata.tsv');
    expect(outcome.status === 'READY' && [outcome.kind, outcome.features, outcome.sampleRows.length]).toEqual([
      'feature-metadata',
      2,
      0,
    ]);
  });

  it('a compound map (Compound, HMDB, KEGG) is feature metadata rather than UNKNOWN_FORMAT', async () => {
    const r = await parseInput(
      enc('Compound,HMDB,KEGG\ncitrate,HMDB0000094,C00158\nlactate,HMDB0000190,C00186\n'),
      'compounds.csv',
    );
    expect(r.ok && [r.value.kind, r.value.format]).toEqual(['feature-metadata', 'feature-annotations']);
  });

  it('a QIIME 2 sample metadata file is still sample metadata', async () => {
    const r = await parseInput(enc('sample-id\tarm\nS1\ta\nS2\tb\n'), 'metadata.tsv');
    expect(r.ok && r.value.kind).toBe('metadata');
  });
});
