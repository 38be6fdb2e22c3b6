/**
 * One function per report chart, each returning a Vega-Lite spec with its
 * title, caption (the comparison and the numbers it shows) and what was
 * limited. No SVG geometry is drawn here: render.ts compiles the specs with
 * vega-lite and renders them with vega. Colours are Okabe–Ito (colour-blind
 * safe); timepoints are also told apart by shape, so charts read in grey print.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ComparisonRow, CorrelationFamilyRow, PathwayRow } from '../analysis/types.js';
import {
  type AnnotatedSample,
  bySample,
  featureLabel,
  fmt,
  fmtP,
  fmtPct,
  groupLevels,
  METRIC_NAMES,
  median,
  NEUTRAL,
  NO_VALUE,
  OKABE_ITO,
  Q_CLASSES,
  Q_COLOURS,
  qClass,
  SHAPES,
  slug,
  statisticSymbol,
  TEST_NAMES,
  taxonLabel,
  thin,
  timeLevels,
  timeRank,
} from './chart-data.js';
import type {
  ReportCorrelationRow,
  ReportHitRow,
  ReportLefseRow,
  ReportModelRow,
  ReportOrdination,
  ReportSampleSet,
  ReportTestRow,
  ReportTopTaxon,
} from './types.js';

/** One chart of the report: its anchor, titles, caption lines and the Vega-Lite spec. */
export interface ReportChart {
  /** unique HTML id */
  id: string;
  /** which chart function made it (e.g. 'pcoa'); also a CSS class of its figure */
  type: ChartType;
  title: string;
  /** the lead sentence under the chart: what it shows, of which data and comparison */
  caption: string;
  /** the numbers it refers to, one line each (tests, counts) */
  details: string[];
  /** what was left out to keep the chart readable and the report small, or null */
  limits: string | null;
  spec: TopLevelSpec;
}

export type ChartType =
  | 'quality'
  | 'alpha'
  | 'pcoa'
  | 'genera'
  | 'volcano'
  | 'lefse'
  | 'models'
  | 'heatmap'
  | 'pathways';

/** Chart widths fit an A4 page at 96 dpi with margins (≈ 640 px of text width). */
const WIDTH = 520;
/** Points drawn per volcano plot at most. */
export const VOLCANO_BUDGET = 800;
/** Labelled points per volcano plot. */
export const VOLCANO_LABELS = 8;
/** Genera shown in the stacked bars (the rest is 'Other'): one per Okabe–Ito colour. */
export const TOP_GENERA = 8;
/** Clades shown in a LEfSe chart. */
export const LEFSE_MAX = 30;
/** Responses shown in a mixed-model chart. */
export const MODEL_MAX = 20;
/** Features shown in a correlation heatmap. */
export const HEATMAP_MAX = 30;
/** Samples per bar chart beyond which sample names are not printed on the axis. */
const MAX_SAMPLE_LABELS = 40;

const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: '#cccccc' },
  axis: { labelFontSize: 10, titleFontSize: 11, labelLimit: 320 },
  legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 320 },
  header: { labelFontSize: 11, titleFontSize: 11 },
  aria: false,
} as const;

/** A Vega-Lite spec with the report's configuration (fonts, background, no per-mark ARIA text unless a layer asks). */
function spec(description: string, body: Record<string, unknown>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    config: CONFIG,
    ...body,
  } as unknown as TopLevelSpec;
}

/** Colour encoding of the group column, Okabe–Ito in group order, grey for samples without a group. */
function groupColour(levels: string[], title: string) {
  return {
    field: 'group',
    type: 'nominal',
    title,
    scale: {
      domain: levels,
      range: levels.map((l, i) => (l === NO_VALUE ? NEUTRAL : OKABE_ITO[i % OKABE_ITO.length]!)),
    },
  };
}

