/**
 * The report's outline: which sections, charts and tables it holds, in order,
 * built from ReportData (pure, no rendering). render.ts turns it into HTML.
 */
import type { ComparisonRow, CorrelationFamilyRow } from '../analysis/types.js';
import {
  type AnnotatedSample,
  annotateSamples,
  type DesignColumns,
  designColumns,
  featureLabel,
  fmt,
  fmtP,
  groupLevels,
  METRIC_NAMES,
  metadataIndex,
  NO_VALUE,
  slug,
  TEST_NAMES,
  timeLevels,
} from './chart-data.js';
import {
  alphaChart,
  correlationHeatmap,
  generaChart,
  lefseChart,
  modelChart,
  ordinationChart,
  pathwayChart,
  qualityChart,
  type ReportChart,
  volcanoChart,
} from './charts.js';
import type { ReportAnalysis, ReportData, ReportSampleSet } from './types.js';

/** A table of the report: caption, header and rows of display strings. */
export interface ReportTable {
  id: string;
  caption: string;
  columns: string[];
  rows: string[][];
  /** what was left out, or null */
  limits: string | null;
}

export type ReportBlock =
  | { kind: 'chart'; chart: ReportChart }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'text'; paragraphs: string[] }
  | { kind: 'list'; title: string; items: string[] };

export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
}

/** Rows shown in a table at most (the caption says when more exist). */
export const TABLE_MAX = 50;
/** Analysis notes listed at most. */
const NOTES_MAX = 100;

const chart = (c: ReportChart | null): ReportBlock[] => (c ? [{ kind: 'chart', chart: c }] : []);
const text = (...paragraphs: string[]): ReportBlock => ({ kind: 'text', paragraphs });
const table = (t: ReportTable): ReportBlock => ({ kind: 'table', table: t });

/** Every section of the report, in reading order; sections without content say why. */
export function reportSections(data: ReportData): ReportSection[] {
  const cols = designColumns(data);
  const meta = metadataIndex(data.metadata);
  const annotated = new Map(data.samples.map((s) => [s.datasetId, annotateSamples(s, meta, cols)]));
  const titles = { group: cols.group ?? 'group', time: cols.time };
  const a = data.analysis?.status === 'READY' ? data.analysis : null;
  return [
    summarySection(data, a),
    designSection(data, cols),
    qualitySection(data, annotated, titles.group),
    alphaSection(data, a, annotated, titles),
    betaSection(data, a, annotated, titles),
    compositionSection(data, annotated, titles),
    differentialSection(data, a),
    lefseSection(data, a),
    modelsSection(data, a),
    correlationSection(a),
    pathwaySection(data, a),
    notesSection(data),
    provenanceSection(data),
  ];
}

function noAnalysis(data: ReportData): ReportBlock {
  const an = data.analysis;
  if (!an) return text('The study has no analysis yet (it runs once its datasets are READY).');
  return text(`The study analysis FAILED: ${an.error?.code ?? ''} ${an.error?.message ?? ''}`.trim());
}

// ---------------------------------------------------------------------------------------------- summary

function summarySection(data: ReportData, a: ReportAnalysis | null): ReportSection {
  const ready = data.datasets.filter((d) => d.status === 'READY').length;
  const failed = data.datasets.length - ready;
  const blocks: ReportBlock[] = [
    text(
      `Study ${data.studyId}: ${data.datasets.length} datasets (${ready} READY, ${failed} FAILED), ${data.metadata ? `${data.metadata.rows.length} samples in the metadata (${data.metadata.datasetId})` : 'no sample metadata'}.`,
      data.analysis
        ? `Analysis run ${data.analysis.runId} (${data.analysis.status}${data.analysis.analyzedAt ? `, ${data.analysis.analyzedAt}` : ''}, software ${data.analysis.softwareVersion ?? 'unknown'}). Report generated ${data.generatedAt}.`
        : `No analysis yet. Report generated ${data.generatedAt}.`,
    ),
  ];
  if (a) {
    const rows = a.comparisons.flatMap((c) => {
      const datasets = [...new Set(a.hits.filter((h) => h.comparison === c.name).map((h) => h.datasetId))].sort();
      return datasets.map((d) => {
        const hits = a.hits.filter((h) => h.comparison === c.name && h.datasetId === d);
        const levels = [...new Set(hits.map((h) => h.level))];
        const sig = levels
          .map(
            (l) =>
              `${hits.filter((h) => h.level === l && h.q !== null && h.q < 0.05).length}/${hits.filter((h) => h.level === l).length} ${l}`,
          )
          .join(', ');
        const perm = a.tests.find(
          (t) =>
            t.comparison === c.name &&
            t.datasetId === d &&
            t.test === 'permanova' &&
            t.metric === 'bray_curtis' &&
            !t.groupA === !c.groupA,
        );
        return [
          c.name,
          d,
          `${c.nA ?? c.n}${c.nB !== null ? ` vs ${c.nB}` : ''}`,
          sig,
          perm ? `F = ${fmt(perm.statistic)}, p = ${fmtP(perm.p)}` : '—',
        ];
      });
    });
    blocks.push(
      table({
        id: 'summary-findings',
        caption:
          'Per comparison and dataset: differential features with BH q < 0.05 of those tested (per level), and the Bray–Curtis PERMANOVA.',
        columns: ['comparison', 'dataset', 'n (A vs B)', 'q < 0.05 / tested', 'PERMANOVA (Bray–Curtis)'],
        rows: rows.slice(0, TABLE_MAX * 2),
        limits: rows.length > TABLE_MAX * 2 ? `${TABLE_MAX * 2} of ${rows.length} rows.` : null,
      }),
    );
  } else blocks.push(noAnalysis(data));
  return { id: 'summary', title: 'Summary', blocks };
}

