/** exportObjects on a small study: paths, sample id first, metadata joined and typed, tool files, manifest, determinism. */
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { distanceMatrix } from '../../../../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import type { StudyAnalysis } from '../../../../lambdas/core/analysis/types.js';
import { FAMILY_COLUMNS, SAMPLE_LEVEL_FAMILIES } from '../../../../lambdas/core/export/schemas.js';
import {
  analysisExportOf,
  datasetSlugs,
  type ExportObject,
  exportObjects,
  familyRows,
  type StudyExportInput,
} from '../../../../lambdas/core/export/study-export.js';
import type { SampleMetadata } from '../../../../lambdas/core/study/qiime2-metadata.js';
import { FeatureTableBuilder } from '../../../../lambdas/core/table/feature-table.js';

const METADATA: SampleMetadata = {
  idHeader: 'sample-id',
  sampleIds: ['S1', 'S2', 'S3', 'P1', 'P2'],
  columns: [
    { name: 'arm', type: 'categorical', values: ['a', 'b', null, 'a', 'b'] },
    { name: 'age', type: 'numeric', values: ['30', '41.5', null, '50', '60'] },
  ],
};

function counts() {
  const b = new FeatureTableBuilder(['f1', 'f2'], ['S1', 'S2', 'S3']);
  b.add(0, 0, 3);
  b.add(1, 1, 4);
  b.add(0, 2, 1);
  return b.build();
}

function input(): StudyExportInput {
  return {
    study: 'st',
    date: '2026-01-01T00:00:00.000Z',
    metadata: { datasetId: 'metadata.tsv', metadata: METADATA },
    datasets: [
      {
        datasetId: '16s/table.biom',
        kind: '16s',
        runId: 'r16',
        samples: ['S1', 'S2', 'S3'].map((sampleId, order) => ({
          datasetId: '16s/table.biom',
          sampleId,
          order,
          depth: 10 + order,
          shannon_entropy: 1 + order / 2,
          inMetadata: true,
          runId: 'r16',
        })),
        features: [
          {
            datasetId: '16s/table.biom',
            featureId: 'f1',
            order: 0,
            prevalence: 0.5,
            taxonomy: 'k__B;p__F',
            runId: 'r16',
          },
        ],
        taxa: [
          {
            datasetId: '16s/table.biom',
            rank: 'phylum',
            taxon: 'k__B;p__F',
            prevalence: 1,
            meanRelativeAbundance: 0.5,
            nFeatures: 1,
            runId: 'r16',
          },
        ],
        topTaxa: [
          { datasetId: '16s/table.biom', sampleId: 'S1', rank: 'phylum', taxon: 'k__B;p__F', relativeAbundance: 1 },
        ],
        ordinations: [
          {
            metric: 'bray_curtis',
            method: 'pcoa',
            eigenvalues: [2, 1],
            proportionExplained: [2 / 3, 1 / 3],
            nNegativeEigenvalues: 0,
            mostNegativeEigenvalue: 0,
            samples: ['S1', 'S2', 'S3'].map((sampleId, k) => ({ sampleId, axes: [k, -k] })),
          },
        ],
        distances: [
          { metric: 'bray_curtis', matrix: distanceMatrix(['S1', 'S2', 'S3'], Float64Array.from([0.5, 0.25, 1])) },
        ],
        processed: null,
        counts: { table: counts(), lineages: ['k__B;p__F', null] },
      },
      {
        datasetId: 'mtb/data.csv',
        kind: 'metabolomics',
        runId: 'rm',
        samples: [
          {
            datasetId: 'mtb/data.csv',
            sampleId: 'p1',
            order: 0,
            metadataId: 'P1',
            classLabel: null,
            processed: true,
            runId: 'rm',
          },
          {
            datasetId: 'mtb/data.csv',
            sampleId: 'p2',
            order: 1,
            metadataId: 'P2',
            classLabel: 'case',
            processed: true,
            runId: 'rm',
          },
        ],
        features: [
          { datasetId: 'mtb/data.csv', featureId: 'm1', mz: 101.5, kept: true, chemicalClass: 'lipid', runId: 'rm' },
        ],
        taxa: [],
        topTaxa: [],
        ordinations: [],
        distances: [],
        processed: { sampleIds: ['p1', 'p2'], featureIds: ['m1'], values: Float64Array.from([0.5, -0.5]) },
        counts: null,
      },
    ],
    analysis: {
      runId: 'ra',
      comparisons: [
        {
          name: 'a_vs_b',
          kind: 'between',
          factor: 'arm',
          groupA: 'a',
          groupB: 'b',
          paired: false,
          nA: 2,
          nB: 2,
          n: 4,
          runId: 'ra',
        },
      ],
      tests: [],
      hits: [
        {
          comparison: 'a_vs_b',
          datasetId: '16s/table.biom',
          level: 'genus',
          feature: 'g',
          p: 0.01,
          q: 0.02,
          nA: 2,
          nB: 2,
          runId: 'ra',
        },
      ],
      correlations: [],
      correlationFamilies: [],
      pathways: [],
      models: [],
      lefse: [],
      opls: [],
      group: 'arm',
    },
    notes: ['a note'],
  };
}

