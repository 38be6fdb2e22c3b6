export * from './matrix.js';
export * from './formats/index.js';
export { reconcileSampleNames, canonicalSampleName, RAW_FILE_EXTENSIONS, type SampleReconciliation } from './reconcile.js';
export { parseMetadataTable, attachSampleMetadata, attachFeatureMetadata, type MetadataTable, type SampleRoleColumns } from '../study/feature-annotations.js';
export { tableFromFeatureTable } from './from-feature-table.js';
export { processMetabolomics, resolveProcessOptions, summarizeFeatures, summarizeSamples } from './process/process.js';
export type { MetabolomicsProcessing, FeatureDrop, FeatureStats, SampleStats, ProcessStep } from './process/process.js';
export { ProcessOptionsSchema, type ProcessOptions, type ResolvedProcessOptions } from './process/options.js';
export { pca, FULL_EIGEN_MAX_SAMPLES, type Pca } from '../ordination/pca.js';
