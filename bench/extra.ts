/** Benchmarks of later capabilities (beta diversity, ordination, …) hook in here. */
import type { FeatureTable } from '../lambdas/core/table/feature-table.js';

export interface BenchKit {
  best<T>(fn: () => T, repeat?: number): { seconds: number; value: T };
  emit(record: Record<string, unknown>): void;
}

export async function extraBenchmarks(_table: FeatureTable, _shape: Record<string, number>, _kit: BenchKit): Promise<void> {}
