/**
 * scikit-bio OrdinationResults format: the writer's bytes against hand-written files laid out as `skbio.io`
 * writes them (section order, dimension headers, blank separators, no separator after the last section),
 * numbers as numpy writes float64 (Python repr).
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { pythonFloat, toSkbioOrdination } from '../../../../lambdas/core/export/skbio-ordination.js';
import { ordinationResultsText } from '../../../../lambdas/core/export/study-export.js';

const expected = (name: string) => fs.readFileSync(new URL(`./files/${name}`, import.meta.url), 'utf8');

describe('pythonFloat (numpy / Python repr of a float64)', () => {
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [100, '100.0'],
    [-2.5, '-2.5'],
    [123.456, '123.456'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-4, '0.0001'],
    [0.00012, '0.00012'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [9999999999999998, '9999999999999998.0'],
    [1e16, '1e+16'],
    [1e22, '1e+22'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [Number.NaN, 'nan'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
  ])('%p -> %s', (x, s) => {
    expect(pythonFloat(x)).toBe(s);
  });

  it('reads back to the same double for any finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(Number(pythonFloat(x)), x)),
    );
  });

  it('uses the exponent form exactly when the decimal exponent is below -4 or at least 16', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => x !== 0),
        (x) => {
          const exponent = Number(x.toExponential().split('e')[1]);
          return pythonFloat(x).includes('e') === (exponent < -4 || exponent >= 16);
        },
      ),
    );
  });
});

describe('toSkbioOrdination', () => {
  it('a PCoA (eigenvalues, proportions, sample coordinates; no species, biplot or constraints) matches the hand-written file', () => {
    const text = toSkbioOrdination({
      eigvals: [2, 0.5, 1e-5],
      proportionExplained: [0.8, 0.2, 4e-6],
      site: {
        ids: ['S1', 'S2', 'S3', 'S4'],
        cols: 3,
        values: [0.1, -0.2, 0, -0.5, 0.25, 1.5e16, 0.0001, -0, 123456789.125, 1e-300, -3, 1 / 3],
      },
    });
    expect(text).toBe(expected('pcoa.ordination.txt'));
  });

  it('every section present (species, biplot without ids, site constraints named by the site ids), proportions absent', () => {
    const text = toSkbioOrdination({
      eigvals: [0.75, 0.25],
      proportionExplained: null,
      species: { ids: ['F1', 'F2'], cols: 2, values: [1, -1, 0.5, 2.5e-5] },
      site: { ids: ['A', 'B', 'C'], cols: 2, values: [0.1, 0.2, -0.3, 0.4, 10, -20] },
      biplot: { cols: 2, values: [0.6, -0.8] },
      siteConstraints: { cols: 2, values: [0.11, 0.22, -0.33, 0.44, 9.5, -19.5] },
    });
    expect(text).toBe(expected('constrained.ordination.txt'));
  });

  it('an exported ordination keeps as many axes as every sample has (Site columns = Eigvals length, as the reader requires)', () => {
    const text = ordinationResultsText({
      metric: 'bray_curtis',
      method: 'pcoa',
      eigenvalues: [3, 2, 1, 0.5],
      proportionExplained: [0.5, 0.3, 0.15, 0.05],
      nNegativeEigenvalues: 0,
      mostNegativeEigenvalue: 0,
      samples: [
        { sampleId: 'a', axes: [1, 2, 3] },
        { sampleId: 'b', axes: [-1, -2, -3] },
      ],
    })!;
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual(['Eigvals\t3', '3.0\t2.0\t1.0', '', 'Proportion explained\t3', '0.5\t0.3\t0.15']);
    expect(lines.slice(8, 11)).toEqual(['Site\t2\t3', 'a\t1.0\t2.0\t3.0', 'b\t-1.0\t-2.0\t-3.0']);
    expect(
      ordinationResultsText({
        metric: 'x',
        method: 'pcoa',
        eigenvalues: [],
        proportionExplained: [],
        nNegativeEigenvalues: null,
        mostNegativeEigenvalue: null,
        samples: [],
      }),
    ).toBeNull();
  });
});
