export { AITCHISON_RECOMPUTE_BELOW, aitchisonPair, aitchisonRows } from './aitchison.js';
export * from './beta-diversity.js';
export { BRAY_CURTIS_RECOMPUTE_BELOW, brayCurtisPair, brayCurtisRows } from './bray-curtis.js';
export * from './distance-matrix.js';
export { jaccardRows } from './jaccard.js';
export type { RowKernel } from './pairs.js';
export { type NonEmptyTable, withoutEmptySamples } from './samples.js';
