import { pathwayEnrichment } from '../../../../lambdas/core/analysis/pathways.js';
import type { HitRow } from '../../../../lambdas/core/analysis/types.js';
import { DataErrorSignal } from '../../../../lambdas/core/errors.js';
import { parseInput } from '../../../../lambdas/core/pipeline/parse-input.js';
import { pairedT } from '../../../../lambdas/core/stats/paired-t.js';
import { isPathwayMapText, parsePathwayMapText } from '../../../../lambdas/core/study/pathway-map.js';

/** A metabolomics hit row with the given q-values (p set to the smaller one). */
function hit(feature: string, q: number | null, secondQ: number | null = null): HitRow {
  const p = q === null && secondQ === null ? null : Math.min(q ?? 1, secondQ ?? 1);
  return {
    comparison: 'c',
    datasetId: 'd',
    level: 'metabolite',
    feature,
    test: 'welch_t',
    statistic: 1,
    p,
    q,
    effectName: 'log2_fold_change',
    effect: 1,
    prevalenceA: null,
    prevalenceB: null,
    meanA: 1,
    meanB: 1,
    nA: 3,
    nB: 3,
    observedA: 3,
    observedB: 3,
    lowObserved: false,
    secondTest: 'wilcoxon_rank_sum',
    secondStatistic: 1,
    secondP: secondQ,
    secondQ,
  };
}

describe('pathwayEnrichment', () => {
  const map = new Map([
    ['m1', ['Glycolysis']],
    ['M2', ['Glycolysis', 'TCA']],
    ['m3', ['Glycolysis']],
    ['m4', ['TCA']],
    ['m5', ['Urea cycle']],
    ['m6', ['TCA']],
    ['m9', ['Urea cycle']],
  ]);

  it('universe = tested features with a pathway; hits = q < threshold in either test; hypergeometric upper tail per pathway with a hit; BH over those', () => {
    // Prepare: m2 is looked up case-insensitively; m7 has no pathway; m9 was not tested (no p)
    const rows = [
      hit('m1', 0.01),
      hit('m2', 0.2, 0.03),
      hit('m3', 0.5),
      hit('m4', 0.6),
      hit('m5', 0.7),
      hit('m6', 0.9),
      hit('m7', 0.001),
      hit('m9', null),
    ];
    // Act
    const out = pathwayEnrichment(rows, { datasetId: 'pathways.tsv', featureToPathways: map }, 0.05);
    // Assess: universe 6 (m1..m6), drawn 2 (m1, m2); Glycolysis has m1, m2, m3: P(X ≥ 2) = C(3,2)·C(3,0)/C(6,2) = 3/15
    expect(out.map((r) => [r.pathway, r.hits, r.setSize, r.drawn, r.universe, r.hitFeatures])).toEqual([
      ['Glycolysis', 2, 3, 2, 6, 'm1 | m2'],
      ['TCA', 1, 3, 2, 6, 'm2'],
    ]);
    expect(out[0]!.p).toBeCloseTo(0.2, 15);
    expect(out[0]!.expected).toBeCloseTo(1, 15);
    // TCA: P(X ≥ 1) = 1 − C(3,0)·C(3,2)/C(6,2) = 1 − 3/15 = 0.8; BH over 2: q = [min(2·0.2, 0.8), 0.8]
    expect(out[1]!.p).toBeCloseTo(0.8, 15);
    expect(out.map((r) => r.q)).toEqual([out[0]!.p * 2, out[1]!.p]);
    expect(out[0]).toMatchObject({ comparison: 'c', datasetId: 'd', pathwayDataset: 'pathways.tsv' });
  });

  it('no hit, or no feature with a pathway, gives no rows', () => {
    expect(pathwayEnrichment([hit('m1', 0.5)], { datasetId: 'p', featureToPathways: map }, 0.05)).toEqual([]);
    expect(pathwayEnrichment([hit('x', 0.001)], { datasetId: 'p', featureToPathways: map }, 0.05)).toEqual([]);
  });
});

describe('pairedT (R t.test(x, y, paired = TRUE))', () => {
  it('differences 1, 2, 3: t = 2√3, df = 2, p = 1 − √(6/7) (the t₂ tail is ½(1 − t/√(t² + 2)))', () => {
    const r = pairedT([2, 4, 6], [1, 2, 3])!;
    expect(r.statistic).toBeCloseTo(2 * Math.sqrt(3), 14);
    expect(r.df).toBe(2);
    expect(Math.abs(r.p - (1 - Math.sqrt(6 / 7)))).toBeLessThanOrEqual(1e-14);
    expect(r.meanDifference).toBe(2);
  });

  it('drops NaN pairs; constant differences and fewer than 2 pairs give null (R stops)', () => {
    expect(pairedT([2, 4, Number.NaN, 6], [1, 2, 5, 3])).toMatchObject({ n: 3, nMissing: 1, df: 2 });
    expect(pairedT([2, 3, 4], [1, 2, 3])).toBeNull();
    expect(pairedT([2], [1])).toBeNull();
  });
});

describe('pathway map parser', () => {
  const errorOf = (text: string) => {
    try {
      parsePathwayMapText(text);
    } catch (e) {
      if (e instanceof DataErrorSignal) return e.error;
      throw e;
    }
    throw new Error('expected a data error');
  };

  it('one (feature, pathway) pair per row, as the simulator writes it', () => {
    expect(parsePathwayMapText('featureId\tpathway\nm1\tGlycolysis\nm2\tTCA\nm1\tTCA\n')).toEqual(
      new Map([
        ['m1', ['Glycolysis', 'TCA']],
        ['m2', ['TCA']],
      ]),
    );
  });

  it("CSV with other columns, either order, quotes, and several pathways per cell split at ';' or '|'", () => {
    const text =
      '# exported from a spreadsheet\nPathways,KEGG,Compound Name\n"Glycolysis; TCA",C00031,Glucose\nUrea cycle|Arginine metabolism,C00062,Arginine\n,C00001,Water\n';
    expect(parsePathwayMapText(text)).toEqual(
      new Map([
        ['Glucose', ['Glycolysis', 'TCA']],
        ['Arginine', ['Urea cycle', 'Arginine metabolism']],
        ['Water', []],
      ]),
    );
  });

  it('errors name the line and column', () => {
    expect(errorOf('feature\tgroup\nm1\tx\n')).toMatchObject({ code: 'WRONG_HEADER', line: 1, column: 1 });
    expect(errorOf('feature\tpathway\nm1\tA\n\tB\n')).toMatchObject({ code: 'MISSING_ID', line: 3, column: 1 });
    expect(errorOf('pathway,extra,feature\nA,x\n')).toMatchObject({ code: 'RAGGED_ROW', line: 2 });
    expect(errorOf('feature\tpathway\n')).toMatchObject({ code: 'EMPTY_TABLE' });
  });

  it('is recognised by its header through parseInput; an annotated intensity table is not a pathway map', async () => {
    const r = await parseInput(new TextEncoder().encode('featureId\tpathway\nm1\tGlycolysis\n'), 'map.tsv');
    expect(r).toEqual({
      ok: true,
      value: { kind: 'pathways', format: 'pathway-map', pathways: new Map([['m1', ['Glycolysis']]]) },
    });
    expect(isPathwayMapText('compound,pathway,S1,S2,S3\nGlucose,Glycolysis,10.5,11.2,9.8\n')).toBe(false);
    expect(isPathwayMapText('sample-id\tpathway\nS1\tA\n')).toBe(false);
  });
});
