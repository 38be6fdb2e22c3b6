/**
 * One rule for values, format by format through `parseInput` (and the
 * metabolomics reader after it): a number that overflows (`1e400`) or a cell
 * spelling a non-finite number (`Inf`, `-Infinity`; `NaN` where a count is
 * required) fails NON_FINITE_VALUE at the cell; a negative count or
 * intensity fails NEGATIVE_VALUE unless the table is declared transformed;
 * ragged rows fail RAGGED_ROW in every row-based format, mzTab-M included.
 */

import { parseMetabolomicsTable } from '../../../../lambdas/core/metabolomics/formats/index.js';
import type { MetabolomicsTable } from '../../../../lambdas/core/metabolomics/matrix.js';
import { datasetOutcome } from '../../../../lambdas/core/pipeline/dataset-outcome.js';
import { parseInput } from '../../../../lambdas/core/pipeline/parse-input.js';
import { isTransformedTable, parseStudyDesign } from '../../../../lambdas/core/study/study-design.js';
import { readFixtureText } from '../../../helpers/fixtures.js';
import { FORMAT_CASES, fill, has } from './format-cases.js';
import { errorOf, parsedValue, signalled, utf8 } from './helpers.js';

const withValue = FORMAT_CASES.filter((c) => has(c, 'v'));
const countsAndIntensities = withValue.filter((c) => c.value === 'count' || c.value === 'intensity');
const intensities = withValue.filter((c) => c.value === 'intensity');
const counts = withValue.filter((c) => c.value === 'count');

describe('every format template parses as written', () => {
  it.each(FORMAT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expect(parsedValue(fill(c).text, c.fileName)).resolves.toBeDefined();
  });
});

describe('NON_FINITE_VALUE', () => {
  it.each(withValue.map((c) => [c.name, c] as const))(
    '%s: 1e400 (overflows to Infinity) at the cell',
    async (_name, c) => {
      const { text, at } = fill(c, { v: '1e400' });
      expect(await errorOf(text, c.fileName)).toMatchObject({ code: 'NON_FINITE_VALUE', ...at.v });
    },
  );

  it.each(withValue.filter((c) => !c.json).map((c) => [c.name, c] as const))(
    '%s: -1e400 at the cell',
    async (_name, c) => {
      const { text, at } = fill(c, { v: '-1e400' });
      expect(await errorOf(text, c.fileName, {}, { transformed: true })).toMatchObject({
        code: 'NON_FINITE_VALUE',
        ...at.v,
      });
    },
  );

  it.each(countsAndIntensities.filter((c) => !c.json).map((c) => [c.name, c] as const))(
    '%s: Inf and -Infinity spelled out, at the cell',
    async (_name, c) => {
      for (const v of ['Inf', '-Infinity', 'inf']) {
        const { text, at } = fill(c, { v });
        expect(await errorOf(text, c.fileName, {}, { transformed: true })).toMatchObject({
          code: 'NON_FINITE_VALUE',
          ...at.v,
        });
      }
    },
  );

  it.each(counts.filter((c) => !c.json).map((c) => [c.name, c] as const))(
    '%s: NaN where a count is required',
    async (_name, c) => {
      const { text, at } = fill(c, { v: 'NaN' });
      expect(await errorOf(text, c.fileName)).toMatchObject({ code: 'NON_FINITE_VALUE', ...at.v });
    },
  );

  it.each(intensities.map((c) => [c.name, c] as const))(
    '%s: NaN is a missing intensity, not an error',
    async (_name, c) => {
      const t = await parsedValue<MetabolomicsTable>(fill(c, { v: 'NaN' }).text, c.fileName);
      expect(t.nMissingMarkers).toBeGreaterThanOrEqual(1);
    },
  );

  it("BIOM JSON: Python's NaN and Infinity tokens are NON_FINITE_VALUE at the token, not a JSON syntax error", async () => {
    const c = FORMAT_CASES.find((x) => x.name === 'BIOM JSON')!;
    for (const v of ['NaN', 'Infinity', '-Infinity']) {
      const { text, at } = fill(c, { v });
      expect(await errorOf(text, c.fileName)).toMatchObject({
        code: 'NON_FINITE_VALUE',
        line: at.v!.line,
        column: at.v!.column + (v.startsWith('-') ? 1 : 0),
      });
    }
  });

  it('a metabolomics table with 1e400 is a FAILED dataset, where PCA used to throw', async () => {
    const bytes = utf8('id,S1,S2,S3\nm1,1,2,3\nm2,1e400,5,6\nm3,7,8,9\n');
    const o = datasetOutcome(await parseInput(bytes, 'x.csv', { kind: 'metabolomics' }), 'x.csv');
    expect(o).toMatchObject({ status: 'FAILED', error: { code: 'NON_FINITE_VALUE', line: 3, column: 4 } });
  });
});

