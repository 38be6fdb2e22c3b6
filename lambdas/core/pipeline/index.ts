/** The format layer: sniffing, parsers and their result types. */

export { parseBiomJson, parseBiomJsonText } from '../amplicon/formats/biom-json.js';
export { BIOM_TSV_ID_HEADERS, LINEAGE_HEADERS, parseBiomTsv } from '../amplicon/formats/biom-tsv.js';
export {
  type CountMatrix,
  decideOrientation,
  type MatrixOrientation,
  parseCountMatrixText,
} from '../amplicon/formats/count-matrix.js';
export { finestLabel, type MothurShared, parseMothurSharedText } from '../amplicon/formats/mothur-shared.js';
export { parseMothurDesignText, parseMothurTaxonomyText } from '../amplicon/formats/mothur-taxonomy.js';
export {
  ARTIFACT_PAYLOADS,
  type ArtifactInfo,
  type ArtifactPayload,
  type ArtifactType,
  readArtifact,
} from '../amplicon/formats/qiime2-artifact.js';
export {
  isTaxonomyHeader,
  parseTaxonomy,
  parseTaxonomyText,
  type Taxonomy,
} from '../amplicon/formats/qiime2-taxonomy.js';
export { parseRankTaxonomyText, RANK_PREFIXES, rankColumns } from '../amplicon/formats/rank-taxonomy.js';
export { parseCsvMetadataText } from '../study/csv-metadata.js';
export {
  ACCEPTED_ID_HEADERS,
  isMetadataIdHeader,
  type MetadataColumn,
  type MetadataColumnType,
  numericColumn,
  parseMetadata,
  parseMetadataText,
  type SampleMetadata,
} from '../study/qiime2-metadata.js';
export {
  ByteLineCursor,
  bytesToText,
  decodeText,
  type Fields,
  gunzipIfNeeded,
  isGzip,
  LineCursor,
  lineColumnAt,
  parseDecimal,
  splitFields,
  textBytes,
} from '../text/text.js';
export {
  type InputDetails,
  type MetabolomicsTableFormat,
  type MetadataFormat,
  type ParsedInput,
  type ParseFailure,
  type ParseHints,
  type ParseResult,
  parseInput,
  parseSniffed,
  type SniffedInput,
  sniffInput,
  type TableFormat,
  type TaxonomyFormat,
  type TreeFormat,
} from './parse-input.js';
export { AMPLICON_WORDS, METABOLOMICS_WORDS, type PlainMatrixKind, plainMatrixKind } from './plain-matrix-kind.js';
export {
  EXPECTED_FORMATS,
  FORMAT_IDS,
  type FormatId,
  isMetabolomicsFormat,
  type OwnFormatId,
  sniffFormat,
} from './sniff.js';
