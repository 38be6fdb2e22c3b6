/** Exports analysts' tools open (docs/exports.md): typed family tables and their writers, tool formats, the study export. */
export {
  BOOKKEEPING_FIELDS,
  type Cell,
  type Column,
  type ColumnType,
  type ExportTable,
  exportTable,
  inferType,
  resolveColumns,
  toCell,
} from './columns.js';
export { formatCell, formatNumber, quoteField, toCsv, toDelimited, toTsv } from './delimited.js';
export {
  betaRows,
  matrixRows,
  type Outcome,
  type ProcessedMatrix,
  parseProcessedTsv,
  parseQiimeDistanceTsv,
} from './matrices.js';
export { type MetaboAnalystSample, toMetaboAnalystCsv } from './metaboanalyst.js';
export { type MetadataJoin, metadataJoin, metadataRows, withMetadata } from './metadata.js';
export { type ParquetOptions, toParquet } from './parquet.js';
export { type BiomOptions, lineageRanks, toBiomJson, toSampleDataTsv } from './phyloseq.js';
export {
  EXPORT_FAMILIES,
  type ExportFamily,
  FAMILY_COLUMNS,
  glueType,
  METADATA_PREFIX,
  ORDINATION_AXES,
  SAMPLE_LEVEL_FAMILIES,
} from './schemas.js';
export {
  type OrdinationBlock,
  type OrdinationResultsInput,
  pythonFloat,
  toSkbioOrdination,
} from './skbio-ordination.js';
export {
  type AnalysisExport,
  analysisExportOf,
  type DatasetExport,
  datasetSlugs,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportObject,
  exportObjects,
  exportTables,
  familyRows,
  type OrdinationExport,
  ordinationResultsText,
  type StudyExportInput,
  writeTable,
} from './study-export.js';