// ---------------------------------------------------------------------------------------------- design

/** Samples and subjects per group × time from the metadata, and the subjects of each group missing at each time (dropouts). */
export function designTable(data: ReportData, cols: DesignColumns): ReportTable | null {
  if (!data.metadata || (!cols.group && !cols.time)) return null;
  const rows: AnnotatedSample[] = data.metadata.rows.map((r) => ({
    sampleId: r.sampleId,
    metadataId: r.sampleId,
    group: cols.group ? (r.values[cols.group] ?? null) : null,
    time: cols.time ? (r.values[cols.time] ?? null) : null,
    subject: cols.subject ? (r.values[cols.subject] ?? null) : null,
  }));
  const groups = cols.group ? groupLevels(rows) : ['all'];
  const times = cols.time ? timeLevels(rows) : ['all'];
  const g = (s: AnnotatedSample) => (cols.group ? (s.group ?? NO_VALUE) : 'all');
  const t = (s: AnnotatedSample) => (cols.time ? (s.time ?? NO_VALUE) : 'all');
  const out: string[][] = [];
  for (const group of groups) {
    const inGroup = rows.filter((s) => g(s) === group);
    const subjects = new Set(inGroup.map((s) => s.subject).filter((x): x is string => x !== null));
    const cells = times.map((time) => {
      const cell = inGroup.filter((s) => t(s) === time);
      const subj = new Set(cell.map((s) => s.subject).filter((x): x is string => x !== null));
      const missing = subjects.size ? subjects.size - subj.size : 0;
      return cols.subject
        ? `${cell.length} (${subj.size} subj.${missing ? `, ${missing} missing` : ''})`
        : String(cell.length);
    });
    out.push([group, ...cells, cols.subject ? `${inGroup.length} (${subjects.size} subj.)` : String(inGroup.length)]);
  }
  return {
    id: 'design-table',
    caption: `Samples per ${cols.group ?? 'group'} × ${cols.time ?? 'time'} in the metadata${cols.subject ? `; in brackets the subjects (${cols.subject}) sampled and the subjects of the ${cols.group ?? 'group'} without a sample at that time (dropouts or missed visits)` : ''}.`,
    columns: [cols.group ?? '', ...times.map((x) => (cols.time ? `${cols.time} ${x}` : 'samples')), 'total'],
    rows: out,
    limits: null,
  };
}