function describeN(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------- quality

/** Per-dataset quality: reads per sample (16S, sorted) or total intensity and missing fraction per sample in file order (metabolomics). */
export function qualityChart(set: ReportSampleSet, samples: AnnotatedSample[], groupTitle: string): ReportChart {
  const ann = bySample(samples);
  const groups = groupLevels(samples);
  const n = set.rows.length;
  const labels = n <= MAX_SAMPLE_LABELS;
  const noMeta = samples.filter((s) => s.metadataId === null).length;
  const id = slug('quality', set.datasetId);
  if (set.kind === '16s') {
    const rows = [...set.rows].sort((a, b) => a.depth - b.depth || a.order - b.order);
    const values = rows.map((r, i) => ({
      sample: r.sampleId,
      rank: i + 1,
      depth: r.depth,
      group: ann.get(r.sampleId)?.group ?? NO_VALUE,
    }));
    const depths = rows.map((r) => r.depth);
    const empty = depths.filter((d) => d === 0).length;
    return {
      id,
      type: 'quality',
      title: `Reads per sample — ${set.datasetId}`,
      caption: `Sequencing depth of each of the ${n} samples of ${set.datasetId}, smallest first, coloured by ${groupTitle}.`,
      details: [
        `median ${fmt(median(depths))} reads (min ${fmt(depths[0] ?? null)}, max ${fmt(depths[depths.length - 1] ?? null)})`,
        `${describeN(empty, 'empty sample')} (left out of every test); ${describeN(noMeta, 'sample')} without a metadata row`,
      ],
      limits: null,
      spec: spec(`reads per sample of ${set.datasetId}`, {
        name: 'quality',
        width: WIDTH,
        height: 160,
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: {
            field: labels ? 'sample' : 'rank',
            type: 'ordinal',
            sort: labels ? { field: 'rank' } : 'ascending',
            title: labels ? 'sample' : `samples (${n}, sorted by depth)`,
            axis: labels ? { labelAngle: -60 } : { labels: false, ticks: false },
          },
          y: { field: 'depth', type: 'quantitative', title: 'reads' },
          color: groupColour(groups, groupTitle),
        },
      }),
    };
  }
  const rows = [...set.rows].sort((a, b) => a.order - b.order);
  const values = rows.map((r) => ({
    sample: r.sampleId,
    order: r.order + 1,
    intensity: r.totalIntensity,
    missing: r.missingFraction,
    group: ann.get(r.sampleId)?.group ?? NO_VALUE,
  }));
  const x = {
    field: labels ? 'sample' : 'order',
    type: 'ordinal',
    sort: labels ? { field: 'order' } : 'ascending',
    title: labels ? 'sample (file order)' : `samples (${n}, in file order)`,
    axis: labels ? { labelAngle: -60 } : { labels: false, ticks: false },
  };
  const processed = rows.filter((r) => r.processed).length;
  const miss = rows.map((r) => r.missingFraction);
  const qc = rows.filter((r) => r.sampleType && /qc/i.test(r.sampleType)).length;
  return {
    id,
    type: 'quality',
    title: `Intensity and missing values per sample — ${set.datasetId}`,
    caption: `Total intensity (log scale) and fraction of missing values of each of the ${n} samples of ${set.datasetId}, in file (injection) order, coloured by ${groupTitle}; drifts show as trends.`,
    details: [
      `${processed} of ${n} samples processed; median total intensity ${fmt(median(rows.map((r) => r.totalIntensity)))}`,
      `missing values per sample: median ${fmtPct(median(miss))}, max ${fmtPct(Math.max(0, ...miss))}; ${describeN(noMeta, 'sample')} matched to no metadata row${qc ? `; ${qc} QC samples` : ''}`,
    ],
    limits: null,
    spec: spec(`total intensity and missing fraction per sample of ${set.datasetId}`, {
      name: 'quality',
      data: { values },
      vconcat: [
        {
          name: 'intensity',
          width: WIDTH,
          height: 130,
          mark: { type: 'point', filled: true, size: 16 },
          transform: [{ filter: 'datum.intensity > 0' }],
          encoding: {
            x: { ...x, title: null, axis: { labels: false, ticks: false } },
            y: {
              field: 'intensity',
              type: 'quantitative',
              scale: { type: 'log' },
              title: 'total intensity',
              axis: { format: '~s', tickCount: 4 },
            },
            color: groupColour(groups, groupTitle),
          },
        },
        {
          name: 'missing',
          width: WIDTH,
          height: 90,
          mark: { type: 'bar' },
          encoding: {
            x,
            y: { field: 'missing', type: 'quantitative', title: 'missing fraction', axis: { format: '.0%' } },
            color: groupColour(groups, groupTitle),
          },
        },
      ],
    }),
  };
}

// ---------------------------------------------------------------------------------------------- alpha

/** One test: "<test> <symbol> = x, R² = r, p = y, q = z (n = a vs b, permutations)". */
export function testText(t: ReportTestRow): string {
  const stat = `${statisticSymbol(t.test)} = ${fmt(t.statistic)}`;
  const r2 = t.r2 !== null ? `, R² = ${fmt(t.r2)}` : '';
  const q = t.q !== null ? `, q = ${fmtP(t.q)}` : '';
  const n = t.nA !== null && t.nB !== null ? `n = ${t.nA} vs ${t.nB}` : `n = ${t.n}`;
  const perm = t.permutations !== null ? `, ${t.permutations} permutations${t.strata ? ' within subject' : ''}` : '';
  return `${TEST_NAMES[t.test] ?? t.test} ${stat}${r2}, p = ${fmtP(t.p)}${q} (${n}${perm})`;
}

/** One line per comparison (and pair of levels for omnibus pairwise tests): "<comparison>: <test>; <test>". */
export function testLines(tests: ReportTestRow[]): string[] {
  const lines = new Map<string, string[]>();
  for (const t of tests) {
    const pair =
      t.groupA && !t.comparison.includes(`${t.groupA} vs ${t.groupB}`) ? ` [${t.groupA} vs ${t.groupB}]` : '';
    const key = `${t.comparison}${pair}`;
    lines.set(key, [...(lines.get(key) ?? []), testText(t)]);
  }
  return [...lines.entries()].map(([k, v]) => `${k}: ${v.join('; ')}`);
}

const TEST_ORDER = Object.keys(TEST_NAMES);

/** Orders tests by the comparisons' order, then test (rank tests, PERMANOVA, ANOSIM). */
function byComparison(comparisons: ComparisonRow[]) {
  const rank = new Map(comparisons.map((c, i) => [c.name, i]));
  return (a: { comparison: string; test?: string }, b: { comparison: string; test?: string }) =>
    (rank.get(a.comparison) ?? 1e9) - (rank.get(b.comparison) ?? 1e9) ||
    TEST_ORDER.indexOf(a.test ?? '') - TEST_ORDER.indexOf(b.test ?? '');
}

