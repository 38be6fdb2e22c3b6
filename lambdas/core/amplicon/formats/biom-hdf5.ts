/**
 * BIOM 2.1 HDF5 reader (http://biom-format.org/documentation/format_versions/biom-2.1.html).
 *
 * The bytes go into h5wasm's in-memory Emscripten file system (the package's
 * default ESM build, MEMFS); the `h5wasm/node` build is not used because its FS
 * is the host disk (NODERAWFS) and core does no I/O. `sample/matrix` is CSC by
 * sample, our own layout; `observation/matrix` (CSR by observation) is the
 * fallback. HDF5 errors are turned into DataErrors (TRUNCATED_FILE, INVALID_BIOM).
 */
import h5wasm, { type Dataset, type Group, type File as H5File } from 'h5wasm';
import { DataErrorSignal, fail } from '../../errors.js';
import { type FeatureTable, FeatureTableBuilder } from '../../table/feature-table.js';
import { checkId, type IdAxis, type IdNormalization, type IdNormalized, normalizationsField } from '../../text/ids.js';
import { inflateLimit } from '../../text/inflate.js';
import { inflateAllowance, type ParseLimits, resolveLimits } from '../../text/limits.js';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** BIOM 2.1 escapes '/' in metadata category names as this token. */
const SLASH_ESCAPE = '@@SLASH@@';
const RANK_SEPARATOR = '; ';

let fileSeq = 0;

/** What one read works under: the limits, the bytes its datasets may still take (HDF5 datasets may be gzip-compressed inside the file), changed id spellings. */
interface ReadContext {
  limits: ParseLimits;
  fileBytes: number;
  remaining: number;
  normalizations: IdNormalization[];
}

/**
 * Parses BIOM 2.1 HDF5 bytes (one synchronous h5wasm session after the module
 * is ready); signals EMPTY_FILE, TRUNCATED_FILE, INVALID_BIOM, SHAPE_MISMATCH,
 * DUPLICATE_ID, NEGATIVE_VALUE, NON_NUMERIC_VALUE, NON_FINITE_VALUE, the id
 * rule's codes, TOO_MANY_ROWS / TOO_MANY_COLUMNS (observations / samples) and
 * INFLATE_LIMIT when the datasets it reads would take more than the inflation
 * allowance for the file's size (checked from their shapes, before reading).
 */
export async function parseBiomHdf5(
  bytes: Uint8Array,
  limits: Partial<ParseLimits> = {},
): Promise<FeatureTable & IdNormalized> {
  checkSignature(bytes);
  const lim = resolveLimits(limits);
  const ctx: ReadContext = {
    limits: lim,
    fileBytes: bytes.length,
    remaining: inflateAllowance(bytes.length, lim),
    normalizations: [],
  };
  const Module = await h5wasm.ready;
  const name = `/biomeflow-${++fileSeq}.biom`;
  let file: H5File | undefined;
  Module.activate_throwing_error_handler();
  try {
    Module.FS.writeFile(name, bytes);
    file = new h5wasm.File(name, 'r');
    return { ...readTable(file, ctx), ...normalizationsField(ctx.normalizations) };
  } catch (e) {
    if (e instanceof DataErrorSignal) throw e;
    const detail = hdf5Reason(e);
    if (/truncated/i.test(detail))
      fail('TRUNCATED_FILE', `the HDF5 file is truncated (${detail})`, { expected: 'a complete BIOM 2.1 HDF5 file' });
    return fail('INVALID_BIOM', `not a readable BIOM 2.1 HDF5 file: ${detail}`, { expected: 'a BIOM 2.1 HDF5 file' });
  } finally {
    try {
      file?.close();
    } catch {
      // the id is already invalid after a failed read
    }
    try {
      Module.FS.unlink(name);
    } catch {
      // writeFile itself failed
    }
    Module.deactivate_throwing_error_handler();
  }
}

function checkSignature(bytes: Uint8Array): void {
  if (bytes.length === 0) fail('EMPTY_FILE', 'the file is empty', { expected: 'a BIOM 2.1 HDF5 file' });
  if (bytes.length < HDF5_SIGNATURE.length) {
    if (HDF5_SIGNATURE.slice(0, bytes.length).every((b, i) => bytes[i] === b)) {
      fail('TRUNCATED_FILE', `the HDF5 file is truncated (${bytes.length} bytes)`, {
        expected: 'a complete BIOM 2.1 HDF5 file',
      });
    }
    fail('INVALID_BIOM', 'no HDF5 signature', { expected: 'a BIOM 2.1 HDF5 file' });
  }
  // the superblock sits at 0 or, after a user block, at 512, 1024, 2048, ...
  for (let at = 0; at + HDF5_SIGNATURE.length <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (HDF5_SIGNATURE.every((b, i) => bytes[at + i] === b)) return;
  }
  fail('INVALID_BIOM', 'no HDF5 signature', { expected: 'a BIOM 2.1 HDF5 file' });
}

