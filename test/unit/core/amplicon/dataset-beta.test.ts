import { ampliconBeta, STORED_AXES, STORED_EIGENVALUES } from '../../../../lambdas/core/amplicon/dataset-beta.js';
import { betaDiversity } from '../../../../lambdas/core/amplicon/diversity/beta/index.js';
import { pcoa } from '../../../../lambdas/core/ordination/pcoa.js';
import { maxRelError } from '../../../helpers/numeric.js';
import { randomTable } from '../amplicon/diversity/beta/random-table.js';

describe('ampliconBeta ordination rows (partial PCoA)', () => {
  it('stores the first STORED_AXES axes and STORED_EIGENVALUES eigenvalues, equal to the full decomposition (Bray–Curtis and Jaccard from one walk)', () => {
    const table = randomTable(91, 60, 130, 0.2);
    const out = ampliconBeta(table, {}, ['bray_curtis', 'jaccard', 'aitchison']);
    expect(out.notes).toEqual([]);
    for (const row of out.ordinationRows.filter((r) => r.method === 'pcoa')) {
      const full = pcoa(betaDiversity(row.metric as string, table).matrix);
      const k = Math.min(STORED_EIGENVALUES, full.nAxes);
      expect(row.axes).toBe(STORED_AXES);
      expect(row.spectrum).toMatch(/^(full|trace)$/);
      expect(maxRelError(row.eigenvalues as number[], full.eigenvalues.subarray(0, k))).toBeLessThan(1e-9);
      expect(maxRelError(row.proportionExplained as number[], full.proportionExplained.subarray(0, k))).toBeLessThan(
        1e-9,
      );
      expect(row.nNegativeEigenvalues).toBe(full.nNegative);
    }
    // Aitchison is Euclidean: no negative eigenvalue, so Σ positive is the trace and no spectrum is needed
    expect(out.ordinationRows.find((r) => r.metric === 'aitchison')!.spectrum).toBe('trace');
    const axes = out.axes.get(table.sampleIds[0]!)!;
    expect(axes.bray_curtis!.length).toBe(STORED_AXES);
  });
});
