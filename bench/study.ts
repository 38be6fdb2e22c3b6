/**
 * Study-analysis benchmark input: 200 subjects × 3 timepoints
 * (600 samples, two arms), a 16S table of 2000 genus-level features and 5000
 * metabolites, with two clinical variables; generated with the seeded RNG.
 */

import type { StudyInputs } from '../lambdas/core/analysis/index.js';
import { createRng } from '../lambdas/core/random/rng.js';
import { StudyDesignSchema } from '../lambdas/core/study/study-design.js';
import { FeatureTableBuilder } from '../lambdas/core/table/feature-table.js';

export function benchmarkStudyInputs(subjects = 200, genera = 2000, metabolites = 5000, seed = 7): StudyInputs {
  const rng = createRng(seed);
  const months = ['0', '6', '12'];
  const sampleIds: string[] = [];
  const cols: Record<string, (string | null)[]> = { subject: [], arm: [], month: [], bmd: [], pth: [] };
  for (let s = 0; s < subjects; s++) {
    for (const m of months) {
      sampleIds.push(`S${s}-M${m}`);
      cols.subject!.push(`S${s}`);
      cols.arm!.push(s % 2 ? 'high_calcium' : 'regular');
      cols.month!.push(m);
      cols.bmd!.push((0.9 + 0.05 * rng.normal()).toFixed(4));
      cols.pth!.push((40 + 8 * rng.normal()).toFixed(2));
    }
  }
  const n = sampleIds.length;
  const featureIds = Array.from({ length: genera }, (_, i) => `G${i}`);
  const lineages = featureIds.map(
    (id, i) => `k__Bacteria; p__P${i % 12}; c__C${i % 40}; o__O${i % 90}; f__F${i % 300}; g__${id}`,
  );
  const b = new FeatureTableBuilder(featureIds, sampleIds, 1 << 20);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < genera; i++)
      if (rng.nextFloat() < 0.25) b.add(i, j, 1 + Math.floor(Math.exp(3 + 2 * rng.normal())));
  const normalized = new Float64Array(n * metabolites);
  const transformed = new Float64Array(n * metabolites);
  for (let k = 0; k < normalized.length; k++) {
    const v = Math.exp(10 + rng.normal());
    normalized[k] = v;
    transformed[k] = Math.log10(v);
  }
  return {
    metadata: {
      idHeader: 'sample-id',
      sampleIds,
      columns: [
        { name: 'subject', type: 'categorical', values: cols.subject! },
        { name: 'arm', type: 'categorical', values: cols.arm! },
        { name: 'month', type: 'categorical', values: cols.month! },
        { name: 'bmd', type: 'numeric', values: cols.bmd! },
        { name: 'pth', type: 'numeric', values: cols.pth! },
      ],
    },
    design: StudyDesignSchema.parse({
      subject: 'subject',
      group: 'arm',
      time: 'month',
      baseline: '0',
      clinical: ['bmd', 'pth'],
      permutations: 999,
      seed: 1,
    }),
    amplicon: [{ datasetId: '16s/genera.biom', table: b.build(), lineages }],
    metabolomics: [
      {
        datasetId: 'metabolomics/features.csv',
        sampleIds,
        featureIds: Array.from({ length: metabolites }, (_, i) => `M${i}`),
        normalized,
        transformed,
      },
    ],
    pathways: null,
  };
}
