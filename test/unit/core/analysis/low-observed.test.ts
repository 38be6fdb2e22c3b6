/**
 * A headline must not come from imputation alone: a metabolite missing in every sample of one group is imputed
 * to one constant (min/5), which gives a huge log2FC and a tiny p; the hit row carries observed counts per group
 * and is flagged lowObserved (below study.json minObserved, default 3).
 */
import { analyzeStudy } from '../../../../lambdas/core/analysis/analyze-study.js';
import { parseMetabolomicsTable } from '../../../../lambdas/core/metabolomics/formats/index.js';
import { processMetabolomics } from '../../../../lambdas/core/metabolomics/process/process.js';
import { StudyDesignSchema } from '../../../../lambdas/core/study/study-design.js';

const rows = [
  ['Sample', 'Group', 'present', 'gone_in_A', 'sparse'],
  ['a1', 'A', '10', 'NA', '5'],
  ['a2', 'A', '12', 'NA', 'NA'],
  ['a3', 'A', '11', 'NA', 'NA'],
  ['a4', 'A', '13', 'NA', '7'],
  ['b1', 'B', '20', '100', '6'],
  ['b2', 'B', '22', '110', '8'],
  ['b3', 'B', '21', '120', '9'],
  ['b4', 'B', '23', '130', '4'],
];

function analysis(minObserved?: number) {
  const parsed = parseMetabolomicsTable(new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n')), 'm.csv');
  if (!parsed.ok) throw new Error(parsed.error.message);
  const t = parsed.value;
  const p = processMetabolomics(t, { missingThreshold: 1, keepIntermediates: true });
  const metadata = {
    idHeader: 'id',
    sampleIds: t.sampleIds,
    columns: [{ name: 'Group', type: 'categorical' as const, values: t.samples.classLabel }],
  };
  const design = StudyDesignSchema.parse({
    oplsPermutations: 0,
    ...(minObserved === undefined ? {} : { minObserved }),
    comparisons: [{ name: 'A_vs_B', factor: 'Group', groups: ['A', 'B'] }],
  });
  return analyzeStudy({
    metadata,
    design,
    amplicon: [],
    metabolomics: [
      {
        datasetId: 'm',
        sampleIds: p.sampleIds,
        featureIds: p.featureIds,
        normalized: p.normalized!,
        transformed: p.transformed!,
        processed: p.processed,
        observed: p.observed,
      },
    ],
    pathways: null,
  });
}

describe('observed counts and the lowObserved flag', () => {
  it('counts observed (non-imputed) values per group and flags features below minObserved', () => {
    const hits = new Map(analysis().hits.map((h) => [h.feature, h]));
    expect(hits.get('present')).toMatchObject({ observedA: 4, observedB: 4, lowObserved: false });
    expect(hits.get('gone_in_A')).toMatchObject({ observedA: 0, observedB: 4, lowObserved: true });
    expect(hits.get('sparse')).toMatchObject({ observedA: 2, observedB: 4, lowObserved: true });
    expect(hits.get('gone_in_A')!.effect!).toBeLessThan(0);
  });

  it('minObserved is configurable', () => {
    const hits = new Map(analysis(2).hits.map((h) => [h.feature, h]));
    expect(hits.get('sparse')!.lowObserved).toBe(false);
    expect(hits.get('gone_in_A')!.lowObserved).toBe(true);
  });
});
