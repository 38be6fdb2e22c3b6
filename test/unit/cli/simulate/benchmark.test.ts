import { simulateTableBenchmark } from '../../../../cli/simulate/benchmark.js';
import { SimulationOptionsError } from '../../../../cli/simulate/schemas.js';
import { simulateTableBenchmark as reExported } from '../../../../cli/simulate/study.js';
import { writeBiomJson } from '../../../../cli/simulate/writers.js';
import { isIntegerTable, nnz } from '../../../../lambdas/core/table/feature-table.js';

describe('simulateTableBenchmark', () => {
  it('builds a valid sparse integer table of the requested shape and density (300 x 4000 at 5 %)', () => {
    const t = simulateTableBenchmark({ samples: 300, features: 4000, density: 0.05, seed: 1 });
    expect(t.sampleIds).toHaveLength(300);
    expect(t.featureIds).toHaveLength(4000);
    expect(t.sampleIds[0]).toBe('B000001');
    expect(t.featureIds.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(new Set(t.featureIds).size).toBe(4000);
    expect(isIntegerTable(t)).toBe(true);
    const density = nnz(t) / (300 * 4000);
    expect(Math.abs(density - 0.05) / 0.05).toBeLessThan(0.05);
    let minValue = Infinity;
    for (let k = 0; k < nnz(t); k++) minValue = Math.min(minValue, t.data[k]!);
    expect(minValue).toBeGreaterThanOrEqual(1);
    let unordered = 0;
    for (let j = 0; j < 300; j++)
      for (let k = t.indptr[j]! + 1; k < t.indptr[j + 1]!; k++) if (t.indices[k]! <= t.indices[k - 1]!) unordered++;
    expect(unordered).toBe(0);
    expect(t.taxonomy).toHaveLength(4000);
    expect(t.taxonomy![0]).toMatch(/^k__\w+; p__/);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = simulateTableBenchmark({ samples: 20, features: 500, density: 0.1, seed: 9 });
    const b = reExported({ samples: 20, features: 500, density: 0.1, seed: 9 });
    const c = simulateTableBenchmark({ samples: 20, features: 500, density: 0.1, seed: 10 });
    expect(writeBiomJson(a)).toBe(writeBiomJson(b));
    expect(writeBiomJson(a)).not.toBe(writeBiomJson(c));
  });

  it('fills every cell at density 1', () => {
    const t = simulateTableBenchmark({ samples: 7, features: 11, density: 1 });
    expect(nnz(t)).toBe(77);
  });

  it('rejects bad options', () => {
    expect(() => simulateTableBenchmark({ samples: 0, features: 10, density: 0.1 })).toThrow(SimulationOptionsError);
    expect(() => simulateTableBenchmark({ samples: 10, features: 10, density: 0 })).toThrow(SimulationOptionsError);
  });
});
