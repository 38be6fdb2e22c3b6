import { betaDiversity } from '../../../../../lambdas/core/diversity/beta/index.js';
import { betaDiversityParallel, equalPairCuts, pairWork } from '../../../../../lambdas/core/diversity/beta/parallel.js';
import { FeatureTableBuilder } from '../../../../../lambdas/core/table/feature-table.js';
import { randomTable } from './random-table.js';

/** Bootstrap that registers tsx and loads the TypeScript worker source (production bundles ship beta-worker.js). */
const worker = { workerUrl: new URL('./ts-beta-worker.mjs', import.meta.url) };

describe('betaDiversityParallel (worker_threads)', () => {
  it.each(['bray_curtis', 'jaccard', 'aitchison'])('%s on 3 threads is bit-identical to one thread, empty samples skipped', async (metric) => {
    const t = randomTable(41, 80, 150, 0.2);
    const b = new FeatureTableBuilder(t.featureIds, [...t.sampleIds, 'empty']);
    for (let s = 0; s < t.sampleIds.length; s++) for (let p = t.indptr[s]!; p < t.indptr[s + 1]!; p++) b.add(t.indices[p]!, s, t.data[p]!);
    const withEmpty = b.build();
    const par = await betaDiversityParallel(metric, withEmpty, { ...worker, threads: 3, force: true });
    const one = betaDiversity(metric, withEmpty);
    expect(par.matrix.ids).toEqual(one.matrix.ids);
    expect(par.skipped).toEqual(['empty']);
    expect(Array.from(par.matrix.data)).toEqual(Array.from(one.matrix.data));
  });

  it('stays on the calling thread for small tables (no worker script needed)', async () => {
    const t = randomTable(42, 30, 20, 0.3);
    const r = await betaDiversityParallel('bray_curtis', t, { workerUrl: new URL('file:///nonexistent/worker.js') });
    expect(Array.from(r.matrix.data)).toEqual(Array.from(betaDiversity('bray_curtis', t).matrix.data));
  });

  it('rejects when the worker script cannot start', async () => {
    const t = randomTable(43, 30, 20, 0.3);
    await expect(betaDiversityParallel('jaccard', t, { workerUrl: new URL('file:///nonexistent/worker.js'), force: true })).rejects.toThrow();
  });

  it('cuts rows into parts with about equal pair counts', () => {
    // n = 10: 45 pairs; rows 0,1,2 hold 9+8+7 = 24 -> cut at 2 (9+8 = 17 ≤ 22.5 < 24)
    expect(equalPairCuts(10, 2)).toEqual([0, 2, 10]);
    expect(equalPairCuts(10, 1)).toEqual([0, 10]);
    // n = 3 in 4 parts: 3 pairs, targets .75, 1.5, 2.25; row 0 alone holds 2 -> empty parts (skipped when run)
    expect(equalPairCuts(3, 4)).toEqual([0, 0, 0, 1, 3]);
  });

  it('counts pair work as Σ_f C(n_f, 2)', () => {
    // hand table: f0 in 3 samples (3 pairs), f1 in 2 (1 pair), f2 in 1 (0)
    const b = new FeatureTableBuilder(['f0', 'f1', 'f2'], ['a', 'b', 'c']);
    [[0, 0], [0, 1], [0, 2], [1, 0], [1, 2], [2, 1]].forEach(([f, s]) => b.add(f!, s!, 1));
    expect(pairWork(b.build())).toBe(4);
  });
});