function designSection(data: ReportData, cols: DesignColumns): ReportSection {
  const d = data.analysis?.design;
  const blocks: ReportBlock[] = [];
  if (!d) {
    blocks.push(noAnalysis(data));
    return { id: 'design', title: 'Study design', blocks };
  }
  const r = d.resolved;
  blocks.push(
    text(
      `Subject column: ${r.subject ?? 'none'}; group: ${r.group ?? 'none'}; time: ${r.time ?? 'none'}${r.baseline !== null ? ` (baseline ${r.baseline})` : ''}. ${d.inferred ? 'The comparisons were inferred from the metadata.' : 'The comparisons come from study.json (written or generated from its group, time and baseline).'}${d.inferredFields.length ? ` Inferred: ${d.inferredFields.join(', ')}.` : ''}`,
      `Settings: prevalence ≥ ${r.prevalence}, ${r.rarefactionDepth ? `alpha and beta diversity on tables rarefied to ${r.rarefactionDepth} reads` : 'diversity on the tables as uploaded'}, ${r.permutations} permutations, seed ${r.seed}, correlation pairs stored at q < ${r.correlationQ} plus the top ${r.topCorrelationsPerFeature} per variable, pathway hits at q < ${r.pathwayHitQ}; clinical variables: ${r.clinical.join(', ') || 'none'}.`,
    ),
  );
  const t = designTable(data, cols);
  if (t) blocks.push(table(t));
  const comps = data.analysis?.comparisons ?? [];
  blocks.push(
    table({
      id: 'design-comparisons',
      caption:
        'The comparisons run (A is the first group: effects are A − B or log2(A / B)); n counts samples, or subjects for paired and change comparisons.',
      columns: ['comparison', 'kind', 'factor', 'A', 'B', 'where', 'n A', 'n B', 'paired', 'origin'],
      rows: comps.map((c) => [
        c.name,
        c.kind,
        c.factor,
        c.groupA || c.levels,
        c.groupB || '—',
        c.where || '—',
        String(c.nA ?? c.n),
        c.nB === null ? '—' : String(c.nB),
        c.paired ? 'yes' : 'no',
        c.origin,
      ]),
      limits: null,
    }),
  );
  if (d.skippedColumns?.length) {
    blocks.push(
      table({
        id: 'design-skipped',
        caption: 'Metadata columns not compared, and why.',
        columns: ['column', 'reason'],
        rows: d.skippedColumns.map((s) => [s.column, s.reason]),
        limits: null,
      }),
    );
  }
  if (d.notes.length) blocks.push({ kind: 'list', title: 'How the design was resolved', items: d.notes });
  return { id: 'design', title: 'Study design', blocks };
}

// ---------------------------------------------------------------------------------------------- quality

function qualitySection(
  data: ReportData,
  annotated: Map<string, AnnotatedSample[]>,
  groupTitle: string,
): ReportSection {
  const blocks: ReportBlock[] = [];
  blocks.push(
    table({
      id: 'quality-datasets',
      caption:
        'Every dataset of the study with its status; FAILED datasets give the error and where it is in the file.',
      columns: ['dataset', 'kind', 'format', 'status', 'samples', 'features', 'error'],
      rows: data.datasets.map((d) => [
        d.datasetId,
        d.kind,
        d.format,
        d.status,
        String(d.samples),
        String(d.features),
        d.error ? `${d.error.code} at line ${d.error.line}, column ${d.error.column}: ${d.error.message}` : '',
      ]),
      limits: null,
    }),
  );
  for (const set of data.samples) {
    if (!set.rows.length) continue;
    blocks.push(...chart(qualityChart(set, annotated.get(set.datasetId) ?? [], groupTitle)));
  }
  for (const d of data.datasets)
    if (d.notes.length) blocks.push({ kind: 'list', title: `Notes on ${d.datasetId}`, items: d.notes });
  return { id: 'quality', title: 'Data quality', blocks };
}

// ---------------------------------------------------------------------------------------------- alpha, beta, composition

/** Metrics with a boxplot: those tested, then faith_pd when computed. */
function alphaMetrics(set: Extract<ReportSampleSet, { kind: '16s' }>, a: ReportAnalysis | null): string[] {
  const tested = [
    ...new Set(
      (a?.tests ?? [])
        .filter((t) => t.datasetId === set.datasetId && !['permanova', 'anosim'].includes(t.test))
        .map((t) => t.metric),
    ),
  ];
  const base = tested.length ? tested : ['shannon_entropy', 'observed_features'];
  const order = Object.keys(METRIC_NAMES);
  const metrics = [
    ...base,
    ...(set.rows.some((r) => r.faith_pd !== null) && !base.includes('faith_pd') ? ['faith_pd'] : []),
  ];
  return metrics.sort((x, y) => order.indexOf(x) - order.indexOf(y));
}

function alphaSection(
  data: ReportData,
  a: ReportAnalysis | null,
  annotated: Map<string, AnnotatedSample[]>,
  titles: { group: string; time: string | null },
): ReportSection {
  const blocks: ReportBlock[] = [];
  for (const set of data.samples) {
    if (set.kind !== '16s') continue;
    for (const metric of alphaMetrics(set, a))
      blocks.push(
        ...chart(
          alphaChart(set, metric, annotated.get(set.datasetId) ?? [], a?.tests ?? [], a?.comparisons ?? [], titles),
        ),
      );
  }
  if (!blocks.length) blocks.push(text('No 16S dataset with per-sample alpha diversity.'));
  return { id: 'alpha', title: 'Alpha diversity', blocks };
}

