/**
 * Export of a generated study (seeded): 300 samples of one 16S dataset (3,000 features, Poisson counts,
 * three 300 × 300 distance matrices, 5-axis PCoA rows) and one metabolomics dataset (300 samples × 600
 * processed features), 30,000 hits and study metadata with 6 columns; `exportObjects` in Parquet and in CSV.
 */
import { distanceMatrix } from '../lambdas/core/amplicon/diversity/beta/distance-matrix.js';
import { type DatasetExport, exportObjects, type StudyExportInput } from '../lambdas/core/export/index.js';
import { createRng } from '../lambdas/core/random/rng.js';
import type { SampleMetadata } from '../lambdas/core/study/qiime2-metadata.js';
import { FeatureTableBuilder } from '../lambdas/core/table/feature-table.js';

const SAMPLES = 300;
const FEATURES = 3000;
const METABOLITES = 600;
const HITS = 30_000;
const SEED = 20240611;

/** The generated study: every family the export writes has rows. */
function studyInput(seed: number): StudyExportInput {
  const rng = createRng(seed);
  const ids = Array.from({ length: SAMPLES }, (_, s) => `S${s}`);
  const featureIds = Array.from({ length: FEATURES }, (_, f) => `f${f}`);
  const b = new FeatureTableBuilder(featureIds, ids);
  for (let s = 0; s < SAMPLES; s++)
    for (let f = 0; f < FEATURES; f++) if (rng.nextFloat() < 0.1) b.add(f, s, 1 + rng.poisson(20));
  const table = b.build();
  const condensed = () => Float64Array.from({ length: (SAMPLES * (SAMPLES - 1)) / 2 }, () => rng.nextFloat());
  const amplicon: DatasetExport = {
    datasetId: '16s/table.biom',
    kind: '16s',
    runId: 'r16',
    samples: ids.map((sampleId, order) => ({
      sampleId,
      order,
      depth: 1000 + order,
      shannon_entropy: rng.nextFloat() * 6,
      simpson: rng.nextFloat(),
      inMetadata: true,
    })),
    features: featureIds.map((featureId, order) => ({
      featureId,
      order,
      prevalence: rng.nextFloat(),
      meanRelativeAbundance: rng.nextFloat() / FEATURES,
      taxonomy: `k__Bacteria; p__P${order % 20}; g__G${order % 300}`,
    })),
    taxa: Array.from({ length: 300 }, (_, t) => ({
      rank: 'genus',
      taxon: `k__Bacteria;p__P${t % 20};g__G${t}`,
      prevalence: rng.nextFloat(),
      meanRelativeAbundance: rng.nextFloat() / 300,
      nFeatures: 10,
    })),
    topTaxa: [],
    ordinations: ['bray_curtis', 'jaccard', 'aitchison'].map((metric) => ({
      metric,
      method: 'pcoa',
      eigenvalues: Array.from({ length: 20 }, (_, k) => 1 / (k + 1)),
      proportionExplained: Array.from({ length: 20 }, (_, k) => 0.2 / (k + 1)),
      nNegativeEigenvalues: 0,
      mostNegativeEigenvalue: 0,
      samples: ids.map((sampleId) => ({ sampleId, axes: Array.from({ length: 5 }, () => rng.normal()) })),
    })),
    distances: ['bray_curtis', 'jaccard', 'aitchison'].map((metric) => ({
      metric,
      matrix: distanceMatrix(ids, condensed()),
    })),
    processed: null,
    counts: { table, lineages: featureIds.map((_, f) => `k__Bacteria; p__P${f % 20}; g__G${f % 300}`) },
  };
  const metabolites = Array.from({ length: METABOLITES }, (_, f) => `m${f}`);
  const metabolomics: DatasetExport = {
    datasetId: 'mtb/features.csv',
    kind: 'metabolomics',
    runId: 'rm',
    samples: ids.map((sampleId, order) => ({
      sampleId,
      order,
      metadataId: sampleId,
      classLabel: order % 2 ? 'case' : 'control',
      processed: true,
    })),
    features: metabolites.map((featureId, order) => ({
      featureId,
      order,
      mz: 100 + rng.nextFloat() * 900,
      rt: rng.nextFloat() * 20,
      kept: true,
    })),
    taxa: [],
    topTaxa: [],
    ordinations: [],
    distances: [],
    processed: {
      sampleIds: ids,
      featureIds: metabolites,
      values: Float64Array.from({ length: SAMPLES * METABOLITES }, () => rng.normal()),
    },
    counts: null,
  };
  const metadata: SampleMetadata = {
    idHeader: 'sample-id',
    sampleIds: ids,
    columns: [
      ...['arm', 'site', 'sex'].map((name, c) => ({
        name,
        type: 'categorical' as const,
        values: ids.map((_, s) => `${name}${(s + c) % 3}`),
      })),
      ...['age', 'bmi', 'month'].map((name) => ({
        name,
        type: 'numeric' as const,
        values: ids.map(() => String(Math.round(rng.nextFloat() * 1000) / 10)),
      })),
    ],
  };
  const hits = Array.from({ length: HITS }, (_, h) => ({
    comparison: `c${h % 10}`,
    datasetId: '16s/table.biom',
    level: 'feature',
    feature: `f${h % FEATURES}`,
    test: 'wilcoxon_rank_sum',
    statistic: rng.nextFloat() * 100,
    p: rng.nextFloat(),
    q: rng.nextFloat(),
    effectName: 'clr_mean_difference',
    effect: rng.normal(),
    nA: 150,
    nB: 150,
    runId: 'ra',
  }));
  return {
    study: 'bench',
    date: '2026-01-01T00:00:00.000Z',
    metadata: { datasetId: 'metadata.tsv', metadata },
    datasets: [amplicon, metabolomics],
    analysis: {
      runId: 'ra',
      comparisons: [],
      tests: [],
      hits,
      correlations: [],
      correlationFamilies: [],
      pathways: [],
      models: [],
      lefse: [],
      opls: [],
      group: 'arm',
    },
    notes: [],
  };
}

function seconds(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Timings in seconds of `exportObjects` in Parquet and CSV, and the MiB written by each. */
export async function benchExports(): Promise<Record<string, number>> {
  const input = studyInput(SEED);
  let parquetBytes = 0;
  let csvBytes = 0;
  const parquet = seconds(
    () => (parquetBytes = exportObjects(input, 'parquet').reduce((a, o) => a + o.body.length, 0)),
  );
  const csv = seconds(() => (csvBytes = exportObjects(input, 'csv').reduce((a, o) => a + o.body.length, 0)));
  return {
    export_300_samples_parquet_seconds: parquet,
    export_300_samples_csv_seconds: csv,
    export_300_samples_parquet_mib: parquetBytes / 2 ** 20,
    export_300_samples_csv_mib: csvBytes / 2 ** 20,
  };
}