/** The innermost reason of an h5wasm/HDF5 error stack, e.g. "truncated file: eof = …". */
function hdf5Reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const reasons = [...msg.matchAll(/#\d+: .*? in [\w]+\(\): (.*)$/gm)].map((m) => m[1]!.trim());
  const reason = reasons.at(-1) ?? msg.split('\n')[0]!.trim();
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}

function readTable(file: H5File, ctx: ReadContext): FeatureTable {
  checkFormatVersion(file);
  const featureIds = readIds(file, 'observation/ids', 'feature', ctx);
  const sampleIds = readIds(file, 'sample/ids', 'sample', ctx);
  const shape = readShape(file);
  if (shape && (shape[0] !== featureIds.length || shape[1] !== sampleIds.length)) {
    fail(
      'SHAPE_MISMATCH',
      `shape attribute is ${shape[0]} x ${shape[1]} but there are ${featureIds.length} observation ids and ${sampleIds.length} sample ids`,
      {
        expected: 'shape = [len(observation/ids), len(sample/ids)]',
      },
    );
  }
  checkUnique(featureIds, 'observation');
  checkUnique(sampleIds, 'sample');
  const taxonomy = readTaxonomy(file, featureIds.length, ctx);
  const matrix = readMatrix(file, featureIds, sampleIds, ctx);
  return { featureIds, sampleIds, ...matrix, ...(taxonomy ? { taxonomy } : {}) };
}

function dataset(file: H5File, path: string): Dataset | null {
  const e = file.get(path);
  return e instanceof h5wasm.Dataset ? e : null;
}

function requireDataset(file: H5File, path: string): Dataset {
  return dataset(file, path) ?? fail('INVALID_BIOM', `missing dataset ${path}`, { expected: 'a BIOM 2.1 HDF5 file' });
}

function attrNumbers(file: H5File, name: string): number[] | null {
  const a = file.attrs[name];
  if (a === undefined) return null;
  const v = a.value;
  if (typeof v === 'number' || typeof v === 'bigint') return [Number(v)];
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return Array.from(v as ArrayLike<number | bigint>, Number);
  return null;
}

function checkFormatVersion(file: H5File): void {
  const v = attrNumbers(file, 'format-version');
  if (v && v[0] !== 2)
    fail('INVALID_BIOM', `unsupported BIOM format-version ${v.join('.')}`, { expected: 'format-version 2.x' });
}

function readShape(file: H5File): [number, number] | null {
  const s = attrNumbers(file, 'shape');
  if (s === null) return null;
  if (s.length !== 2 || !s.every((x) => Number.isSafeInteger(x) && x >= 0)) {
    fail('INVALID_BIOM', `shape attribute ${JSON.stringify(s)} is not two non-negative integers`, {
      expected: '[n_observations, n_samples]',
    });
  }
  return [s[0]!, s[1]!];
}

/** The value of a dataset, once its size (elements × element size, from its metadata) fits what the read may still take; INFLATE_LIMIT otherwise. */
function datasetValue(ds: Dataset, path: string, ctx: ReadContext): unknown {
  const m = ds.metadata;
  const bytes = (m.total_size ?? 0) * Math.max(1, m.size ?? 1);
  if (bytes > ctx.remaining) inflateLimit(`HDF5 dataset ${path}`, bytes, ctx.fileBytes, ctx.limits, true);
  ctx.remaining -= bytes;
  return ds.value;
}

/** Number of elements a dataset holds, from its metadata. */
function elementCount(ds: Dataset): number {
  return ds.metadata.total_size ?? 0;
}

function readIds(file: H5File, path: string, axis: IdAxis, ctx: ReadContext): string[] {
  const ds = requireDataset(file, path);
  const max = axis === 'feature' ? ctx.limits.maxRows : ctx.limits.maxColumns;
  if (elementCount(ds) > max) {
    fail(
      axis === 'feature' ? 'TOO_MANY_ROWS' : 'TOO_MANY_COLUMNS',
      `${path} holds ${elementCount(ds)} ids; at most ${max} ${axis}s are read`,
      {
        expected: `at most ${max} ${axis}s (limit ${axis === 'feature' ? 'maxRows' : 'maxColumns'})`,
      },
    );
  }
  const v = datasetValue(ds, path, ctx);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return (v as string[]).map((id, i) => {
      try {
        return checkId(id, axis, { line: 0, column: 0 }, ctx.normalizations, ctx.limits);
      } catch (e) {
        if (e instanceof DataErrorSignal)
          throw new DataErrorSignal({ ...e.error, message: `${path}[${i}]: ${e.error.message}` });
        throw e;
      }
    });
  }
  // biom-format writes an empty table's ids as a 0-length float dataset
  if (ArrayBuffer.isView(v) && (v as unknown as ArrayLike<number>).length === 0) return [];
  return fail('INVALID_BIOM', `${path} is not a 1-D string dataset`, { expected: 'string ids' });
}

