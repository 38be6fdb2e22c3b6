/**
 * BIOM 1.0 JSON (http://biom-format.org/documentation/format_versions/biom-1.0.html),
 * sparse or dense, into a FeatureTable. Rows are features (observations),
 * columns are samples. Observation taxonomy is kept as one lineage string.
 */
import { type ErrorCode, fail } from '../../errors.js';
import { type FeatureTable, FeatureTableBuilder } from '../../table/feature-table.js';
import { checkId, type IdAxis, type IdNormalization, type IdNormalized, normalizationsField } from '../../text/ids.js';
import { type JsonPathStep, jsonSyntaxErrorOffset, locateJsonPath } from '../../text/json-locate.js';
import { type ParseLimits, resolveLimits } from '../../text/limits.js';
import { bytesToText, lineColumnAt } from '../../text/text.js';

/** The BIOM keys without which no table can be built. */
const REQUIRED_KEYS = ['rows', 'columns', 'data', 'shape'] as const;

type Json = unknown;
type JsonObject = Record<string, Json>;

/** Parses BIOM 1.0 JSON bytes (gzip accepted); throws DataErrorSignal on bad input. */
export function parseBiomJson(
  bytes: Uint8Array,
  _fileName?: string,
  limits: Partial<ParseLimits> = {},
): FeatureTable & IdNormalized {
  const lim = resolveLimits(limits);
  return parseBiomJsonText(bytesToText(bytes, lim), lim);
}

/** Parses BIOM 1.0 JSON text. Ids follow the id rule (`checkId`); `rows` beyond maxRows fail TOO_MANY_ROWS, `columns` beyond maxColumns TOO_MANY_COLUMNS. */
export function parseBiomJsonText(text: string, limits: Partial<ParseLimits> = {}): FeatureTable & IdNormalized {
  const lim = resolveLimits(limits);
  const doc = parseJson(text);
  const fault = (code: ErrorCode, message: string, path: readonly JsonPathStep[], expected?: string): never =>
    fail(code, message, { ...lineColumnAt(text, locateJsonPath(text, path)), ...(expected ? { expected } : {}) });
  if (!isObject(doc))
    return fault('INVALID_BIOM', 'a BIOM JSON document is an object', [], '{ "rows": …, "columns": … }');
  for (const key of REQUIRED_KEYS) {
    if (!(key in doc)) fault('INVALID_BIOM', `missing required key '${key}'`, [], `'${key}'`);
    if (key !== 'shape' && !Array.isArray(doc[key])) fault('INVALID_BIOM', `'${key}' must be a list`, [key]);
  }
  const [nRows, nCols] = readShape(doc.shape, fault);
  const normalizations: IdNormalization[] = [];
  const ids = { text, limits: lim, out: normalizations };
  const featureIds = readIds(doc.rows as Json[], 'rows', 'feature', fault, ids);
  const sampleIds = readIds(doc.columns as Json[], 'columns', 'sample', fault, ids);
  if (featureIds.length !== nRows) {
    fault(
      'SHAPE_MISMATCH',
      `shape says ${nRows} rows but 'rows' lists ${featureIds.length}`,
      ['shape', 0],
      String(featureIds.length),
    );
  }
  if (sampleIds.length !== nCols) {
    fault(
      'SHAPE_MISMATCH',
      `shape says ${nCols} columns but 'columns' lists ${sampleIds.length}`,
      ['shape', 1],
      String(sampleIds.length),
    );
  }
  const data = doc.data as Json[];
  const builder = new FeatureTableBuilder(featureIds, sampleIds, Math.max(16, data.length));
  if (matrixType(doc, nRows, nCols, fault) === 'sparse') addSparse(data, nRows, nCols, builder, fault);
  else addDense(data, nRows, nCols, builder, fault);
  const taxonomy = readTaxonomy(doc.rows as Json[], fault, lim);
  return { ...builder.build(taxonomy), ...normalizationsField(normalizations) };
}

type Fault = (code: ErrorCode, message: string, path: readonly JsonPathStep[], expected?: string) => never;

