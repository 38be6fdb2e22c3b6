/**
 * The metabolomics processing chain (docs/metrics.md#metabolomics-tables), in this
 * order; each step is one of the small functions of this folder and is
 * recorded in `steps` with what it did:
 *
 *  1. per-feature and per-sample summaries of the raw table, zeros counted
 *     as missing unless zeros are real;
 *  3. blank filter (when asked, or 'auto' with blanks marked), then blanks dropped;
 *  4. missing-value filter (fraction >= threshold over the samples present);
 *  5. QC RSD filter (default 'auto': when >= 2 QC samples are marked);
 *  6. the kept samples × features copied out, zeros → missing (unless real);
 *  7. imputation; 8. sample normalization; 9. transform; 10. scaling.
 *
 * Memory: the table is only read; one working matrix of the kept cells
 * (modified in place by 7–10) and, with keepIntermediates, copies after 8
 * and after 9.
 */
import { fail } from '../../errors.js';
import { type MetabolomicsTable, samplesOfType } from '../matrix.js';
import { type DenseMatrix, extract, featureMedians, featureMoments } from './dense.js';
import { blankRatio, splitAbove } from './filters.js';
import { type Imputation, imputeKnn, imputeMedian, imputeMinFraction } from './impute.js';
import { missingFilter, missingFractionOver } from './missing.js';
import {
  medianNormalize,
  pqnNormalize,
  pqnReferenceMean,
  pqnReferenceMedian,
  quantileNormalize,
  sumNormalize,
} from './normalize.js';
import { type ProcessOptions, ProcessOptionsSchema, type ResolvedProcessOptions } from './options.js';
import { autoScale, paretoScale, rangeScale, type Scaling } from './scale.js';
import { glog, glogOffset } from './transform.js';

/** Why a feature left the table, and the number that decided it (fraction, ratio or RSD). */
export interface FeatureDrop {
  featureId: string;
  index: number;
  reason: 'all-missing' | 'missing' | 'blank' | 'qc-rsd';
  value: number;
}

/** One step as it ran (or why it did not). */
export interface ProcessStep {
  step:
    | 'zeros-as-missing'
    | 'blank-filter'
    | 'missing-filter'
    | 'qc-rsd-filter'
    | 'impute'
    | 'normalize'
    | 'transform'
    | 'scale';
  method: string;
  ran: boolean;
  detail: string;
}

/** Per-feature summaries over all input features (raw values, after zeros → missing; observed values only). */
export interface FeatureStats {
  missingFraction: Float64Array;
  mean: Float64Array;
  /** (a + b) / 2 for an even count */
  median: Float64Array;
  /** sd (n − 1) / mean over all samples */
  rsd: Float64Array;
  /** sd (n − 1) / mean over the QC samples; NaN without >= 2 QC observations */
  qcRsd: Float64Array;
}

/** Per-sample summaries over all input samples (raw values). */
export interface SampleStats {
  /** sum of the observed values */
  totalIntensity: Float64Array;
  missingFraction: Float64Array;
}

/** Everything processing produced; matrices are samples × kept features, sample-major. */
export interface MetabolomicsProcessing {
  options: ResolvedProcessOptions;
  sampleIds: string[];
  /** index of each processed sample in the input table */
  sampleIndex: Int32Array;
  featureIds: string[];
  /** index of each kept feature in the input table */
  featureIndex: Int32Array;
  processed: Float64Array;
  /** 1 where the kept cell was observed in the raw table (not missing, so not imputed), sample-major like `processed` */
  observed: Uint8Array;
  /** after normalization, before transform (imputed, untransformed); null unless keepIntermediates */
  normalized: Float64Array | null;
  /** after transform, before scaling; null unless keepIntermediates */
  transformed: Float64Array | null;
  dropped: FeatureDrop[];
  imputation: Imputation;
  normalization: { method: string; factors: Float64Array; reference: Float64Array | null; referenceSamples: string };
  /** m of the generalized log, null when no glog ran */
  glogOffset: number | null;
  scaling: Scaling | null;
  featureStats: FeatureStats;
  sampleStats: SampleStats;
  steps: ProcessStep[];
}

/** Validates options (INVALID_STUDY_DESIGN naming each bad path) and fills the defaults. */
export function resolveProcessOptions(options: ProcessOptions = {}): ResolvedProcessOptions {
  const r = ProcessOptionsSchema.safeParse(options);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
    fail('INVALID_STUDY_DESIGN', `invalid metabolomics processing options: ${issues}`, {
      expected: 'processing options as docs/metabolomics.md lists them',
    });
  }
  return r.data;
}