/** Alpha diversity of one metric as boxplots by group × time, with the metric's tests of this dataset in the caption. */
export function alphaChart(
  set: Extract<ReportSampleSet, { kind: '16s' }>,
  metric: string,
  samples: AnnotatedSample[],
  tests: ReportTestRow[],
  comparisons: ComparisonRow[],
  titles: { group: string; time: string | null },
): ReportChart | null {
  const ann = bySample(samples);
  const values = set.rows.flatMap((r) => {
    const v = (r as unknown as Record<string, number | null>)[metric];
    if (v === null || v === undefined || !Number.isFinite(v) || r.depth === 0) return [];
    const a = ann.get(r.sampleId);
    return [{ sample: r.sampleId, value: v, group: a?.group ?? NO_VALUE, time: a?.time ?? NO_VALUE }];
  });
  if (!values.length) return null;
  const withValue = samples.filter((s) => values.some((v) => v.sample === s.sampleId));
  const groups = groupLevels(withValue);
  const times = titles.time ? timeLevels(withValue) : [];
  const mine = tests
    .filter((t) => t.datasetId === set.datasetId && t.metric === metric)
    .sort(byComparison(comparisons));
  const name = METRIC_NAMES[metric] ?? metric;
  const encoding: Record<string, unknown> = {
    y: { field: 'value', type: 'quantitative', title: name, scale: { zero: false } },
    color: groupColour(groups, titles.group),
  };
  if (titles.time) {
    encoding.x = { field: 'time', type: 'ordinal', sort: times, title: titles.time, axis: { labelAngle: 0 } };
    encoding.xOffset = { field: 'group', sort: groups };
  } else encoding.x = { field: 'group', type: 'nominal', sort: groups, title: titles.group };
  const cells = new Set(values.map((v) => `${v.group}\u0000${v.time}`)).size;
  return {
    id: slug('alpha', set.datasetId, metric),
    type: 'alpha',
    title: `${name} — ${set.datasetId}`,
    caption: `${name} of ${values.length} non-empty samples of ${set.datasetId}, one box per ${titles.group}${titles.time ? ` × ${titles.time}` : ''} (${cells} boxes: median, quartiles, whiskers to 1.5 IQR, outliers as points). ${mine.length ? `Tests of ${name} on this dataset:` : 'No test of this metric on this dataset.'}`,
    details: testLines(mine),
    limits: null,
    spec: spec(`${name} by ${titles.group}${titles.time ? ` and ${titles.time}` : ''} for ${set.datasetId}`, {
      name: 'alpha',
      width: Math.min(WIDTH, 90 + 45 * Math.max(1, cells)),
      height: 220,
      data: { values },
      mark: { type: 'boxplot', extent: 1.5, size: 14, median: { color: 'black' }, outliers: { size: 12 } },
      encoding,
    }),
  };
}

// ---------------------------------------------------------------------------------------------- ordination

/** Axis titles: 'PC1 (23.4 %)' for PCoA/PCA, 'NMDS1' for NMDS. */
function axisTitle(o: ReportOrdination, k: number): string {
  if (o.method === 'nmds') return `NMDS${k + 1}`;
  const p = o.proportionExplained[k];
  return `PC${k + 1}${p !== undefined ? ` (${fmtPct(p)})` : ''}`;
}

/** PCoA (or PCA / NMDS) scatter of the first two axes: colour = group, shape = time, a line per subject in time order; PERMANOVA and ANOSIM in the caption. */
export function ordinationChart(
  o: ReportOrdination,
  samples: AnnotatedSample[],
  tests: ReportTestRow[],
  comparisons: ComparisonRow[],
  titles: { group: string; time: string | null },
): ReportChart | null {
  const ann = bySample(samples);
  const points = o.samples.filter(
    (s) => s.axes.length >= 2 && Number.isFinite(s.axes[0]!) && Number.isFinite(s.axes[1]!),
  );
  if (!points.length) return null;
  const shown = points.map(
    (s) => ann.get(s.sampleId) ?? { sampleId: s.sampleId, metadataId: null, group: null, time: null, subject: null },
  );
  const groups = groupLevels(shown);
  const times = timeLevels(shown);
  const values = points.map((s, i) => {
    const a = shown[i]!;
    return {
      sample: s.sampleId,
      x: s.axes[0]!,
      y: s.axes[1]!,
      group: a.group ?? NO_VALUE,
      time: a.time ?? NO_VALUE,
      subject: a.subject,
      t: timeRank(a.time, times),
      label: `${s.sampleId} · ${a.group ?? NO_VALUE}${titles.time ? ` · ${titles.time} ${a.time ?? NO_VALUE}` : ''}`,
    };
  });
  const perSubject = new Map<string, number>();
  for (const v of values) if (v.subject !== null) perSubject.set(v.subject, (perSubject.get(v.subject) ?? 0) + 1);
  const trajectories = [...perSubject.values()].filter((k) => k > 1).length;
  const lined = values.map((v) => ({ ...v, line: v.subject !== null && (perSubject.get(v.subject) ?? 0) > 1 }));
  const metricName = METRIC_NAMES[o.metric] ?? o.metric;
  const what =
    o.method === 'pca'
      ? `PCA of the processed matrix`
      : o.method === 'nmds'
        ? `NMDS of ${metricName} distances`
        : `PCoA of ${metricName} distances`;
  const mine = tests
    .filter(
      (t) => t.datasetId === o.datasetId && t.metric === o.metric && (t.test === 'permanova' || t.test === 'anosim'),
    )
    .sort(byComparison(comparisons));
  const x = { field: 'x', type: 'quantitative', title: axisTitle(o, 0), scale: { zero: false, nice: false } };
  const y = { field: 'y', type: 'quantitative', title: axisTitle(o, 1), scale: { zero: false, nice: false } };
  const layers: Record<string, unknown>[] = [];
  if (trajectories) {
    layers.push({
      name: 'trajectories',
      transform: [{ filter: 'datum.line' }],
      mark: { type: 'line', strokeWidth: 0.8, opacity: trajectories > 50 ? 0.15 : 0.35, color: '#777777' },
      encoding: { x, y, detail: { field: 'subject', type: 'nominal' }, order: { field: 't', type: 'quantitative' } },
    });
  }
  layers.push({
    name: 'points',
    mark: { type: 'point', filled: true, size: 36, opacity: 0.85, aria: true },
    encoding: {
      x,
      y,
      color: groupColour(groups, titles.group),
      ...(titles.time
        ? {
            shape: {
              field: 'time',
              type: 'nominal',
              sort: times,
              title: titles.time,
              scale: { domain: times, range: times.map((_, i) => SHAPES[i % SHAPES.length]!) },
            },
          }
        : {}),
      description: { field: 'label' },
    },
  });
  const stress = o.stress !== null ? ` Stress ${fmt(o.stress)}.` : '';
  return {
    id: slug('ordination', o.datasetId, o.metric),
    type: 'pcoa',
    title: `${what} — ${o.datasetId}`,
    caption:
      `${what} of ${o.datasetId}: ${points.length} samples, coloured by ${titles.group}${titles.time ? `, shaped by ${titles.time}` : ''}${trajectories ? `; grey lines join each subject's samples in time order (${trajectories} subjects)` : ''}.${stress} ${mine.length ? 'Tests on this distance:' : o.method === 'pca' ? '' : 'No PERMANOVA or ANOSIM on this distance.'}`.trim(),
    details: testLines(mine),
    limits: null,
    spec: spec(`${what} of ${o.datasetId}`, {
      name: 'ordination',
      width: WIDTH,
      height: 360,
      data: { values: lined },
      layer: layers,
    }),
  };
}