/** JSON.parse with syntax errors mapped to TRUNCATED_JSON / INVALID_JSON at a line and column; Python's `NaN` / `Infinity` tokens are NON_FINITE_VALUE. */
function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    const offset = jsonSyntaxErrorOffset(text);
    if (offset === -1 || offset >= text.length) {
      const end = text.trimEnd().length;
      fail(
        'TRUNCATED_JSON',
        `JSON ends early after ${end} characters: the file is incomplete`,
        lineColumnAt(text, end),
      );
    }
    const token = NON_FINITE_TOKENS.find((t) => text.startsWith(t, offset));
    if (token !== undefined) {
      fail(
        'NON_FINITE_VALUE',
        `JSON holds ${token}, which Python's json module writes for a non-finite float; BIOM values must be finite numbers`,
        {
          ...lineColumnAt(text, offset),
          expected: 'a finite, non-negative number',
        },
      );
    }
    const found = JSON.stringify(text.slice(offset, offset + 20));
    fail('INVALID_JSON', `JSON syntax error at ${found}`, lineColumnAt(text, offset));
  }
}

/** Non-standard tokens Python's json module writes for non-finite floats (`-Infinity` fails at its `I`). */
const NON_FINITE_TOKENS = ['NaN', 'Infinity'];

/** `data[3][2]` for a path, in messages. */
function jsonPathText(path: readonly JsonPathStep[]): string {
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? p : `.${p}`)).join('');
}

/** A JSON value for messages: scalars as JSON (at most 40 characters), containers by their size, never recursively. */
function shownJson(v: Json): string {
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (isObject(v)) return 'an object';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** True for a non-null, non-array object. */
function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `shape` as [rows, columns] of non-negative integers. */
function readShape(shape: Json, fault: Fault): [number, number] {
  const ok =
    Array.isArray(shape) && shape.length === 2 && shape.every((n) => Number.isInteger(n) && (n as number) >= 0);
  if (!ok)
    fault('SHAPE_MISMATCH', "'shape' must be [rows, columns] of non-negative integers", ['shape'], '[rows, columns]');
  return [(shape as number[])[0]!, (shape as number[])[1]!];
}

/** Ids of `rows` or `columns`, each unique, non-empty and passing the id rule; at most maxRows rows and maxColumns columns. */
function readIds(
  entries: Json[],
  key: 'rows' | 'columns',
  what: IdAxis,
  fault: Fault,
  ids: { text: string; limits: ParseLimits; out: IdNormalization[] },
): string[] {
  const max = key === 'rows' ? ids.limits.maxRows : ids.limits.maxColumns;
  if (entries.length > max) {
    fault(
      key === 'rows' ? 'TOO_MANY_ROWS' : 'TOO_MANY_COLUMNS',
      `'${key}' lists ${entries.length} ${what}s; at most ${max} are read`,
      [key, max],
      `at most ${max} ${what}s (limit ${key === 'rows' ? 'maxRows' : 'maxColumns'})`,
    );
  }
  const out: string[] = new Array(entries.length);
  const seen = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!isObject(e) || !('id' in e)) fault('INVALID_BIOM', `${key}[${i}] has no 'id'`, [key, i], '{ "id": … }');
    const raw = (e as JsonObject).id;
    if (typeof raw !== 'string' && typeof raw !== 'number')
      fault('MISSING_ID', `${key}[${i}].id must be a string`, [key, i, 'id']);
    const id = checkId(
      String(raw),
      what,
      () => lineColumnAt(ids.text, locateJsonPath(ids.text, [key, i, 'id'])),
      ids.out,
      ids.limits,
    );
    if (id === '') fault('MISSING_ID', `${key}[${i}] has an empty ${what} id`, [key, i, 'id']);
    const first = seen.get(id);
    if (first !== undefined)
      fault('DUPLICATE_ID', `duplicate ${what} id '${id}' in ${key}[${i}] (first in ${key}[${first}])`, [key, i, 'id']);
    seen.set(id, i);
    out[i] = id;
  }
  return out;
}