function betaSection(
  data: ReportData,
  a: ReportAnalysis | null,
  annotated: Map<string, AnnotatedSample[]>,
  titles: { group: string; time: string | null },
): ReportSection {
  const blocks: ReportBlock[] = [];
  for (const o of data.ordinations)
    blocks.push(
      ...chart(ordinationChart(o, annotated.get(o.datasetId) ?? [], a?.tests ?? [], a?.comparisons ?? [], titles)),
    );
  if (!blocks.length)
    blocks.push(text('No ordination stored (PCoA needs at least 3 non-empty samples; see the dataset notes).'));
  return { id: 'beta', title: 'Beta diversity and ordination', blocks };
}

function compositionSection(
  data: ReportData,
  annotated: Map<string, AnnotatedSample[]>,
  titles: { group: string; time: string | null },
): ReportSection {
  const blocks: ReportBlock[] = [];
  const datasets = [...new Set(data.topGenera.map((t) => t.datasetId))];
  for (const d of datasets) blocks.push(...chart(generaChart(d, data.topGenera, annotated.get(d) ?? [], titles)));
  if (!blocks.length) blocks.push(text('No 16S dataset with a taxonomy: top genera are not stored.'));
  return { id: 'composition', title: 'Composition (top genera)', blocks };
}

// ---------------------------------------------------------------------------------------------- differential

/** The level shown for a dataset's hits: genus for 16S with a taxonomy, else feature; metabolite for metabolomics. */
function volcanoLevel(levels: Set<string>): string | null {
  for (const l of ['metabolite', 'genus', 'feature']) if (levels.has(l)) return l;
  return null;
}

function topHitsTable(c: ComparisonRow, datasetId: string, level: string, a: ReportAnalysis): ReportTable | null {
  const rows = a.hits
    .filter(
      (h) => h.comparison === c.name && h.datasetId === datasetId && h.level === level && h.q !== null && h.q < 0.05,
    )
    .sort((x, y) => x.q! - y.q! || x.feature.localeCompare(y.feature));
  if (!rows.length) return null;
  const second = rows[0]!.secondTest;
  const shown = rows.slice(0, 10);
  return {
    id: slug('hits', c.name, datasetId, level),
    caption: `${c.name} on ${datasetId}: ${level} hits with q < 0.05, smallest q first.`,
    columns: [
      'feature',
      'effect',
      TEST_NAMES[rows[0]!.test] ?? rows[0]!.test,
      'p',
      'q',
      ...(second ? [`${TEST_NAMES[second] ?? second} q`] : []),
      'mean A',
      'mean B',
    ],
    rows: shown.map((h) => [
      featureLabel(h.feature, h.featureName),
      fmt(h.effect),
      fmt(h.statistic),
      fmtP(h.p),
      fmtP(h.q),
      ...(second ? [fmtP(h.secondQ)] : []),
      fmt(h.meanA),
      fmt(h.meanB),
    ]),
    limits: rows.length > shown.length ? `10 of ${rows.length} hits.` : null,
  };
}

function differentialSection(data: ReportData, a: ReportAnalysis | null): ReportSection {
  if (!a) return { id: 'differential', title: 'Differential features', blocks: [noAnalysis(data)] };
  const blocks: ReportBlock[] = [];
  const groups = new Map<string, Map<string, Set<string>>>();
  for (const h of a.hits) {
    const byDataset = groups.get(h.comparison) ?? new Map<string, Set<string>>();
    byDataset.set(h.datasetId, (byDataset.get(h.datasetId) ?? new Set()).add(h.level));
    groups.set(h.comparison, byDataset);
  }
  for (const c of a.comparisons) {
    const byDataset = groups.get(c.name);
    if (!byDataset) continue;
    for (const datasetId of [...byDataset.keys()].sort()) {
      const level = volcanoLevel(byDataset.get(datasetId)!);
      if (!level) continue;
      blocks.push(...chart(volcanoChart(c, datasetId, level, a.hits)));
      const t = topHitsTable(c, datasetId, level, a);
      if (t) blocks.push(table(t));
    }
  }
  if (!blocks.length)
    blocks.push(text('No differential features were tested (no two-group comparison ran on a dataset).'));
  return {
    id: 'differential',
    title: 'Differential features (volcano plots)',
    blocks: [
      text(
        '16S datasets are shown at genus level (feature level without a taxonomy); every level is in the stored hits.',
      ),
      ...blocks,
    ],
  };
}

