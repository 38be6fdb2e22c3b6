/**
 * A small, fully known ReportData for the report's unit tests: 2 arms × months 0 and 6 × 3 subjects
 * (one regular subject misses month 6: 11 metadata samples), a 16S table with one extra empty sample
 * that the metadata does not name, a metabolomics table, and every analysis family.
 */
import type { ComparisonRow } from '../../lambdas/core/analysis/types.js';
import type {
  AmpliconSampleRow,
  MetabolomicsSampleRow,
  ReportAnalysis,
  ReportData,
  ReportHitRow,
  ReportModelRow,
  ReportTestRow,
  ReportTopTaxon,
} from '../../lambdas/core/report/types.js';

export const AMPLICON = '16s/table.biom';
export const METABOLOMICS = 'metabolomics/features.csv';
export const C_BETWEEN = 'arm: high vs regular | month = 6';
export const C_WITHIN = 'month: 6 vs 0 | arm = high';

export const SUBJECTS = ['H1', 'H2', 'H3', 'R1', 'R2', 'R3'];
/** metadata samples: every subject at months 0 and 6, except R3 at month 6 */
export const META_SAMPLES = SUBJECTS.flatMap((s) => (s === 'R3' ? [`${s}-M0`] : [`${s}-M0`, `${s}-M6`]));
export const EMPTY_SAMPLE = 'blank-1';
/** 12 genus keys; 'g12' appears only in one sample's top list */
export const GENERA = Array.from({ length: 12 }, (_, i) => `k__Bacteria;p__P${i % 3};c__C;o__O;f__F${i};g__G${i + 1}`);

const armOf = (id: string) => (id.startsWith('H') ? 'high' : 'regular');
const monthOf = (id: string) => id.split('-M')[1]!;

function ampliconRows(): AmpliconSampleRow[] {
  const rows: AmpliconSampleRow[] = META_SAMPLES.map((sampleId, i) => ({
    sampleId,
    order: i,
    depth: 1000 + 100 * i,
    observed_features: 40 + i,
    shannon_entropy: 3 + 0.1 * i + (armOf(sampleId) === 'high' && monthOf(sampleId) === '6' ? 0.5 : 0),
    simpson: 0.9,
    pielou_evenness: 0.7,
    chao1: 45 + i,
    ace: null,
    goods_coverage: null,
    faith_pd: null,
    fb_ratio: 1,
    inMetadata: true,
  }));
  rows.push({
    sampleId: EMPTY_SAMPLE,
    order: rows.length,
    depth: 0,
    observed_features: 0,
    shannon_entropy: null,
    simpson: null,
    pielou_evenness: null,
    chao1: null,
    ace: null,
    goods_coverage: null,
    faith_pd: null,
    fb_ratio: null,
    inMetadata: false,
  });
  return rows;
}

function metabolomicsRows(): MetabolomicsSampleRow[] {
  return META_SAMPLES.map((id, i) => ({
    sampleId: `${id}.mzML`,
    order: i,
    totalIntensity: 1e6 * (1 + i / 10),
    missingFraction: i / 100,
    metadataId: id,
    sampleType: null,
    classLabel: null,
    processed: true,
  }));
}

function topGenera(): ReportTopTaxon[] {
  return META_SAMPLES.flatMap((sampleId, j) => {
    const genera = GENERA.slice(0, 10);
    if (j === 0) genera[9] = GENERA[11]!;
    const ra = genera.map((_, i) => (10 - i) / 100);
    const sum = ra.reduce((s, x) => s + x, 0);
    return [
      ...genera.map((taxon, i) => ({ datasetId: AMPLICON, sampleId, taxon, relativeAbundance: ra[i]! })),
      { datasetId: AMPLICON, sampleId, taxon: 'Other', relativeAbundance: 1 - sum },
    ];
  });
}

const comparisons: ComparisonRow[] = [
  {
    name: C_BETWEEN,
    kind: 'between',
    factor: 'arm',
    groupA: 'high',
    groupB: 'regular',
    levels: 'high | regular',
    nLevels: 2,
    where: 'month=6',
    paired: false,
    origin: 'generated',
    nA: 3,
    nB: 2,
    n: 5,
  },
  {
    name: C_WITHIN,
    kind: 'within',
    factor: 'month',
    groupA: '6',
    groupB: '0',
    levels: '6 | 0',
    nLevels: 2,
    where: 'arm=high',
    paired: true,
    origin: 'generated',
    nA: 3,
    nB: 3,
    n: 6,
  },
];