describe('NEGATIVE_VALUE and the transformed declaration', () => {
  it.each(counts.map((c) => [c.name, c] as const))('%s: a negative count fails at the cell', async (_name, c) => {
    const { text, at } = fill(c, { v: '-5' });
    expect(await errorOf(text, c.fileName)).toMatchObject({ code: 'NEGATIVE_VALUE', ...at.v });
  });

  it.each(intensities.map((c) => [c.name, c] as const))(
    '%s: a negative intensity fails at the cell; declared transformed it is read',
    async (_name, c) => {
      const { text, at } = fill(c, { v: '-5' });
      expect(await errorOf(text, c.fileName)).toMatchObject({ code: 'NEGATIVE_VALUE', ...at.v });
      const t = await parsedValue<MetabolomicsTable>(text, c.fileName, {}, { transformed: true });
      expect(Array.from(t.values)).toContain(-5);
    },
  );

  it('the hint comes from study.json: `transformed` true for every table, or a list of paths relative to the study', () => {
    expect(parseStudyDesign('{}').transformed).toBe(false);
    const some = parseStudyDesign('{"transformed": ["metabolomics/sacurine.tsv"]}');
    expect(isTransformedTable(some, 'metabolomics/sacurine.tsv')).toBe(true);
    expect(isTransformedTable(some, 'studies/trial/metabolomics/sacurine.tsv')).toBe(true);
    expect(isTransformedTable(some, 'metabolomics/other.tsv')).toBe(false);
    expect(isTransformedTable(parseStudyDesign('{"transformed": true}'), 'anything.csv')).toBe(true);
    expect(isTransformedTable(undefined, 'x.csv')).toBe(false);
    expect(signalled(() => parseStudyDesign('{"transformed": "yes"}'))).toMatchObject({
      code: 'INVALID_STUDY_DESIGN',
      line: 1,
      column: 17,
    });
  });

  it('parseMetabolomicsTable takes the hint (`transformed`) for every format', () => {
    const text = utf8('dataMatrix\tS1\tS2\nv1\t-0.5\t0.25\nv2\t0.75\t-1\n');
    expect(parseMetabolomicsTable(text, 'dataMatrix.tsv')).toMatchObject({
      ok: false,
      error: { code: 'NEGATIVE_VALUE', line: 2, column: 4 },
    });
    const r = parseMetabolomicsTable(text, 'dataMatrix.tsv', { transformed: true });
    expect(r.ok && Array.from(r.value.values)).toEqual([-0.5, 0.75, 0.25, -1]);
  });
});

describe('RAGGED_ROW', () => {
  it('mzTab-M: SML rows 3 fields short of the SMH fail at the end of the first such row', () => {
    const lines = readFixtureText('data', 'mztab-m-examples', 'MTBLS263.mztab').split('\n');
    const first = lines.findIndex((l) => l.startsWith('SML\t'));
    const cut = lines
      .map((l) => (l.startsWith('SML\t') ? l.replace(/\r$/, '').split('\t').slice(0, -3).join('\t') : l))
      .join('\n');
    const r = parseMetabolomicsTable(utf8(cut), 'MTBLS263.mztab');
    expect(r).toMatchObject({ ok: false, error: { code: 'RAGGED_ROW', line: first + 1 } });
    if (!r.ok) expect(r.error.column).toBe(cut.split('\n')[first]!.length + 1);
  });

  it('mzTab-M: a value beyond the SMH fails at that field', () => {
    const text = 'MTD\tmzTab-version\t2.0.0-M\nSMH\tSML_ID\tabundance_assay[1]\nSML\t1\t5\t\t9\n';
    expect(parseMetabolomicsTable(utf8(text), 'x.mztab')).toMatchObject({
      ok: false,
      error: { code: 'RAGGED_ROW', line: 3, column: 10 },
    });
  });

  it('MS-DIAL: a row short of the header, even past the sample columns', () => {
    const c = FORMAT_CASES.find((x) => x.name === 'MS-DIAL')!;
    const text = fill(c)
      .text.replace('Unknown\t\t7\t8', 'Unknown\t\t7\t8')
      .replace('MS/MS spectrum\tS1\tS2', 'MS/MS spectrum\tS1\tS2\tNote');
    expect(parseMetabolomicsTable(utf8(text), c.fileName)).toMatchObject({
      ok: false,
      error: { code: 'RAGGED_ROW', line: 2 },
    });
  });

  it('W4M sampleMetadata and pathway maps: short and long rows', async () => {
    expect(
      await errorOf('sampleMetadata\tsampleType\tbatch\nS1\tsample\nS2\tpool\t1\n', 'sampleMetadata.tsv'),
    ).toMatchObject({ code: 'RAGGED_ROW', line: 2, column: 10 });
    expect(await errorOf('featureId\tpathway\nm1\tTCA\tx\n', 'pathways.tsv')).toMatchObject({
      code: 'RAGGED_ROW',
      line: 2,
      column: 8,
    });
    expect(await errorOf('featureId\tpathway\tnote\nm1\tTCA\n', 'pathways.tsv')).toMatchObject({
      code: 'RAGGED_ROW',
      line: 2,
      column: 7,
    });
  });
});