// ---------------------------------------------------------------------------------------------- LEfSe, models

function lefseSection(data: ReportData, a: ReportAnalysis | null): ReportSection {
  if (!a) return { id: 'lefse', title: 'LEfSe', blocks: [noAnalysis(data)] };
  const blocks: ReportBlock[] = [];
  for (const c of a.comparisons)
    for (const d of [...new Set(a.lefse.filter((r) => r.comparison === c.name).map((r) => r.datasetId))].sort())
      blocks.push(...chart(lefseChart(c, d, a.lefse)));
  if (!blocks.length)
    blocks.push(
      text(a.lefse.length ? 'No LEfSe result matches a comparison.' : 'No LEfSe results are stored for this analysis.'),
    );
  return { id: 'lefse', title: 'LEfSe', blocks };
}

function modelsSection(data: ReportData, a: ReportAnalysis | null): ReportSection {
  if (!a) return { id: 'models', title: 'Mixed models and repeated-measures correlation', blocks: [noAnalysis(data)] };
  const blocks: ReportBlock[] = [];
  const names = new Map(a.hits.filter((h) => h.featureName).map((h) => [h.feature, h.featureName!]));
  const keys = [
    ...new Set(a.models.filter((m) => m.test !== 'rmcorr').map((m) => `${m.datasetId}\u0000${m.level}`)),
  ].sort();
  for (const k of keys) {
    const [datasetId, level] = k.split('\u0000') as [string, string];
    blocks.push(...chart(modelChart(datasetId, level, a.models, names)));
  }
  const rm = a.models
    .filter((m) => m.test === 'rmcorr' && m.statistic !== null)
    .sort((x, y) => (x.q ?? x.p ?? 2) - (y.q ?? y.p ?? 2) || x.response.localeCompare(y.response));
  if (rm.length) {
    const shown = rm.slice(0, 20);
    blocks.push(
      table({
        id: 'models-rmcorr',
        caption:
          'Repeated-measures correlation (common within-subject slope) of each clinical variable with genera and metabolites, smallest q first.',
        columns: ['clinical variable', 'dataset', 'response', 'r_rm', 'df', 'p', 'q', 'subjects'],
        rows: shown.map((m) => [
          m.term,
          m.datasetId,
          featureLabel(m.response, names.get(m.response)),
          fmt(m.statistic),
          fmt(m.df),
          fmtP(m.p),
          fmtP(m.q),
          String(m.nSubjects),
        ]),
        limits: rm.length > shown.length ? `20 of ${rm.length} rows.` : null,
      }),
    );
  }
  if (!blocks.length)
    blocks.push(
      text('No mixed-model results are stored for this analysis (they need a subject, group and time column).'),
    );
  return { id: 'models', title: 'Mixed models and repeated-measures correlation', blocks };
}

// ---------------------------------------------------------------------------------------------- correlations, pathways

function correlationSection(a: ReportAnalysis | null): ReportSection {
  if (!a) return { id: 'correlations', title: 'Correlations', blocks: [text('No analysis.')] };
  const blocks: ReportBlock[] = [];
  const datasets = [...new Set(a.correlations.filter((c) => c.xLevel === 'clinical').map((c) => c.yDataset))].sort();
  for (const d of datasets) blocks.push(...chart(correlationHeatmap(d, a.correlations, a.correlationFamilies)));
  const cross = a.correlations
    .filter((c) => c.xLevel !== 'clinical')
    .sort((x, y) => x.q - y.q || Math.abs(y.rho) - Math.abs(x.rho));
  if (cross.length) {
    const shown = cross.slice(0, 20);
    const fams = a.correlationFamilies.filter((f: CorrelationFamilyRow) => f.xLevel !== 'clinical');
    blocks.push(
      table({
        id: 'correlations-cross',
        caption: `Strongest stored correlations between datasets (${fams.map((f) => `${f.family}: ${f.pairs} pairs, ${f.significant} with q < threshold`).join('; ')}), smallest q first.`,
        columns: ['x', 'y', 'ρ', 'p', 'q', 'n'],
        rows: shown.map((c) => [
          featureLabel(c.x, c.xName),
          featureLabel(c.y, c.yName),
          fmt(c.rho),
          fmtP(c.p),
          fmtP(c.q),
          String(c.n),
        ]),
        limits: cross.length > shown.length ? `20 of ${cross.length} stored pairs.` : null,
      }),
    );
  }
  if (!blocks.length)
    blocks.push(text('No correlations are stored (no clinical variable, or no dataset pairs sharing samples).'));
  return { id: 'correlations', title: 'Correlations', blocks };
}

