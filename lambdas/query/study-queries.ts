/**
 * Read side of the study statistics: every answer follows the study's current
 * analysis pointer; hits and correlations of one comparison / feature come
 * from GSI1 already ordered by q. Rows are flat and carry the run id.
 */

import type { ResultsReader } from '../adapters/ports.js';
import { correlationsIndexPk, hitsIndexPk } from '../adapters/results-keys.js';
import type { ResultFamily } from '../core/results/model.js';
import type { AnalysisPointer, FamilyRow, ReadyAnalysisPointer } from '../core/results/records.js';
import { QueryError } from './queries.js';

export interface StudyQueryFilters {
  comparison?: string | undefined;
  q?: number | undefined;
  feature?: string | undefined;
  top?: number | undefined;
  /** hits: leave out features flagged lowObserved (observed in fewer than minObserved samples of a group) */
  observedOnly?: boolean | undefined;
}

/** The study's current READY analysis run, or a QueryError saying there is none yet or that it FAILED. */
export async function currentAnalysis(store: ResultsReader, study: string): Promise<ReadyAnalysisPointer> {
  const a = (await store.getStudy(study))?.analysis;
  if (!a)
    throw new QueryError(
      `study '${study}' has no analysis yet (it runs after datasets are READY; see 'biomeflow query ${study} datasets')`,
    );
  if (a.status === 'FAILED')
    throw new QueryError(`the analysis of study '${study}' FAILED: ${a.error.code} ${a.error.message}`.trim());
  return a;
}

async function family<F extends ResultFamily>(
  store: ResultsReader,
  a: AnalysisPointer,
  name: F,
): Promise<FamilyRow<F>[]> {
  const n = a.shards[name] ?? 0;
  return n ? store.readFamily(a.runId, name, n) : [];
}

const byQ = (a: Record<string, unknown>, b: Record<string, unknown>) => qOf(a) - qOf(b);
function qOf(r: Record<string, unknown>): number {
  const q = r.q;
  return typeof q === 'number' && Number.isFinite(q) ? q : Number.POSITIVE_INFINITY;
}

/** Applies --q (q ≤ threshold) and --top (first n) to rows already in q order. */
function applyFilters(rows: Record<string, unknown>[], f: StudyQueryFilters): Record<string, unknown>[] {
  let out = f.q !== undefined ? rows.filter((r) => qOf(r) <= f.q!) : rows;
  if (f.top !== undefined) out = out.slice(0, f.top);
  return out;
}

function tagged(rows: Record<string, unknown>[], runId: string): Record<string, unknown>[] {
  return rows.map(({ runId: _r, expiresAt: _e, mirror: _m, id: _id, ...r }) => ({ ...r, runId }));
}

/** comparisons: name, kind, factor, groupA, groupB, where, nA, nB, paired. */
export async function listComparisons(store: ResultsReader, study: string): Promise<Record<string, unknown>[]> {
  const a = await currentAnalysis(store, study);
  const rows = await family(store, a, 'COMPARISONS');
  return tagged(
    rows.sort((x, y) => x.name.localeCompare(y.name)),
    a.runId,
  );
}

/** tests: alpha-diversity tests and PERMANOVA of each comparison. */
export async function listTests(
  store: ResultsReader,
  study: string,
  f: StudyQueryFilters,
): Promise<Record<string, unknown>[]> {
  const a = await currentAnalysis(store, study);
  const rows = (await family(store, a, 'TESTS')).filter((r) => !f.comparison || r.comparison === f.comparison);
  rows.sort(
    (x, y) =>
      x.comparison.localeCompare(y.comparison) || x.test.localeCompare(y.test) || x.metric.localeCompare(y.metric),
  );
  return tagged(applyFilters(rows, { ...f, q: undefined }), a.runId).filter(
    (r) => f.q === undefined || (typeof r.p === 'number' && qOrP(r) <= f.q),
  );
}

function qOrP(r: Record<string, unknown>): number {
  const q = r.q;
  const p = r.p;
  return typeof q === 'number' ? q : typeof p === 'number' ? p : Number.NaN;
}