function checkUnique(ids: string[], axis: 'observation' | 'sample'): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) fail('DUPLICATE_ID', `duplicate ${axis} id '${id}'`, { expected: `unique ${axis} ids` });
    seen.add(id);
  }
}

function toFloat64(v: unknown, path: string): Float64Array {
  if (v instanceof Float64Array) return v;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float64Array.from(v, Number);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Float64Array.from(v as unknown as ArrayLike<number>);
  return fail('INVALID_BIOM', `${path} is not a numeric dataset`, { expected: 'numbers' });
}

function toInt32(v: unknown, path: string): Int32Array {
  if (v instanceof Int32Array) return v;
  const f = toFloat64(v, path);
  const out = new Int32Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const x = f[i]!;
    if (!Number.isInteger(x) || x < 0 || x > 0x7fffffff)
      fail('INVALID_BIOM', `${path}[${i}] = ${x} is not a valid index`, { expected: 'integers in [0, 2^31)' });
    out[i] = x;
  }
  return out;
}

interface Compressed {
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
}

function readCompressed(file: H5File, group: string, ctx: ReadContext): Compressed | null {
  if (!(file.get(group) instanceof h5wasm.Group)) return null;
  const d = dataset(file, `${group}/data`);
  const ix = dataset(file, `${group}/indices`);
  const p = dataset(file, `${group}/indptr`);
  if (!d || !ix || !p) return null;
  const indptr = toInt32(datasetValue(p, `${group}/indptr`, ctx), `${group}/indptr`);
  const indices = toInt32(datasetValue(ix, `${group}/indices`, ctx), `${group}/indices`);
  return { data: toFloat64(datasetValue(d, `${group}/data`, ctx), `${group}/data`), indices, indptr };
}

/** Checks a compressed matrix with `outer` rows of pointers into `inner`-bounded indices. */
function checkCompressed(
  m: Compressed,
  group: string,
  outer: string[],
  inner: string[],
  outerIsSample: boolean,
): boolean {
  const { indptr, indices, data } = m;
  if (indptr.length !== outer.length + 1) {
    fail(
      'SHAPE_MISMATCH',
      `${group}/indptr has ${indptr.length} entries for ${outer.length} ${outerIsSample ? 'samples' : 'observations'}`,
      {
        expected: `${outer.length + 1} entries`,
      },
    );
  }
  if (indices.length !== data.length)
    fail('INVALID_BIOM', `${group}: ${indices.length} indices but ${data.length} values`, {
      expected: 'equal lengths',
    });
  if (indptr[0] !== 0) fail('INVALID_BIOM', `${group}/indptr[0] = ${indptr[0]}`, { expected: '0' });
  if (indptr[outer.length] !== data.length) {
    fail('INVALID_BIOM', `${group}/indptr ends at ${indptr[outer.length]} but there are ${data.length} values`, {
      expected: `${data.length}`,
    });
  }
  let canonical = true;
  for (let o = 0; o < outer.length; o++) {
    const start = indptr[o]!;
    const end = indptr[o + 1]!;
    if (end < start)
      fail('INVALID_BIOM', `${group}/indptr decreases at ${o + 1} (${start} -> ${end})`, {
        expected: 'non-decreasing indptr',
      });
    for (let k = start; k < end; k++) {
      const i = indices[k]!;
      if (i < 0 || i >= inner.length)
        fail('INVALID_BIOM', `${group}/indices[${k}] = ${i} is out of range`, { expected: `< ${inner.length}` });
      const v = data[k]!;
      if (!Number.isFinite(v))
        fail('NON_FINITE_VALUE', `value ${v} at ${where(outer[o]!, inner[i]!, outerIsSample)}`, {
          expected: 'a finite, non-negative count or abundance',
        });
      if (v < 0)
        fail('NEGATIVE_VALUE', `negative value ${v} at ${where(outer[o]!, inner[i]!, outerIsSample)}`, {
          expected: 'a non-negative count or abundance',
        });
      if (v === 0 || (k > start && i <= indices[k - 1]!)) canonical = false;
    }
  }
  return canonical;
}

