/**
 * xcms layouts, built from the xcms documentation (no shared data):
 * `featureValues()` returns features × samples with the featureDefinitions
 * row names (FT…) and NA for a feature without a peak; `groupnames()` makes
 * M<mz>T<rt> names (rt in seconds); `diffreport()` writes name, fold, tstat,
 * pvalue, mzmed…rtmax, npeaks, one count column per sample class, then the
 * sample intensities; R's `write.table` writes the header one cell short.
 */
import { parseXcms } from '../../../../../lambdas/core/metabolomics/formats/xcms.js';
import { byFeature, errorOf } from '../helpers.js';

describe('xcms feature tables', () => {
  it('featureValues through write.csv: "" corner cell, FT ids, NA missing, RT unit seconds', () => {
    const t = parseXcms(
      [
        '"","ko15.CDF","ko16.CDF","wt15.CDF","wt16.CDF"',
        '"FT01",1924712.01585714,1757150.9648,NA,1474089.8',
        '"FT02",213659.3,289500.67,164380.6,NA',
        '"FT03",NA,NA,NA,NA',
      ].join('\n'),
    );
    expect(t.format).toBe('xcms');
    expect(t.sampleIds).toEqual(['ko15.CDF', 'ko16.CDF', 'wt15.CDF', 'wt16.CDF']);
    expect(t.featureIds).toEqual(['FT01', 'FT02', 'FT03']);
    expect(byFeature(t)).toEqual([
      [1924712.01585714, 1757150.9648, NaN, 1474089.8],
      [213659.3, 289500.67, 164380.6, NaN],
      [NaN, NaN, NaN, NaN],
    ]);
    expect(t.nMissingMarkers).toBe(6);
    expect(t.features.rtUnit).toBe('s');
    // FT03 has no value: warned at line 4, first intensity cell (after '"FT03",' = 7 characters)
    expect(t.warnings).toEqual([expect.objectContaining({ code: 'ALL_MISSING_FEATURE', line: 4, column: 8 })]);
  });

  it('featureValues through write.table (tab, header one cell short), groupnames ids give m/z and RT', () => {
    const t = parseXcms(
      ['ko15.CDF\tko16.CDF\twt15.CDF', 'M205T2792\t1.5e5\tNA\t2E5', 'M206T2790_1\t0\t10\t20'].join('\n'),
    );
    expect(t.sampleIds).toEqual(['ko15.CDF', 'ko16.CDF', 'wt15.CDF']);
    expect(byFeature(t)).toEqual([
      [150000, NaN, 200000],
      [0, 10, 20],
    ]);
    expect(Array.from(t.features.mz)).toEqual([205, 206]);
    expect(Array.from(t.features.rt)).toEqual([2792, 2790]);
  });

  it('featureDefinitions bound to featureValues: mzmed/rtmed taken, per-class count columns (KO, WT) are not samples', () => {
    const t = parseXcms(
      [
        '"","mzmed","mzmin","mzmax","rtmed","rtmin","rtmax","npeaks","KO","WT","ko15.CDF","ko16.CDF","wt15.CDF"',
        '"FT001",200.1,200.1,200.1,2902.63,2882.53,2922.73,2,2,0,135162.4,1924712,NA',
        '"FT002",205,205,205.1,2789.3,2782.1,2795.2,3,2,1,1778568.9,1634706.8,1383233.4',
      ].join('\n'),
    );
    expect(t.sampleIds).toEqual(['ko15.CDF', 'ko16.CDF', 'wt15.CDF']);
    expect(byFeature(t)).toEqual([
      [135162.4, 1924712, NaN],
      [1778568.9, 1634706.8, 1383233.4],
    ]);
    expect(Array.from(t.features.mz)).toEqual([200.1, 205]);
    expect(Array.from(t.features.rt)).toEqual([2902.63, 2789.3]);
    expect(t.features.extra.KO).toEqual(['2', '2']);
    expect(t.features.extra.npeaks).toEqual(['2', '3']);
  });

  it('diffreport TSV: ids from the name column, statistics and class counts kept as text, samples after them', () => {
    const t = parseXcms(
      [
        '\tname\tfold\ttstat\tpvalue\tmzmed\tmzmin\tmzmax\trtmed\trtmin\trtmax\tnpeaks\tKO\tWT\tko15\tko16\twt15\twt16',
        '1\tM300T3390\t5.2\t-6.1\t0.0011\t300.2\t300.1\t300.2\t3390\t3386\t3396.2\t4\t2\t2\t4503.1\t5011.2\t21010.3\t22000.5',
        '2\tM301T3391\t3.1\t-5\t0.002\t301.2\t301.1\t301.2\t3390.5\t3388\t3393.7\t3\t1\t2\t0\t1200\t3100.5\t3300.2',
      ].join('\n'),
    );
    expect(t.featureIds).toEqual(['M300T3390', 'M301T3391']);
    expect(t.sampleIds).toEqual(['ko15', 'ko16', 'wt15', 'wt16']);
    expect(byFeature(t)).toEqual([
      [4503.1, 5011.2, 21010.3, 22000.5],
      [0, 1200, 3100.5, 3300.2],
    ]);
    expect(t.features.extra.pvalue).toEqual(['0.0011', '0.002']);
    expect(Array.from(t.features.mz)).toEqual([300.2, 301.2]);
  });

  it('fails NON_NUMERIC_VALUE at the cell, MISSING_COLUMN without samples, EMPTY_TABLE without rows', () => {
    expect(errorOf(() => parseXcms('"","a","b"\n"FT1",1,2\n"FT2",x,3\n'))).toMatchObject({
      code: 'NON_NUMERIC_VALUE',
      line: 3,
      column: 7,
    });
    expect(errorOf(() => parseXcms('"","mzmed","rtmed","npeaks"\n"FT1",100,20,1\n'))).toMatchObject({
      code: 'MISSING_COLUMN',
      line: 1,
      column: 1,
    });
    expect(errorOf(() => parseXcms('"","a","b"\n'))).toMatchObject({ code: 'EMPTY_TABLE', line: 1 });
  });
});
