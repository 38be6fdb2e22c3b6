/**
 * Text writers for simulated studies: BIOM 1.0 JSON (sparse), the classic BIOM
 * TSV, QIIME 2 taxonomy and QIIME 2 metadata, an MZmine 3 feature table (CSV)
 * and a feature → pathway map. Output mirrors what biom-format 2.1
 * (`Table.to_json`, `Table.to_tsv`), QIIME 2 and MZmine 3 write, so parsers can
 * be tested on it. Large tables are produced as chunks (one per feature row) so a
 * caller can stream them; the `write*` functions join the chunks into one
 * string and refuse output beyond V8's string limit.
 */
import type { FeatureTable } from '../../lambdas/core/table/feature-table.js';

/** V8's maximum string length on 64-bit (2^29 − 24 UTF-16 units). */
const MAX_STRING_LENGTH = 2 ** 29 - 24;
/** Features per chunk of BIOM JSON `rows`. */
const ROW_METADATA_CHUNK = 1000;

/** BIOM 1.0 top-level fields the caller may set; defaults are fixed so output is reproducible. */
export type BiomJsonOptions = {
  /** @default "None" (what biom-format writes for a table without id) */
  tableId?: string;
  /** @default "biomeflow simulate" */
  generatedBy?: string;
  /** ISO 8601; @default "1970-01-01T00:00:00" (a fixed date keeps output byte-identical) */
  date?: string;
  /** @default "OTU table" */
  type?: string;
};

/** Features × samples in compressed sparse rows: row r's values are `vals[rowPtr[r] .. rowPtr[r+1])` at samples `cols[...]`, increasing. */
type FeatureRows = { rowPtr: Int32Array; cols: Int32Array; vals: Float64Array };

/** Transposes the table's sample-major storage to feature rows (counting sort, O(nnz)). */
function toFeatureRows(t: FeatureTable): FeatureRows {
  const nF = t.featureIds.length;
  const nS = t.sampleIds.length;
  const nnz = t.indptr[nS]!;
  const rowPtr = new Int32Array(nF + 1);
  for (let k = 0; k < nnz; k++) rowPtr[t.indices[k]! + 1]!++;
  for (let r = 0; r < nF; r++) rowPtr[r + 1]! += rowPtr[r]!;
  const next = rowPtr.slice(0, nF);
  const cols = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  for (let j = 0; j < nS; j++) {
    for (let k = t.indptr[j]!; k < t.indptr[j + 1]!; k++) {
      const p = next[t.indices[k]!]!++;
      cols[p] = j;
      vals[p] = t.data[k]!;
    }
  }
  return { rowPtr, cols, vals };
}

/** A value as biom-format writes floats: integers with a trailing `.0`, others in shortest round-trip form. */
export function formatBiomValue(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v);
}

/** Splits a lineage string on ';' into trimmed ranks (`Unassigned` stays one rank). */
export function lineageRanks(lineage: string): string[] {
  return lineage.split(';').map((r) => r.trim());
}

/** The taxonomy to write: the argument, else the table's own, else none. */
function resolveTaxonomy(table: FeatureTable, taxonomy?: (string | null)[]): (string | null)[] | undefined {
  const tax = taxonomy ?? table.taxonomy;
  if (tax && tax.length !== table.featureIds.length)
    throw new RangeError(`taxonomy has ${tax.length} entries for ${table.featureIds.length} features`);
  return tax;
}

/**
 * BIOM 1.0 JSON (sparse) as chunks: the header, the `data` triplets of each
 * feature row in turn (row-major, as biom-format writes them), then `rows` with
 * `{"taxonomy": [ranks]}` metadata (null without taxonomy) and `columns`.
 */
