/**
 * The report's Vega-Lite specs on a small, fully known ReportData: marks, encodings, data counts,
 * captions carrying the test numbers, and the limits that keep large charts small.
 */
import fc from 'fast-check';
import {
  annotateSamples,
  designColumns,
  metadataIndex,
  taxonLabel,
  thin,
} from '../../../../lambdas/core/report/chart-data.js';
import {
  alphaChart,
  correlationHeatmap,
  generaChart,
  lefseChart,
  MODEL_MAX,
  modelChart,
  ordinal,
  ordinationChart,
  pathwayChart,
  qualityChart,
  TOP_GENERA,
  VOLCANO_BUDGET,
  volcanoChart,
} from '../../../../lambdas/core/report/charts.js';
import { designTable, reportSections } from '../../../../lambdas/core/report/sections.js';
import type { ReportData, ReportSampleSet } from '../../../../lambdas/core/report/types.js';
import {
  AMPLICON,
  C_BETWEEN,
  C_WITHIN,
  EMPTY_SAMPLE,
  GENERA,
  META_SAMPLES,
  METABOLOMICS,
  smallReportData,
} from '../../../helpers/report-data.js';

type Spec = Record<string, any>;
const values = (s: Spec): Record<string, unknown>[] => s.data.values;
const layer = (s: Spec, name: string): Spec => s.layer.find((l: Spec) => l.name === name);

function setup(data: ReportData = smallReportData()) {
  const cols = designColumns(data);
  const meta = metadataIndex(data.metadata);
  const set = (id: string) => data.samples.find((s) => s.datasetId === id)!;
  const ann = (id: string) => annotateSamples(set(id), meta, cols);
  const a = data.analysis!;
  return { data, cols, set, ann, a, titles: { group: 'arm', time: 'month' } };
}

describe('sample annotation', () => {
  it('joins 16S samples by id and metabolomics samples by their metadata id, to group, time and subject', () => {
    const { ann, cols } = setup();
    expect(cols).toEqual({ group: 'arm', time: 'month', subject: 'subject' });
    const s16 = ann(AMPLICON);
    expect(s16.find((s) => s.sampleId === 'H2-M6')).toEqual({
      sampleId: 'H2-M6',
      metadataId: 'H2-M6',
      group: 'high',
      time: '6',
      subject: 'H2',
    });
    expect(s16.find((s) => s.sampleId === EMPTY_SAMPLE)).toEqual({
      sampleId: EMPTY_SAMPLE,
      metadataId: null,
      group: null,
      time: null,
      subject: null,
    });
    expect(ann(METABOLOMICS).find((s) => s.sampleId === 'R3-M0.mzML')).toMatchObject({
      metadataId: 'R3-M0',
      group: 'regular',
      time: '0',
      subject: 'R3',
    });
  });

  it('labels lineage keys by their deepest named rank', () => {
    expect(taxonLabel('k__Bacteria;p__Firmicutes;c__Clostridia;o__Clostridiales;f__Lachnospiraceae;g__Blautia')).toBe(
      'Blautia',
    );
    expect(taxonLabel('k__Bacteria;p__Firmicutes;c__Clostridia;o__Clostridiales;f__Lachnospiraceae;__')).toBe(
      'Lachnospiraceae (unclassified)',
    );
    expect(taxonLabel('k__Bacteria;p__Bacteroidetes;c__Bacteroidia;o__Bacteroidales;f__[Odoribacteraceae];g__')).toBe(
      'Odoribacteraceae (unclassified)',
    );
  });
});

describe('quality panel', () => {
  it('16S: one bar per sample (empty one included) sorted by depth, coloured by arm', () => {
    const { set, ann } = setup();
    const c = qualityChart(set(AMPLICON), ann(AMPLICON), 'arm');
    expect(c.spec['mark' as never]).toEqual({ type: 'bar' });
    const v = values(c.spec as Spec);
    expect(v).toHaveLength(META_SAMPLES.length + 1);
    expect(v.map((r) => r.depth)).toEqual([...v.map((r) => r.depth as number)].sort((x, y) => x - y));
    expect(v[0]).toMatchObject({ sample: EMPTY_SAMPLE, depth: 0, group: '(none)' });
    expect((c.spec as Spec).encoding.color.scale.domain).toEqual(['high', 'regular', '(none)']);
    expect(c.details.join(' ')).toMatch(/1 empty sample .*1 sample without a metadata row/);
    expect(c.details[0]).toBe('median 1450 reads (min 0, max 2000)');
  });

  it('metabolomics: total intensity (points, log scale) above missing fraction (bars), one mark per sample in file order', () => {
    const { set, ann } = setup();
    const c = qualityChart(set(METABOLOMICS), ann(METABOLOMICS), 'arm');
    const s = c.spec as Spec;
    expect(s.vconcat.map((v: Spec) => v.name)).toEqual(['intensity', 'missing']);
    expect(s.vconcat[0].mark.type).toBe('point');
    expect(s.vconcat[0].encoding.y.scale.type).toBe('log');
    expect(s.vconcat[1].encoding.y.field).toBe('missing');
    expect(values(s).map((r) => r.order)).toEqual(META_SAMPLES.map((_, i) => i + 1));
    expect(c.details[1]).toMatch(/median 5\.0 %, max 10\.0 %; 0 samples matched to no metadata row/);
  });
});

