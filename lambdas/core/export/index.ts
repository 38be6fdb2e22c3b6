/** Exports analysts' tools open (docs/exports.md): typed family tables and their writers, tool formats, the study export. */
export { exportTable, resolveColumns, inferType, toCell, BOOKKEEPING_FIELDS, type Cell, type Column, type ColumnType, type ExportTable } from './columns.js';
export { toCsv, toTsv, toDelimited, formatCell, formatNumber, quoteField } from './delimited.js';
export { toParquet, type ParquetOptions } from './parquet.js';
export { EXPORT_FAMILIES, FAMILY_COLUMNS, SAMPLE_LEVEL_FAMILIES, METADATA_PREFIX, ORDINATION_AXES, glueType, type ExportFamily } from './schemas.js';
export { toSkbioOrdination, pythonFloat, type OrdinationResultsInput, type OrdinationBlock } from './skbio-ordination.js';
export { toMetaboAnalystCsv, type MetaboAnalystSample } from './metaboanalyst.js';
export { toBiomJson, toSampleDataTsv, lineageRanks, type BiomOptions } from './phyloseq.js';
export { metadataJoin, withMetadata, metadataRows, type MetadataJoin } from './metadata.js';
export { parseQiimeDistanceTsv, parseProcessedTsv, betaRows, matrixRows, type ProcessedMatrix, type Outcome } from './matrices.js';
export {
  exportObjects,
  exportTables,
  familyRows,
  writeTable,
  analysisExportOf,
  datasetSlugs,
  ordinationResultsText,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportObject,
  type StudyExportInput,
  type DatasetExport,
  type AnalysisExport,
  type OrdinationExport,
} from './study-export.js';
