/** Generic metadata tables (W4M sampleMetadata) read as QIIME 2-style sample metadata. */
import type { MetadataTable } from '../study/feature-annotations.js';
import type { SampleMetadata } from '../study/qiime2-metadata.js';

/** A generic metadata table as QIIME 2-style sample metadata: a column is numeric when every value present is a number. */
export function sampleMetadataOf(m: MetadataTable): SampleMetadata {
  return {
    idHeader: m.idColumn,
    sampleIds: m.ids,
    columns: m.columns.map((c) => ({
      name: c.name,
      type: c.values.every((v) => v === null || (v.trim() !== '' && Number.isFinite(Number(v))))
        ? ('numeric' as const)
        : ('categorical' as const),
      values: c.values,
    })),
    ...(m.idNormalizations ? { idNormalizations: m.idNormalizations } : {}),
  };
}
