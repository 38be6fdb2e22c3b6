/**
 * Metabolomics processing against the shared reference values
 * (test/fixtures/<set>/reference/<dataset>/processing.json: base R written from
 * MetaboAnalystR's ReplaceMin / ProbNorm / LogNorm / ParetoNorm with the PQN
 * reference docs/metrics.md defines, cross-checked with numpy; see each README).
 * The references process all samples together with the docs/metrics.md defaults,
 * which are processMetabolomics' defaults; the fbmn blank is marked (from
 * MetaData.txt) and still processed, as the README says.
 * Tolerance: docs/metrics.md, |a-b| <= 1e-9 max(|a|,|b|) or <= 1e-12 (Pareto values near 0).
 */
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { parseMetabolomicsTable } from '../../lambdas/core/metabolomics/formats/index.js';
import { tableFromFeatureTable } from '../../lambdas/core/metabolomics/from-feature-table.js';
import type { MetabolomicsTable } from '../../lambdas/core/metabolomics/matrix.js';
import { type MetabolomicsProcessing, processMetabolomics } from '../../lambdas/core/metabolomics/process/process.js';
import { pca } from '../../lambdas/core/ordination/pca.js';
import { attachSampleMetadata, parseMetadataTable } from '../../lambdas/core/study/feature-annotations.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { expectAllClose } from '../helpers/numeric.js';

interface ReferenceProcessing {
  n_samples: number;
  n_features_in: number;
  dropped_features: { feature: string; missing_fraction: number }[];
  kept_features: string[];
  imputation_value: number[];
  n_imputed_per_feature: number[];
  pqn_reference_median: number[];
  pqn_factors: Record<string, number>;
  glog_m: number;
  glog_mean: number[];
  glog_sd: number[];
  sample_ids: string[];
  processed_matrix: { values: number[][] };
  pqn_matrix?: { values: number[][] };
}

/**
 * PCA of each reference processed_matrix, from numpy 2.4.6 (this machine):
 * `U, S, Vt = np.linalg.svd(X - X.mean(0), full_matrices=False)`;
 * proportion = S**2 / sum(S**2), scores = U[:, :5] * S[:5] (row 0 shown; signs arbitrary).
 */
const NUMPY_PCA: Record<string, { proportion: number[]; scoresRow0: number[] }> = {
  'metaboanalyst-cachexia': {
    proportion: [
      0.10423853741140637, 0.0736491689192517, 0.06785490000904489, 0.060256690803195845, 0.05548946803042303,
    ],
    scoresRow0: [
      0.7639204630605515, -0.03977190596105333, -1.1777544674999139, 1.5572832928521843, -0.35319250711220657,
    ],
  },
  'fbmn-stats-dom-interlab': {
    proportion: [0.415395362988104, 0.20616732715716798, 0.08762443378560969, 0.07767918649519938, 0.04442909424554647],
    scoresRow0: [-0.7327092981823607, 18.918144033303484, 4.272759178414128, -25.55979027719847, 0.5291011542238392],
  },
  'mmvec-soils-paired/metabolites': {
    proportion: [
      0.4669040424190484, 0.22025139926567913, 0.07184676175925096, 0.05488183494418398, 0.035218927662638184,
    ],
    scoresRow0: [-5.960687933729205, -5.81112429998816, -0.7460542488147538, -0.03435245535374876, -0.7470630368931019],
  },
};

/** Row-major matrix of the reference as one flat array. */
const flat = (rows: number[][]) => rows.flat();

function expectMatchesReference(p: MetabolomicsProcessing, ref: ReferenceProcessing, label: string): void {
  expect(p.sampleIds).toEqual(ref.sample_ids);
  expect(p.featureIds).toEqual(ref.kept_features);
  expect(p.dropped.map((d) => d.featureId)).toEqual(ref.dropped_features.map((d) => d.feature));
  expectAllClose(
    p.dropped.map((d) => d.value),
    ref.dropped_features.map((d) => d.missing_fraction),
    `${label} dropped fraction`,
  );
  expectAllClose(p.imputation.value, ref.imputation_value, `${label} imputation value`);
  expect(Array.from(p.imputation.count)).toEqual(ref.n_imputed_per_feature);
  expectAllClose(p.normalization.reference!, ref.pqn_reference_median, `${label} PQN reference`);
  expectAllClose(
    p.normalization.factors,
    ref.sample_ids.map((s) => ref.pqn_factors[s]!),
    `${label} PQN factors`,
  );
  expectAllClose([p.glogOffset!], [ref.glog_m], `${label} glog m`);
  expectAllClose(p.scaling!.mean, ref.glog_mean, `${label} glog mean`);
  expectAllClose(p.scaling!.sd, ref.glog_sd, `${label} glog sd`);
  expectAllClose(p.processed, flat(ref.processed_matrix.values), `${label} processed`);
  if (ref.pqn_matrix) expectAllClose(p.normalized!, flat(ref.pqn_matrix.values), `${label} PQN matrix`);
}