// ---------------------------------------------------------------------------------------------- composition

/** Stacked bars of the mean relative abundance of the top genera per group × time (everything else 'Other'). */
export function generaChart(
  datasetId: string,
  top: ReportTopTaxon[],
  samples: AnnotatedSample[],
  titles: { group: string; time: string | null },
): ReportChart | null {
  const ann = bySample(samples);
  const mine = top.filter((t) => t.datasetId === datasetId);
  if (!mine.length) return null;
  const perSample = new Map<string, Map<string, number>>();
  for (const t of mine) {
    const m = perSample.get(t.sampleId) ?? new Map<string, number>();
    m.set(t.taxon, t.relativeAbundance);
    perSample.set(t.sampleId, m);
  }
  const nSamples = perSample.size;
  const totals = new Map<string, number>();
  for (const m of perSample.values())
    for (const [taxon, ra] of m) if (taxon !== 'Other') totals.set(taxon, (totals.get(taxon) ?? 0) + ra);
  const genera = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_GENERA)
    .map(([t]) => t);
  const labels = uniqueLabels(genera.map(taxonLabel));
  const legend = [...labels, 'Other'];
  const cells = new Map<string, { group: string; time: string; n: number; sums: number[] }>();
  for (const [sampleId, m] of perSample) {
    const a = ann.get(sampleId);
    const group = a?.group ?? NO_VALUE;
    const time = a?.time ?? NO_VALUE;
    const key = `${group}\u0000${time}`;
    const c = cells.get(key) ?? { group, time, n: 0, sums: genera.map(() => 0) };
    c.n++;
    genera.forEach((g, i) => (c.sums[i]! += m.get(g) ?? 0));
    cells.set(key, c);
  }
  const values = [...cells.values()].flatMap((c) => {
    const means = c.sums.map((s) => s / c.n);
    const other = Math.max(0, 1 - means.reduce((s, x) => s + x, 0));
    return [...means, other].map((mean, i) => ({
      group: c.group,
      time: c.time,
      genus: legend[i]!,
      rank: i,
      mean,
      n: c.n,
    }));
  });
  const annotated = [...perSample.keys()].map(
    (s) => ann.get(s) ?? { sampleId: s, metadataId: null, group: null, time: null, subject: null },
  );
  const groups = groupLevels(annotated);
  const times = titles.time ? timeLevels(annotated) : [];
  const x = titles.time
    ? { field: 'time', type: 'ordinal', sort: times, title: titles.time, axis: { labelAngle: 0 } }
    : { field: 'group', type: 'nominal', sort: groups, title: titles.group };
  return {
    id: slug('genera', datasetId),
    type: 'genera',
    title: `Top genera — ${datasetId}`,
    caption: `Mean relative abundance of the ${genera.length} most abundant genera of ${datasetId} per ${titles.group}${titles.time ? ` × ${titles.time}` : ''} (${nSamples} samples; ${cells.size} bars).`,
    details: [...cells.values()].map(
      (c) => `${titles.group} ${c.group}${titles.time ? `, ${titles.time} ${c.time}` : ''}: ${c.n} samples`,
    ),
    limits: `Each sample stores its 10 most abundant genera; a genus outside a sample's top 10 counts in that sample's 'Other', so means of rarer genera are lower bounds. Genera beyond the top ${TOP_GENERA} are in 'Other'.`,
    spec: spec(`top genera of ${datasetId}`, {
      name: 'genera',
      data: { values },
      mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
      ...(titles.time
        ? { facet: { column: { field: 'group', type: 'nominal', sort: groups, title: titles.group } } }
        : {}),
      ...(titles.time
        ? {
            spec: {
              width: Math.max(60, Math.min(220, Math.floor((WIDTH - 150) / Math.max(1, groups.length)))),
              height: 220,
              mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
              encoding: generaEncoding(x, legend),
            },
          }
        : { width: Math.min(WIDTH - 150, 60 * groups.length + 40), height: 220, encoding: generaEncoding(x, legend) }),
    }),
  };
}

