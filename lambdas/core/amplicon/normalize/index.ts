/** Normalization: rarefaction, relative abundance (TSS) and clr(x + 1). */
export { rarefy, subsampleCounts, floydSample, type Rarefied } from './rarefy.js';
export { relativeAbundance, relativeAbundanceOf } from './relative-abundance.js';
export { clr, clrSparse, clrSample, clrSampleDense, meanClrPerFeature, type SparseClr } from './clr.js';
