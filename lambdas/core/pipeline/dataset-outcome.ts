/**
 * From parsed input to a dataset outcome: the pure part of ingesting one file.
 * No I/O: the caller supplies the bytes and the study files the dataset uses.
 */
import type { DataError } from '../errors.js';
import { tryParse } from '../errors.js';
import type { DatasetOutcome, DatasetKind } from '../results/model.js';
import type { ParsedInput } from '../formats/index.js';
import { bytesToText } from '../formats/text.js';
import { parseStudyDesign } from '../schemas/study-design.js';
import { amplicon16S, type AmpliconContext } from './amplicon.js';
import { metabolomicsOutcome } from './metabolomics.js';

/** The study files a dataset is computed with (taxonomy, tree, metadata, design). */
export type OutcomeContext = AmpliconContext;

/** A FAILED outcome for a data error. */
export function failedOutcome(error: DataError, kind: DatasetKind | 'unknown' = 'unknown', format = 'unknown'): DatasetOutcome {
  return { status: 'FAILED', kind, format, error };
}

/** Summarizes one parsed input into rows for the results table. */
export function outcomeOf(parsed: ParsedInput, fileName: string, ctx: OutcomeContext = {}): DatasetOutcome {
  switch (parsed.kind) {
    case '16s':
      return amplicon16S(parsed.table, parsed.format, ctx);
    case 'metabolomics':
      return metabolomicsOutcome(parsed.bytes, parsed.format, fileName, {
        ...(ctx.metadataSampleIds ? { metadataSampleIds: ctx.metadataSampleIds } : {}),
        ...(ctx.design?.metabolomics ? { options: ctx.design.metabolomics } : {}),
      });
    case 'taxonomy': {
      const t = parsed.taxonomy;
      return ready('taxonomy', parsed.format, 0, t.featureIds.length, {
        featureRows: t.featureIds.map((featureId, i) => ({ featureId, order: i, taxonomy: t.taxa[i] ?? null, confidence: t.confidence[i] ?? null })),
      });
    }
    case 'metadata': {
      const m = parsed.metadata;
      return ready('metadata', parsed.format, m.sampleIds.length, 0, {
        sampleRows: m.sampleIds.map((sampleId, i) => {
          const row: Record<string, unknown> = { sampleId, order: i };
          for (const c of m.columns) row[c.name] = c.values[i] ?? null;
          return row;
        }),
        notes: [`${m.columns.length} metadata columns: ${m.columns.map((c) => `${c.name} (${c.type})`).join(', ')}`],
        parameters: { idHeader: m.idHeader, columns: m.columns.map((c) => ({ name: c.name, type: c.type })) },
      });
    }
    case 'tree':
      return ready('tree', parsed.format, 0, parsed.tree.nTips, { notes: [`${parsed.tree.nTips} tips, ${parsed.tree.parent.length} nodes`] });
  }
}

/** study.json: validated against the design schema; the validated design is recorded on the dataset. */
export function designOutcome(bytes: Uint8Array, fileName: string): DatasetOutcome {
  const r = tryParse(() => parseStudyDesign(bytesToText(bytes)), fileName);
  if (!r.ok) return failedOutcome(r.error, 'design', 'study-json');
  return ready('design', 'study-json', 0, 0, { parameters: { design: r.value } });
}

function ready(kind: DatasetKind, format: string, samples: number, features: number, rest: Partial<Extract<DatasetOutcome, { status: 'READY' }>>): DatasetOutcome {
  return { status: 'READY', kind, format, samples, features, sampleRows: [], featureRows: [], notes: [], parameters: {}, ...rest };
}
