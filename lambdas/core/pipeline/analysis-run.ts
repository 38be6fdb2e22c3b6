/** The records of one study analysis run: the analysis pointer it flips (READY or FAILED) and its run-history item. */

import type { StudyAnalysis } from '../analysis/types.js';
import type { DataError } from '../errors.js';
import type { AnalysisCounts, AnalysisPointer, ReadyAnalysisPointer } from '../results/records.js';
import { SOFTWARE_VERSION } from '../version.js';

/** Stored notes of an analysis, at most. */
export const MAX_ANALYSIS_NOTES = 200;

/** What identifies an analysis run, what it read and why it ran. */
export interface AnalysisRunRef {
  runId: string;
  /** newest updatedAt of the datasets used */
  inputsAt: string;
  /** dataset id -> run id of every dataset used */
  inputs: Record<string, string>;
  reason: string;
}

/** Row counts per family. */
export function analysisCounts(a: StudyAnalysis): AnalysisCounts {
  return {
    comparisons: a.comparisons.length,
    tests: a.tests.length,
    hits: a.hits.length,
    correlations: a.correlations.length,
    pathways: a.pathways.length,
    models: a.models.length,
    lefse: a.lefse.length,
    opls: a.opls.length,
  };
}

/** The READY analysis pointer: counts, design used, correlation families, notes (the loader's first), shards written. */
export function analysisPointerOf(
  ref: AnalysisRunRef,
  at: string,
  a: StudyAnalysis,
  loadNotes: readonly string[],
  shards: Record<string, number>,
  timingsMs: Record<string, number>,
): ReadyAnalysisPointer {
  return {
    runId: ref.runId,
    inputsAt: ref.inputsAt,
    analyzedAt: at,
    reason: ref.reason,
    inputs: ref.inputs,
    shards,
    status: 'READY',
    design: a.design,
    counts: analysisCounts(a),
    correlationFamilies: a.correlationFamilies,
    notes: [...loadNotes, ...a.notes].slice(0, MAX_ANALYSIS_NOTES),
    softwareVersion: SOFTWARE_VERSION,
    timingsMs,
  };
}

/** The FAILED analysis pointer of a study whose data the analysis cannot use (e.g. a design the data cannot support). */
export function failedAnalysisPointer(ref: AnalysisRunRef, at: string, error: DataError): AnalysisPointer {
  return {
    runId: ref.runId,
    status: 'FAILED',
    error,
    inputsAt: ref.inputsAt,
    analyzedAt: at,
    reason: ref.reason,
    inputs: ref.inputs,
    shards: {},
    softwareVersion: SOFTWARE_VERSION,
  };
}

/** The run-history item of a flipped analysis. */
export function analysisRunHistory(pointer: AnalysisPointer): Record<string, unknown> {
  const base = { kind: 'analysis', status: pointer.status, reason: pointer.reason, inputs: pointer.inputs };
  return pointer.status === 'READY'
    ? { ...base, counts: pointer.counts, timingsMs: pointer.timingsMs, softwareVersion: SOFTWARE_VERSION }
    : { ...base, error: pointer.error, softwareVersion: SOFTWARE_VERSION };
}
