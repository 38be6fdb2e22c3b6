/**
 * The pipeline's matrix artifacts read back for export: QIIME 2 distance-matrix
 * TSVs (`bray_curtis.tsv`, …) into long-form pairs, and the processed
 * metabolomics TSV (features in rows, samples in columns) into a sample-major
 * matrix and its tidy long form.
 */
import { condensedLength, type DistanceMatrix, distanceMatrix } from '../amplicon/diversity/beta/distance-matrix.js';

/** A value, or the reason there is none (exports skip what cannot be read and say why). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A processed metabolomics matrix, sample-major: values[s * featureIds.length + f]. */
export interface ProcessedMatrix {
  sampleIds: string[];
  featureIds: string[];
  values: Float64Array;
}

/** Lines of a TSV without the trailing empty line. */
function tsvLines(text: string): string[][] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t'));
}

/** A QIIME 2 distance-matrix TSV (header: empty cell + ids; rows: id + n distances) as a condensed matrix (upper triangle). */
export function parseQiimeDistanceTsv(text: string): Outcome<DistanceMatrix> {
  const rows = tsvLines(text);
  const ids = rows[0]?.slice(1) ?? [];
  const n = ids.length;
  if (rows.length !== n + 1)
    return { ok: false, reason: `distance matrix has ${n} ids in its header but ${rows.length - 1} rows` };
  const data = new Float64Array(condensedLength(n));
  let k = 0;
  for (let r = 0; r < n; r++) {
    const row = rows[r + 1]!;
    if (row.length !== n + 1 || row[0] !== ids[r])
      return { ok: false, reason: `distance matrix row ${r + 1} is not '${ids[r]}' followed by ${n} distances` };
    for (let j = r + 1; j < n; j++) {
      const x = Number(row[j + 1]);
      if (Number.isNaN(x)) return { ok: false, reason: `distance matrix row ${r + 1} has a non-numeric distance` };
      data[k++] = x;
    }
  }
  return { ok: true, value: distanceMatrix(ids, data) };
}

/** Long form of a distance matrix: one row per unordered pair (i < j, matrix order), `sampleId` the earlier sample. */
export function betaRows(dm: DistanceMatrix, fields: Record<string, unknown>): Record<string, unknown>[] {
  const n = dm.ids.length;
  const out: Record<string, unknown>[] = new Array(dm.data.length);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++)
      out[k] = { sampleId: dm.ids[i], otherSampleId: dm.ids[j], ...fields, distance: dm.data[k] };
  }
  return out;
}

/** The processed metabolomics TSV (`featureId` + sample ids header; one row per kept feature) as a sample-major matrix. */
export function parseProcessedTsv(text: string): Outcome<ProcessedMatrix> {
  const rows = tsvLines(text);
  const header = rows[0];
  if (header?.[0] !== 'featureId')
    return { ok: false, reason: "processed matrix does not start with a 'featureId' header" };
  const sampleIds = header.slice(1);
  const nS = sampleIds.length;
  const featureIds = rows.slice(1).map((r) => r[0]!);
  const nF = featureIds.length;
  const values = new Float64Array(nS * nF);
  for (let f = 0; f < nF; f++) {
    const row = rows[f + 1]!;
    if (row.length !== nS + 1)
      return { ok: false, reason: `processed matrix row ${f + 2} has ${row.length - 1} values for ${nS} samples` };
    for (let s = 0; s < nS; s++) values[s * nF + f] = Number(row[s + 1]);
  }
  return { ok: true, value: { sampleIds, featureIds, values } };
}

/** Tidy long form of a processed matrix: one row per sample × feature, samples in matrix order, features within. */
export function matrixRows(
  m: ProcessedMatrix,
  metadataIdOf: (sampleId: string) => string | null,
  fields: Record<string, unknown>,
): Record<string, unknown>[] {
  const nF = m.featureIds.length;
  const out: Record<string, unknown>[] = [];
  m.sampleIds.forEach((sampleId, s) => {
    const metadataId = metadataIdOf(sampleId);
    for (let f = 0; f < nF; f++)
      out.push({ sampleId, metadataId, ...fields, featureId: m.featureIds[f], value: m.values[s * nF + f] });
  });
  return out;
}
