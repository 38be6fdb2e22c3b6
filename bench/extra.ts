/** Beta diversity and ordination benchmarks on the generated table. */
import { aitchison, brayCurtis, jaccard } from '../lambdas/core/amplicon/diversity/beta/index.js';
import { pcoa } from '../lambdas/core/ordination/pcoa.js';
import type { FeatureTable } from '../lambdas/core/table/feature-table.js';

export interface BenchKit {
  best<T>(fn: () => T, repeat?: number): { seconds: number; value: T };
  emit(record: Record<string, unknown>): void;
}

export async function extraBenchmarks(
  table: FeatureTable,
  shape: Record<string, number>,
  kit: BenchKit,
): Promise<void> {
  const repeat = table.sampleIds.length > 2000 ? 1 : 3;
  const bc = kit.best(() => brayCurtis(table), repeat);
  kit.emit({ bench: 'beta', metric: 'bray_curtis', threads: 1, ...shape, seconds: round(bc.seconds) });
  kit.emit({
    bench: 'beta',
    metric: 'jaccard',
    threads: 1,
    ...shape,
    seconds: round(kit.best(() => jaccard(table), repeat).seconds),
  });
  kit.emit({
    bench: 'beta',
    metric: 'aitchison',
    threads: 1,
    ...shape,
    seconds: round(kit.best(() => aitchison(table), repeat).seconds),
  });
  if (table.sampleIds.length <= 2000) {
    const p = kit.best(() => pcoa(bc.value.matrix), 1);
    kit.emit({ bench: 'pcoa', metric: 'bray_curtis', ...shape, seconds: round(p.seconds) });
  }
}

function round(x: number): number {
  return Number(x.toFixed(3));
}