describe('alpha diversity', () => {
  it('boxplots of the non-empty samples by time with an offset per arm; the tests of the metric in the caption', () => {
    const { set, ann, a, titles } = setup();
    const c = alphaChart(
      set(AMPLICON) as Extract<ReportSampleSet, { kind: '16s' }>,
      'shannon_entropy',
      ann(AMPLICON),
      a.tests,
      a.comparisons,
      titles,
    )!;
    const s = c.spec as Spec;
    expect(s.mark.type).toBe('boxplot');
    expect(s.encoding.x).toMatchObject({ field: 'time', sort: ['0', '6'] });
    expect(s.encoding.xOffset).toMatchObject({ field: 'group', sort: ['high', 'regular'] });
    expect(values(s)).toHaveLength(META_SAMPLES.length);
    expect(c.caption).toMatch(/4 boxes/);
    expect(c.details).toEqual([
      `${C_BETWEEN}: Kruskal–Wallis H = 3.25, p = 0.071 (n = 5); Wilcoxon rank-sum W = 9, p = 0.08 (n = 3 vs 2)`,
      `${C_WITHIN}: Wilcoxon signed-rank V = 6, p = 0.25 (n = 3 vs 3)`,
    ]);
  });

  it('is null for a metric no sample has', () => {
    const { set, ann, a, titles } = setup();
    expect(
      alphaChart(
        set(AMPLICON) as Extract<ReportSampleSet, { kind: '16s' }>,
        'faith_pd',
        ann(AMPLICON),
        a.tests,
        a.comparisons,
        titles,
      ),
    ).toBeNull();
  });
});

describe('ordination', () => {
  it('one point per sample, coloured by arm and shaped by month, a line per subject in time order; PERMANOVA and ANOSIM in the caption', () => {
    const { data, ann, a, titles } = setup();
    const c = ordinationChart(data.ordinations[0]!, ann(AMPLICON), a.tests, a.comparisons, titles)!;
    const s = c.spec as Spec;
    expect(values(s)).toHaveLength(META_SAMPLES.length);
    const points = layer(s, 'points');
    expect(points.mark.type).toBe('point');
    expect(points.encoding.color.field).toBe('group');
    expect(points.encoding.shape).toMatchObject({
      field: 'time',
      scale: { domain: ['0', '6'], range: ['circle', 'square'] },
    });
    const lines = layer(s, 'trajectories');
    expect(lines.mark.type).toBe('line');
    expect(lines.encoding.detail.field).toBe('subject');
    expect(lines.encoding.order.field).toBe('t');
    expect(points.encoding.x.title).toBe('PC1 (50.0 %)');
    expect(c.caption).toMatch(/5 subjects/); // R3 has one sample: no line
    expect(c.details).toEqual([
      `${C_BETWEEN}: PERMANOVA pseudo-F = 2.5, R² = 0.4, p = 0.03 (n = 3 vs 2, 999 permutations); ANOSIM R = 0.35, p = 0.04 (n = 3 vs 2, 999 permutations)`,
    ]);
  });

  it('PCA of metabolomics joins samples through their metadata ids', () => {
    const { data, ann, a, titles } = setup();
    const c = ordinationChart(data.ordinations[1]!, ann(METABOLOMICS), a.tests, a.comparisons, titles)!;
    expect(values(c.spec as Spec).filter((v) => v.group === 'high')).toHaveLength(6);
    expect(c.title).toMatch(/^PCA of the processed matrix/);
  });
});