function generaEncoding(x: Record<string, unknown>, legend: string[]) {
  return {
    x,
    y: {
      field: 'mean',
      type: 'quantitative',
      stack: 'zero',
      title: 'mean relative abundance',
      scale: { domain: [0, 1] },
      axis: { format: '.0%' },
    },
    color: {
      field: 'genus',
      type: 'nominal',
      title: 'genus',
      sort: legend,
      scale: {
        domain: legend,
        range: legend.map((_, i) => (i < legend.length - 1 ? OKABE_ITO[i % OKABE_ITO.length]! : NEUTRAL)),
      },
    },
    order: { field: 'rank', type: 'quantitative' },
  };
}

/** 2 → '2nd', 3 → '3rd', 11 → '11th'. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Labels made unique by a numeric suffix ('Bacteroides', 'Bacteroides 2'). */
function uniqueLabels(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const k = (seen.get(l) ?? 0) + 1;
    seen.set(l, k);
    return k === 1 ? l : `${l} ${k}`;
  });
}

// ---------------------------------------------------------------------------------------------- volcano

/** Volcano plot of one comparison × dataset × level: effect vs −log10 p, colour = q class, size = VIP when an OPLS-DA ran; top hits labelled. */
export function volcanoChart(
  comparison: ComparisonRow,
  datasetId: string,
  level: string,
  hits: ReportHitRow[],
): ReportChart | null {
  const mine = hits.filter((h) => h.comparison === comparison.name && h.datasetId === datasetId && h.level === level);
  const usable = mine.filter((h) => h.p !== null && h.p > 0 && h.effect !== null && Number.isFinite(h.effect));
  const zeroP = mine.filter((h) => h.p === 0).length;
  if (!usable.length) return null;
  const byQ = (a: ReportHitRow, b: ReportHitRow) =>
    (a.q ?? 2) - (b.q ?? 2) || a.p! - b.p! || a.feature.localeCompare(b.feature);
  const sorted = [...usable].sort(byQ);
  const keep = sorted.filter((h) => h.q !== null && h.q < 0.1);
  const rest = sorted
    .filter((h) => !(h.q !== null && h.q < 0.1))
    .sort((a, b) => a.p! - b.p! || a.feature.localeCompare(b.feature));
  const { items, stride, kept } = thin(keep, rest, VOLCANO_BUDGET);
  const hasVip = usable.some((h) => typeof h.vip === 'number');
  const labelled = new Set(
    sorted
      .filter((h) => h.q !== null && h.q < 0.05)
      .slice(0, VOLCANO_LABELS)
      .map((h) => h.feature),
  );
  const values = items.map((h) => ({
    feature: h.feature,
    label: featureLabel(h.feature, h.featureName),
    effect: h.effect!,
    mlp: -Math.log10(h.p!),
    qclass: qClass(h.q),
    text: labelled.has(h.feature) ? featureLabel(h.feature, h.featureName) : null,
    desc: `${featureLabel(h.feature, h.featureName)}: effect ${fmt(h.effect)}, p ${fmtP(h.p)}, q ${fmtP(h.q)}`,
    ...(hasVip ? { vip: typeof h.vip === 'number' ? h.vip : 0 } : {}),
  }));
  const sig = usable.filter((h) => h.q !== null && h.q < 0.05);
  const threshold = sig.length ? Math.max(...sig.map((h) => h.p!)) : null;
  const test = TEST_NAMES[usable[0]!.test] ?? usable[0]!.test;
  const effectName = usable[0]!.effectName;
  const effectTitle =
    effectName === 'log2_fold_change'
      ? `log2 fold change (${comparison.groupA} / ${comparison.groupB})`
      : effectName === 'clr_mean_difference'
        ? `clr mean difference (${comparison.groupA} − ${comparison.groupB})`
        : `difference of mean change (${comparison.groupA} − ${comparison.groupB})`;
  const second = mine[0]?.secondTest ? mine.filter((h) => h.secondQ !== null && h.secondQ < 0.05).length : null;
  const qUsed = Q_CLASSES.filter((c) => values.some((v) => v.qclass === c));
  const x = { field: 'effect', type: 'quantitative', title: effectTitle };
  const y = { field: 'mlp', type: 'quantitative', title: '−log10 p' };
  const layers: Record<string, unknown>[] = [
    {
      name: 'zero',
      data: { values: [{ effect: 0 }] },
      mark: { type: 'rule', color: '#999999', strokeDash: [2, 2] },
      encoding: { x: { field: 'effect', type: 'quantitative' } },
    },
  ];
  if (threshold !== null) {
    layers.push({
      name: 'threshold',
      data: { values: [{ mlp: -Math.log10(threshold) }] },
      mark: { type: 'rule', color: '#D55E00', strokeDash: [4, 3] },
      encoding: { y: { field: 'mlp', type: 'quantitative' } },
    });
  }
  layers.push({
    name: 'points',
    mark: { type: 'point', filled: true, opacity: 0.75, ...(hasVip ? {} : { size: 22 }) },
    encoding: {
      x,
      y,
      color: {
        field: 'qclass',
        type: 'ordinal',
        title: 'BH q',
        sort: [...Q_CLASSES],
        scale: { domain: qUsed, range: qUsed.map((c) => Q_COLOURS[Q_CLASSES.indexOf(c)]!) },
      },
      ...(hasVip ? { size: { field: 'vip', type: 'quantitative', title: 'VIP', scale: { range: [8, 120] } } } : {}),
      order: { field: 'mlp', type: 'quantitative' },
    },
  });
  if (labelled.size) {
    layers.push({
      name: 'labels',
      transform: [{ filter: 'datum.text !== null' }],
      mark: { type: 'text', align: 'left', dx: 5, dy: -3, fontSize: 9, aria: true },
      encoding: { x, y, text: { field: 'text' }, description: { field: 'desc' } },
    });
  }
  const levelName =
    level === 'metabolite' ? 'metabolites' : level === 'genus' ? 'genera' : level === 'phylum' ? 'phyla' : 'features';
  const top = sig
    .slice()
    .sort(byQ)
    .slice(0, 3)
    .map((h) => `${featureLabel(h.feature, h.featureName)} (effect ${fmt(h.effect)}, q ${fmtP(h.q)})`);
  const dropped = mine.length - usable.length;
  return {
    id: slug('volcano', comparison.name, datasetId, level),
    type: 'volcano',
    title: `${comparison.name} — ${datasetId} (${levelName})`,
    caption: `Volcano plot of ${comparison.name} on ${datasetId}: ${usable.length} tested ${levelName}, ${test} p against the ${effectTitle}; colour = BH q${hasVip ? ', size = OPLS-DA VIP' : ''}; the dashed line is the largest p with q < 0.05.`,
    details: [
      `${sig.length} ${levelName} with q < 0.05 (${test})${second !== null ? `; ${second} with q < 0.05 by ${TEST_NAMES[mine[0]!.secondTest!] ?? mine[0]!.secondTest}` : ''}; n = ${comparison.nA ?? '?'} vs ${comparison.nB ?? '?'}${comparison.paired ? ' (paired)' : ''}`,
      ...(top.length ? [`strongest: ${top.join('; ')}`] : []),
    ],
    limits:
      [
        kept < keep.length
          ? `Showing the ${items.length} points with the smallest q of ${usable.length}.`
          : stride > 1
            ? `Showing ${items.length} of ${usable.length} points: all with q < 0.1 and every ${ordinal(stride)} other by p.`
            : '',
        dropped
          ? `${dropped} ${levelName} with an undefined p or effect${zeroP ? ` (${zeroP} with p = 0)` : ''} are not drawn.`
          : '',
      ]
        .filter(Boolean)
        .join(' ') || null,
    spec: spec(`volcano plot of ${comparison.name} on ${datasetId}`, {
      name: 'volcano',
      width: WIDTH,
      height: 300,
      data: { values },
      layer: layers,
    }),
  };
}

