import { brayCurtisAndJaccard } from '../../../../../../lambdas/core/amplicon/diversity/beta/bray-curtis-jaccard.js';
import { jaccard, jaccardRows } from '../../../../../../lambdas/core/amplicon/diversity/beta/index.js';
import { type FeatureTable, FeatureTableBuilder } from '../../../../../../lambdas/core/table/feature-table.js';
import { mulberry32 } from './random-table.js';

/** Features with prevalences from 5 % to 100 % (every sample non-empty). */
function mixedPrevalence(seed: number, nFeatures: number, nSamples: number): FeatureTable {
  const rand = mulberry32(seed);
  const b = new FeatureTableBuilder(
    Array.from({ length: nFeatures }, (_, f) => `f${f}`),
    Array.from({ length: nSamples }, (_, s) => `s${s}`),
  );
  const prevalence = Array.from({ length: nFeatures }, (_, f) =>
    f === 0 ? 1 : f === 1 ? 1 - 1 / nSamples : 0.05 + 0.95 * rand(),
  );
  for (let s = 0; s < nSamples; s++) {
    b.add(0, s, 1);
    for (let f = 1; f < nFeatures; f++)
      if (f === 1 ? s !== 3 : rand() < prevalence[f]!) b.add(f, s, 1 + Math.floor(rand() * 50));
  }
  return b.build();
}

/** 1 − |A∩B| / |A∪B| by sets. */
function bruteJaccard(t: FeatureTable, i: number, j: number): number {
  const a = new Set(t.indices.subarray(t.indptr[i]!, t.indptr[i + 1]!));
  const b = new Set(t.indices.subarray(t.indptr[j]!, t.indptr[j + 1]!));
  let both = 0;
  for (const f of a) if (b.has(f)) both++;
  return 1 - both / (a.size + b.size - both);
}

describe('Jaccard with prevalent features walked by their absences', () => {
  const t = mixedPrevalence(5, 60, 70);
  const n = t.sampleIds.length,
    len = (n * (n - 1)) / 2;

  it('equals the set definition to 1e-15 and the presence-only walk bit for bit', () => {
    const d = jaccard(t).matrix.data;
    let k = 0,
      worst = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) worst = Math.max(worst, Math.abs(d[k++]! - bruteJaccard(t, i, j)));
    expect(worst).toBeLessThan(1e-15);
    expect(Array.from(d)).toEqual(Array.from(brayCurtisAndJaccard(t).jaccard.matrix.data));
  });

  it('row ranges (the prevalence split is over the samples from rowStart on) give the same bits as one pass', () => {
    const whole = new Float64Array(len),
      parts = new Float64Array(len);
    jaccardRows(t, 0, n, whole);
    for (const [a, b] of [
      [0, 1],
      [1, 30],
      [30, 62],
      [62, 69],
      [69, 70],
    ] as const)
      jaccardRows(t, a, b, parts);
    expect(Array.from(parts)).toEqual(Array.from(whole));
  });

  it('a feature in every sample and one missing from a single sample count as shared where they should', () => {
    const b = new FeatureTableBuilder(['all', 'but-one', 'rare'], ['s0', 's1', 's2', 's3']);
    for (let s = 0; s < 4; s++) b.add(0, s, 1);
    for (const s of [0, 1, 2]) b.add(1, s, 2);
    b.add(2, 3, 5);
    // s0..s2 = {all, but-one}; s3 = {all, rare}
    const d = jaccard(b.build()).matrix.data;
    expect(Array.from(d)).toEqual([0, 0, 2 / 3, 0, 2 / 3, 2 / 3]);
  });
});