describe('top genera', () => {
  it('stacked bars per arm × month of the 8 most abundant genera and Other, each bar summing to 1', () => {
    const { data, ann, titles } = setup();
    const c = generaChart(AMPLICON, data.topGenera, ann(AMPLICON), titles)!;
    const s = c.spec as Spec;
    expect(s.facet.column.field).toBe('group');
    expect(s.spec.mark.type).toBe('bar');
    const v = values(s);
    expect(v).toHaveLength(4 * (TOP_GENERA + 1));
    expect(s.spec.encoding.color.scale.domain).toEqual([...GENERA.slice(0, 8).map(taxonLabel), 'Other']);
    const sums = new Map<string, number>();
    for (const r of v) sums.set(`${r.group}|${r.time}`, (sums.get(`${r.group}|${r.time}`) ?? 0) + (r.mean as number));
    for (const total of sums.values()) expect(total).toBeCloseTo(1, 12);
    expect(v.find((r) => r.group === 'high' && r.time === '0' && r.genus === 'G1')!.mean).toBeCloseTo(0.1, 15);
  });
});

describe('volcano', () => {
  it('every tested feature below the budget; colour by q class, size by VIP, the strongest hits labelled', () => {
    const { a } = setup();
    const c = volcanoChart(a.comparisons[0]!, METABOLOMICS, 'metabolite', a.hits)!;
    const s = c.spec as Spec;
    expect(values(s)).toHaveLength(30);
    const points = layer(s, 'points');
    expect(points.encoding.color.field).toBe('qclass');
    expect(points.encoding.size.field).toBe('vip');
    expect(values(s).filter((v) => v.text !== null)).toHaveLength(8);
    expect(values(s).find((v) => v.feature === 'M0')).toMatchObject({
      label: 'Cholic acid',
      mlp: 5,
      qclass: 'q < 0.01',
      vip: 2,
    });
    expect(layer(s, 'threshold').data.values[0].mlp).toBeCloseTo(-Math.log10(20 / 1e5), 12);
    expect(c.details[0]).toBe(
      '20 metabolites with q < 0.05 (Welch t); 20 with q < 0.05 by Wilcoxon rank-sum; n = 3 vs 2',
    );
    expect(c.limits).toBeNull();
  });

  it('thins the non-significant points of a large comparison to the budget and says so', () => {
    const data = smallReportData(5000);
    const c = volcanoChart(data.analysis!.comparisons[0]!, METABOLOMICS, 'metabolite', data.analysis!.hits)!;
    const v = values(c.spec as Spec);
    expect(v.length).toBeLessThanOrEqual(VOLCANO_BUDGET);
    const sig = v.filter((r) => (r.qclass as string) !== 'q ≥ 0.1');
    expect(sig).toHaveLength(data.analysis!.hits.filter((h) => h.datasetId === METABOLOMICS && h.q! < 0.1).length);
    expect(c.limits).toMatch(/^Showing \d+ of 5000 points: all with q < 0.1 and every \d+(st|nd|rd|th) other by p\./);
    expect(c.caption).toMatch(/5000 tested metabolites/);
  });

  it('16S genus volcano: clr difference, no VIP size', () => {
    const { a } = setup();
    const c = volcanoChart(a.comparisons[0]!, AMPLICON, 'genus', a.hits)!;
    expect(layer(c.spec as Spec, 'points').encoding.size).toBeUndefined();
    expect(layer(c.spec as Spec, 'points').encoding.x.title).toBe('clr mean difference (high − regular)');
    expect(values(c.spec as Spec)).toHaveLength(12);
  });
});

describe('ordinal', () => {
  it('names strides in English', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 103].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '103rd',
    ]);
  });
});

describe('thinning', () => {
  it('keeps every item of `keep`, never exceeds the budget, and takes every k-th of the rest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 200 }),
        (k, r, budget) => {
          const keep = Array.from({ length: k }, (_, i) => `k${i}`);
          const rest = Array.from({ length: r }, (_, i) => `r${i}`);
          const { items, stride } = thin(keep, rest, budget);
          if (k + r <= budget) return items.length === k + r;
          if (k >= budget) return items.length === budget;
          return (
            items.length <= budget &&
            items.slice(0, k).join() === keep.join() &&
            items.slice(k).every((x, i) => x === `r${i * stride}`)
          );
        },
      ),
    );
  });
});

