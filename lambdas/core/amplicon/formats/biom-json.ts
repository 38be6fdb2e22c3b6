/**
 * BIOM 1.0 JSON (http://biom-format.org/documentation/format_versions/biom-1.0.html),
 * sparse or dense, into a FeatureTable. Rows are features (observations),
 * columns are samples. Observation taxonomy is kept as one lineage string.
 */
import { fail, type ErrorCode } from '../../errors.js';
import { FeatureTableBuilder, type FeatureTable } from '../../table/feature-table.js';
import { jsonSyntaxErrorOffset, locateJsonPath, type JsonPathStep } from '../../text/json-locate.js';
import { bytesToText, lineColumnAt } from '../../text/text.js';

/** The BIOM keys without which no table can be built. */
const REQUIRED_KEYS = ['rows', 'columns', 'data', 'shape'] as const;

type Json = unknown;
type JsonObject = Record<string, Json>;

/** Parses BIOM 1.0 JSON bytes (gzip accepted); throws DataErrorSignal on bad input. */
export function parseBiomJson(bytes: Uint8Array, _fileName?: string): FeatureTable {
  return parseBiomJsonText(bytesToText(bytes));
}

/** Parses BIOM 1.0 JSON text. */
export function parseBiomJsonText(text: string): FeatureTable {
  const doc = parseJson(text);
  const fault = (code: ErrorCode, message: string, path: readonly JsonPathStep[], expected?: string): never =>
    fail(code, message, { ...lineColumnAt(text, locateJsonPath(text, path)), ...(expected ? { expected } : {}) });
  if (!isObject(doc)) return fault('INVALID_BIOM', 'a BIOM JSON document is an object', [], '{ "rows": …, "columns": … }');
  for (const key of REQUIRED_KEYS) {
    if (!(key in doc)) fault('INVALID_BIOM', `missing required key '${key}'`, [], `'${key}'`);
    if (key !== 'shape' && !Array.isArray(doc[key])) fault('INVALID_BIOM', `'${key}' must be a list`, [key]);
  }
  const [nRows, nCols] = readShape(doc.shape, fault);
  const featureIds = readIds(doc.rows as Json[], 'rows', 'feature', fault);
  const sampleIds = readIds(doc.columns as Json[], 'columns', 'sample', fault);
  if (featureIds.length !== nRows) {
    fault('SHAPE_MISMATCH', `shape says ${nRows} rows but 'rows' lists ${featureIds.length}`, ['shape', 0], String(featureIds.length));
  }
  if (sampleIds.length !== nCols) {
    fault('SHAPE_MISMATCH', `shape says ${nCols} columns but 'columns' lists ${sampleIds.length}`, ['shape', 1], String(sampleIds.length));
  }
  const data = doc.data as Json[];
  const builder = new FeatureTableBuilder(featureIds, sampleIds, Math.max(16, data.length));
  if (matrixType(doc, nRows, nCols, fault) === 'sparse') addSparse(data, nRows, nCols, builder, fault);
  else addDense(data, nRows, nCols, builder, fault);
  const taxonomy = readTaxonomy(doc.rows as Json[]);
  return builder.build(taxonomy);
}

type Fault = (code: ErrorCode, message: string, path: readonly JsonPathStep[], expected?: string) => never;

/** JSON.parse with syntax errors mapped to TRUNCATED_JSON / INVALID_JSON at a line and column. */
function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    const offset = jsonSyntaxErrorOffset(text);
    if (offset === -1 || offset >= text.length) {
      const end = text.trimEnd().length;
      fail('TRUNCATED_JSON', `JSON ends early after ${end} characters: the file is incomplete`, lineColumnAt(text, end));
    }
    const found = JSON.stringify(text.slice(offset, offset + 20));
    fail('INVALID_JSON', `JSON syntax error at ${found}`, lineColumnAt(text, offset));
  }
}

/** True for a non-null, non-array object. */
function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `shape` as [rows, columns] of non-negative integers. */
function readShape(shape: Json, fault: Fault): [number, number] {
  const ok = Array.isArray(shape) && shape.length === 2 && shape.every((n) => Number.isInteger(n) && (n as number) >= 0);
  if (!ok) fault('SHAPE_MISMATCH', "'shape' must be [rows, columns] of non-negative integers", ['shape'], '[rows, columns]');
  return [(shape as number[])[0]!, (shape as number[])[1]!];
}