// ---------------------------------------------------------------------------------------------- LEfSe

/** The readable end of a LEfSe clade key ('…;g__Bacteroides' → 'Bacteroides') with its rank. */
function cladeLabel(clade: string, rank: string): string {
  return `${taxonLabel(clade)} [${rank}]`;
}

/** LEfSe LDA scores of the discriminative clades of one comparison × dataset: bars signed by class for two classes, coloured by enriched class. */
export function lefseChart(comparison: ComparisonRow, datasetId: string, rows: ReportLefseRow[]): ReportChart | null {
  const mine = rows.filter((r) => r.comparison === comparison.name && r.datasetId === datasetId);
  const disc = mine
    .filter((r) => r.discriminative && r.lda !== null)
    .sort((a, b) => b.lda! - a.lda! || a.clade.localeCompare(b.clade));
  if (!mine.length) return null;
  const classes = [...new Set(mine.map((r) => r.enrichedClass))];
  const ordered = comparison.groupA
    ? [
        comparison.groupA,
        comparison.groupB,
        ...classes.filter((c) => c !== comparison.groupA && c !== comparison.groupB),
      ]
    : classes.sort();
  const twoClass =
    ordered.length === 2 ||
    (comparison.groupA !== '' && classes.every((c) => c === comparison.groupA || c === comparison.groupB));
  const shown = disc.slice(0, LEFSE_MAX);
  const values = shown.map((r) => ({
    clade: cladeLabel(r.clade, r.rank),
    lda: twoClass && r.enrichedClass === comparison.groupB ? -r.lda! : r.lda!,
    cls: r.enrichedClass,
  }));
  values.sort((a, b) => b.lda - a.lda);
  const domain = ordered
    .filter((c) => classes.includes(c) || c === comparison.groupA || c === comparison.groupB)
    .filter(Boolean);
  return {
    id: slug('lefse', comparison.name, datasetId),
    type: 'lefse',
    title: `LEfSe — ${comparison.name} — ${datasetId}`,
    caption: `LEfSe on ${datasetId} for ${comparison.name}: log10 LDA score of each discriminative clade (Kruskal–Wallis and Wilcoxon steps passed, |LDA| > 2), coloured by the class where it is most abundant${twoClass ? `; ${comparison.groupB} to the left (negative)` : ''}.`,
    details: [
      `${disc.length} discriminative of ${mine.length} clades passing Kruskal–Wallis; n = ${mine[0]!.n} samples; bootstrap seed ${mine[0]!.seed}`,
    ],
    limits: disc.length > LEFSE_MAX ? `Showing the ${LEFSE_MAX} clades with the largest LDA of ${disc.length}.` : null,
    spec: spec(`LEfSe LDA scores for ${comparison.name} on ${datasetId}`, {
      name: 'lefse',
      width: WIDTH - 200,
      height: { step: 14 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'clade', type: 'nominal', sort: { field: 'lda', order: 'descending' }, title: null },
        x: { field: 'lda', type: 'quantitative', title: 'log10 LDA score' },
        color: {
          field: 'cls',
          type: 'nominal',
          title: 'enriched in',
          scale: { domain, range: domain.map((_, i) => OKABE_ITO[i % OKABE_ITO.length]!) },
        },
      },
    }),
  };
}

// ---------------------------------------------------------------------------------------------- mixed models

/** True for a group × time interaction term (lme4 names them 'a:b'). */
function isInteraction(term: string): boolean {
  return term.includes(':');
}

