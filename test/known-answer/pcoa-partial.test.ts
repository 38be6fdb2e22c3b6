/**
 * PCoA by the partial solver (`pcoa(dm, { axes })`) and the posting-list
 * Jaccard against the reference values (scikit-bio 0.5.8 `pcoa(method='eigh')`
 * / scipy `eigh`, cross-checked with R cmdscale; test/fixtures/<set>/reference/
 * README.md, sections beta.json and pcoa_bray_curtis.json), and against this
 * project's full decomposition (`pcoa(dm)`). Tolerance 1e-9 relative;
 * numerically zero eigenvalues only absolutely (1e-12 λ_1); axes up to sign.
 */
import { betaDiversity, type DistanceMatrix } from '../../lambdas/core/amplicon/diversity/beta/index.js';
import { parseBiomHdf5 } from '../../lambdas/core/amplicon/formats/biom-hdf5.js';
import { parseBiomJson } from '../../lambdas/core/amplicon/formats/biom-json.js';
import { coordinate, type Pcoa, type PcoaOptions, pcoa } from '../../lambdas/core/ordination/pcoa.js';
import type { FeatureTable } from '../../lambdas/core/table/feature-table.js';
import { readFixture, readFixtureJson } from '../helpers/fixtures.js';
import { closeTo, expectAllClose, maxRelError } from '../helpers/numeric.js';

interface ReferenceBeta {
  ids: string[];
  bray_curtis: number[];
  jaccard: number[];
}

interface ReferencePcoa {
  ids: string[];
  eigenvalues: number[];
  eigenvalue_numerically_zero: boolean[];
  sum_positive_eigenvalues: number;
  proportion_explained: (number | null)[];
  abs_coordinates_axes_1_3: Record<string, [number, number, number]>;
  skbio_pcoa_eigvals_first10: number[];
  n_negative_eigenvalues: number;
}

const SETS: Array<{ set: string; reference: string[]; load: () => Promise<FeatureTable> }> = [
  {
    set: 'globalpatterns',
    reference: [],
    load: async () => parseBiomJson(readFixture('data', 'globalpatterns', 'GlobalPatterns.dense.biom.json')),
  },
  {
    set: 'qiime2-moving-pictures',
    reference: [],
    load: () => parseBiomHdf5(readFixture('data', 'qiime2-moving-pictures', 'feature-table.biom')),
  },
  {
    set: 'mmvec-soils-paired',
    reference: ['microbes'],
    load: () => parseBiomHdf5(readFixture('data', 'mmvec-soils-paired', 'microbes.biom')),
  },
];

/** The configurations checked: the pipeline's (10 axes, 100 eigenvalues), and smaller ones that leave most of the spectrum to the trace. */
const CONFIGS: PcoaOptions[] = [
  { axes: 10, eigenvalues: 100 },
  { axes: 3, eigenvalues: 10 },
  { axes: 3, eigenvalues: 10, spectrum: 'trace' },
  { axes: 5, spectrum: 'full', seed: 7 },
];

/** Largest |a − b| over axes 0…k−1, each compared up to sign, relative to the largest |coordinate| of b on that axis. */
function axesDifference(a: Pcoa, b: Pcoa, k: number): number {
  const n = a.ids.length;
  let worst = 0;
  for (let axis = 0; axis < k; axis++) {
    let dot = 0,
      big = 0;
    for (let s = 0; s < n; s++) {
      dot += coordinate(a, s, axis) * coordinate(b, s, axis);
      big = Math.max(big, Math.abs(coordinate(b, s, axis)));
    }
    const sign = dot < 0 ? -1 : 1;
    for (let s = 0; s < n; s++)
      worst = Math.max(worst, Math.abs(sign * coordinate(a, s, axis) - coordinate(b, s, axis)) / big);
  }
  return worst;
}

describe.each(SETS)('$set', ({ set, reference, load }) => {
  const beta = readFixtureJson<ReferenceBeta>('reference', set, ...reference, 'beta.json');
  const ref = readFixtureJson<ReferencePcoa>('reference', set, ...reference, 'pcoa_bray_curtis.json');
  let table: FeatureTable;
  let dm: DistanceMatrix;
  let full: Pcoa;

  beforeAll(async () => {
    table = await load();
    dm = betaDiversity('bray_curtis', table).matrix;
    full = pcoa(dm);
  });

  it('Jaccard (posting lists) and Bray–Curtis match beta.json', () => {
    const j = betaDiversity('jaccard', table).matrix;
    expect(j.ids).toEqual(beta.ids);
    expect(maxRelError(j.data, beta.jaccard)).toBeLessThan(1e-12);
    expect(maxRelError(dm.data, beta.bray_curtis)).toBeLessThan(1e-12);
  });

  it.each(CONFIGS)('pcoa(dm, %j) equals the reference and the full decomposition', (options) => {
    const p = pcoa(dm, options);
    expect(p.method).toBe('partial');
    expect(p.ids).toEqual(ref.ids);
    const zero = ref.eigenvalue_numerically_zero;
    const floor = 1e-12 * ref.eigenvalues[0]!;
    // listed eigenvalues: as many as asked for (all n when the whole spectrum was computed)
    const listed = p.eigenvalues.length;
    expect(listed).toBeGreaterThanOrEqual(Math.min(options.eigenvalues ?? options.axes, ref.ids.length - 1));
    for (let k = 0; k < listed; k++) {
      if (zero[k]) {
        expect(Math.abs(p.rawEigenvalues[k]! - ref.eigenvalues[k]!)).toBeLessThanOrEqual(floor);
        expect(p.eigenvalues[k]).toBe(0);
      } else expect({ k, ok: closeTo(p.eigenvalues[k]!, ref.eigenvalues[k]!) }).toEqual({ k, ok: true });
      expect({ k, ok: closeTo(p.rawEigenvalues[k]!, full.rawEigenvalues[k]!, 1e-9, floor) }).toEqual({ k, ok: true });
    }
    expect(p.nNegative).toBe(ref.n_negative_eigenvalues);
    expect(['full', 'trace']).toContain(p.spectrum);
    expectAllClose([p.sumPositive], [ref.sum_positive_eigenvalues], `${set} Σ positive`);
    const first10 = Math.min(10, listed);
    expectAllClose(
      p.eigenvalues.subarray(0, first10),
      ref.skbio_pcoa_eigvals_first10.slice(0, first10),
      `${set} skbio eigvals`,
    );
    expectAllClose(
      p.proportionExplained.subarray(0, first10),
      ref.proportion_explained.slice(0, first10),
      `${set} proportions`,
    );
    expectAllClose(
      p.proportionExplained.subarray(0, first10),
      full.proportionExplained.subarray(0, first10),
      `${set} proportions vs full`,
    );
    // coordinates: |axes 1–3| against the reference, every computed axis against the full decomposition
    const got: number[] = [],
      want: number[] = [];
    p.ids.forEach((id, s) => {
      for (let k = 0; k < 3; k++) {
        got.push(Math.abs(coordinate(p, s, k)));
        want.push(ref.abs_coordinates_axes_1_3[id]![k]!);
      }
    });
    expectAllClose(got, want, `${set} |coordinates|`);
    expect(p.nAxes).toBe(Math.min(options.axes, full.nAxes));
    expect(axesDifference(p, full, p.nAxes)).toBeLessThan(1e-9);
    expect(p.solver!.seed).toBe(options.seed ?? 20240611);
  });
});