function test(
  comparison: string,
  t: ReportTestRow['test'],
  metric: string,
  statistic: number,
  p: number,
  extra: Partial<ReportTestRow> = {},
): ReportTestRow {
  const c = comparisons.find((x) => x.name === comparison)!;
  return {
    comparison,
    datasetId: AMPLICON,
    test: t,
    metric,
    groupA: t === 'kruskal_wallis' ? '' : c.groupA,
    groupB: t === 'kruskal_wallis' ? '' : c.groupB,
    statistic,
    r2: null,
    p,
    q: null,
    permutations: null,
    strata: false,
    n: 5,
    nA: 3,
    nB: 2,
    exact: null,
    df: null,
    levels: t === 'kruskal_wallis' ? c.levels : `${c.groupA} | ${c.groupB}`,
    ...extra,
  };
}

/** `nMetabolites` hits of the between comparison: feature k has p = (k + 1) / (n + 1) / 50 for k < 20 (q < 0.05), else uniform. */
function metaboliteHits(n: number): ReportHitRow[] {
  return Array.from({ length: n }, (_, k) => {
    const p = k < 20 ? (k + 1) / 1e5 : (k + 1) / (n + 1);
    const q = k < 20 ? 0.001 * (k + 1) : Math.min(1, p * 2);
    return {
      comparison: C_BETWEEN,
      datasetId: METABOLOMICS,
      level: 'metabolite',
      feature: `M${k}`,
      test: 'welch_t',
      statistic: 1,
      p,
      q,
      effectName: 'log2_fold_change',
      effect: k % 2 ? 1 + k / n : -1 - k / n,
      prevalenceA: null,
      prevalenceB: null,
      meanA: 2,
      meanB: 1,
      nA: 3,
      nB: 2,
      observedA: 3,
      observedB: 2,
      lowObserved: false,
      secondTest: 'wilcoxon_rank_sum',
      secondStatistic: 3,
      secondP: p,
      secondQ: q,
      featureName: k === 0 ? 'Cholic acid' : null,
      vip: k < 20 ? 2 : 0.5,
    };
  });
}

function genusHits(): ReportHitRow[] {
  return GENERA.map((feature, k) => ({
    comparison: C_BETWEEN,
    datasetId: AMPLICON,
    level: 'genus',
    feature,
    test: 'wilcoxon_rank_sum',
    statistic: 2,
    p: 0.01 * (k + 1),
    q: 0.02 * (k + 1),
    effectName: 'clr_mean_difference',
    effect: k - 6,
    prevalenceA: 1,
    prevalenceB: 1,
    meanA: 0.1,
    meanB: 0.1,
    nA: 3,
    nB: 2,
    observedA: 3,
    observedB: 2,
    lowObserved: false,
    secondTest: null,
    secondStatistic: null,
    secondP: null,
    secondQ: null,
  }));
}

function models(): ReportModelRow[] {
  return Array.from({ length: 25 }, (_, k) => k).flatMap((k): ReportModelRow[] => {
    const base = {
      datasetId: AMPLICON,
      level: 'genus' as const,
      response: `k__Bacteria;p__P;c__C;o__O;f__F;g__M${k}`,
      nObs: 11,
      nSubjects: 6,
      varSubject: 1,
      varResidual: 1,
      singular: false,
    };
    return [
      {
        ...base,
        test: 't',
        term: '(Intercept)',
        estimate: 1,
        se: 0.1,
        statistic: 10,
        df: 5,
        numDF: null,
        p: 0.001,
        q: 0.001,
      },
      {
        ...base,
        test: 't',
        term: 'armregular:month6',
        estimate: k / 10,
        se: 0.2,
        statistic: k / 2,
        df: 5,
        numDF: null,
        p: 0.5 / (k + 1),
        q: 1 / (k + 1),
      },
      {
        ...base,
        test: 'F',
        term: 'arm:month',
        estimate: null,
        se: null,
        statistic: k,
        df: 5,
        numDF: 1,
        p: 0.5 / (k + 1),
        q: 1 / (k + 1),
      },
    ];
  });
}

