/**
 * From parsed input to a dataset outcome: the pure part of ingesting one file.
 * No I/O: the caller supplies the bytes and, for 16S tables, the study's taxonomy.
 */
import type { DataError } from '../errors.js';
import type { DatasetOutcome, DatasetKind } from '../results/model.js';
import type { ParsedInput } from '../formats/index.js';
import { summarize16S } from '../summaries/summarize-16s.js';
import { ampliconBeta } from './amplicon-beta.js';

export interface OutcomeContext {
  /** featureId -> lineage, from the study's taxonomy file when one is READY */
  taxonomy?: Map<string, string>;
  taxonomySource?: string;
  /** sample ids of the study's metadata file when one is READY */
  metadataSampleIds?: string[];
  metadataSource?: string;
}

/** A FAILED outcome for a data error. */
export function failedOutcome(error: DataError, kind: DatasetKind | 'unknown' = 'unknown', format = 'unknown'): DatasetOutcome {
  return { status: 'FAILED', kind, format, error };
}

/** Summarizes one parsed input into rows for the results table. */
export function outcomeOf(parsed: ParsedInput, ctx: OutcomeContext = {}): DatasetOutcome {
  switch (parsed.kind) {
    case '16s':
      return outcome16S(parsed, ctx);
    case 'taxonomy': {
      const t = parsed.taxonomy;
      return {
        status: 'READY',
        kind: 'taxonomy',
        format: parsed.format,
        samples: 0,
        features: t.featureIds.length,
        sampleRows: [],
        featureRows: t.featureIds.map((featureId, i) => ({ featureId, taxonomy: t.taxa[i] ?? null, confidence: t.confidence[i] ?? null })),
        notes: [],
        parameters: {},
      };
    }
    case 'metadata': {
      const m = parsed.metadata;
      return {
        status: 'READY',
        kind: 'metadata',
        format: parsed.format,
        samples: m.sampleIds.length,
        features: 0,
        sampleRows: m.sampleIds.map((sampleId, i) => {
          const row: Record<string, unknown> = { sampleId };
          for (const c of m.columns) row[c.name] = c.values[i] ?? null;
          return row;
        }),
        featureRows: [],
        notes: [`${m.columns.length} metadata columns: ${m.columns.map((c) => `${c.name} (${c.type})`).join(', ')}`],
        parameters: { idHeader: m.idHeader },
      };
    }
  }
}

function outcome16S(parsed: Extract<ParsedInput, { kind: '16s' }>, ctx: OutcomeContext): DatasetOutcome {
  const table = parsed.table;
  if (table.sampleIds.length === 0 || table.featureIds.length === 0) {
    return failedOutcome(
      { code: 'EMPTY_TABLE', message: `the table has ${table.featureIds.length} features and ${table.sampleIds.length} samples`, line: 0, column: 0, expected: 'at least one feature and one sample' },
      '16s',
      parsed.format,
    );
  }
  const s = summarize16S(table, ctx.taxonomy);
  const inMetadata = ctx.metadataSampleIds ? new Set(ctx.metadataSampleIds) : null;
  const beta = ampliconBeta(table);
  const sampleRows = s.samples.map((row, order) => ({
    ...row,
    order,
    ...(inMetadata ? { inMetadata: inMetadata.has(row.sampleId) } : {}),
    ...(beta.axes.has(row.sampleId) ? { axes: beta.axes.get(row.sampleId) } : {}),
  }));
  const notes = [...s.notes, ...beta.notes, ...metadataNotes(table.sampleIds, ctx)];
  return {
    status: 'READY',
    kind: '16s',
    format: parsed.format,
    samples: table.sampleIds.length,
    features: table.featureIds.length,
    sampleRows,
    featureRows: s.features.map((row, order) => ({ ...row, order })),
    notes,
    families: { ORDINATION: beta.ordinationRows },
    artifacts: beta.artifacts,
    parameters: {
      integerCounts: s.integerCounts,
      betaInput: 'raw counts (no rarefaction depth set)',
      taxonomySource: ctx.taxonomySource ?? (table.taxonomy ? 'table observation metadata' : null),
      metadataSource: ctx.metadataSource ?? null,
    },
  };
}

const LIST_AT_MOST = 10;

/** Notes naming table samples without a metadata row and metadata rows without a sample (reported, never fatal). */
function metadataNotes(sampleIds: string[], ctx: OutcomeContext): string[] {
  if (!ctx.metadataSampleIds) return ['no sample metadata in the study yet'];
  const meta = new Set(ctx.metadataSampleIds);
  const inTable = new Set(sampleIds);
  const missing = sampleIds.filter((id) => !meta.has(id));
  const extra = ctx.metadataSampleIds.filter((id) => !inTable.has(id));
  const list = (ids: string[]) => ids.slice(0, LIST_AT_MOST).join(', ') + (ids.length > LIST_AT_MOST ? `, … (${ids.length} in all)` : '');
  const notes: string[] = [];
  if (missing.length) notes.push(`${missing.length} table samples have no row in ${ctx.metadataSource}: ${list(missing)}`);
  if (extra.length) notes.push(`${extra.length} rows of ${ctx.metadataSource} have no sample in this table: ${list(extra)}`);
  return notes;
}