/** `matrix_type`, inferred from the data's layout when the key is absent and the layout is unambiguous. */
function matrixType(doc: JsonObject, nRows: number, nCols: number, fault: Fault): 'sparse' | 'dense' {
  const declared = doc.matrix_type;
  if (declared === 'sparse' || declared === 'dense') return declared;
  if (declared !== undefined)
    fault('INVALID_BIOM', `unknown matrix_type ${shownJson(declared)}`, ['matrix_type'], "'sparse' or 'dense'");
  const data = doc.data as Json[];
  if (data.length === 0) return 'sparse';
  const triplets = data.every((t) => Array.isArray(t) && t.length === 3);
  const denseRows = data.length === nRows && data.every((r) => Array.isArray(r) && r.length === nCols);
  if (triplets && !denseRows) return 'sparse';
  if (denseRows && !triplets) return 'dense';
  return fault(
    'INVALID_BIOM',
    "missing required key 'matrix_type' and the data could be either sparse or dense",
    [],
    "'matrix_type'",
  );
}

/** Adds `[row, column, value]` triplets. */
function addSparse(data: Json[], nRows: number, nCols: number, b: FeatureTableBuilder, fault: Fault): void {
  for (let k = 0; k < data.length; k++) {
    const t = data[k];
    if (!Array.isArray(t) || t.length !== 3)
      fault('SHAPE_MISMATCH', `data[${k}] is not a [row, column, value] triplet`, ['data', k], '[row, column, value]');
    const [r, c, v] = t as [Json, Json, Json];
    checkIndex(r, nRows, 'row', ['data', k, 0], fault);
    checkIndex(c, nCols, 'column', ['data', k, 1], fault);
    b.add(r as number, c as number, checkValue(v, ['data', k, 2], fault));
  }
}

/** Adds a dense list of rows. */
function addDense(data: Json[], nRows: number, nCols: number, b: FeatureTableBuilder, fault: Fault): void {
  if (data.length !== nRows)
    fault('SHAPE_MISMATCH', `dense data has ${data.length} rows, shape says ${nRows}`, ['data'], String(nRows));
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
    fault('SHAPE_MISMATCH', `${what} index ${shownJson(v)} is outside 0..${n - 1}`, path, `0..${n - 1}`);
  }
}

/** A finite, non-negative number, or a NON_NUMERIC_VALUE / NON_FINITE_VALUE / NEGATIVE_VALUE failure. */
function checkValue(v: Json, path: JsonPathStep[], fault: Fault): number {
  if (typeof v !== 'number')
    return fault('NON_NUMERIC_VALUE', `value ${shownJson(v)} is not a number`, path, 'a non-negative number');
  if (!Number.isFinite(v))
    fault(
      'NON_FINITE_VALUE',
      `value at ${jsonPathText(path)} overflows a double (beyond ±1.8e308)`,
      path,
      'a finite, non-negative number',
    );
  if (v < 0) fault('NEGATIVE_VALUE', `negative value ${v}`, path, 'a non-negative number');
  return v;
}

/** Lineage strings from `rows[].metadata.taxonomy` (or `Taxonomy`); undefined when no row has one. */
function readTaxonomy(rows: Json[], fault: Fault, limits: ParseLimits): (string | null)[] | undefined {
  let any = false;
  const out = rows.map((r, i) => {
    const md = isObject(r) ? r.metadata : undefined;
    if (!isObject(md)) return null;
    const key = 'taxonomy' in md ? 'taxonomy' : 'Taxonomy';
    const lineage = lineageString(md[key], ['rows', i, 'metadata', key], fault);
    if (lineage !== null && lineage.length > limits.maxCellLength) {
      fault(
        'CELL_TOO_LONG',
        `rows[${i}] has a lineage of ${lineage.length} characters; at most ${limits.maxCellLength} are read`,
        ['rows', i, 'metadata', key],
        `at most ${limits.maxCellLength} characters (limit maxCellLength)`,
      );
    }
    if (lineage !== null) any = true;
    return lineage;
  });
  return any ? out : undefined;
}

/** A list of ranks (strings, numbers or null) joined with '; ', or a lineage string trimmed; null when absent; INVALID_BIOM for a nested rank. */
function lineageString(v: Json, path: JsonPathStep[], fault: Fault): string | null {
  if (Array.isArray(v)) {
    return v
      .map((rank, k) => {
        if (rank === null) return '';
        if (typeof rank === 'object')
          fault(
            'INVALID_BIOM',
            `taxonomy rank ${k} is ${shownJson(rank)}, not a name`,
            [...path, k],
            'a list of rank names',
          );
        return String(rank).trim();
      })
      .join('; ');
  }
  if (typeof v === 'string') return v.trim();
  return null;
}