/** Runs the chain on a table (see module doc). */
export function processMetabolomics(table: MetabolomicsTable, options: ProcessOptions = {}): MetabolomicsProcessing {
  const opts = resolveProcessOptions(options);
  const steps: ProcessStep[] = [];
  const input: DenseMatrix = {
    values: table.values,
    nSamples: table.sampleIds.length,
    nFeatures: table.featureIds.length,
  };
  const zeroMissing = opts.zerosAreMissing;
  const featureStats = summarizeFeatures(input, samplesOfType(table, 'qc'), zeroMissing);
  const sampleStats = summarizeSamples(input, zeroMissing);
  const dropped: FeatureDrop[] = [];
  const drop = (fs: number[], reason: FeatureDrop['reason'], value: Float64Array) =>
    fs.forEach((f) =>
      dropped.push({
        featureId: table.featureIds[f]!,
        index: f,
        reason: reason === 'missing' && value[f] === 1 ? 'all-missing' : reason,
        value: value[f]!,
      }),
    );
  const { samples, gone } = blankStep(table, input, opts, steps, drop);
  const fraction =
    samples.length === input.nSamples ? featureStats.missingFraction : missingFractionOver(input, samples, zeroMissing);
  let features = missingStep(fraction, samples.length, gone, opts, steps, drop);
  features = qcRsdStep(table, featureStats.qcRsd, features, opts, steps, drop);
  const { matrix: work, zeros } = extract(input, samples, features, zeroMissing);
  steps.unshift({
    step: 'zeros-as-missing',
    method: zeroMissing ? 'zeros are missing' : 'zeros are real',
    ran: zeroMissing,
    detail: `${zeros} zeros of the kept cells set missing`,
  });
  const observed = observedCells(work);
  const imputation = imputeStep(work, opts, steps);
  const normalization = normalizeStep(table, work, samples, opts, steps);
  const normalized = opts.keepIntermediates ? work.values.slice() : null;
  const offset = transformStep(work, opts, steps);
  const transformed = opts.keepIntermediates ? work.values.slice() : null;
  const scaling = scaleStep(work, opts, steps);
  return {
    options: opts,
    sampleIds: samples.map((s) => table.sampleIds[s]!),
    sampleIndex: Int32Array.from(samples),
    featureIds: features.map((f) => table.featureIds[f]!),
    featureIndex: Int32Array.from(features),
    processed: work.values,
    observed,
    normalized,
    transformed,
    dropped,
    imputation,
    normalization,
    glogOffset: offset,
    scaling,
    featureStats,
    sampleStats,
    steps,
  };
}

/** 1 for every cell that holds a value (before imputation), 0 for a missing one. */
function observedCells(m: DenseMatrix): Uint8Array {
  const out = new Uint8Array(m.values.length);
  for (let k = 0; k < out.length; k++) out[k] = Number.isNaN(m.values[k]!) ? 0 : 1;
  return out;
}

/** Missing fraction, mean, median, RSD and QC RSD of every feature on the raw values (zeros missing when `zeroIsMissing`). */
export function summarizeFeatures(raw: DenseMatrix, qc: number[], zeroIsMissing: boolean): FeatureStats {
  const { mean, sd, n } = featureMoments(raw, undefined, zeroIsMissing);
  const qcMoments = qc.length >= 2 ? featureMoments(raw, qc, zeroIsMissing) : null;
  return {
    missingFraction: Float64Array.from(n, (c) => (raw.nSamples - c) / raw.nSamples),
    mean,
    median: featureMedians(raw, undefined, zeroIsMissing),
    rsd: sd.map((x, f) => x / mean[f]!),
    qcRsd: qcMoments ? qcMoments.sd.map((x, f) => x / qcMoments.mean[f]!) : new Float64Array(raw.nFeatures).fill(NaN),
  };
}

/** Total observed intensity and missing fraction of every sample. */
export function summarizeSamples(raw: DenseMatrix, zeroIsMissing: boolean): SampleStats {
  const p = raw.nFeatures,
    v = raw.values;
  const totalIntensity = new Float64Array(raw.nSamples),
    missingFraction = new Float64Array(raw.nSamples);
  for (let s = 0; s < raw.nSamples; s++) {
    let sum = 0,
      missing = 0;
    for (let f = 0; f < p; f++) {
      const x = v[s * p + f]!;
      if (Number.isNaN(x) || (zeroIsMissing && x === 0)) missing++;
      else sum += x;
    }
    totalIntensity[s] = sum;
    missingFraction[s] = missing / p;
  }
  return { totalIntensity, missingFraction };
}

