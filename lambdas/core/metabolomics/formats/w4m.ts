/**
 * Workflow4Metabolomics three-table format, tab-separated:
 *
 *  - `dataMatrix`: variables (features) in rows, samples in columns; the
 *    corner cell is empty or a name such as `dataMatrix`; `NA` is missing.
 *    This alone is an intensity table.
 *  - `sampleMetadata`: one row per sample (ids = dataMatrix column names);
 *    W4M columns `sampleType` (sample / pool / blank), `injectionOrder`,
 *    `batch` fill the sample annotations, the rest become extras.
 *  - `variableMetadata`: one row per variable (ids = dataMatrix row names);
 *    `mz`, `rt`, `name` fill the feature annotations. W4M does not fix the
 *    RT unit, so it stays unknown (null).
 *
 * Values are taken as written: sacurine's are already log10, so process
 * them with transform 'none' (the parser warns LOOKS_LOG_TRANSFORMED).
 */

import {
  attachFeatureMetadata,
  attachSampleMetadata,
  type MetadataTable,
  parseMetadataTable,
} from '../../study/feature-annotations.js';
import { detectDecimalComma, indexLines, RowCells } from '../../text/delimited-table.js';
import type { MetabolomicsTable } from '../matrix.js';
import type { SampleReconciliation } from '../reconcile.js';
import {
  alignShortHeader,
  assembleTable,
  asText,
  headerLocations,
  type MetabolomicsParseOptions,
  readBlock,
  readHeaderAt,
  rejectNumericHeader,
  requiredFields,
  requireValueColumns,
  resolveParseOptions,
} from './common.js';

/** Parses a W4M dataMatrix (features in rows, every column after the first a sample). */
export function parseW4mDataMatrix(input: string | Uint8Array, opts: MetabolomicsParseOptions = {}): MetabolomicsTable {
  const o = resolveParseOptions(opts);
  const text = asText(input, o.limits);
  const lines = indexLines(text);
  const cells = new RowCells(text, '\t', o.limits);
  const h = readHeaderAt(lines, cells, 0);
  const decimalComma = detectDecimalComma(text, '\t');
  rejectNumericHeader(h, decimalComma);
  alignShortHeader(h, lines, cells, 1);
  const samples: number[] = [];
  for (let k = 1; k < h.cells.length; k++) if (h.cells[k] !== '') samples.push(k);
  requireValueColumns(samples, h, 'sample');
  const block = readBlock({
    lines,
    from: 1,
    to: lines.count,
    delimiter: '\t',
    decimalComma,
    idColumn: 0,
    valueColumns: samples,
    textColumns: [],
    maxFields: h.cells.length,
    minFields: requiredFields(h.cells),
    what: 'feature',
    options: o,
  });
  return assembleTable({
    limits: o.limits,
    format: 'w4m-datamatrix',
    featureIds: block.ids,
    featureWhere: block.where,
    sampleIds: samples.map((k) => h.cells[k]!),
    sampleWhere: headerLocations(
      h.line,
      samples.map((k) => h.columns[k]!),
    ),
    values: block.values,
    quantity: 'intensity',
    rtUnit: null,
    orientation: 'features-in-rows',
    orientationSource: 'W4M dataMatrix layout',
    decimalComma,
    nMissingMarkers: block.nMissingMarkers,
    nZeros: block.nZeros,
    featureFirstCell: block.firstCell,
    block,
  });
}

/** Parses a W4M sampleMetadata table (sample ids in the first column). */
export function parseW4mSampleMetadata(input: string | Uint8Array, opts: MetabolomicsParseOptions = {}): MetadataTable {
  return parseMetadataTable(input, undefined, { ...opts, axis: 'sample' });
}

/** Parses a W4M variableMetadata table (feature ids in the first column). */
export function parseW4mVariableMetadata(
  input: string | Uint8Array,
  opts: MetabolomicsParseOptions = {},
): MetadataTable {
  return parseMetadataTable(input, undefined, { ...opts, axis: 'feature' });
}

/** Attaches W4M sample and/or variable metadata to a dataMatrix table. */
export function attachW4mMetadata(
  table: MetabolomicsTable,
  sampleMetadata?: MetadataTable,
  variableMetadata?: MetadataTable,
): { table: MetabolomicsTable; reconciliation?: SampleReconciliation; unmatchedFeatures?: string[] } {
  let t = table;
  let reconciliation: SampleReconciliation | undefined;
  let unmatchedFeatures: string[] | undefined;
  if (sampleMetadata)
    ({ table: t, reconciliation } = attachSampleMetadata(t, sampleMetadata, w4mRoles(sampleMetadata)));
  if (variableMetadata) ({ table: t, unmatchedFeatures } = attachFeatureMetadata(t, variableMetadata));
  return {
    table: t,
    ...(reconciliation ? { reconciliation } : {}),
    ...(unmatchedFeatures ? { unmatchedFeatures } : {}),
  };
}

/** W4M's own column names for the sample roles, when present. */
function w4mRoles(m: MetadataTable): {
  sampleTypeColumn?: string;
  injectionOrderColumn?: string;
  batchColumn?: string;
} {
  const has = (n: string) => m.columns.some((c) => c.name === n);
  return {
    ...(has('sampleType') ? { sampleTypeColumn: 'sampleType' } : {}),
    ...(has('injectionOrder') ? { injectionOrderColumn: 'injectionOrder' } : {}),
    ...(has('batch') ? { batchColumn: 'batch' } : {}),
  };
}
