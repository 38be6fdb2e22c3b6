/** Normalization: rarefaction, relative abundance (TSS) and clr(x + 1). */

export { clr, clrSample, clrSampleDense, clrSparse, meanClrPerFeature, type SparseClr } from './clr.js';
export { floydSample, type Rarefied, rarefy, subsampleCounts } from './rarefy.js';
export { relativeAbundance, relativeAbundanceOf } from './relative-abundance.js';
