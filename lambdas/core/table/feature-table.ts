/**
 * A features × samples abundance table stored sample-major in compressed sparse
 * form (CSC of the features × samples matrix): the non-zero entries of sample j
 * are `data[indptr[j] .. indptr[j+1])` at feature rows `indices[...]`, with
 * feature indices strictly increasing within a sample. Zeros are never stored.
 */
export interface FeatureTable {
  featureIds: string[];
  sampleIds: string[];
  /** length sampleIds.length + 1 */
  indptr: Int32Array;
  /** feature index of each stored value */
  indices: Int32Array;
  /** the stored (non-zero) values */
  data: Float64Array;
  /** optional lineage strings per feature (as found in the file; null when absent) */
  taxonomy?: (string | null)[];
}

/** Number of stored non-zero values. */
export function nnz(t: FeatureTable): number {
  return t.indptr[t.sampleIds.length]!;
}

/** True when every stored value is an integer (the table holds counts). */
export function isIntegerTable(t: FeatureTable): boolean {
  const d = t.data;
  for (let k = 0; k < nnz(t); k++) if (!Number.isInteger(d[k])) return false;
  return true;
}

/** The non-zero values of sample j as a subarray view (no copy). */
export function sampleValues(t: FeatureTable, j: number): Float64Array {
  return t.data.subarray(t.indptr[j]!, t.indptr[j + 1]!);
}

/** The feature indices of sample j's non-zero values as a subarray view. */
export function sampleFeatureIndices(t: FeatureTable, j: number): Int32Array {
  return t.indices.subarray(t.indptr[j]!, t.indptr[j + 1]!);
}

/**
 * Accumulates (feature, sample, value) triplets in any order and builds a
 * FeatureTable. Zero values are skipped; repeated (feature, sample) pairs are
 * summed. Memory: three growable typed arrays, no boxed matrix.
 */
export class FeatureTableBuilder {
  private rows: Int32Array;
  private cols: Int32Array;
  private vals: Float64Array;
  private n = 0;

  constructor(
    private readonly featureIds: string[],
    private readonly sampleIds: string[],
    capacity = 1024,
  ) {
    this.rows = new Int32Array(capacity);
    this.cols = new Int32Array(capacity);
    this.vals = new Float64Array(capacity);
  }

  /** Adds one value; zeros are ignored. */
  add(feature: number, sample: number, value: number): void {
    if (value === 0) return;
    if (this.n === this.rows.length) this.grow();
    this.rows[this.n] = feature;
    this.cols[this.n] = sample;
    this.vals[this.n] = value;
    this.n++;
  }

  private grow(): void {
    const cap = this.rows.length * 2;
    const r = new Int32Array(cap);
    r.set(this.rows);
    const c = new Int32Array(cap);
    c.set(this.cols);
    const v = new Float64Array(cap);
    v.set(this.vals);
    this.rows = r;
    this.cols = c;
    this.vals = v;
  }

  /** Counting-sorts the triplets by sample, then by feature within each sample. */
  build(taxonomy?: (string | null)[]): FeatureTable {
    const nS = this.sampleIds.length;
    const nF = this.featureIds.length;
    // pass 1: order by feature (counting sort), pass 2: stable order by sample
    const byFeature = countingOrder(this.rows, this.n, nF);
    const countS = new Int32Array(nS + 1);
    for (let k = 0; k < this.n; k++) countS[this.cols[k]! + 1]!++;
    for (let j = 0; j < nS; j++) countS[j + 1]! += countS[j]!;
    const indptr = Int32Array.from(countS);
    const pos = Int32Array.from(countS.subarray(0, nS));
    const indices = new Int32Array(this.n);
    const data = new Float64Array(this.n);
    for (let t = 0; t < this.n; t++) {
      const k = byFeature[t]!;
      const j = this.cols[k]!;
      const p = pos[j]!++;
      indices[p] = this.rows[k]!;
      data[p] = this.vals[k]!;
    }
    const merged = mergeDuplicates(indptr, indices, data);
    return {
      featureIds: this.featureIds,
      sampleIds: this.sampleIds,
      ...merged,
      ...(taxonomy ? { taxonomy } : {}),
    };
  }
}

function countingOrder(keys: Int32Array, n: number, nKeys: number): Int32Array {
  const count = new Int32Array(nKeys + 1);
  for (let k = 0; k < n; k++) count[keys[k]! + 1]!++;
  for (let i = 0; i < nKeys; i++) count[i + 1]! += count[i]!;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[count[keys[k]!]!++] = k;
  return order;
}

function mergeDuplicates(indptr: Int32Array, indices: Int32Array, data: Float64Array) {
  const nS = indptr.length - 1;
  let dup = false;
  for (let j = 0; j < nS && !dup; j++)
    for (let p = indptr[j]! + 1; p < indptr[j + 1]!; p++) if (indices[p] === indices[p - 1]) dup = true;
  if (!dup) return { indptr, indices, data };
  const outPtr = new Int32Array(nS + 1);
  const outIdx = new Int32Array(indices.length);
  const outVal = new Float64Array(indices.length);
  let w = 0;
  for (let j = 0; j < nS; j++) {
    for (let p = indptr[j]!; p < indptr[j + 1]!; p++) {
      if (w > outPtr[j]! && outIdx[w - 1] === indices[p]) outVal[w - 1]! += data[p]!;
      else {
        outIdx[w] = indices[p]!;
        outVal[w] = data[p]!;
        w++;
      }
    }
    outPtr[j + 1] = w;
  }
  return { indptr: outPtr, indices: outIdx.slice(0, w), data: outVal.slice(0, w) };
}