function expectPcaMatchesNumpy(p: MetabolomicsProcessing, dataset: string): void {
  const r = pca(p.processed, p.sampleIds.length, p.featureIds.length, 5);
  const want = NUMPY_PCA[dataset]!;
  expectAllClose(r.proportion, want.proportion, `${dataset} PCA proportion`);
  expectAllClose(
    Array.from(r.scores.subarray(0, 5), Math.abs),
    want.scoresRow0.map(Math.abs),
    `${dataset} PCA |scores| row 0`,
  );
}

/** Parses a shared data file through the dispatcher. */
function parseShared(dataset: string, file: string): MetabolomicsTable {
  const r = parseMetabolomicsTable(readFixture('data', dataset, file), file);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('metaboanalyst-cachexia: human_cachexia.csv (77 samples x 63 metabolites, nothing missing)', () => {
  const ref = readFixtureJson<ReferenceProcessing>('reference', 'metaboanalyst-cachexia', 'processing.json');
  const p = processMetabolomics(parseShared('metaboanalyst-cachexia', 'human_cachexia.csv'));

  it('matches imputation, PQN reference and factors, glog m / mean / sd, the processed and the PQN matrices', () => {
    expect([p.sampleIds.length, p.featureIds.length + p.dropped.length]).toEqual([ref.n_samples, ref.n_features_in]);
    expectMatchesReference(p, ref, 'cachexia');
  });

  it('PCA proportions and scores match numpy on the reference processed matrix', () =>
    expectPcaMatchesNumpy(p, 'metaboanalyst-cachexia'));
});

describe('fbmn-stats-dom-interlab: FeatureMatrix.csv + MetaData.txt (13 samples incl. a process blank, 3726 features)', () => {
  const ref = readFixtureJson<ReferenceProcessing>('reference', 'fbmn-stats-dom-interlab', 'processing.json');
  const parsed = parseShared('fbmn-stats-dom-interlab', 'FeatureMatrix.csv');
  const { table } = attachSampleMetadata(
    parsed,
    parseMetadataTable(readFixture('data', 'fbmn-stats-dom-interlab', 'MetaData.txt')),
    { classColumn: 'Sample' },
  );
  const p = processMetabolomics(table);

  it('marks the blank from the metadata, and the default processing (blank filter off) keeps it as the reference does', () => {
    expect(table.samples.sampleType.filter((t) => t === 'blank')).toHaveLength(1);
    expect(p.steps.find((s) => s.step === 'blank-filter')).toMatchObject({ ran: false, detail: 'off' });
  });

  it('drops the 194 features missing (zeros) in >= 50 % of the 13 samples, and matches every processing quantity', () => {
    expect(p.dropped).toHaveLength(194);
    expectMatchesReference(p, ref, 'fbmn');
  });

  it('PCA proportions and scores match numpy on the reference processed matrix', () =>
    expectPcaMatchesNumpy(p, 'fbmn-stats-dom-interlab'));
});

describe('mmvec-soils-paired/metabolites: metabolites.biom (BIOM 2.1 HDF5, 19 samples x 85 metabolites)', () => {
  const ref = readFixtureJson<ReferenceProcessing>('reference', 'mmvec-soils-paired', 'metabolites', 'processing.json');
  let p: MetabolomicsProcessing;

  beforeAll(async () => {
    p = processMetabolomics(
      tableFromFeatureTable(await parseBiomHdf5(readFixture('data', 'mmvec-soils-paired', 'metabolites.biom'))),
    );
  });

  it('matches every processing quantity (the 6 absent BIOM entries are zeros, hence missing)', () => {
    expect(p.featureStats.missingFraction.reduce((a, b) => a + b, 0) * ref.n_samples).toBeCloseTo(6, 12);
    expectMatchesReference(p, ref, 'mmvec metabolites');
  });

  it('PCA proportions and scores match numpy on the reference processed matrix', () =>
    expectPcaMatchesNumpy(p, 'mmvec-soils-paired/metabolites'));
});