const text = (o: ExportObject) => new TextDecoder().decode(o.body);
const byPath = (objects: ExportObject[]) => new Map(objects.map((o) => [o.path, o]));

describe('exportObjects', () => {
  const csv = exportObjects(input(), 'csv');
  const files = byPath(csv);

  it('writes the non-empty families, the tool files and the manifest under exports/<study>/', () => {
    expect(csv.map((o) => o.path)).toEqual([
      'exports/st/samples/samples.csv',
      'exports/st/features/features.csv',
      'exports/st/taxa/taxa.csv',
      'exports/st/top_taxa/top_taxa.csv',
      'exports/st/beta/beta.csv',
      'exports/st/ordination/ordination.csv',
      'exports/st/eigenvalues/eigenvalues.csv',
      'exports/st/metadata/metadata.csv',
      'exports/st/matrix/matrix.csv',
      'exports/st/comparisons/comparisons.csv',
      'exports/st/hits/hits.csv',
      'exports/st/skbio-ordination/16s_table.biom/bray_curtis.ordination.txt',
      'exports/st/phyloseq/16s_table.biom/otu_table.biom',
      'exports/st/phyloseq/16s_table.biom/sample_data.tsv',
      'exports/st/metaboanalyst/mtb_data.csv/processed.csv',
      'exports/st/manifest.json',
    ]);
  });

  it('every sample-level family starts with sampleId; other families follow their schema order', () => {
    for (const f of SAMPLE_LEVEL_FAMILIES)
      expect(text(files.get(`exports/st/${f}/${f}.csv`)!).split(',')[0]).toBe('sampleId');
    const header = text(files.get('exports/st/hits/hits.csv')!).split('\n')[0]!.split(',');
    expect(header).toEqual(FAMILY_COLUMNS.hits.map((c) => c.name));
  });

  it('joins study metadata as meta_<column> on samples (metabolomics through metadataId) and ordination rows; missing is NA', () => {
    const lines = text(files.get('exports/st/samples/samples.csv')!).trimEnd().split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(-2)).toEqual(['meta_arm', 'meta_age']);
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k], v])));
    expect(rows.map((r) => [r.sampleId, r.kind, r.inMetadata, r.meta_arm, r.meta_age])).toEqual([
      ['S1', '16s', 'TRUE', 'a', '30'],
      ['S2', '16s', 'TRUE', 'b', '41.5'],
      ['S3', '16s', 'TRUE', 'NA', 'NA'],
      ['p1', 'metabolomics', 'NA', 'a', '50'],
      ['p2', 'metabolomics', 'NA', 'b', '60'],
    ]);
    expect(text(files.get('exports/st/ordination/ordination.csv')!).split('\n')[1]).toBe(
      'S1,16s/table.biom,bray_curtis,pcoa,0,0,NA,NA,NA,r16,a,30',
    );
  });

  it('typed Parquet: metadata numeric columns are DOUBLE, booleans BOOLEAN, ints INT64; extra feature columns kept', async () => {
    const pq = byPath(exportObjects(input(), 'parquet'));
    const samples = pq.get('exports/st/samples/samples.parquet')!.body;
    const buf = samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength) as ArrayBuffer;
    const types = Object.fromEntries(
      parquetSchema(parquetMetadata(buf)).children.map((c) => [c.element.name, c.element.type]),
    );
    expect([types.meta_age, types.meta_arm, types.inMetadata, types.order, types.depth]).toEqual([
      'DOUBLE',
      'BYTE_ARRAY',
      'BOOLEAN',
      'INT64',
      'DOUBLE',
    ]);
    const rows = await parquetReadObjects({ file: buf });
    expect(rows.map((r) => r.meta_age)).toEqual([30, 41.5, null, 50, 60]);
    const features = pq.get('exports/st/features/features.parquet')!.body;
    const fr = await parquetReadObjects({
      file: features.buffer.slice(features.byteOffset, features.byteOffset + features.byteLength) as ArrayBuffer,
    });
    expect(fr.map((r) => [r.featureId, r.kind, r.chemicalClass, r.kept])).toEqual([
      ['f1', '16s', null, null],
      ['m1', 'metabolomics', 'lipid', true],
    ]);
  });

  it('tool files: MetaboAnalyst label from the table, else the design group; phyloseq sample data of the table samples', () => {
    expect(text(files.get('exports/st/metaboanalyst/mtb_data.csv/processed.csv')!)).toBe(
      'Sample,Label,m1\nP1,a,0.5\nP2,case,-0.5\n',
    );
    expect(text(files.get('exports/st/phyloseq/16s_table.biom/sample_data.tsv')!)).toBe(
      '#SampleID\tarm\tage\nS1\ta\t30\nS2\tb\t41.5\nS3\tNA\tNA\n',
    );
    expect(
      text(files.get('exports/st/skbio-ordination/16s_table.biom/bray_curtis.ordination.txt')!).split('\n').slice(0, 2),
    ).toEqual(['Eigvals\t2', '2.0\t1.0']);
  });

  it('the manifest lists files, row counts and columns of every family, and the notes', () => {
    const m = JSON.parse(text(files.get('exports/st/manifest.json')!));
    expect(m.analysisRunId).toBe('ra');
    expect(m.families.beta.rows).toBe(3);
    expect(m.families.tests.rows).toBe(0);
    expect(m.families.matrix.columns.map((c: { name: string }) => c.name)).toEqual([
      'sampleId',
      'metadataId',
      'datasetId',
      'featureId',
      'value',
      'runId',
    ]);
    expect(m.files).toHaveLength(csv.length - 1);
    expect(m.notes).toEqual(['a note']);
  });

  it('is deterministic in every format', () => {
    for (const format of ['csv', 'tsv', 'parquet'] as const) {
      const a = exportObjects(input(), format),
        b = exportObjects(input(), format);
      expect(a.map((o) => Buffer.from(o.body).toString('base64'))).toEqual(
        b.map((o) => Buffer.from(o.body).toString('base64')),
      );
    }
  });

  it('TSV uses the same cells', () => {
    const tsv = byPath(exportObjects(input(), 'tsv'));
    expect(text(tsv.get('exports/st/hits/hits.tsv')!).split('\n')[1]).toBe(
      [
        'a_vs_b',
        '16s/table.biom',
        'genus',
        'g',
        'NA',
        'NA',
        'NA',
        '0.01',
        '0.02',
        'NA',
        'NA',
        'NA',
        'NA',
        'NA',
        'NA',
        '2',
        '2',
        'NA',
        'NA',
        'NA',
        'NA',
        'ra',
      ].join('\t'),
    );
  });
});

