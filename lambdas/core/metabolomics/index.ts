export { FULL_EIGEN_MAX_SAMPLES, type Pca, pca } from '../ordination/pca.js';
export {
  attachFeatureMetadata,
  attachSampleMetadata,
  type MetadataTable,
  parseMetadataTable,
  type SampleRoleColumns,
} from '../study/feature-annotations.js';
export * from './formats/index.js';
export { tableFromFeatureTable } from './from-feature-table.js';
export * from './matrix.js';
export { type ProcessOptions, ProcessOptionsSchema, type ResolvedProcessOptions } from './process/options.js';
export type { FeatureDrop, FeatureStats, MetabolomicsProcessing, ProcessStep, SampleStats } from './process/process.js';
export { processMetabolomics, resolveProcessOptions, summarizeFeatures, summarizeSamples } from './process/process.js';
export {
  canonicalSampleName,
  RAW_FILE_EXTENSIONS,
  reconcileSampleNames,
  type SampleReconciliation,
} from './reconcile.js';