/** Mixed-model group × time coefficients per response of one dataset × level: estimate ± SE, shape marks q < 0.05 (p for alpha metrics, whose q is null). */
export function modelChart(
  datasetId: string,
  level: string,
  rows: ReportModelRow[],
  names?: Map<string, string>,
): ReportChart | null {
  const mine = rows.filter((r) => r.datasetId === datasetId && r.level === level);
  const coefs = mine.filter((r) => r.test === 't' && isInteraction(r.term) && r.estimate !== null && r.se !== null);
  if (!coefs.length) return null;
  const fTests = mine.filter((r) => r.test === 'F' && isInteraction(r.term));
  const score = (r: { q: number | null; p: number | null }) => r.q ?? r.p ?? 2;
  const byResponse = new Map<string, number>();
  for (const f of fTests) byResponse.set(f.response, Math.min(byResponse.get(f.response) ?? 2, score(f)));
  for (const c of coefs)
    if (!fTests.length) byResponse.set(c.response, Math.min(byResponse.get(c.response) ?? 2, score(c)));
  const responses = [...new Set(coefs.map((c) => c.response))].sort(
    (a, b) => (byResponse.get(a) ?? 2) - (byResponse.get(b) ?? 2) || a.localeCompare(b),
  );
  const shown = new Set(responses.slice(0, MODEL_MAX));
  const useQ = coefs.some((c) => c.q !== null);
  const mark = useQ ? 'q' : 'p';
  const values = coefs
    .filter((c) => shown.has(c.response))
    .map((c) => ({
      response:
        level === 'alpha' ? (METRIC_NAMES[c.response] ?? c.response) : featureLabel(c.response, names?.get(c.response)),
      term: c.term,
      estimate: c.estimate!,
      lo: c.estimate! - c.se!,
      hi: c.estimate! + c.se!,
      sig: (useQ ? c.q : c.p) !== null && (useQ ? c.q! : c.p!) < 0.05 ? `${mark} < 0.05` : `${mark} ≥ 0.05`,
      rank: responses.indexOf(c.response),
    }))
    .sort((x, y) => x.rank - y.rank || x.term.localeCompare(y.term));
  const terms = [...new Set(coefs.map((c) => c.term))].sort();
  const significant = fTests.filter((f) => score(f) < 0.05).length;
  const first = mine[0]!;
  const y = { field: 'response', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null };
  const levelName =
    level === 'alpha'
      ? 'alpha metrics'
      : level === 'metabolite'
        ? 'metabolites'
        : level === 'genus'
          ? 'genera (clr)'
          : 'features';
  return {
    id: slug('models', datasetId, level),
    type: 'models',
    title: `Mixed models, group × time — ${datasetId} (${levelName})`,
    caption: `Linear mixed model response ~ group * time + (1 | subject) per response of ${datasetId} (${levelName}): each group × time coefficient (lme4 name) as estimate ± 1 SE; filled diamonds have ${mark} < 0.05 (Satterthwaite t${useQ ? ', BH per term' : ''}).`,
    details: [
      `${responses.length} ${levelName} fitted (${first.nObs} observations of ${first.nSubjects} subjects in the first fit); ${fTests.length ? `${significant} with a type-III group × time F ${useQ ? 'q' : 'p'} < 0.05` : 'no type-III F rows'}`,
    ],
    limits:
      responses.length > MODEL_MAX
        ? `Showing the ${MODEL_MAX} responses with the smallest group × time ${useQ ? 'q' : 'p'} of ${responses.length}.`
        : null,
    spec: spec(`mixed-model interaction coefficients of ${datasetId}`, {
      name: 'models',
      width: WIDTH - 220,
      height: { step: 16 },
      data: { values },
      layer: [
        {
          name: 'zero',
          data: { values: [{ x: 0 }] },
          mark: { type: 'rule', color: '#999999', strokeDash: [2, 2] },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
        {
          name: 'se',
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            y,
            yOffset: { field: 'term', sort: terms },
            x: { field: 'lo', type: 'quantitative', title: 'estimate ± SE' },
            x2: { field: 'hi' },
            color: termColour(terms),
          },
        },
        {
          name: 'estimates',
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            y,
            yOffset: { field: 'term', sort: terms },
            x: { field: 'estimate', type: 'quantitative' },
            color: termColour(terms),
            shape: {
              field: 'sig',
              type: 'nominal',
              title: null,
              scale: { domain: [`${mark} < 0.05`, `${mark} ≥ 0.05`], range: ['diamond', 'circle'] },
            },
            opacity: {
              field: 'sig',
              type: 'ordinal',
              sort: [`${mark} < 0.05`, `${mark} ≥ 0.05`],
              legend: null,
              scale: { domain: [`${mark} < 0.05`, `${mark} ≥ 0.05`], range: [1, 0.45] },
            },
          },
        },
      ],
    }),
  };
}

function termColour(terms: string[]) {
  return {
    field: 'term',
    type: 'nominal',
    title: 'term',
    scale: { domain: terms, range: terms.map((_, i) => OKABE_ITO[(i + 4) % OKABE_ITO.length]!) },
  };
}

// ---------------------------------------------------------------------------------------------- correlations

