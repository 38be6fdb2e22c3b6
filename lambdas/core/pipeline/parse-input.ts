/**
 * The format layer's entry point: sniff an upload by content, dispatch to its
 * parser and return the result or the data error as a value. BIOM HDF5
 * (`biom-hdf5.ts`) and Newick (`phylogeny/newick.ts`) are loaded on first use
 * so text-only callers never pay for them. Metabolomics tables are recognised
 * here and parsed by lambdas/core/metabolomics (`parseMetabolomicsTable`); W4M
 * sample and variable metadata come back as metadata and feature metadata.
 *
 * `sniffInput` and `parseSniffed` split the two steps so a caller that must
 * know the kind before it gathers the parse hints sniffs only once;
 * `parseInput` runs both. A failure carries the kind and format found so far.
 */

import { parseBiomJson } from '../amplicon/formats/biom-json.js';
import { parseBiomTsv } from '../amplicon/formats/biom-tsv.js';
import { type MatrixOrientation, parseCountMatrixText } from '../amplicon/formats/count-matrix.js';
import { parseMothurSharedText } from '../amplicon/formats/mothur-shared.js';
import { parseMothurDesignText, parseMothurTaxonomyText } from '../amplicon/formats/mothur-taxonomy.js';
import {
  type ArtifactInfo,
  type ArtifactPayload,
  readArtifact,
  withinPayload,
} from '../amplicon/formats/qiime2-artifact.js';
import { parseTaxonomy, type Taxonomy } from '../amplicon/formats/qiime2-taxonomy.js';
import { parseRankTaxonomyText } from '../amplicon/formats/rank-taxonomy.js';
import { type DataError, DataErrorSignal } from '../errors.js';
import { parseMetabolomicsTable } from '../metabolomics/formats/index.js';
import { parseW4mSampleMetadata, parseW4mVariableMetadata } from '../metabolomics/formats/w4m.js';
import { tableFromFeatureTable } from '../metabolomics/from-feature-table.js';
import type { MetabolomicsFormatId, MetabolomicsTable } from '../metabolomics/matrix.js';
import type { DatasetKind, TableKind } from '../results/model.js';
import { parseCsvMetadataText } from '../study/csv-metadata.js';
import { type MetadataTable, parseMetadataTable } from '../study/feature-annotations.js';
import type { PhyloTree } from '../study/newick.js';
import { parsePathwayMap } from '../study/pathway-map.js';
import { parseMetadata, type SampleMetadata } from '../study/qiime2-metadata.js';
import type { FeatureTable } from '../table/feature-table.js';
import { bytesToText, gunzipIfNeeded } from '../text/text.js';
import { type ParseHints, pathKind, plainMatrixKind } from './plain-matrix-kind.js';
import { type FormatId, isMetabolomicsFormat, kindOfFormat, type OwnFormatId, sniffPlainBytes } from './sniff.js';
import { sampleMetadataOf } from './w4m-metadata.js';

export type { ParseHints } from './plain-matrix-kind.js';

/** Formats that give a 16S feature table. */
export type TableFormat =
  | 'biom-json'
  | 'biom-tsv'
  | 'biom-hdf5'
  | 'qiime2-artifact'
  | 'mothur-shared'
  | 'dada2-seqtab'
  | 'ampliseq-asv-table'
  | 'plain-matrix';
/** Formats that give a taxonomy (lineage per feature). */
export type TaxonomyFormat =
  | 'qiime2-taxonomy'
  | 'qiime2-artifact'
  | 'mothur-taxonomy'
  | 'dada2-taxonomy'
  | 'ampliseq-taxonomy';
/** Formats that give sample metadata. */
export type MetadataFormat = 'qiime2-metadata' | 'csv-metadata' | 'mothur-design' | 'w4m-sample-metadata';
/** Formats that give a phylogenetic tree. */
export type TreeFormat = 'newick' | 'qiime2-artifact';
/** Formats that give a metabolomics intensity table (`plain-matrix` when a plain matrix was assigned to metabolomics). */
export type MetabolomicsTableFormat = Exclude<MetabolomicsFormatId, 'w4m-sample-metadata' | 'w4m-variable-metadata'>;
/** The BIOM formats (16S by default; metabolomics when study.json or the path says so). */
export type BiomFormat = 'biom-hdf5' | 'biom-json' | 'biom-tsv';