export function* biomJsonChunks(
  table: FeatureTable,
  taxonomy?: (string | null)[],
  options: BiomJsonOptions = {},
): Generator<string> {
  const tax = resolveTaxonomy(table, taxonomy);
  const nF = table.featureIds.length;
  const nS = table.sampleIds.length;
  const { rowPtr, cols, vals } = toFeatureRows(table);
  yield '{' +
    [
      `"id": ${JSON.stringify(options.tableId ?? 'None')}`,
      '"format": "Biological Observation Matrix 1.0.0"',
      '"format_url": "http://biom-format.org"',
      '"matrix_type": "sparse"',
      `"generated_by": ${JSON.stringify(options.generatedBy ?? 'biomeflow simulate')}`,
      `"date": ${JSON.stringify(options.date ?? '1970-01-01T00:00:00')}`,
      `"type": ${JSON.stringify(options.type ?? 'OTU table')}`,
      '"matrix_element_type": "float"',
      `"shape": [${nF}, ${nS}]`,
      '"data": [',
    ].join(', ');
  let first = true;
  for (let r = 0; r < nF; r++) {
    const start = rowPtr[r]!;
    const end = rowPtr[r + 1]!;
    if (start === end) continue;
    const cells = new Array<string>(end - start);
    for (let k = start; k < end; k++) cells[k - start] = `[${r},${cols[k]},${formatBiomValue(vals[k]!)}]`;
    yield (first ? '' : ',') + cells.join(',');
    first = false;
  }
  yield '],"rows": [';
  for (let r0 = 0; r0 < nF; r0 += ROW_METADATA_CHUNK) {
    const r1 = Math.min(nF, r0 + ROW_METADATA_CHUNK);
    const parts = new Array<string>(r1 - r0);
    for (let r = r0; r < r1; r++)
      parts[r - r0] =
        `{"id": ${JSON.stringify(table.featureIds[r])}, "metadata": ${rowMetadataJson(tax?.[r] ?? null)}}`;
    yield (r0 === 0 ? '' : ',') + parts.join(',');
  }
  yield '],"columns": [' +
    table.sampleIds.map((id) => `{"id": ${JSON.stringify(id)}, "metadata": null}`).join(',') +
    ']}';
}

/** A feature's BIOM observation metadata: `{"taxonomy": [...]}` or `null`. */
function rowMetadataJson(lineage: string | null): string {
  return lineage === null ? 'null' : `{"taxonomy": ${JSON.stringify(lineageRanks(lineage))}}`;
}

/**
 * The classic BIOM TSV as lines (each ending in '\n'), like `biom convert
 * --to-tsv --header-key taxonomy`: `# Constructed from biom file`, a `#OTU ID`
 * header, one dense row per feature with values as `12.0` / `0.0`, and a last
 * `taxonomy` column of ranks joined by "; " when taxonomy is given.
 */
export function* biomTsvLines(table: FeatureTable, taxonomy?: (string | null)[]): Generator<string> {
  const tax = resolveTaxonomy(table, taxonomy);
  const nF = table.featureIds.length;
  const nS = table.sampleIds.length;
  const { rowPtr, cols, vals } = toFeatureRows(table);
  yield '# Constructed from biom file\n';
  yield `${['#OTU ID', ...table.sampleIds, ...(tax ? ['taxonomy'] : [])].join('\t')}\n`;
  const zeros = new Array<string>(nS).fill('0.0');
  for (let r = 0; r < nF; r++) {
    const cells = zeros.slice();
    for (let k = rowPtr[r]!; k < rowPtr[r + 1]!; k++) cells[cols[k]!] = formatBiomValue(vals[k]!);
    const lineage = tax?.[r];
    const last = tax ? `\t${lineage == null ? '' : lineageRanks(lineage).join('; ')}` : '';
    yield `${table.featureIds[r]}\t${cells.join('\t')}${last}\n`;
  }
}

/** Joins chunks into one string; throws a RangeError naming `streamWith` when the result would exceed V8's string limit. */
function joinChunks(chunks: Iterable<string>, what: string, streamWith: string): string {
  const parts: string[] = [];
  let length = 0;
  for (const c of chunks) {
    length += c.length;
    if (length > MAX_STRING_LENGTH)
      throw new RangeError(
        `${what} exceeds the maximum string length (${MAX_STRING_LENGTH}); stream it with ${streamWith}`,
      );
    parts.push(c);
  }
  return parts.join('');
}

/** The whole BIOM 1.0 JSON (sparse) document; see `biomJsonChunks`. */
export function writeBiomJson(table: FeatureTable, taxonomy?: (string | null)[], options?: BiomJsonOptions): string {
  return joinChunks(biomJsonChunks(table, taxonomy, options), 'BIOM JSON', 'biomJsonChunks');
}

/** The whole classic BIOM TSV; see `biomTsvLines`. */
export function writeBiomTsv(table: FeatureTable, taxonomy?: (string | null)[]): string {
  return joinChunks(biomTsvLines(table, taxonomy), 'BIOM TSV', 'biomTsvLines');
}

/**
 * QIIME 2 taxonomy TSV: `Feature ID<TAB>Taxon<TAB>Confidence`, lineages as
 * given (ranks joined by "; "), confidences in shortest round-trip form.
 */