describe('LEfSe, mixed models, correlations, pathways', () => {
  it('LEfSe: discriminative clades only, the second class negative', () => {
    const { a } = setup();
    const c = lefseChart(a.comparisons[0]!, AMPLICON, a.lefse)!;
    const v = values(c.spec as Spec);
    expect(v.map((r) => [r.clade, r.lda, r.cls])).toEqual([
      ['G1 [genus]', 3.5, 'high'],
      ['P0 [phylum]', 2.4, 'high'],
      ['G2 [genus]', -3.1, 'regular'],
    ]);
    expect(c.details[0]).toBe('3 discriminative of 4 clades passing Kruskal–Wallis; n = 5 samples; bootstrap seed 42');
  });

  it('mixed models: group × time coefficients ± SE of the responses with the smallest interaction q', () => {
    const { a } = setup();
    const c = modelChart(AMPLICON, 'genus', a.models)!;
    const s = c.spec as Spec;
    const v = values(s);
    expect(v).toHaveLength(MODEL_MAX);
    expect(v.every((r) => r.term === 'armregular:month6')).toBe(true);
    expect(v[0]).toMatchObject({ response: 'M24', estimate: 2.4, sig: 'q < 0.05' });
    expect(v[0]!.lo).toBeCloseTo(2.2, 12);
    expect(v[0]!.hi).toBeCloseTo(2.6, 12);
    expect(layer(s, 'se').encoding.x2.field).toBe('hi');
    expect(c.details[0]).toBe(
      '25 genera (clr) fitted (11 observations of 6 subjects in the first fit); 5 with a type-III group × time F q < 0.05',
    );
    expect(c.limits).toBe('Showing the 20 responses with the smallest group × time q of 25.');
  });

  it('correlation heatmap: one cell per stored pair, stars by q', () => {
    const { a } = setup();
    const c = correlationHeatmap(AMPLICON, a.correlations, a.correlationFamilies)!;
    const v = values(c.spec as Spec);
    expect(v).toHaveLength(5);
    expect(v.map((r) => r.star)).toEqual(['**', '*', '*', '', '']);
    expect(layer(c.spec as Spec, 'cells').encoding.color.scale).toEqual({
      scheme: 'blueorange',
      domain: [-1, 1],
    });
    expect(c.details).toEqual([
      `clinical:bmd|${AMPLICON}:genus: n = 11 samples, 12 pairs tested, 3 with q < threshold, 5 stored`,
    ]);
  });

  it('pathways: one cell per comparison × pathway with hits / set size', () => {
    const { a } = setup();
    const c = pathwayChart(METABOLOMICS, a.pathways, a.comparisons)!;
    expect(values(c.spec as Spec).map((r) => r.text)).toEqual(['5/10*', '1/8']);
    expect(c.details).toEqual([`${C_BETWEEN}: Bile acid metabolism 5/10 (expected 1.48), p = 0.002, q = 0.01`]);
  });
});

describe('sections', () => {
  it('lists every section in order with the expected charts', () => {
    const sections = reportSections(smallReportData());
    expect(sections.map((s) => s.id)).toEqual([
      'summary',
      'design',
      'quality',
      'alpha',
      'beta',
      'composition',
      'differential',
      'lefse',
      'models',
      'correlations',
      'pathways',
      'notes',
      'provenance',
    ]);
    const charts = (id: string) =>
      sections.find((s) => s.id === id)!.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart.type] : []));
    expect(charts('quality')).toEqual(['quality', 'quality']);
    expect(charts('alpha')).toEqual(['alpha']); // the one metric the analysis tested
    expect(charts('beta')).toEqual(['pcoa', 'pcoa']);
    expect(charts('differential')).toEqual(['volcano', 'volcano']);
    expect(charts('lefse')).toEqual(['lefse']);
    expect(charts('models')).toEqual(['models']);
    expect(charts('correlations')).toEqual(['heatmap']);
    expect(charts('pathways')).toEqual(['pathways']);
    const ids = sections.flatMap((s) =>
      s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart.id] : b.kind === 'table' ? [b.table.id] : [])),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('design table: samples and subjects per arm × month, the missed visit counted', () => {
    const data = smallReportData();
    const t = designTable(data, designColumns(data))!;
    expect(t.columns).toEqual(['arm', 'month 0', 'month 6', 'total']);
    expect(t.rows).toEqual([
      ['high', '3 (3 subj.)', '3 (3 subj.)', '6 (3 subj.)'],
      ['regular', '3 (3 subj.)', '2 (2 subj., 1 missing)', '5 (3 subj.)'],
    ]);
  });

  it('without an analysis the analysis sections say so and the dataset sections still render', () => {
    const data = { ...smallReportData(), analysis: null };
    const sections = reportSections(data);
    const first = (id: string) => sections.find((s) => s.id === id)!.blocks[0]!;
    expect(first('differential')).toEqual({
      kind: 'text',
      paragraphs: ['The study has no analysis yet (it runs once its datasets are READY).'],
    });
    expect(sections.find((s) => s.id === 'beta')!.blocks.filter((b) => b.kind === 'chart')).toHaveLength(2);
  });
});
