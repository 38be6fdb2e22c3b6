export * from './distance-matrix.js';
export * from './beta-diversity.js';
export { brayCurtisRows, brayCurtisPair, BRAY_CURTIS_RECOMPUTE_BELOW } from './bray-curtis.js';
export { jaccardRows } from './jaccard.js';
export { aitchisonRows, aitchisonPair, AITCHISON_RECOMPUTE_BELOW } from './aitchison.js';
export { withoutEmptySamples, type NonEmptyTable } from './samples.js';
export type { RowKernel } from './pairs.js';