/** How an input was read, where the format leaves a choice. */
export interface InputDetails {
  /** the QIIME 2 artifact the payload came from */
  artifact?: ArtifactInfo;
  /** the mothur label (OTU cutoff) read, and all labels in the file */
  mothurLabel?: string;
  mothurLabels?: string[];
  /** which axis of a delimited matrix held the features, and why */
  orientation?: MatrixOrientation;
  /** why a plain matrix was taken as 16S or metabolomics */
  kindReason?: string;
}

/** A successfully parsed upload, tagged by what it is for (one of the dataset kinds, study.json aside). */
export type ParsedInput =
  | { kind: '16s'; format: TableFormat; table: FeatureTable; details?: InputDetails }
  | { kind: 'taxonomy'; format: TaxonomyFormat; taxonomy: Taxonomy; details?: InputDetails }
  | { kind: 'metadata'; format: MetadataFormat; metadata: SampleMetadata; details?: InputDetails }
  | {
      kind: 'feature-metadata';
      format: 'w4m-variable-metadata' | 'feature-annotations';
      featureMetadata: MetadataTable;
      details?: InputDetails;
    }
  | { kind: 'tree'; format: TreeFormat; tree: PhyloTree; details?: InputDetails }
  | {
      kind: 'metabolomics';
      format: MetabolomicsTableFormat | BiomFormat;
      table: MetabolomicsTable;
      details?: InputDetails;
    }
  | { kind: 'pathways'; format: 'pathway-map'; pathways: Map<string, string[]>; details?: InputDetails };

/** An upload that could not be read: the error, and the kind and format found before it (null when not found). */
export interface ParseFailure {
  ok: false;
  error: DataError;
  kind: DatasetKind | null;
  format: FormatId | null;
}
export type ParseResult = { ok: true; value: ParsedInput } | ParseFailure;

/**
 * A sniffed upload: its format, the kind that format is for (null when the content decides, as for artifacts and
 * plain matrices) and the bytes with gzip undone; or the error that stopped sniffing.
 */
export type SniffedInput = { ok: true; format: FormatId; kind: DatasetKind | null; bytes: Uint8Array } | ParseFailure;

/** Undoes gzip and recognises the format; data errors come back as values carrying `file`. */
export function sniffInput(bytes: Uint8Array, fileName: string): SniffedInput {
  try {
    const plain = gunzipIfNeeded(bytes);
    const format = sniffPlainBytes(plain, fileName);
    return { ok: true, format, kind: kindOfFormat(format), bytes: plain };
  } catch (e) {
    if (e instanceof DataErrorSignal)
      return { ok: false, error: { ...e.error, file: fileName }, kind: null, format: null };
    throw e;
  }
}

/** Parses a sniffed upload with its parser; `hints` settles plain matrices, their orientation and mothur labels. */
export async function parseSniffed(
  sniffed: SniffedInput,
  fileName: string,
  hints: ParseHints = {},
): Promise<ParseResult> {
  if (!sniffed.ok) return sniffed;
  const found: { kind: DatasetKind | null } = { kind: sniffed.kind };
  try {
    return { ok: true, value: await dispatch(sniffed.format, sniffed.bytes, fileName, hints, found) };
  } catch (e) {
    if (e instanceof DataErrorSignal)
      return { ok: false, error: { ...e.error, file: fileName }, kind: found.kind, format: sniffed.format };
    throw e;
  }
}

/** Sniffs and parses one upload; data errors come back as values carrying `file`. `hints` settles plain matrices and mothur labels. */
export async function parseInput(bytes: Uint8Array, fileName: string, hints: ParseHints = {}): Promise<ParseResult> {
  return parseSniffed(sniffInput(bytes, fileName), fileName, hints);
}