/** hits: differential features, ordered by q (GSI1 per comparison). */
export async function listHits(
  store: ResultsReader,
  study: string,
  f: StudyQueryFilters,
): Promise<Record<string, unknown>[]> {
  const a = await currentAnalysis(store, study);
  const comparisons = f.comparison ? [f.comparison] : (await family(store, a, 'COMPARISONS')).map((c) => c.name);
  const out: FamilyRow<'HITS'>[] = [];
  for (const c of comparisons) {
    const rows = await store.queryIndex(
      'HITS',
      hitsIndexPk(a.runId, c),
      f.feature || f.observedOnly ? undefined : f.top,
    );
    out.push(
      ...rows.filter((r) => (!f.feature || r.feature === f.feature) && !(f.observedOnly && r.lowObserved === true)),
    );
  }
  if (f.comparison && !out.length && !(await family(store, a, 'COMPARISONS')).some((c) => c.name === f.comparison)) {
    throw new QueryError(
      `no comparison '${f.comparison}' in study '${study}' (see 'biomeflow query ${study} comparisons')`,
    );
  }
  return tagged(applyFilters(out.sort(byQ), f), a.runId);
}

/** correlations: of one feature (GSI1, by q) or all stored pairs (by q). */
export async function listCorrelations(
  store: ResultsReader,
  study: string,
  f: StudyQueryFilters,
): Promise<Record<string, unknown>[]> {
  const a = await currentAnalysis(store, study);
  const rows = f.feature
    ? await store.queryIndex('CORRELATIONS', correlationsIndexPk(a.runId, f.feature))
    : (await family(store, a, 'CORRELATIONS')).filter((r) => r.mirror === false).sort(byQ);
  return tagged(applyFilters(rows, f), a.runId);
}

/** pathways: over-representation per comparison, by q. */
export async function listPathways(
  store: ResultsReader,
  study: string,
  f: StudyQueryFilters,
): Promise<Record<string, unknown>[]> {
  const a = await currentAnalysis(store, study);
  const rows = (await family(store, a, 'PATHWAYS'))
    .filter((r) => !f.comparison || r.comparison === f.comparison)
    .sort(byQ);
  return tagged(applyFilters(rows, f), a.runId);
}

/** models: mixed-model fixed effects (test t) and type-III terms (F), and rmcorr rows, by q; --feature picks a response or term. */
export async function listModels(
  store: ResultsReader,
  study: string,
  f: StudyQueryFilters & { term?: string | undefined },
): Promise<Record<string, unknown>[]> {
  const a = await currentAnalysis(store, study);
  const rows = (await family(store, a, 'MODELS'))
    .filter((r) => !f.feature || r.response === f.feature || r.term === f.feature)
    .filter((r) => !f.term || r.term === f.term)
    .sort((x, y) => byQ(x, y) || x.response.localeCompare(y.response));
  return tagged(applyFilters(rows, f), a.runId);
}

/** lefse: clades passing Kruskal–Wallis per comparison, discriminative first, by |LDA|. */
export async function listLefse(
  store: ResultsReader,
  study: string,
  f: StudyQueryFilters,
): Promise<Record<string, unknown>[]> {
  const a = await currentAnalysis(store, study);
  const lda = (r: FamilyRow<'LEFSE'>) => (typeof r.lda === 'number' ? Math.abs(r.lda) : -1);
  const rows = (await family(store, a, 'LEFSE'))
    .filter((r) => !f.comparison || r.comparison === f.comparison)
    .filter((r) => !f.feature || r.clade === f.feature)
    .sort((x, y) => Number(y.discriminative) - Number(x.discriminative) || lda(y) - lda(x));
  return tagged(f.top !== undefined ? rows.slice(0, f.top) : rows, a.runId);
}

/** opls: OPLS-DA / PLS-DA model rows per comparison (with --feature <sampleId>, or 'scores', the score rows). */
export async function listOpls(
  store: ResultsReader,
  study: string,
  f: StudyQueryFilters & { scores?: boolean },
): Promise<Record<string, unknown>[]> {
  const a = await currentAnalysis(store, study);
  const rows = (await family(store, a, 'OPLS'))
    .filter((r) => !f.comparison || r.comparison === f.comparison)
    .filter((r) => (f.scores ? r.record === 'score' : r.record === 'model'))
    .sort((x, y) => x.comparison.localeCompare(y.comparison) || x.method.localeCompare(y.method));
  return tagged(f.top !== undefined ? rows.slice(0, f.top) : rows, a.runId);
}

/** design: the resolved design of the current analysis (inferred or from study.json): roles, comparisons, skipped columns, notes. */
export async function studyDesign(store: ResultsReader, study: string): Promise<Record<string, unknown>> {
  const a = await currentAnalysis(store, study);
  return { runId: a.runId, ...(a.design as Record<string, unknown>) };
}
