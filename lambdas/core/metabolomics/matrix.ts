/**
 * A metabolomics intensity table: features × samples of intensities held
 * densely in one Float64Array, **sample-major** (`values[s * nFeatures + f]`,
 * the layout MetaboAnalyst and the shared references use: rows = samples).
 * A missing intensity is NaN; a zero stays 0 until processing decides
 * whether zeros are missing (docs/metrics.md#metabolomics-tables).
 *
 * Sample-major keeps each sample's profile contiguous, which is what
 * normalization (per-sample factors) and the samples × samples Gram matrix
 * of PCA read; per-feature passes sweep samples in order with per-feature
 * accumulators instead of striding.
 */

/** Formats the parsers recognise (`sniffMetabolomics` returns one of these). */
export const METABOLOMICS_FORMAT_IDS = [
  'mzmine3',
  'mzmine-legacy',
  'msdial',
  'xcms',
  'metaboanalyst',
  'w4m-datamatrix',
  'w4m-sample-metadata',
  'w4m-variable-metadata',
  'mztab-m',
  'plain-matrix',
] as const;
export type MetabolomicsFormatId = (typeof METABOLOMICS_FORMAT_IDS)[number];

/** Retention-time unit as the format defines it; null when the format does not say. */
export type RtUnit = 'min' | 's' | null;

/** What a sample is, when the file (or attached metadata) says so. */
export type SampleType = 'sample' | 'qc' | 'blank' | 'standard' | null;

/** Which intensity the values are (MZmine area vs height, mzTab abundance …); 'intensity' when the format does not say. */
export type QuantityKind = 'area' | 'height' | 'abundance' | 'concentration' | 'intensity';

/** Per-feature annotations, each array of length nFeatures. */
export interface FeatureAnnotations {
  /** m/z, NaN when unknown */
  mz: Float64Array;
  /** retention time in `rtUnit`, NaN when unknown */
  rt: Float64Array;
  rtUnit: RtUnit;
  /** compound name / annotation, null when absent or a placeholder ('Unknown') */
  name: (string | null)[];
  /** other columns of the file, by header name, as text (null = empty) */
  extra: Record<string, (string | null)[]>;
}

/** Per-sample annotations, each array of length nSamples. */
export interface SampleAnnotations {
  classLabel: (string | null)[];
  /** NaN when unknown */
  injectionOrder: Float64Array;
  batch: (string | null)[];
  sampleType: SampleType[];
  extra: Record<string, (string | null)[]>;
}

/** A parse-time observation that is not an error (e.g. a feature missing in every sample), located like a DataError. */
export interface TableWarning {
  code: 'ALL_MISSING_FEATURE' | 'ALL_MISSING_SAMPLE' | 'LOOKS_LOG_TRANSFORMED' | 'ORIENTATION_GUESSED';
  message: string;
  line: number;
  column: number;
}

/** Where a table came from: a parsed format, or a BIOM table converted by `tableFromFeatureTable`. */
export type TableSource = Exclude<MetabolomicsFormatId, 'w4m-sample-metadata' | 'w4m-variable-metadata'> | 'biom';

/** Features × samples intensity table (see module doc for the layout). */
export interface MetabolomicsTable {
  format: TableSource;
  featureIds: string[];
  sampleIds: string[];
  /** sample-major: values[s * featureIds.length + f]; NaN = missing */
  values: Float64Array;
  quantity: QuantityKind;
  features: FeatureAnnotations;
  samples: SampleAnnotations;
  /** how the file was laid out, recorded for provenance */
  orientation: 'features-in-rows' | 'samples-in-rows';
  /** why that orientation was chosen (format rule, sample-id match, or guess) */
  orientationSource: string;
  /** decimal separator the numbers used */
  decimalSeparator: '.' | ',';
  /** count of cells that were a missing marker in the file (empty, NA, NaN, null …) */
  nMissingMarkers: number;
  /** count of cells that were exactly 0 */
  nZeros: number;
  warnings: TableWarning[];
}

/** Number of features. */
export function nFeatures(t: MetabolomicsTable): number {
  return t.featureIds.length;
}

/** Number of samples. */
export function nSamples(t: MetabolomicsTable): number {
  return t.sampleIds.length;
}

/** Intensity of feature f in sample s (NaN when missing). */
export function valueAt(t: MetabolomicsTable, feature: number, sample: number): number {
  return t.values[sample * t.featureIds.length + feature]!;
}

/** The profile of sample s as a view (no copy). */
export function sampleRow(t: MetabolomicsTable, sample: number): Float64Array {
  const p = t.featureIds.length;
  return t.values.subarray(sample * p, (sample + 1) * p);
}

/** Empty feature annotations for n features. */
export function emptyFeatureAnnotations(n: number, rtUnit: RtUnit = null): FeatureAnnotations {
  return {
    mz: new Float64Array(n).fill(NaN),
    rt: new Float64Array(n).fill(NaN),
    rtUnit,
    name: new Array(n).fill(null),
    extra: {},
  };
}

/** Empty sample annotations for n samples. */
export function emptySampleAnnotations(n: number): SampleAnnotations {
  return {
    classLabel: new Array(n).fill(null),
    injectionOrder: new Float64Array(n).fill(NaN),
    batch: new Array(n).fill(null),
    sampleType: new Array(n).fill(null),
    extra: {},
  };
}

/** Sample type named by free text ('QC', 'pool', 'Blank', 'Process_Blank', 'Standard', 'Sample'); null when unrecognised. */
export function sampleTypeFromText(text: string | null | undefined): SampleType {
  if (!text) return null;
  const t = text.trim().toLowerCase();
  if (t.includes('blank')) return 'blank';
  if (t === 'qc' || t.startsWith('qc') || t.includes('pool') || /(^|[^a-z])qc([^a-z]|$)/.test(t)) return 'qc';
  if (t.includes('standard') || t === 'std') return 'standard';
  if (t === 'sample' || t === 'samples' || t === 'study sample') return 'sample';
  return null;
}

/** Indices of samples of the given type. */
export function samplesOfType(t: MetabolomicsTable, type: Exclude<SampleType, null>): number[] {
  const out: number[] = [];
  t.samples.sampleType.forEach((k, s) => {
    if (k === type) out.push(s);
  });
  return out;
}

/** Copies `src` (features-in-rows, row-major f * nSamples + s) into a sample-major array. */
export function transposeToSampleMajor(src: Float64Array, nFeat: number, nSamp: number): Float64Array {
  const out = new Float64Array(nFeat * nSamp);
  const BLOCK = 64;
  for (let f0 = 0; f0 < nFeat; f0 += BLOCK) {
    const f1 = Math.min(nFeat, f0 + BLOCK);
    for (let s = 0; s < nSamp; s++) {
      const o = s * nFeat;
      for (let f = f0; f < f1; f++) out[o + f] = src[f * nSamp + s]!;
    }
  }
  return out;
}
