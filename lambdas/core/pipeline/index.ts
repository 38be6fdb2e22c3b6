/** The format layer: sniffing, parsers and their result types. */
export {
  parseInput,
  parseSniffed,
  sniffInput,
  type ParsedInput,
  type ParseResult,
  type ParseFailure,
  type SniffedInput,
  type MetabolomicsTableFormat,
  type ParseHints,
  type InputDetails,
  type TableFormat,
  type TaxonomyFormat,
  type MetadataFormat,
  type TreeFormat,
} from './parse-input.js';
export { sniffFormat, isMetabolomicsFormat, FORMAT_IDS, EXPECTED_FORMATS, type FormatId, type OwnFormatId } from './sniff.js';
export { plainMatrixKind, AMPLICON_WORDS, METABOLOMICS_WORDS, type PlainMatrixKind } from './plain-matrix-kind.js';
export { parseBiomJson, parseBiomJsonText } from '../amplicon/formats/biom-json.js';
export { parseBiomTsv, BIOM_TSV_ID_HEADERS, LINEAGE_HEADERS } from '../amplicon/formats/biom-tsv.js';
export { parseTaxonomy, parseTaxonomyText, isTaxonomyHeader, type Taxonomy } from '../amplicon/formats/qiime2-taxonomy.js';
export {
  parseMetadata,
  parseMetadataText,
  numericColumn,
  isMetadataIdHeader,
  ACCEPTED_ID_HEADERS,
  type SampleMetadata,
  type MetadataColumn,
  type MetadataColumnType,
} from '../study/qiime2-metadata.js';
export { readArtifact, ARTIFACT_PAYLOADS, type ArtifactInfo, type ArtifactType, type ArtifactPayload } from '../amplicon/formats/qiime2-artifact.js';
export { parseMothurSharedText, finestLabel, type MothurShared } from '../amplicon/formats/mothur-shared.js';
export { parseMothurTaxonomyText, parseMothurDesignText } from '../amplicon/formats/mothur-taxonomy.js';
export { parseCountMatrixText, decideOrientation, type CountMatrix, type MatrixOrientation } from '../amplicon/formats/count-matrix.js';
export { parseRankTaxonomyText, rankColumns, RANK_PREFIXES } from '../amplicon/formats/rank-taxonomy.js';
export { parseCsvMetadataText } from '../study/csv-metadata.js';
export { bytesToText, decodeText, textBytes, gunzipIfNeeded, isGzip, lineColumnAt, parseDecimal, splitFields, LineCursor, ByteLineCursor, type Fields } from '../text/text.js';
