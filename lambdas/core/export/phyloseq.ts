/**
 * A phyloseq-ready set for one 16S dataset: the counts as BIOM 1.0 JSON
 * (sparse, features × samples) with each feature's lineage as the
 * `taxonomy` observation metadata (a list of ranks, as QIIME and
 * `phyloseq::import_biom` expect), and the sample data as a QIIME-style
 * mapping TSV (`#SampleID` header, values as written, `NA` when missing)
 * that `phyloseq::import_qiime_sample_data` and `read.delim` read.
 */
import type { SampleMetadata } from '../study/qiime2-metadata.js';
import { type FeatureTable, isIntegerTable } from '../table/feature-table.js';
import { quoteField } from './delimited.js';

export interface BiomOptions {
  /** the table id */
  id: string;
  /** `generated_by`, e.g. 'biomeflow 0.1.0' */
  generatedBy: string;
  /** ISO 8601 date of the data (not of the export, so exports are reproducible) */
  date: string;
}

/** A lineage string as the list of its ranks (split on ';', trimmed, empty ranks dropped). */
export function lineageRanks(lineage: string): string[] {
  return lineage
    .split(';')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/** BIOM 1.0 JSON text of `table`; a feature without a lineage gets `"metadata": null`, as do all when none has one. */
export function toBiomJson(table: FeatureTable, lineages: readonly (string | null)[], options: BiomOptions): string {
  const nS = table.sampleIds.length;
  const data: [number, number, number][] = [];
  for (let j = 0; j < nS; j++) {
    for (let p = table.indptr[j]!; p < table.indptr[j + 1]!; p++) data.push([table.indices[p]!, j, table.data[p]!]);
  }
  const doc = {
    id: options.id,
    format: 'Biological Observation Matrix 1.0.0',
    format_url: 'http://biom-format.org',
    type: 'OTU table',
    generated_by: options.generatedBy,
    date: options.date,
    matrix_type: 'sparse',
    matrix_element_type: isIntegerTable(table) ? 'int' : 'float',
    shape: [table.featureIds.length, nS],
    rows: table.featureIds.map((id, f) => {
      const lineage = lineages[f] ?? null;
      return { id, metadata: lineage === null ? null : { taxonomy: lineageRanks(lineage) } };
    }),
    columns: table.sampleIds.map((id) => ({ id, metadata: null })),
    data,
  };
  return JSON.stringify(doc);
}

/** The metadata rows of `sampleIds` (in that order; ids without a row are left out) as a mapping TSV. */
export function toSampleDataTsv(metadata: SampleMetadata, sampleIds: readonly string[]): string {
  const q = (x: string) => quoteField(x, '\t');
  const rowOf = new Map(metadata.sampleIds.map((id, r) => [id, r]));
  const lines = [['#SampleID', ...metadata.columns.map((c) => c.name)].map(q).join('\t')];
  for (const id of sampleIds) {
    const r = rowOf.get(id);
    if (r === undefined) continue;
    lines.push([q(id), ...metadata.columns.map((c) => (c.values[r] === null ? 'NA' : q(c.values[r]!)))].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
