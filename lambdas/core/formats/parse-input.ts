/**
 * The format layer's entry point: sniff an upload by content, dispatch to its
 * parser and return the result or the data error as a value. BIOM HDF5 is
 * parsed by `biom-hdf5.ts`, loaded on first use so text-only callers never
 * pay for the HDF5 reader.
 */
import { tryParse, type Result } from '../errors.js';
import type { FeatureTable } from '../table/feature-table.js';
import { parseBiomJson } from './biom-json.js';
import { parseBiomTsv } from './biom-tsv.js';
import { parseMetadata, type SampleMetadata } from './qiime2-metadata.js';
import { parseTaxonomy, type Taxonomy } from './qiime2-taxonomy.js';
import { sniffPlainBytes, type FormatId } from './sniff.js';
import { gunzipIfNeeded } from './text.js';

/** A successfully parsed upload, tagged by what it is for. */
export type ParsedInput =
  | { kind: '16s'; format: 'biom-json' | 'biom-tsv' | 'biom-hdf5'; table: FeatureTable }
  | { kind: 'taxonomy'; format: 'qiime2-taxonomy'; taxonomy: Taxonomy }
  | { kind: 'metadata'; format: 'qiime2-metadata'; metadata: SampleMetadata };

/** Sniffs and parses one upload; data errors come back as values carrying `file`. */
export async function parseInput(bytes: Uint8Array, fileName: string): Promise<Result<ParsedInput>> {
  const sniffed = tryParse(() => {
    const plain = gunzipIfNeeded(bytes);
    return { plain, format: sniffPlainBytes(plain) };
  }, fileName);
  if (!sniffed.ok) return sniffed;
  const { plain, format } = sniffed.value;
  if (format === 'biom-hdf5') return parseHdf5(plain, fileName);
  return tryParse(() => parseText(format, plain, fileName), fileName);
}

/** Runs the parser of a text format. */
function parseText(format: Exclude<FormatId, 'biom-hdf5'>, bytes: Uint8Array, fileName: string): ParsedInput {
  switch (format) {
    case 'biom-json':
      return { kind: '16s', format, table: parseBiomJson(bytes, fileName) };
    case 'biom-tsv':
      return { kind: '16s', format, table: parseBiomTsv(bytes, fileName) };
    case 'qiime2-taxonomy':
      return { kind: 'taxonomy', format, taxonomy: parseTaxonomy(bytes, fileName) };
    case 'qiime2-metadata':
      return { kind: 'metadata', format, metadata: parseMetadata(bytes, fileName) };
  }
}

/** Loads the HDF5 parser and converts its data errors to values. */
async function parseHdf5(bytes: Uint8Array, fileName: string): Promise<Result<ParsedInput>> {
  const { parseBiomHdf5 } = await import('./biom-hdf5.js');
  try {
    const table = await parseBiomHdf5(bytes);
    return { ok: true, value: { kind: '16s', format: 'biom-hdf5', table } };
  } catch (e) {
    return tryParse((): never => {
      throw e;
    }, fileName);
  }
}