/** Heatmap of the stored Spearman ρ of the clinical variables × the genera or metabolites of one dataset; '*' q < 0.05, '**' q < 0.01. */
export function correlationHeatmap(
  datasetId: string,
  rows: ReportCorrelationRow[],
  families: CorrelationFamilyRow[],
): ReportChart | null {
  const mine = rows.filter((r) => r.xLevel === 'clinical' && r.yDataset === datasetId);
  if (!mine.length) return null;
  const strength = new Map<string, number>();
  for (const r of mine) strength.set(r.y, Math.max(strength.get(r.y) ?? 0, Math.abs(r.rho)));
  const features = [...strength.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([f]) => f);
  const shown = new Set(features.slice(0, HEATMAP_MAX));
  const names = new Map(mine.map((r) => [r.y, r.yName ?? null]));
  const labels = uniqueLabels(features.map((f) => featureLabel(f, names.get(f))));
  const labelOf = new Map(features.map((f, i) => [f, labels[i]!]));
  const vars = [...new Set(mine.map((r) => r.x))].sort();
  const values = mine
    .filter((r) => shown.has(r.y))
    .map((r) => ({
      x: r.x,
      y: labelOf.get(r.y)!,
      rank: features.indexOf(r.y),
      rho: r.rho,
      star: r.q < 0.01 ? '**' : r.q < 0.05 ? '*' : '',
    }));
  const fams = families.filter((f) => f.xLevel === 'clinical' && f.yDataset === datasetId);
  const level = mine[0]!.yLevel === 'metabolite' ? 'metabolites' : 'genera';
  return {
    id: slug('heatmap', datasetId),
    type: 'heatmap',
    title: `Clinical variables × ${level} — ${datasetId}`,
    caption: `Spearman ρ of each clinical variable with the ${level} of ${datasetId} (pairs stored by the analysis: q < the design's threshold, or among the 5 strongest of the variable); * q < 0.05, ** q < 0.01 (BH per variable × dataset); blank cells were not stored.`,
    details: fams.map(
      (f) =>
        `${f.family}: n = ${f.n} samples, ${f.pairs} pairs tested, ${f.significant} with q < threshold, ${f.stored} stored`,
    ),
    limits:
      features.length > HEATMAP_MAX
        ? `Showing the ${HEATMAP_MAX} ${level} with the largest |ρ| of ${features.length} with a stored pair.`
        : null,
    spec: spec(`clinical correlations of ${datasetId}`, {
      name: 'heatmap',
      width: Math.max(120, 70 * vars.length),
      height: { step: 14 },
      data: { values },
      encoding: {
        y: { field: 'y', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null },
        x: { field: 'x', type: 'nominal', sort: vars, title: null, axis: { labelAngle: -30 } },
      },
      layer: [
        {
          name: 'cells',
          mark: { type: 'rect' },
          encoding: {
            color: { field: 'rho', type: 'quantitative', title: 'ρ', scale: { scheme: 'blueorange', domain: [-1, 1] } },
          },
        },
        {
          name: 'stars',
          mark: { type: 'text', fontSize: 10, baseline: 'middle' },
          encoding: { text: { field: 'star' } },
        },
      ],
    }),
  };
}

// ---------------------------------------------------------------------------------------------- pathways

/** Pathway over-representation of one metabolomics dataset: pathways × comparisons, colour = −log10 p, text = hits/set size, * q < 0.05. */
export function pathwayChart(datasetId: string, rows: PathwayRow[], comparisons: ComparisonRow[]): ReportChart | null {
  const mine = rows.filter((r) => r.datasetId === datasetId);
  if (!mine.length) return null;
  const order = comparisons.map((c) => c.name).filter((n) => mine.some((r) => r.comparison === n));
  const pathways = [...new Set(mine.map((r) => r.pathway))].sort(
    (a, b) =>
      Math.min(...mine.filter((r) => r.pathway === a).map((r) => r.p)) -
        Math.min(...mine.filter((r) => r.pathway === b).map((r) => r.p)) || a.localeCompare(b),
  );
  const mlp = (p: number) => -Math.log10(Math.max(p, 1e-300));
  const lo = Math.min(...mine.map((r) => mlp(r.p)));
  const hi = Math.max(...mine.map((r) => mlp(r.p)));
  // viridis reversed: the upper half of the range is dark, so its text is white
  const values = mine.map((r) => ({
    comparison: r.comparison,
    pathway: r.pathway,
    mlp: mlp(r.p),
    dark: hi > lo && mlp(r.p) > (lo + hi) / 2,
    text: `${r.hits}/${r.setSize}${r.q < 0.05 ? '*' : ''}`,
  }));
  const sig = mine.filter((r) => r.q < 0.05);
  return {
    id: slug('pathways', datasetId),
    type: 'pathways',
    title: `Pathway over-representation — ${datasetId}`,
    caption: `Hypergeometric over-representation of each pathway among the hits (q < the design's threshold in either test) of each comparison on ${datasetId}; cell text = hits / pathway size, * = BH q < 0.05 over the comparison's pathways; only pathways with a hit are listed.`,
    details: sig.length
      ? sig.map(
          (r) =>
            `${r.comparison}: ${r.pathway} ${r.hits}/${r.setSize} (expected ${fmt(r.expected)}), p = ${fmtP(r.p)}, q = ${fmtP(r.q)}`,
        )
      : ['no pathway with q < 0.05'],
    limits: null,
    spec: spec(`pathway over-representation of ${datasetId}`, {
      name: 'pathways',
      width: { step: 70 },
      height: { step: 18 },
      data: { values },
      encoding: {
        x: {
          field: 'comparison',
          type: 'nominal',
          sort: order,
          title: null,
          axis: { labelAngle: -40, labelLimit: 400 },
        },
        y: { field: 'pathway', type: 'nominal', sort: pathways, title: null },
      },
      layer: [
        {
          name: 'cells',
          mark: { type: 'rect' },
          encoding: {
            color: {
              field: 'mlp',
              type: 'quantitative',
              title: '−log10 p',
              scale: { scheme: 'viridis', reverse: true },
            },
          },
        },
        {
          name: 'counts',
          mark: { type: 'text', fontSize: 9, baseline: 'middle' },
          encoding: {
            text: { field: 'text' },
            color: { condition: { test: 'datum.dark', value: 'white' }, value: 'black' },
          },
        },
      ],
    }),
  };
}
