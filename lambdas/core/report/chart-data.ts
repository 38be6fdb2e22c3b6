/**
 * Data shaping for the report's charts: joining samples to their metadata
 * (group, time, subject), level orders, display names of features, number
 * formats and the deterministic thinning that keeps large charts small.
 */
import { armOrder, levelNumber, naturalOrder } from '../analysis/levels.js';
import type { ReportData, ReportMetadata, ReportSampleSet } from './types.js';

/** Okabe–Ito colours (Okabe & Ito 2008), distinguishable with the common colour-vision deficiencies; black last. */
export const OKABE_ITO = [
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
  '#000000',
] as const;
/** Grey for 'Other', not significant, or unknown. */
export const NEUTRAL = '#BBBBBB';
/** Shapes for timepoints, in level order (distinct in print without colour). */
export const SHAPES = [
  'circle',
  'square',
  'triangle-up',
  'diamond',
  'cross',
  'triangle-down',
  'triangle-right',
  'triangle-left',
] as const;

/** The design columns the charts group by (from the resolved design; null when the study has none). */
export interface DesignColumns {
  group: string | null;
  time: string | null;
  subject: string | null;
}

/** A sample of one dataset with its metadata id and its group, time and subject (null = missing). */
export interface AnnotatedSample {
  sampleId: string;
  metadataId: string | null;
  group: string | null;
  time: string | null;
  subject: string | null;
}

/** Label used for samples without a value of the grouping column. */
export const NO_VALUE = '(none)';

/** Group, time and subject columns: the design's, else the factor of the first comparison as the group. */
export function designColumns(data: ReportData): DesignColumns {
  const r = data.analysis?.design?.resolved;
  if (!r) return { group: null, time: null, subject: null };
  const firstFactor = r.comparisons.find((c) => c.factor !== r.time)?.factor ?? null;
  return { group: r.group ?? firstFactor, time: r.time, subject: r.subject };
}

/** metadata sample id -> column -> value. */
export function metadataIndex(m: ReportMetadata | null): Map<string, Record<string, string | null>> {
  return new Map((m?.rows ?? []).map((r) => [r.sampleId, r.values]));
}

/** Every sample of a dataset joined to the metadata: 16S by its id (when the metadata names it), metabolomics by `metadataId`. */
export function annotateSamples(
  set: ReportSampleSet,
  meta: Map<string, Record<string, string | null>>,
  cols: DesignColumns,
): AnnotatedSample[] {
  return set.rows.map((row) => {
    const metadataId =
      set.kind === 'metabolomics'
        ? (row as { metadataId: string | null }).metadataId
        : meta.has(row.sampleId)
          ? row.sampleId
          : null;
    const values = metadataId ? meta.get(metadataId) : undefined;
    const of = (c: string | null) => (c && values ? (values[c] ?? null) : null);
    return {
      sampleId: row.sampleId,
      metadataId,
      group: of(cols.group),
      time: of(cols.time),
      subject: of(cols.subject),
    };
  });
}

/** sampleId -> annotation. */
export function bySample(samples: AnnotatedSample[]): Map<string, AnnotatedSample> {
  return new Map(samples.map((s) => [s.sampleId, s]));
}

/** Group levels in arm order (control-like levels last, as the generated comparisons name them), missing last. */
export function groupLevels(samples: AnnotatedSample[]): string[] {
  return withNone(
    armOrder(samples.flatMap((s) => (s.group === null ? [] : [s.group]))),
    samples.some((s) => s.group === null),
  );
}

/** Time levels in natural order (numbers as numbers), missing last. */
export function timeLevels(samples: AnnotatedSample[]): string[] {
  return withNone(
    naturalOrder(samples.flatMap((s) => (s.time === null ? [] : [s.time]))),
    samples.some((s) => s.time === null),
  );
}

function withNone(levels: string[], hasNone: boolean): string[] {
  return hasNone ? [...levels, NO_VALUE] : levels;
}

/** The numeric order of a time level (its number, else its position), for ordering trajectories. */
export function timeRank(level: string | null, levels: string[]): number {
  if (level === null) return Number.POSITIVE_INFINITY;
  const n = levelNumber(level);
  return Number.isNaN(n) ? levels.indexOf(level) : n;
}