function pathwaySection(data: ReportData, a: ReportAnalysis | null): ReportSection {
  if (!a) return { id: 'pathways', title: 'Pathways', blocks: [noAnalysis(data)] };
  const blocks: ReportBlock[] = [];
  for (const d of [...new Set(a.pathways.map((p) => p.datasetId))].sort())
    blocks.push(...chart(pathwayChart(d, a.pathways, a.comparisons)));
  const rows = [...a.pathways].sort((x, y) => x.q - y.q || x.p - y.p || x.pathway.localeCompare(y.pathway));
  if (rows.length) {
    const shown = rows.slice(0, TABLE_MAX);
    blocks.push(
      table({
        id: 'pathways-table',
        caption:
          'Pathway over-representation per comparison (hypergeometric P(X ≥ hits), BH q per comparison and dataset), smallest q first.',
        columns: [
          'comparison',
          'dataset',
          'pathway',
          'hits',
          'set size',
          'drawn',
          'universe',
          'expected',
          'p',
          'q',
          'hit features',
        ],
        rows: shown.map((p) => [
          p.comparison,
          p.datasetId,
          p.pathway,
          String(p.hits),
          String(p.setSize),
          String(p.drawn),
          String(p.universe),
          fmt(p.expected),
          fmtP(p.p),
          fmtP(p.q),
          p.hitFeatures,
        ]),
        limits: rows.length > shown.length ? `${TABLE_MAX} of ${rows.length} rows.` : null,
      }),
    );
  }
  if (!blocks.length) blocks.push(text('No pathway had a hit (or the study has no pathway map).'));
  return { id: 'pathways', title: 'Pathways', blocks };
}

// ---------------------------------------------------------------------------------------------- notes, provenance

function notesSection(data: ReportData): ReportSection {
  const notes = [...(data.analysis?.notes ?? []), ...data.notes];
  const blocks: ReportBlock[] = notes.length
    ? [
        { kind: 'list', title: 'Notes of the analysis', items: notes.slice(0, NOTES_MAX) },
        ...(notes.length > NOTES_MAX ? [text(`${NOTES_MAX} of ${notes.length} notes shown.`)] : []),
      ]
    : [text('No notes.')];
  return { id: 'notes', title: 'Notes', blocks };
}

function provenanceSection(data: ReportData): ReportSection {
  const blocks: ReportBlock[] = [
    table({
      id: 'provenance-files',
      caption: 'Input files: the uploaded object, its SHA-256, the software version and run that computed it.',
      columns: ['dataset', 'object key', 'version', 'bytes', 'sha256', 'software', 'run id', 'updated'],
      rows: data.datasets.map((d) => [
        d.datasetId,
        d.provenance.key,
        d.provenance.versionId ?? '—',
        String(d.provenance.size),
        d.provenance.sha256,
        d.provenance.version,
        d.runId,
        d.updatedAt,
      ]),
      limits: null,
    }),
    table({
      id: 'provenance-parameters',
      caption: 'Processing parameters of each dataset, and the study files it was computed with.',
      columns: ['dataset', 'parameters', 'computed with'],
      rows: data.datasets.map((d) => [
        d.datasetId,
        JSON.stringify(d.provenance.parameters),
        d.provenance.inputs.map((i) => `${i.datasetId} (${i.runId})`).join(', ') || '—',
      ]),
      limits: null,
    }),
  ];
  const an = data.analysis;
  if (an) {
    blocks.push(
      table({
        id: 'provenance-analysis',
        caption: `Analysis run ${an.runId} (${an.status}, software ${an.softwareVersion ?? 'unknown'}, ${an.analyzedAt ?? 'time unknown'}): the dataset runs it read.`,
        columns: ['dataset', 'run id'],
        rows: Object.entries(an.inputs)
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([d, r]) => [d, r]),
        limits: null,
      }),
    );
  }
  blocks.push(text(`Report of study ${data.studyId} generated ${data.generatedAt}.`));
  return { id: 'provenance', title: 'Provenance', blocks };
}