describe('large families', () => {
  it('a 700-sample distance matrix becomes 244,650 beta rows (rows are appended without spreading large arrays)', () => {
    const n = 700;
    const ids = Array.from({ length: n }, (_, i) => `s${i}`);
    const base = input();
    const d = {
      ...base.datasets[0]!,
      distances: [
        { metric: 'bray_curtis', matrix: distanceMatrix(ids, new Float64Array((n * (n - 1)) / 2).fill(0.5)) },
      ],
    };
    const rows = familyRows({ ...base, datasets: [d] });
    expect(rows.beta).toHaveLength((n * (n - 1)) / 2);
    expect(rows.beta[rows.beta.length - 1]).toMatchObject({ sampleId: 's698', otherSampleId: 's699', distance: 0.5 });
  });
});

describe('helpers', () => {
  it('dataset slugs are file-name safe and unique', () => {
    expect([...datasetSlugs(['a/b.tsv', 'a_b.tsv', 'a b.tsv', '.hidden']).values()]).toEqual([
      'a_b.tsv',
      'a_b.tsv-2',
      'a_b.tsv-3',
      '_hidden',
    ]);
  });

  it('analysisExportOf tags every StudyAnalysis family with the run id and keeps the design group', () => {
    const a = {
      design: { resolved: { group: 'arm' } },
      comparisons: [{ name: 'c' }],
      tests: [],
      hits: [{ feature: 'x' }],
      correlations: [],
      correlationFamilies: [],
      pathways: [],
      models: [],
      lefse: [],
      notes: [],
    } as unknown as StudyAnalysis;
    const e = analysisExportOf(a, 'run1');
    expect([e.runId, e.group, e.comparisons, e.hits, e.opls]).toEqual([
      'run1',
      'arm',
      [{ name: 'c', runId: 'run1' }],
      [{ feature: 'x', runId: 'run1' }],
      [],
    ]);
  });
});