/** The small study's ReportData; `nMetabolites` sets the size of the metabolomics volcano. */
export function smallReportData(nMetabolites = 30): ReportData {
  const analysis: ReportAnalysis = {
    runId: 'run-analysis-1',
    status: 'READY',
    error: null,
    analyzedAt: '2024-05-01T10:00:00.000Z',
    softwareVersion: '0.1.0',
    inputs: { [AMPLICON]: 'run-16s', [METABOLOMICS]: 'run-mtb', 'metadata.tsv': 'run-meta' },
    design: {
      resolved: {
        subject: 'subject',
        group: 'arm',
        time: 'month',
        baseline: '0',
        comparisons: comparisons.map((c) => ({
          name: c.name,
          kind: c.kind,
          factor: c.factor,
          groups: [c.groupA, c.groupB],
          where: Object.fromEntries([c.where.split('=') as [string, string]]),
          paired: c.paired,
          origin: c.origin,
        })),
        clinical: ['bmd'],
        prevalence: 0.1,
        rarefactionDepth: null,
        permutations: 999,
        oplsPermutations: 200,
        minObserved: 3,
        seed: 42,
        correlationQ: 0.05,
        topCorrelationsPerFeature: 5,
        pathwayHitQ: 0.05,
        pathways: null,
      },
      inferred: false,
      inferredFields: ['subject'],
      notes: ['2 comparisons generated'],
      skippedColumns: [{ column: 'site', reason: 'one level' }],
    },
    notes: ['1 sample without metadata: blank-1'],
    comparisons,
    tests: [
      test(C_BETWEEN, 'kruskal_wallis', 'shannon_entropy', 3.25, 0.0713, { df: 1, nA: null, nB: null }),
      test(C_BETWEEN, 'wilcoxon_rank_sum', 'shannon_entropy', 9, 0.08),
      test(C_WITHIN, 'wilcoxon_signed_rank', 'shannon_entropy', 6, 0.25, { nA: 3, nB: 3, n: 3 }),
      test(C_BETWEEN, 'permanova', 'bray_curtis', 2.5, 0.03, { r2: 0.4, permutations: 999 }),
      test(C_BETWEEN, 'anosim', 'bray_curtis', 0.35, 0.04, { permutations: 999 }),
    ],
    hits: [...metaboliteHits(nMetabolites), ...genusHits()],
    correlations: GENERA.slice(0, 5).map((y, k) => ({
      family: `clinical:bmd|${AMPLICON}:genus`,
      x: 'bmd',
      y,
      xDataset: 'metadata',
      yDataset: AMPLICON,
      xLevel: 'clinical',
      yLevel: 'genus',
      rho: k % 2 ? -0.8 + k / 10 : 0.9 - k / 10,
      p: 0.001 * (k + 1),
      q: [0.005, 0.02, 0.04, 0.2, 0.3][k]!,
      n: 11,
      familySize: 12,
      selectedBy: 'top',
    })),
    correlationFamilies: [
      {
        family: `clinical:bmd|${AMPLICON}:genus`,
        xDataset: 'metadata',
        yDataset: AMPLICON,
        xLevel: 'clinical',
        yLevel: 'genus',
        nX: 1,
        nY: 12,
        excludedX: 0,
        excludedY: 0,
        n: 11,
        pairs: 12,
        significant: 3,
        stored: 5,
        pMethod: 'exact',
      },
    ],
    pathways: [
      {
        comparison: C_BETWEEN,
        datasetId: METABOLOMICS,
        pathwayDataset: 'pathways.tsv',
        pathway: 'Bile acid metabolism',
        hits: 5,
        setSize: 10,
        drawn: 8,
        universe: 54,
        expected: 1.48,
        p: 0.002,
        q: 0.01,
        hitFeatures: 'M0 | M1',
      },
      {
        comparison: C_BETWEEN,
        datasetId: METABOLOMICS,
        pathwayDataset: 'pathways.tsv',
        pathway: 'SCFA production',
        hits: 1,
        setSize: 8,
        drawn: 8,
        universe: 54,
        expected: 1.19,
        p: 0.7,
        q: 0.7,
        hitFeatures: 'M5',
      },
    ],
    models: models(),
    lefse: [
      {
        comparison: C_BETWEEN,
        datasetId: AMPLICON,
        clade: GENERA[0]!,
        rank: 'genus',
        enrichedClass: 'high',
        kwP: 0.01,
        lda: 3.5,
        discriminative: true,
        classMeans: 'high=10 | regular=1',
        seed: 42,
        n: 5,
      },
      {
        comparison: C_BETWEEN,
        datasetId: AMPLICON,
        clade: GENERA[1]!,
        rank: 'genus',
        enrichedClass: 'regular',
        kwP: 0.02,
        lda: 3.1,
        discriminative: true,
        classMeans: 'high=1 | regular=9',
        seed: 42,
        n: 5,
      },
      {
        comparison: C_BETWEEN,
        datasetId: AMPLICON,
        clade: 'k__Bacteria;p__P0',
        rank: 'phylum',
        enrichedClass: 'high',
        kwP: 0.03,
        lda: 2.4,
        discriminative: true,
        classMeans: 'high=5 | regular=2',
        seed: 42,
        n: 5,
      },
      {
        comparison: C_BETWEEN,
        datasetId: AMPLICON,
        clade: GENERA[2]!,
        rank: 'genus',
        enrichedClass: 'high',
        kwP: 0.04,
        lda: 1.5,
        discriminative: false,
        classMeans: 'high=2 | regular=1',
        seed: 42,
        n: 5,
      },
    ],
  };
  const meta = META_SAMPLES.map((sampleId, i) => ({
    sampleId,
    values: {
      subject: sampleId.split('-')[0]!,
      arm: armOf(sampleId),
      month: monthOf(sampleId),
      bmd: String(0.8 + i / 100),
      site: 'gut',
    } as Record<string, string | null>,
  }));
  const amplicon = ampliconRows();
  const provenance = (key: string) => ({
    key: `studies/small/${key}`,
    versionId: null,
    sha256: 'ab'.repeat(32),
    size: 1234,
    version: '0.1.0',
    parameters: { integerCounts: true },
    inputs: [{ datasetId: 'metadata.tsv', runId: 'run-meta' }],
  });
  return {
    studyId: 'small',
    generatedAt: '2024-05-01T12:00:00.000Z',
    datasets: [
      {
        datasetId: AMPLICON,
        kind: '16s',
        format: 'biom-json',
        status: 'READY',
        samples: amplicon.length,
        features: 12,
        runId: 'run-16s',
        updatedAt: '2024-05-01T09:00:00.000Z',
        notes: ['no tree in the study: faith_pd not computed'],
        error: null,
        provenance: provenance(AMPLICON),
      },
      {
        datasetId: METABOLOMICS,
        kind: 'metabolomics',
        format: 'mzmine3',
        status: 'READY',
        samples: 11,
        features: nMetabolites,
        runId: 'run-mtb',
        updatedAt: '2024-05-01T09:00:00.000Z',
        notes: [],
        error: null,
        provenance: provenance(METABOLOMICS),
      },
      {
        datasetId: 'metadata.tsv',
        kind: 'metadata',
        format: 'qiime2-metadata',
        status: 'READY',
        samples: 11,
        features: 0,
        runId: 'run-meta',
        updatedAt: '2024-05-01T09:00:00.000Z',
        notes: [],
        error: null,
        provenance: provenance('metadata.tsv'),
      },
      {
        datasetId: 'bad.tsv',
        kind: '16s',
        format: 'biom-tsv',
        status: 'FAILED',
        samples: 0,
        features: 0,
        runId: 'run-bad',
        updatedAt: '2024-05-01T09:00:00.000Z',
        notes: [],
        error: { code: 'NEGATIVE_VALUE', message: 'a count is negative', line: 2, column: 6 },
        provenance: provenance('bad.tsv'),
      },
    ],
    samples: [
      { datasetId: AMPLICON, kind: '16s', rows: amplicon },
      { datasetId: METABOLOMICS, kind: 'metabolomics', rows: metabolomicsRows() },
    ],
    ordinations: [
      {
        datasetId: AMPLICON,
        metric: 'bray_curtis',
        method: 'pcoa',
        eigenvalues: [2, 1, 0.5],
        proportionExplained: [0.5, 0.25, 0.125],
        stress: null,
        samples: META_SAMPLES.map((sampleId, i) => ({ sampleId, axes: [Math.cos(i), Math.sin(i), 0.1] })),
      },
      {
        datasetId: METABOLOMICS,
        metric: 'pca',
        method: 'pca',
        eigenvalues: [3, 1],
        proportionExplained: [0.6, 0.2],
        stress: null,
        samples: META_SAMPLES.map((id, i) => ({ sampleId: `${id}.mzML`, axes: [i, -i] })),
      },
    ],
    topGenera: topGenera(),
    metadata: {
      datasetId: 'metadata.tsv',
      columns: ['subject', 'arm', 'month', 'bmd', 'site'].map((name) => ({
        name,
        type: name === 'bmd' ? 'numeric' : 'categorical',
      })),
      rows: meta,
    },
    analysis,
    notes: [],
  };
}