export function writeTaxonomyTsv(
  featureIds: readonly string[],
  lineages: readonly string[],
  confidences: ArrayLike<number>,
): string {
  if (lineages.length !== featureIds.length || confidences.length !== featureIds.length)
    throw new RangeError('featureIds, lineages and confidences must have the same length');
  const lines = ['Feature ID\tTaxon\tConfidence'];
  for (let i = 0; i < featureIds.length; i++) lines.push(`${featureIds[i]}\t${lineages[i]}\t${confidences[i]}`);
  return `${lines.join('\n')}\n`;
}

/** A QIIME 2 metadata column: name and declared type. */
export type MetadataColumn = { name: string; type: 'categorical' | 'numeric' };

/**
 * QIIME 2 metadata TSV: `sample-id` header, a `#q2:types` directive row, then
 * one row per sample (first cell the sample id). Cells must not hold tabs or newlines.
 */
export function writeQiimeMetadata(columns: readonly MetadataColumn[], rows: readonly (readonly string[])[]): string {
  const lines = [
    ['sample-id', ...columns.map((c) => c.name)].join('\t'),
    ['#q2:types', ...columns.map((c) => c.type)].join('\t'),
  ];
  for (const row of rows) {
    if (row.length !== columns.length + 1)
      throw new RangeError(`metadata row for '${row[0]}' has ${row.length} cells, expected ${columns.length + 1}`);
    if (row.some((cell) => /[\t\n\r]/.test(cell)))
      throw new RangeError(`metadata row for '${row[0]}' contains a tab or newline`);
    lines.push(row.join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

/** An MZmine 3 feature table: features in rows, one area per sample file (feature-major, NaN = not detected). */
export type Mzmine3Table = {
  ids: readonly string[];
  mz: ArrayLike<number>;
  /** minutes */
  rt: ArrayLike<number>;
  /** compound name per feature, or null when unannotated */
  names: readonly (string | null)[];
  /** molecular formula per feature, or null */
  formulas: readonly (string | null)[];
  /** raw data file names, e.g. `S001-M00.mzML` */
  files: readonly string[];
  /** [feature * files + file] */
  areas: ArrayLike<number>;
};

/** Decimals MZmine 3 shows for m/z and RT. */
const MZ_DECIMALS = 4;
const RT_DECIMALS = 2;
/** Significant digits of an area (MZmine 3 stores areas as 32-bit floats: ~7). */
const AREA_DIGITS = 7;

/** A CSV cell, quoted (RFC 4180) when it holds a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** An area to 7 significant digits in shortest form (`12345680`, `45678.12`); NaN is the empty cell. */
export function formatArea(x: number): string {
  return Number.isNaN(x) ? '' : String(Number(x.toPrecision(AREA_DIGITS)));
}

/**
 * The MZmine 3 "modular" CSV export as the project's parser reads it: `id`,
 * `mz`, `rt`, `compound_db_identity:compound_db_identity` (the name),
 * `compound_db_identity:mol_formula`, then `datafile:<file>:area` per file.
 * Missing areas are empty cells; unannotated features have empty name and formula.
 */
export function writeMzmine3Csv(t: Mzmine3Table): string {
  const nF = t.ids.length;
  const nS = t.files.length;
  if (
    t.mz.length !== nF ||
    t.rt.length !== nF ||
    t.names.length !== nF ||
    t.formulas.length !== nF ||
    t.areas.length !== nF * nS
  )
    throw new RangeError('ids, mz, rt, names, formulas and areas must describe the same features and files');
  const header = [
    'id',
    'mz',
    'rt',
    'compound_db_identity:compound_db_identity',
    'compound_db_identity:mol_formula',
    ...t.files.map((f) => `datafile:${f}:area`),
  ];
  const lines = [header.map(csvCell).join(',')];
  const cells = new Array<string>(nS);
  for (let f = 0; f < nF; f++) {
    for (let s = 0; s < nS; s++) cells[s] = formatArea(t.areas[f * nS + s]!);
    const head = [
      t.ids[f]!,
      t.mz[f]!.toFixed(MZ_DECIMALS),
      t.rt[f]!.toFixed(RT_DECIMALS),
      t.names[f] ?? '',
      t.formulas[f] ?? '',
    ];
    lines.push(`${head.map(csvCell).join(',')},${cells.join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A feature → pathway TSV: header `featureId<TAB>pathway`, one row per pair (a feature may have several). */
export function writePathwayMap(pairs: readonly { featureId: string; pathway: string }[]): string {
  const lines = ['featureId\tpathway'];
  for (const { featureId, pathway } of pairs) {
    if (/[\t\n\r]/.test(featureId + pathway))
      throw new RangeError(`pathway map pair '${featureId}' / '${pathway}' contains a tab or newline`);
    lines.push(`${featureId}\t${pathway}`);
  }
  return `${lines.join('\n')}\n`;
}
