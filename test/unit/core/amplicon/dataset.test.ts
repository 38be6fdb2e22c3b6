/** The 16S dataset outcome: rarefaction from the study design feeds beta diversity; study files that contradict the table. */

import { gunzipSync } from 'fflate';
import { ampliconOutcome } from '../../../../lambdas/core/amplicon/dataset.js';
import { parseNewick } from '../../../../lambdas/core/study/newick.js';
import { StudyDesignSchema } from '../../../../lambdas/core/study/study-design.js';
import { FeatureTableBuilder } from '../../../../lambdas/core/table/feature-table.js';

/** 4 features × 3 samples (depths 10, 4, 12). */
function table() {
  const b = new FeatureTableBuilder(['a', 'b', 'c', 'd'], ['S1', 'S2', 'S3']);
  [
    [0, 0, 6],
    [1, 0, 4],
    [0, 1, 3],
    [2, 1, 1],
    [0, 2, 2],
    [2, 2, 5],
    [3, 2, 5],
  ].forEach(([f, s, v]) => b.add(f!, s!, v!));
  return b.build();
}

function ready(o: ReturnType<typeof ampliconOutcome>) {
  if (o.status !== 'READY') throw new Error(o.status === 'FAILED' ? `${o.error.code}: ${o.error.message}` : o.status);
  return o;
}

function bray(o: ReturnType<typeof ready>): string[] {
  const a = o.artifacts!.find((x) => x.name === 'bray_curtis')!;
  return new TextDecoder().decode(gunzipSync(a.body)).trimEnd().split('\n');
}

describe('ampliconOutcome', () => {
  it('rarefies to the study depth before beta diversity, leaving out and naming the samples below it; alpha stays on raw counts', () => {
    const design = StudyDesignSchema.parse({ rarefactionDepth: 8, seed: 3 });
    const o = ready(ampliconOutcome(table(), 'biom-tsv', { design }));
    expect(o.parameters).toMatchObject({
      rarefactionDepth: 8,
      rarefactionSeed: 3,
      rarefactionDropped: ['S2'],
      betaInput: 'rarefied to 8 reads (seed 3)',
    });
    expect(o.notes.some((n) => n.includes('S2'))).toBe(true);
    const lines = bray(o);
    expect(lines[0]).toBe('\tS1\tS3');
    // both rarefied samples hold 8 reads: BC = 1 - 2*sum(min)/16, a multiple of 1/8
    const d = Number(lines[1]!.split('\t')[2]);
    expect(Number.isInteger(d * 8)).toBe(true);
    expect(o.sampleRows.map((r) => r.depth)).toEqual([10, 4, 12]);
  });

  it('uses the raw counts without a depth: Bray-Curtis S1-S3 = 1 - 2*min-sum/(10+12) = 1 - 2*2/22', () => {
    const lines = bray(ready(ampliconOutcome(table(), 'biom-tsv', {})));
    expect(Number(lines[1]!.split('\t')[3])).toBeCloseTo(1 - 4 / 22, 14);
  });

  it('fails UNKNOWN_FEATURE when a tree in the table folder lacks a feature, and only notes it for a tree elsewhere', () => {
    const tree = parseNewick('((a:1,b:1):1,c:2);');
    const same = ampliconOutcome(table(), 'biom-tsv', {
      tree: { value: tree, source: '16s/tree.nwk', sameFolder: true },
    });
    expect(same).toMatchObject({ status: 'FAILED', error: { code: 'UNKNOWN_FEATURE' } });
    expect(same.status === 'FAILED' && same.error.message).toMatch(/\bd\b/);
    const elsewhere = ready(
      ampliconOutcome(table(), 'biom-tsv', { tree: { value: tree, source: 'other/tree.nwk', sameFolder: false } }),
    );
    expect(elsewhere.sampleRows.every((r) => r.faith_pd === null)).toBe(true);
    expect(elsewhere.notes.some((n) => n.startsWith('other/tree.nwk is not a tree of this table'))).toBe(true);
  });

  it('with a tree covering the table adds the three UniFrac matrices (QIIME 2 names) and their PCoA; unweighted S1-S2 by hand', () => {
    // ((a:1,b:1):1,(c:1,d:1):1): S1 = {a,b}, S2 = {a,c}; branches of S1: a,b,(ab) = 3; of S2: a,c,(ab),(cd) = 4; shared a,(ab) = 2
    const tree = parseNewick('((a:1,b:1):1,(c:1,d:1):1);');
    const o = ready(
      ampliconOutcome(table(), 'biom-tsv', { tree: { value: tree, source: '16s/tree.nwk', sameFolder: true } }),
    );
    expect(o.artifacts!.map((a) => a.name)).toEqual([
      'bray_curtis',
      'jaccard',
      'aitchison',
      'unweighted_unifrac',
      'weighted_unifrac',
      'weighted_normalized_unifrac',
    ]);
    const uw = new TextDecoder()
      .decode(gunzipSync(o.artifacts!.find((a) => a.name === 'unweighted_unifrac')!.body))
      .trimEnd()
      .split('\n');
    // unique = (3 + 4 - 2·2) = 3 of the union 5
    expect(Number(uw[1]!.split('\t')[2])).toBeCloseTo(3 / 5, 14);
    const ordination = o.families!.ORDINATION!.map((r) => r.metric);
    expect(ordination).toEqual(
      expect.arrayContaining(['unweighted_unifrac', 'weighted_unifrac', 'weighted_normalized_unifrac']),
    );
  });

  it('stores NMDS of Bray-Curtis (k = 2, seeded) beside the PCoA when there are enough samples', () => {
    const b = new FeatureTableBuilder(['a', 'b', 'c', 'd', 'e'], ['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
    for (let s = 0; s < 6; s++) for (let f = 0; f < 5; f++) b.add(f, s, 1 + ((s * 7 + f * 3) % 5) * (f + 1));
    const o = ready(ampliconOutcome(b.build(), 'biom-tsv', {}));
    const row = o.families!.ORDINATION!.find((r) => r.metric === 'nmds')!;
    expect(row).toMatchObject({ method: 'nmds', distance: 'bray_curtis', axes: 2, samples: 6, seed: 42 });
    expect(row.stress as number).toBeGreaterThanOrEqual(0);
    expect(row.stress as number).toBeLessThan(0.3);
    expect(o.sampleRows.every((r) => (r.axes as Record<string, number[]>).nmds!.length === 2)).toBe(true);
  });
});
