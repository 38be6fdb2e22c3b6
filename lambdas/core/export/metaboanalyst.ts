/**
 * The processed metabolomics matrix in MetaboAnalyst's upload layout
 * ("samples in rows, unpaired"): comma-separated, first column `Sample`
 * (the metadata sample id), second column `Label` (the class), then one
 * column per feature, full-precision values. The values are already
 * normalized, transformed and scaled, so in MetaboAnalyst choose no further
 * normalization.
 */
import { formatNumber, quoteField } from './delimited.js';
import type { ProcessedMatrix } from './matrices.js';

/** A sample's name and class for the MetaboAnalyst layout (null label → `NA`). */
export interface MetaboAnalystSample {
  name: string;
  label: string | null;
}

/** The CSV text: header `Sample,Label,<features>`, then one line per sample of `m` in matrix order. */
export function toMetaboAnalystCsv(m: ProcessedMatrix, sampleOf: (sampleId: string) => MetaboAnalystSample): string {
  const q = (x: string) => quoteField(x, ',');
  const nF = m.featureIds.length;
  const lines = [['Sample', 'Label', ...m.featureIds].map(q).join(',')];
  const cells = new Array<string>(nF + 2);
  m.sampleIds.forEach((id, s) => {
    const { name, label } = sampleOf(id);
    cells[0] = q(name);
    cells[1] = label === null ? 'NA' : q(label);
    for (let f = 0; f < nF; f++) cells[f + 2] = formatNumber(m.values[s * nF + f]!);
    lines.push(cells.join(','));
  });
  return `${lines.join('\n')}\n`;
}
