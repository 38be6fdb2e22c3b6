/** The format layer: sniffing, parsers and their result types. */
export { parseInput, type ParsedInput } from './parse-input.js';
export { sniffFormat, FORMAT_IDS, EXPECTED_FORMATS, type FormatId } from './sniff.js';
export { parseBiomJson, parseBiomJsonText } from './biom-json.js';
export { parseBiomTsv, BIOM_TSV_ID_HEADERS, LINEAGE_HEADERS } from './biom-tsv.js';
export { parseTaxonomy, parseTaxonomyText, isTaxonomyHeader, type Taxonomy } from './qiime2-taxonomy.js';
export {
  parseMetadata,
  parseMetadataText,
  numericColumn,
  isMetadataIdHeader,
  ACCEPTED_ID_HEADERS,
  type SampleMetadata,
  type MetadataColumn,
  type MetadataColumnType,
} from './qiime2-metadata.js';
export { bytesToText, decodeText, textBytes, gunzipIfNeeded, isGzip, lineColumnAt, parseDecimal, splitFields, LineCursor, ByteLineCursor, type Fields } from './text.js';