/** Runs the parser of the format found; `found.kind` is updated once a plain matrix's kind is decided. */
async function dispatch(
  format: FormatId,
  plain: Uint8Array,
  fileName: string,
  hints: ParseHints,
  found: { kind: DatasetKind | null },
): Promise<ParsedInput> {
  if (format === 'plain-matrix') return plainMatrix(plain, fileName, hints, found);
  if (isMetabolomicsFormat(format)) return parseMetabolomics(format, plain, fileName, hints);
  switch (format) {
    case 'biom-hdf5':
      return biomInput(format, await parseHdf5(plain), fileName, hints, found);
    case 'qiime2-artifact':
      return parseArtifact(readArtifact(plain));
    case 'newick':
      return { kind: 'tree', format, tree: await parseTree(plain) };
    case 'biom-json':
      return biomInput(format, parseBiomJson(plain), fileName, hints, found);
    case 'biom-tsv':
      return biomInput(format, parseBiomTsv(plain), fileName, hints, found);
    default:
      return parseText(format, plain, hints);
  }
}

/**
 * A BIOM table is 16S unless study.json names it metabolomics, or (without a lineage in its observation metadata)
 * its path names metabolomics (mmvec and Qiita hand metabolite tables out as BIOM); a metabolomics BIOM becomes an
 * intensity table for the metabolomics processing. The decision and its reason travel in `details.kindReason`.
 */
function biomInput(
  format: BiomFormat,
  table: FeatureTable,
  fileName: string,
  hints: ParseHints,
  found: { kind: DatasetKind | null },
): ParsedInput {
  const { kind, reason } = biomKind(table, hints.path ?? fileName, hints);
  found.kind = kind;
  if (kind === '16s') return { kind: '16s', format, table, details: { kindReason: reason } };
  const m = tableFromFeatureTable(table);
  return { kind: 'metabolomics', format, table: m, details: { kindReason: reason } };
}

/** The kind of a BIOM table and why (study.json, then content, then the path; 16S by default). */
export function biomKind(table: FeatureTable, path: string, hints: ParseHints): { kind: TableKind; reason: string } {
  if (hints.kind) return { kind: hints.kind, reason: `study.json names the file's kind '${hints.kind}'` };
  if (table.taxonomy?.some((t) => t !== null))
    return { kind: '16s', reason: 'its observation metadata holds lineages' };
  const byPath = pathKind(path);
  if (byPath) return byPath;
  return {
    kind: '16s',
    reason: 'a BIOM table without lineages and without a path or study.json kind saying otherwise (BIOM default: 16S)',
  };
}

/** A metabolomics format: an intensity table (parsed with the study's sample ids, which settle a plain matrix's orientation), or W4M metadata. */
function parseMetabolomics(
  format: MetabolomicsFormatId,
  bytes: Uint8Array,
  fileName: string,
  hints: ParseHints,
  details?: InputDetails,
): ParsedInput {
  if (format === 'w4m-sample-metadata')
    return { kind: 'metadata', format, metadata: sampleMetadataOf(parseW4mSampleMetadata(bytes)) };
  if (format === 'w4m-variable-metadata')
    return { kind: 'feature-metadata', format, featureMetadata: parseW4mVariableMetadata(bytes) };
  const table = parseMetabolomicsTable(bytes, fileName, {
    format,
    ...(hints.studySampleIds ? { sampleIds: hints.studySampleIds } : {}),
    ...(hints.transformed ? { transformed: true } : {}),
  });
  if (!table.ok) throw new DataErrorSignal(table.error);
  return { kind: 'metabolomics', format, table: table.value, ...(details ? { details } : {}) };
}

