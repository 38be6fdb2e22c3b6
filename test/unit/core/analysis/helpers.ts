/** Small hand-made studies for the analysis unit tests. */
import type { SampleMetadata } from '../../../../lambdas/core/study/qiime2-metadata.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../lambdas/core/table/feature-table.js';

/** Metadata from columns of equal length: a column whose every present value is a number is numeric. */
export function metadataOf(ids: string[], columns: Record<string, (string | null)[]>): SampleMetadata {
  return {
    idHeader: 'sample-id',
    sampleIds: ids,
    columns: Object.entries(columns).map(([name, values]) => ({
      name,
      type: values.every((v) => v === null || /^-?\d+(\.\d+)?$/.test(v))
        ? ('numeric' as const)
        : ('categorical' as const),
      values,
    })),
  };
}

/** A trial: `subjects` subjects alternating between arms 'treated' and 'control', sampled at months 0, 6 and 12. */
export function trialMetadata(subjects: number): SampleMetadata {
  const ids: string[] = [],
    subject: string[] = [],
    arm: string[] = [],
    month: string[] = [],
    bmd: string[] = [];
  for (let s = 0; s < subjects; s++)
    for (const m of [0, 6, 12]) {
      ids.push(`P${s}-M${m}`);
      subject.push(`P${s}`);
      arm.push(s % 2 === 0 ? 'treated' : 'control');
      month.push(String(m));
      bmd.push(String(1 + ((s * 7 + m) % 11) / 10));
    }
  return metadataOf(ids, { subject, arm, month, bmd });
}

/** A features × samples count table from dense rows (rows = features). */
export function tableOf(featureIds: string[], sampleIds: string[], rows: number[][]): FeatureTable {
  const b = new FeatureTableBuilder(featureIds, sampleIds);
  rows.forEach((row, f) => row.forEach((v, s) => b.add(f, s, v)));
  return b.build();
}
