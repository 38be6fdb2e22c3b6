/**
 * Where 16S sniffing asks the metabolomics layer whether a delimited text is
 * one of its formats (MZmine, MS-DIAL, XCMS, mzTab-M, W4M, MetaboAnalyst),
 * before falling back to a plain matrix. The answer comes from
 * `sniffMetabolomics(text, fileName)` in lambdas/core/metabolomics.
 */

import { sniffMetabolomics } from '../metabolomics/formats/sniff.js';
import type { MetabolomicsFormatId } from '../metabolomics/matrix.js';

/** The metabolomics format of `text`, or null when it is none of them. */
export function sniffMetabolomicsHook(text: string, fileName: string): MetabolomicsFormatId | null {
  return sniffMetabolomics(text, fileName);
}