/** Runs the parser of a text format. */
function parseText(
  format: Exclude<OwnFormatId, 'biom-hdf5' | 'qiime2-artifact' | 'newick' | 'plain-matrix'>,
  bytes: Uint8Array,
  hints: ParseHints,
): ParsedInput {
  switch (format) {
    case 'biom-json':
      return { kind: '16s', format, table: parseBiomJson(bytes) };
    case 'biom-tsv':
      return { kind: '16s', format, table: parseBiomTsv(bytes) };
    case 'qiime2-taxonomy':
      return { kind: 'taxonomy', format, taxonomy: parseTaxonomy(bytes) };
    case 'qiime2-metadata':
      return { kind: 'metadata', format, metadata: parseMetadata(bytes) };
    case 'mothur-shared': {
      const shared = parseMothurSharedText(bytesToText(bytes), hints.mothurLabel);
      return {
        kind: '16s',
        format,
        table: shared.table,
        details: { mothurLabel: shared.label, mothurLabels: shared.labels },
      };
    }
    case 'mothur-taxonomy':
      return { kind: 'taxonomy', format, taxonomy: parseMothurTaxonomyText(bytesToText(bytes)) };
    case 'mothur-design':
      return { kind: 'metadata', format, metadata: parseMothurDesignText(bytesToText(bytes)) };
    case 'dada2-seqtab':
      return countMatrix(format, bytes, hints);
    case 'ampliseq-asv-table': {
      const m = parseCountMatrixText(bytesToText(bytes), { featuresIn: 'rows' });
      return { kind: '16s', format, table: m.table, details: { orientation: m.orientation } };
    }
    case 'dada2-taxonomy':
    case 'ampliseq-taxonomy':
      return { kind: 'taxonomy', format, taxonomy: parseRankTaxonomyText(bytesToText(bytes)) };
    case 'csv-metadata':
      return { kind: 'metadata', format, metadata: parseCsvMetadataText(bytesToText(bytes)) };
    case 'pathway-map':
      return { kind: 'pathways', format, pathways: parsePathwayMap(bytes) };
    case 'feature-annotations':
      return {
        kind: 'feature-metadata',
        format,
        featureMetadata: parseMetadataTable(bytes),
        details: { kindReason: 'its first column names feature ids (an annotation table, never sample metadata)' },
      };
  }
}

/** A 16S count matrix whose orientation is decided from its names and the study's sample ids. */
function countMatrix(
  format: 'dada2-seqtab' | 'plain-matrix',
  bytes: Uint8Array,
  hints: ParseHints,
  kindReason?: string,
): ParsedInput {
  const m = parseCountMatrixText(
    bytesToText(bytes),
    hints.studySampleIds ? { studySampleIds: hints.studySampleIds } : {},
  );
  return {
    kind: '16s',
    format,
    table: m.table,
    details: { orientation: m.orientation, ...(kindReason ? { kindReason } : {}) },
  };
}

/** A plain matrix: its kind from study.json or the path (else AMBIGUOUS_KIND); 16S counts are parsed here, intensities by the metabolomics parser. */
function plainMatrix(
  bytes: Uint8Array,
  fileName: string,
  hints: ParseHints,
  found: { kind: DatasetKind | null },
): ParsedInput {
  const { kind, reason } = plainMatrixKind(hints.path ?? fileName, hints);
  found.kind = kind;
  if (kind === 'metabolomics') return parseMetabolomics('plain-matrix', bytes, fileName, hints, { kindReason: reason });
  return countMatrix('plain-matrix', bytes, hints, reason);
}

/** The payload of a QIIME 2 artifact, parsed by its type. */
async function parseArtifact(a: ArtifactPayload): Promise<ParsedInput> {
  const details = { artifact: a.info };
  switch (a.info.type) {
    case 'FeatureTable[Frequency]':
      return {
        kind: '16s',
        format: 'qiime2-artifact',
        table: await withinPayload(a.path, () => parseBiomPayload(a.bytes)),
        details,
      };
    case 'FeatureData[Taxonomy]':
      return {
        kind: 'taxonomy',
        format: 'qiime2-artifact',
        taxonomy: await withinPayload(a.path, () => parseTaxonomy(a.bytes)),
        details,
      };
    case 'Phylogeny[Rooted]':
      return {
        kind: 'tree',
        format: 'qiime2-artifact',
        tree: await withinPayload(a.path, () => parseTree(a.bytes)),
        details,
      };
  }
}

/** An artifact's feature-table.biom: BIOM 2.1 HDF5, or BIOM 1.0 JSON in artifacts made before QIIME 2 2017.2. */
async function parseBiomPayload(bytes: Uint8Array): Promise<FeatureTable> {
  return sniffPlainBytes(bytes) === 'biom-json' ? parseBiomJson(bytes) : parseHdf5(bytes);
}

/** Loads the HDF5 parser and reads a BIOM 2.1 table. */
async function parseHdf5(bytes: Uint8Array): Promise<FeatureTable> {
  const { parseBiomHdf5 } = await import('../amplicon/formats/biom-hdf5.js');
  return parseBiomHdf5(bytes);
}

/** Loads the Newick parser and reads a tree. */
async function parseTree(bytes: Uint8Array): Promise<PhyloTree> {
  const { parseNewick } = await import('../study/newick.js');
  return parseNewick(bytesToText(bytes));
}