function where(outerId: string, innerId: string, outerIsSample: boolean): string {
  return outerIsSample
    ? `observation '${innerId}', sample '${outerId}'`
    : `observation '${outerId}', sample '${innerId}'`;
}

function readMatrix(file: H5File, featureIds: string[], sampleIds: string[], ctx: ReadContext): Compressed {
  const bySample = readCompressed(file, 'sample/matrix', ctx);
  if (bySample) {
    if (checkCompressed(bySample, 'sample/matrix', sampleIds, featureIds, true)) return bySample;
    return rebuild(bySample, featureIds, sampleIds, true);
  }
  const byObservation = readCompressed(file, 'observation/matrix', ctx);
  if (!byObservation)
    return fail('INVALID_BIOM', 'neither sample/matrix nor observation/matrix holds data, indices and indptr', {
      expected: 'a BIOM 2.1 HDF5 file',
    });
  checkCompressed(byObservation, 'observation/matrix', featureIds, sampleIds, false);
  return rebuild(byObservation, featureIds, sampleIds, false);
}

/** Re-sorts into sample-major order with increasing feature indices, dropping stored zeros and summing repeated entries. */
function rebuild(m: Compressed, featureIds: string[], sampleIds: string[], outerIsSample: boolean): Compressed {
  const b = new FeatureTableBuilder(featureIds, sampleIds, Math.max(1, m.data.length));
  const nOuter = m.indptr.length - 1;
  for (let o = 0; o < nOuter; o++) {
    for (let k = m.indptr[o]!; k < m.indptr[o + 1]!; k++) {
      if (outerIsSample) b.add(m.indices[k]!, o, m.data[k]!);
      else b.add(o, m.indices[k]!, m.data[k]!);
    }
  }
  const t = b.build();
  return { indptr: t.indptr, indices: t.indices, data: t.data };
}

function readTaxonomy(file: H5File, nFeatures: number, ctx: ReadContext): (string | null)[] | undefined {
  const md = file.get('observation/metadata');
  if (!(md instanceof h5wasm.Group)) return undefined;
  const key = (md as Group).keys().find((k) => k.replaceAll(SLASH_ESCAPE, '/').toLowerCase() === 'taxonomy');
  if (key === undefined) return undefined;
  const ds = dataset(file, `observation/metadata/${key}`);
  if (!ds) return undefined;
  const shape = ds.shape ?? [];
  const v = datasetValue(ds, `observation/metadata/${key}`, ctx);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    return fail('INVALID_BIOM', `observation/metadata/${key} is not a string dataset`, {
      expected: 'taxonomy strings',
    });
  }
  const longest = (v as string[]).reduce((m, x) => Math.max(m, x.length), 0);
  if (longest > ctx.limits.maxCellLength) {
    fail(
      'CELL_TOO_LONG',
      `observation/metadata/${key} holds a string of ${longest} characters; at most ${ctx.limits.maxCellLength} are read`,
      {
        expected: `strings of at most ${ctx.limits.maxCellLength} characters (limit maxCellLength)`,
      },
    );
  }
  if (shape[0] !== nFeatures) {
    fail('SHAPE_MISMATCH', `observation/metadata/${key} has ${shape[0] ?? 0} rows for ${nFeatures} observations`, {
      expected: `${nFeatures} rows`,
    });
  }
  const strings = v as string[];
  if (shape.length === 1) return strings.map(lineageOfString);
  if (shape.length !== 2)
    fail('INVALID_BIOM', `observation/metadata/${key} has ${shape.length} dimensions`, { expected: '1 or 2' });
  const depth = shape[1]!;
  const out: (string | null)[] = new Array(nFeatures);
  for (let i = 0; i < nFeatures; i++) out[i] = joinRanks(strings.slice(i * depth, (i + 1) * depth));
  return out;
}

/** Ranks joined with "; " in position (an empty middle rank stays, as unassigned); trailing empty ranks dropped; null when all are empty. */
function joinRanks(ranks: string[]): string | null {
  const trimmed = ranks.map((r) => r.trim());
  let last = trimmed.length - 1;
  while (last >= 0 && trimmed[last] === '') last--;
  return last >= 0 ? trimmed.slice(0, last + 1).join(RANK_SEPARATOR) : null;
}

/** A 1-D taxonomy entry: a JSON list of ranks (as some writers store list metadata) or the lineage itself. */
function lineageOfString(s: string): string | null {
  const t = s.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed) && parsed.every((r) => typeof r === 'string')) return joinRanks(parsed as string[]);
    } catch {
      // not JSON: keep the text
    }
  }
  return t === '' ? null : t;
}