type Drop = (features: number[], reason: FeatureDrop['reason'], value: Float64Array) => void;

/** Step 3; returns the samples that stay and the features it dropped. */
function blankStep(
  table: MetabolomicsTable,
  raw: DenseMatrix,
  opts: ResolvedProcessOptions,
  steps: ProcessStep[],
  drop: Drop,
): { samples: number[]; gone: Set<number> } {
  const all = table.sampleIds.map((_, s) => s);
  const { mode, maxRatio, dropBlankSamples } = opts.blankFilter;
  const blanks = samplesOfType(table, 'blank');
  const method = `mean(blank) / mean(samples) > ${maxRatio}`;
  if (mode === 'off' || blanks.length === 0) {
    steps.push({
      step: 'blank-filter',
      method,
      ran: false,
      detail: mode === 'off' ? 'off' : 'no blank samples marked',
    });
    return { samples: all, gone: new Set() };
  }
  const study = all.filter((s) => !['blank', 'qc', 'standard'].includes(table.samples.sampleType[s] ?? ''));
  const ratio = blankRatio(raw, blanks, study);
  const { drop: gone } = splitAbove(
    ratio,
    maxRatio,
    table.featureIds.map((_, f) => f),
  );
  drop(gone, 'blank', ratio);
  steps.push({
    step: 'blank-filter',
    method,
    ran: true,
    detail: `${gone.length} features dropped; ${blanks.length} blank samples ${dropBlankSamples ? 'removed' : 'kept'}`,
  });
  return {
    samples: dropBlankSamples ? all.filter((s) => table.samples.sampleType[s] !== 'blank') : all,
    gone: new Set(gone),
  };
}

/** Step 4 over the samples present; returns the features that stay (those the blank filter dropped excluded). */
function missingStep(
  fraction: Float64Array,
  nPresent: number,
  gone: Set<number>,
  opts: ResolvedProcessOptions,
  steps: ProcessStep[],
  drop: Drop,
): number[] {
  const { keep, drop: lost } = missingFilter(fraction, opts.missingThreshold);
  const lostHere = lost.filter((f) => !gone.has(f));
  drop(lostHere, 'missing', fraction);
  steps.push({
    step: 'missing-filter',
    method: `missing fraction >= ${opts.missingThreshold} over ${nPresent} samples`,
    ran: true,
    detail: `${lostHere.length} features dropped`,
  });
  return keep.filter((f) => !gone.has(f));
}

/** Step 5; returns the features that stay. */
function qcRsdStep(
  table: MetabolomicsTable,
  qcRsd: Float64Array,
  features: number[],
  opts: ResolvedProcessOptions,
  steps: ProcessStep[],
  drop: Drop,
): number[] {
  const { mode, maxRsd } = opts.qcRsdFilter;
  const nQc = samplesOfType(table, 'qc').length;
  const method = `QC RSD > ${maxRsd}`;
  if (mode === 'off' || nQc < 2) {
    steps.push({
      step: 'qc-rsd-filter',
      method,
      ran: false,
      detail: mode === 'off' ? 'off' : `${nQc} QC samples marked (needs 2)`,
    });
    return features;
  }
  const { keep, drop: lost } = splitAbove(qcRsd, maxRsd, features);
  drop(lost, 'qc-rsd', qcRsd);
  steps.push({
    step: 'qc-rsd-filter',
    method,
    ran: true,
    detail: `${lost.length} features dropped (${nQc} QC samples)`,
  });
  return keep;
}

/** Step 6. */
function imputeStep(work: DenseMatrix, opts: ResolvedProcessOptions, steps: ProcessStep[]): Imputation {
  const im = opts.impute;
  let out: Imputation;
  if (im.method === 'min5') out = imputeMinFraction(work, 5);
  else if (im.method === 'halfmin') out = imputeMinFraction(work, 2);
  else if (im.method === 'median') out = imputeMedian(work);
  else if (im.method === 'knn') out = imputeKnn(work, im.k);
  else out = { value: new Float64Array(work.nFeatures).fill(NaN), count: new Int32Array(work.nFeatures) };
  let cells = 0;
  for (const c of out.count) cells += c;
  const label = im.method === 'knn' ? `knn (k = ${im.k})` : im.method;
  steps.push({ step: 'impute', method: label, ran: im.method !== 'none', detail: `${cells} cells imputed` });
  return out;
}

