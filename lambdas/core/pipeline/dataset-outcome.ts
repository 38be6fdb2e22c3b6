/**
 * From parsed input to a dataset outcome: the pure part of ingesting one file.
 * No I/O: the caller supplies the bytes and the study files the dataset uses.
 */

import { type AmpliconContext, ampliconOutcome } from '../amplicon/dataset.js';
import type { DataError } from '../errors.js';
import { tryParse } from '../errors.js';
import { metabolomicsOutcome } from '../metabolomics/dataset.js';
import type { DatasetKind, DatasetOutcome } from '../results/model.js';
import type { MetadataTable } from '../study/feature-annotations.js';
import type { SampleMetadata } from '../study/qiime2-metadata.js';
import { parseStudyDesign } from '../study/study-design.js';
import { bytesToText } from '../text/text.js';
import type { ParsedInput, ParseResult } from './parse-input.js';

export { sampleMetadataOf } from './w4m-metadata.js';

/** The study files a dataset is computed with (taxonomy, tree, metadata, design). */
export type OutcomeContext = AmpliconContext;

/** A FAILED outcome for a data error. */
export function failedOutcome(
  error: DataError,
  kind: DatasetKind | 'unknown' = 'unknown',
  format = 'unknown',
): DatasetOutcome {
  return { status: 'FAILED', kind, format, error };
}

/** IGNORED: a file that is not data, with the reason (core/pipeline/non-data.ts). */
export function ignoredOutcome(fileName: string, reason: string): DatasetOutcome {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? 'none';
  return { status: 'IGNORED', kind: 'unknown', format: ext, reason };
}

/** FAILED TOO_LARGE: the object is larger than the function reads into memory. */
export function tooLargeOutcome(size: number, maxBytes: number): DatasetOutcome {
  return failedOutcome({
    code: 'TOO_LARGE',
    message: `object is ${size} bytes`,
    line: 0,
    column: 0,
    expected: `at most ${maxBytes} bytes`,
  });
}

/** The outcome of a parse: FAILED with the kind and format found before the error, or the parsed input's rows. */
export function datasetOutcome(parsed: ParseResult, fileName: string, ctx: OutcomeContext = {}): DatasetOutcome {
  if (!parsed.ok) return failedOutcome(parsed.error, parsed.kind ?? 'unknown', parsed.format ?? 'unknown');
  const outcome = outcomeOf(parsed.value, fileName, ctx);
  const kindReason = parsed.value.details?.kindReason;
  return kindReason && outcome.status === 'READY'
    ? { ...outcome, parameters: { ...outcome.parameters, kindReason } }
    : outcome;
}

/** Summarizes one parsed input into rows for the results table: the per-kind dispatch of ingest. */
export function outcomeOf(parsed: ParsedInput, fileName: string, ctx: OutcomeContext = {}): DatasetOutcome {
  switch (parsed.kind) {
    case '16s':
      return ampliconOutcome(parsed.table, parsed.format, ctx);
    case 'metabolomics':
      return metabolomicsOutcome(parsed.table, parsed.format, fileName, {
        ...(ctx.metadataSampleIds ? { metadataSampleIds: ctx.metadataSampleIds } : {}),
        ...(ctx.featureMetadata ? { featureMetadata: ctx.featureMetadata } : {}),
        ...(ctx.design?.metabolomics ? { options: ctx.design.metabolomics } : {}),
      });
    case 'feature-metadata':
      return featureMetadataOutcome(parsed.featureMetadata, parsed.format);
    case 'taxonomy': {
      const t = parsed.taxonomy;
      return ready('taxonomy', parsed.format, 0, t.featureIds.length, {
        featureRows: t.featureIds.map((featureId, i) => ({
          featureId,
          order: i,
          taxonomy: t.taxa[i] ?? null,
          confidence: t.confidence[i] ?? null,
        })),
      });
    }
    case 'metadata':
      return outcomeOfMetadata(parsed.format, parsed.metadata);
    case 'pathways': {
      const rows = [...parsed.pathways].map(([featureId, pathways], i) => ({
        featureId,
        order: i,
        pathways: pathways.join('; '),
      }));
      const distinct = new Set([...parsed.pathways.values()].flat());
      return ready('pathways', parsed.format, 0, rows.length, {
        featureRows: rows,
        notes: [`${distinct.size} pathways over ${rows.length} features`],
      });
    }
    case 'tree':
      return ready('tree', parsed.format, 0, parsed.tree.nTips, {
        notes: [`${parsed.tree.nTips} tips, ${parsed.tree.parent.length} nodes`],
      });
  }
}

/** Sample metadata: one row per sample with every column, and the column types. */
function outcomeOfMetadata(format: string, m: SampleMetadata): DatasetOutcome {
  return ready('metadata', format, m.sampleIds.length, 0, {
    sampleRows: m.sampleIds.map((sampleId, i) => {
      const row: Record<string, unknown> = { sampleId, order: i };
      for (const c of m.columns) row[c.name] = c.values[i] ?? null;
      return row;
    }),
    notes: [
      `${m.columns.length} metadata columns: ${m.columns.map((c) => `${c.name} (${c.type})`).join(', ')}`,
      ...(m.missing ?? []).map(
        (x) =>
          `column '${x.column}': read as missing: ${Object.entries(x.markers)
            .map(([t, n]) => `${t === '' ? 'empty' : JSON.stringify(t)} ×${n}`)
            .join(', ')}`,
      ),
    ],
    parameters: {
      idHeader: m.idHeader,
      columns: m.columns.map((c) => ({ name: c.name, type: c.type })),
      ...(m.missing ? { missing: m.missing } : {}),
    },
  });
}

/** Per-feature annotations (W4M variableMetadata): stored per feature, attached to the metabolomics tables of its folder. */
function featureMetadataOutcome(m: MetadataTable, format: string): DatasetOutcome {
  return ready('feature-metadata', format, 0, m.ids.length, {
    featureRows: m.ids.map((featureId, i) => {
      const row: Record<string, unknown> = { featureId, order: i };
      for (const c of m.columns) row[c.name] = c.values[i] ?? null;
      return row;
    }),
    parameters: { idColumn: m.idColumn, columns: m.columns.map((c) => c.name) },
  });
}

/** study.json: validated against the design schema; the validated design is recorded on the dataset. */
export function designOutcome(bytes: Uint8Array, fileName: string): DatasetOutcome {
  const r = tryParse(() => parseStudyDesign(bytesToText(bytes)), fileName);
  if (!r.ok) return failedOutcome(r.error, 'design', 'study-json');
  return ready('design', 'study-json', 0, 0, { parameters: { design: r.value } });
}

function ready(
  kind: DatasetKind,
  format: string,
  samples: number,
  features: number,
  rest: Partial<Extract<DatasetOutcome, { status: 'READY' }>>,
): DatasetOutcome {
  return {
    status: 'READY',
    kind,
    format,
    samples,
    features,
    sampleRows: [],
    featureRows: [],
    notes: [],
    parameters: {},
    ...rest,
  };
}
