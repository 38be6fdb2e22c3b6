/**
 * OPLS-DA and PLS-DA per two-group comparison of a metabolomics dataset (docs/opls.md): ropls's models on the
 * comparison's samples of the processed matrix (centred, as ropls does on data MetaboAnalyst already scaled),
 * orthogonal and PLS components chosen automatically, a seeded permutation test. Pairing is ignored (a paired
 * comparison says so in a note). Rows: one `model` row per method with R²X, R²Y, Q², pR²Y, pQ² (or why no model
 * was built), one `score` row per sample, and the predictive/orthogonal VIP per feature for the hit rows.
 */
import { type DiscriminantResult, oplsDa, plsDa } from '../metabolomics/opls/index.js';
import type { Selection } from './samples.js';
import type { MetabolomicsInput, OplsRow, ResolvedComparison, ResolvedDesign } from './types.js';

/** VIP per feature of one comparison's OPLS-DA (predictive, orthogonal) and PLS-DA. */
export interface OplsVip {
  vip: Float64Array | null;
  vipOrthogonal: Float64Array | null;
  vipPls: Float64Array | null;
}

/** OPLS-DA and PLS-DA rows of one comparison on one dataset, plus the VIP for its hits. */
export function oplsTest(
  c: ResolvedComparison,
  sel: Selection,
  ds: MetabolomicsInput,
  design: ResolvedDesign,
  datasetId: string,
  notes: string[],
): { rows: OplsRow[]; vip: OplsVip } {
  const none: OplsVip = { vip: null, vipOrthogonal: null, vipPls: null };
  if (sel.kind === 'change') return { rows: [], vip: none };
  if (sel.kind === 'paired')
    notes.push(
      `${c.name} on ${datasetId}: OPLS-DA and PLS-DA ignore the pairing (samples taken as two independent groups)`,
    );
  const [a, b] = sel.kind === 'groups' ? [sel.groups[0]!, sel.groups[1]!] : [sel.a, sel.b];
  const samples = [...a, ...b];
  const classes = [...Array.from(a, () => c.groups[0]!), ...Array.from(b, () => c.groups[1]!)];
  const matrix = ds.processed ?? ds.transformed;
  const p = ds.featureIds.length;
  const x = new Float64Array(samples.length * p);
  samples.forEach((s, k) => x.set(matrix.subarray(s * p, (s + 1) * p), k * p));
  const options = {
    seed: design.seed,
    permI: design.oplsPermutations,
    classLevels: [c.groups[1]!, c.groups[0]!] as [string, string],
  };
  const models: [string, DiscriminantResult][] = [
    ['OPLS-DA', oplsDa(x, samples.length, p, classes, options)],
    ['PLS-DA', plsDa(x, samples.length, p, classes, options)],
  ];
  const rows: OplsRow[] = [];
  const vip: OplsVip = { ...none };
  for (const [method, m] of models) {
    const base = { comparison: c.name, datasetId, method, n: samples.length, seed: design.seed };
    if (!m.built) {
      rows.push({
        ...base,
        id: `${c.name}|${datasetId}|${method}|model`,
        record: 'model',
        built: false,
        reason: `${m.reason}: ${m.message}`,
        ...emptyModel(),
        sampleId: null,
        t1: null,
        to1: null,
        group: null,
      });
      continue;
    }
    rows.push({
      ...base,
      id: `${c.name}|${datasetId}|${method}|model`,
      record: 'model',
      built: true,
      reason: null,
      r2x: m.summary.r2x,
      r2y: m.summary.r2y,
      q2: m.summary.q2,
      nPredictive: m.nPredictive,
      nOrthogonal: m.nOrthogonal,
      pR2Y: m.permutation?.pR2Y ?? null,
      pQ2: m.permutation?.pQ2 ?? null,
      permutations: m.permutation?.permI ?? 0,
      sampleId: null,
      t1: null,
      to1: null,
      group: null,
    });
    samples.forEach((s, k) =>
      rows.push({
        ...base,
        id: `${c.name}|${datasetId}|${method}|score|${ds.sampleIds[s]}`,
        record: 'score',
        built: true,
        reason: null,
        ...emptyModel(),
        sampleId: ds.sampleIds[s]!,
        group: classes[k]!,
        t1: m.scores[k * m.nPredictive]!,
        to1: m.nOrthogonal > 0 ? m.orthoScores[k * m.nOrthogonal]! : null,
      }),
    );
    if (method === 'OPLS-DA') {
      vip.vip = m.vip;
      vip.vipOrthogonal = m.nOrthogonal > 0 ? m.orthoVip : null;
    } else vip.vipPls = m.vip;
  }
  return { rows, vip };
}

/** The model fields of a row that carries none. */
function emptyModel() {
  return {
    r2x: null,
    r2y: null,
    q2: null,
    nPredictive: null,
    nOrthogonal: null,
    pR2Y: null,
    pQ2: null,
    permutations: null,
  };
}