/** The readable end of a lineage key: the deepest named rank ('…;g__Bacteroides' → 'Bacteroides'; '…;f__Lachnospiraceae;__' → 'Lachnospiraceae (unclassified)'). */
export function taxonLabel(key: string): string {
  const ranks = key.split(';').map((r) =>
    r
      .trim()
      .replace(/^[a-z]?__/, '')
      .replace(/^\[(.*)\]$/, '$1'),
  );
  for (let i = ranks.length - 1; i >= 0; i--)
    if (ranks[i]) return i === ranks.length - 1 ? ranks[i]! : `${ranks[i]} (unclassified)`;
  return key;
}

/** The label of a hit or correlation feature: the metabolite name when known, a lineage's deepest rank, else the id. */
export function featureLabel(feature: string, name?: string | null): string {
  if (name) return name;
  return feature.includes('__') ? taxonLabel(feature) : feature;
}

/** A number with 3 significant digits (null → 'NA'). */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'NA';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/** A p- or q-value: 2 significant digits, exponent below 0.001. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'NA';
  return p < 1e-3 ? p.toExponential(1) : Number(p.toPrecision(2)).toString();
}

/** A fraction as a percentage with one decimal. */
export function fmtPct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/** Median of finite values (NaN when none). */
export function median(xs: number[]): number {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/**
 * Deterministic thinning: all `keep` items, and of the `rest` (in the given order) every k-th
 * so that at most `budget` items are returned in total; k = ceil(rest / room). Returns the items and k.
 */
export function thin<T>(keep: T[], rest: T[], budget: number): { items: T[]; stride: number; kept: number } {
  if (keep.length + rest.length <= budget) return { items: [...keep, ...rest], stride: 1, kept: keep.length };
  if (keep.length >= budget) return { items: keep.slice(0, budget), stride: Number.POSITIVE_INFINITY, kept: budget };
  const stride = Math.ceil(rest.length / (budget - keep.length));
  return { items: [...keep, ...rest.filter((_, i) => i % stride === 0)], stride, kept: keep.length };
}

/** The q class of a value for colour: 'q < 0.01', 'q < 0.05', 'q < 0.1', 'q ≥ 0.1' or 'q NA'. */
export function qClass(q: number | null): string {
  if (q === null || !Number.isFinite(q)) return Q_CLASSES[4];
  return q < 0.01 ? Q_CLASSES[0] : q < 0.05 ? Q_CLASSES[1] : q < 0.1 ? Q_CLASSES[2] : Q_CLASSES[3];
}
export const Q_CLASSES = ['q < 0.01', 'q < 0.05', 'q < 0.1', 'q ≥ 0.1', 'q NA'] as const;
/** Colours of the q classes: vermillion, orange, sky blue, grey, light grey. */
export const Q_COLOURS = ['#D55E00', '#E69F00', '#56B4E9', '#999999', '#DDDDDD'] as const;

/** Readable names of tests and alpha metrics. */
export const TEST_NAMES: Record<string, string> = {
  kruskal_wallis: 'Kruskal–Wallis',
  wilcoxon_rank_sum: 'Wilcoxon rank-sum',
  wilcoxon_signed_rank: 'Wilcoxon signed-rank',
  permanova: 'PERMANOVA',
  anosim: 'ANOSIM',
  welch_t: 'Welch t',
  paired_t: 'paired t',
};
export const METRIC_NAMES: Record<string, string> = {
  shannon_entropy: 'Shannon entropy',
  observed_features: 'Observed features',
  simpson: 'Simpson',
  pielou_evenness: 'Pielou evenness',
  chao1: 'Chao1',
  faith_pd: 'Faith PD',
  bray_curtis: 'Bray–Curtis',
  jaccard: 'Jaccard',
  aitchison: 'Aitchison',
  pca: 'PCA',
};

/** The symbol of a test's statistic. */
export function statisticSymbol(test: string): string {
  return (
    (
      {
        kruskal_wallis: 'H',
        wilcoxon_rank_sum: 'W',
        wilcoxon_signed_rank: 'V',
        permanova: 'pseudo-F',
        anosim: 'R',
        welch_t: 't',
        paired_t: 't',
      } as Record<string, string>
    )[test] ?? 'statistic'
  );
}

/** A string safe as an HTML id fragment: lower case letters, digits and '-'. */
export function slug(...parts: string[]): string {
  return (
    parts
      .join('-')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}
