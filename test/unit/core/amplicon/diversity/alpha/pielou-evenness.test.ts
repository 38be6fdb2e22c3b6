import { pielouEvenness } from '../../../../../../lambdas/core/amplicon/diversity/alpha/pielou-evenness.js';
import { closeTo } from '../../../../../helpers/numeric.js';

const v = (...xs: number[]) => Float64Array.from(xs);

describe('pielouEvenness (H_e / ln S, scikit-bio pielou_e)', () => {
  it('is 1.5 / log2(3) for counts [1, 1, 2]', () => {
    // H = 1.5 bits = 1.5 ln 2 nats, ln S = ln 3: J = 1.5 / log2(3) = 1.5 / 1.5849625007211562
    expect(closeTo(pielouEvenness(v(1, 1, 2))!, 0.9463946303571862, 1e-15, 0)).toBe(true);
  });

  it('is 1 for an even community', () => {
    expect(closeTo(pielouEvenness(v(4, 4, 4))!, 1, 1e-15, 0)).toBe(true);
    expect(pielouEvenness(v(2, 2))).toBe(1);
  });

  it('is null when S <= 1 (0/0) and for an empty sample', () => {
    expect(pielouEvenness(v(12))).toBeNull();
    expect(pielouEvenness(v(0, 12, 0))).toBeNull();
    expect(pielouEvenness(v())).toBeNull();
  });

  it('ignores zeros', () => {
    expect(pielouEvenness(v(0, 2, 2, 0))).toBe(1);
  });
});