/** Step 7. */
function normalizeStep(
  table: MetabolomicsTable,
  work: DenseMatrix,
  samples: number[],
  opts: ResolvedProcessOptions,
  steps: ProcessStep[],
): MetabolomicsProcessing['normalization'] {
  const n = opts.normalize;
  const ones = new Float64Array(work.nSamples).fill(1);
  let result: MetabolomicsProcessing['normalization'];
  if (n.method === 'sum')
    result = { method: 'sum (total 1000)', factors: sumNormalize(work), reference: null, referenceSamples: '' };
  else if (n.method === 'median')
    result = { method: 'median', factors: medianNormalize(work), reference: null, referenceSamples: '' };
  else if (n.method === 'quantile')
    result = { method: 'quantile', factors: quantileNormalize(work), reference: null, referenceSamples: '' };
  else if (n.method === 'pqn') {
    const { reference, referenceSamples } = pqnReference(table, work, samples, n.reference);
    result = { method: 'pqn (Dieterle 2006)', factors: pqnNormalize(work, reference), reference, referenceSamples };
  } else result = { method: 'none', factors: ones, reference: null, referenceSamples: '' };
  steps.push({
    step: 'normalize',
    method: result.method,
    ran: n.method !== 'none',
    detail: result.referenceSamples ? `reference: ${result.referenceSamples}` : '',
  });
  return result;
}

/** The PQN reference profile and a description of where it came from. */
function pqnReference(
  table: MetabolomicsTable,
  work: DenseMatrix,
  samples: number[],
  ref: Extract<ResolvedProcessOptions['normalize'], { method: 'pqn' }>['reference'],
): { reference: Float64Array; referenceSamples: string } {
  const rows = (pred: (s: number) => boolean) => samples.map((s, i) => (pred(s) ? i : -1)).filter((i) => i !== -1);
  if (ref === 'all')
    return { reference: pqnReferenceMedian(work), referenceSamples: `median of all ${work.nSamples} samples` };
  if (ref === 'auto' || ref === 'qc') {
    const qc = rows((s) => table.samples.sampleType[s] === 'qc');
    if (qc.length > 0)
      return { reference: pqnReferenceMedian(work, qc), referenceSamples: `median of ${qc.length} QC samples` };
    if (ref === 'qc')
      fail('INVALID_STUDY_DESIGN', 'PQN reference "qc" asked for, but no QC sample is marked', {
        expected: 'samples of type QC',
      });
    return {
      reference: pqnReferenceMedian(work),
      referenceSamples: `median of all ${work.nSamples} samples (no QC samples)`,
    };
  }
  if ('sample' in ref) {
    const i = rows((s) => table.sampleIds[s] === ref.sample);
    if (i.length === 0)
      fail('INVALID_STUDY_DESIGN', `PQN reference sample '${ref.sample}' is not among the processed samples`, {
        expected: 'a sample id of the table',
      });
    return {
      reference: work.values.slice(i[0]! * work.nFeatures, (i[0]! + 1) * work.nFeatures),
      referenceSamples: `sample ${ref.sample}`,
    };
  }
  const g = rows((s) => table.samples.classLabel[s] === ref.group);
  if (g.length === 0)
    fail('INVALID_STUDY_DESIGN', `PQN reference group '${ref.group}' has no processed sample`, {
      expected: 'a class label of the table',
    });
  return { reference: pqnReferenceMean(work, g), referenceSamples: `mean of group ${ref.group} (${g.length} samples)` };
}

/** Step 8; returns m of the glog, or null. */
function transformStep(work: DenseMatrix, opts: ResolvedProcessOptions, steps: ProcessStep[]): number | null {
  if (opts.transform === 'none') {
    steps.push({ step: 'transform', method: 'none', ran: false, detail: '' });
    return null;
  }
  const m = glogOffset(work);
  glog(work, m, opts.transform === 'glog10' ? 10 : 2);
  steps.push({
    step: 'transform',
    method: `${opts.transform}: log((x + sqrt(x^2 + m^2)) / 2)`,
    ran: true,
    detail: `m = ${m} (min positive normalized value / 10)`,
  });
  return m;
}

/** Step 9. */
function scaleStep(work: DenseMatrix, opts: ResolvedProcessOptions, steps: ProcessStep[]): Scaling | null {
  const s = opts.scale;
  const scaling =
    s === 'pareto' ? paretoScale(work) : s === 'auto' ? autoScale(work) : s === 'range' ? rangeScale(work) : null;
  const method = {
    pareto: '(x - mean) / sqrt(sd)',
    auto: '(x - mean) / sd',
    range: '(x - mean) / (max - min)',
    none: 'none',
  }[s];
  steps.push({ step: 'scale', method: `${s}: ${method}`, ran: s !== 'none', detail: scaling ? 'sd with n - 1' : '' });
  return scaling;
}