/** Ids of `rows` or `columns`, each unique and non-empty. */
function readIds(entries: Json[], key: 'rows' | 'columns', what: string, fault: Fault): string[] {
  const ids: string[] = new Array(entries.length);
  const seen = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!isObject(e) || !('id' in e)) fault('INVALID_BIOM', `${key}[${i}] has no 'id'`, [key, i], "{ \"id\": … }");
    const raw = (e as JsonObject).id;
    if (typeof raw !== 'string' && typeof raw !== 'number') fault('MISSING_ID', `${key}[${i}].id must be a string`, [key, i, 'id']);
    const id = String(raw);
    if (id === '') fault('MISSING_ID', `${key}[${i}] has an empty ${what} id`, [key, i, 'id']);
    const first = seen.get(id);
    if (first !== undefined) fault('DUPLICATE_ID', `duplicate ${what} id '${id}' in ${key}[${i}] (first in ${key}[${first}])`, [key, i, 'id']);
    seen.set(id, i);
    ids[i] = id;
  }
  return ids;
}

/** `matrix_type`, inferred from the data's layout when the key is absent and the layout is unambiguous. */
function matrixType(doc: JsonObject, nRows: number, nCols: number, fault: Fault): 'sparse' | 'dense' {
  const declared = doc.matrix_type;
  if (declared === 'sparse' || declared === 'dense') return declared;
  if (declared !== undefined) fault('INVALID_BIOM', `unknown matrix_type ${JSON.stringify(declared)}`, ['matrix_type'], "'sparse' or 'dense'");
  const data = doc.data as Json[];
  if (data.length === 0) return 'sparse';
  const triplets = data.every((t) => Array.isArray(t) && t.length === 3);
  const denseRows = data.length === nRows && data.every((r) => Array.isArray(r) && r.length === nCols);
  if (triplets && !denseRows) return 'sparse';
  if (denseRows && !triplets) return 'dense';
  return fault('INVALID_BIOM', "missing required key 'matrix_type' and the data could be either sparse or dense", [], "'matrix_type'");
}

/** Adds `[row, column, value]` triplets. */
function addSparse(data: Json[], nRows: number, nCols: number, b: FeatureTableBuilder, fault: Fault): void {
  for (let k = 0; k < data.length; k++) {
    const t = data[k];
    if (!Array.isArray(t) || t.length !== 3) fault('SHAPE_MISMATCH', `data[${k}] is not a [row, column, value] triplet`, ['data', k], '[row, column, value]');
    const [r, c, v] = t as [Json, Json, Json];
    checkIndex(r, nRows, 'row', ['data', k, 0], fault);
    checkIndex(c, nCols, 'column', ['data', k, 1], fault);
    b.add(r as number, c as number, checkValue(v, ['data', k, 2], fault));
  }
}

/** Adds a dense list of rows. */
function addDense(data: Json[], nRows: number, nCols: number, b: FeatureTableBuilder, fault: Fault): void {
  if (data.length !== nRows) fault('SHAPE_MISMATCH', `dense data has ${data.length} rows, shape says ${nRows}`, ['data'], String(nRows));
  for (let i = 0; i < nRows; i++) {
    const row = data[i];
    if (!Array.isArray(row) || row.length !== nCols) {
      const got = Array.isArray(row) ? `${row.length} values` : 'not a list';
      fault('SHAPE_MISMATCH', `data[${i}] has ${got}, shape says ${nCols} columns`, ['data', i], String(nCols));
    }
    for (let j = 0; j < nCols; j++) b.add(i, j, checkValue((row as Json[])[j], ['data', i, j], fault));
  }
}

/** Fails SHAPE_MISMATCH unless `v` is an integer index in [0, n). */
function checkIndex(v: Json, n: number, what: string, path: JsonPathStep[], fault: Fault): void {
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= n) {
    fault('SHAPE_MISMATCH', `${what} index ${JSON.stringify(v)} is outside 0..${n - 1}`, path, `0..${n - 1}`);
  }
}

/** A finite, non-negative number, or a NON_NUMERIC_VALUE / NEGATIVE_VALUE failure. */
function checkValue(v: Json, path: JsonPathStep[], fault: Fault): number {
  if (typeof v !== 'number') return fault('NON_NUMERIC_VALUE', `value ${JSON.stringify(v)} is not a number`, path, 'a non-negative number');
  if (v < 0) fault('NEGATIVE_VALUE', `negative value ${v}`, path, 'a non-negative number');
  return v;
}

/** Lineage strings from `rows[].metadata.taxonomy` (or `Taxonomy`); undefined when no row has one. */
function readTaxonomy(rows: Json[]): (string | null)[] | undefined {
  let any = false;
  const out = rows.map((r) => {
    const md = isObject(r) ? r.metadata : undefined;
    const lineage = isObject(md) ? lineageString(md.taxonomy ?? md.Taxonomy) : null;
    if (lineage !== null) any = true;
    return lineage;
  });
  return any ? out : undefined;
}

/** A list of ranks joined with '; ', or a lineage string trimmed; null otherwise. */
function lineageString(v: Json): string | null {
  if (Array.isArray(v)) return v.map((rank) => (rank === null ? '' : String(rank).trim())).join('; ');
  if (typeof v === 'string') return v.trim();
  return null;
}
