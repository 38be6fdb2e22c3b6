import { parseMzTabM } from '../../../../../lambdas/core/metabolomics/formats/mztab.js';
import { readFixture } from '../../../../helpers/fixtures.js';
import { byFeature, cell, errorOf } from '../helpers.js';

const read = (f: string) => parseMzTabM(readFixture('data', 'mztab-m-examples', f));

describe('mzTab-M 2.0 small-molecule section (the five HUPO-PSI examples)', () => {
  it('MTBLS263 (Progenesis, MTD padded with tabs): 17 SML x 6 assays named by MTD assay[n]; study variables become classes', () => {
    const t = read('MTBLS263.mztab');
    expect([t.featureIds.length, t.sampleIds.length]).toEqual([17, 6]);
    expect(t.sampleIds).toEqual([
      '3injections_inj1_POS',
      '3injections_inj2_POS',
      '3injections_inj3_POS',
      '3samples_sampl1_POS',
      '3samples_sampl2_POS',
      '3samples_sampl3_POS',
    ]);
    expect(t.samples.classLabel).toEqual(['Replicates', 'Replicates', 'Replicates', 'Samples', 'Samples', 'Samples']);
    // SML 469: Creatinine, abundance_assay[1..6] = 59809754.62 … 66320708.84; SMF_ID_REFS "6 | 937" → SMF 6: m/z 114.0654, RT 413.81 s
    expect(t.features.name[0]).toBe('Creatinine');
    expect(byFeature(t)[0]).toEqual([59809754.62, 63773291.22, 61630638.37, 59131129.43, 63874747.95, 66320708.84]);
    expect([t.features.mz[0], t.features.rt[0], t.features.rtUnit]).toEqual([114.0654, 413.81, 's']);
    expect(t.quantity).toBe('abundance');
  });

  it('gcxgc example (no assay names): sample ids from the ms_run location file names', () => {
    const t = read('gcxgc-ms-example.mztab');
    expect(t.sampleIds).toEqual(['control.mzML', 'treatment.mzML']);
    expect(t.samples.classLabel).toEqual(['Untreated', 'Treated']);
    expect(byFeature(t)).toEqual([[805.16, 589.9]]);
  });

  it('lipidomics example (COM lines, one assay), openms (83 SML, 1 assay), msdial GC-MS (CRLF, 486 x 6)', () => {
    const lipid = read('lipidomics-example.mzTab');
    expect([lipid.featureIds.length, lipid.sampleIds.length]).toEqual([1, 1]);
    expect(lipid.values[0]).toBe(4.448784e-5);
    const openms = read('openms-MzTabMFile_output_1.mztab');
    expect([openms.featureIds.length, openms.sampleIds.length]).toEqual([83, 1]);
    const msdial = read('msdial_gcms_tms_height_mzTab.mztab');
    expect([msdial.featureIds.length, msdial.sampleIds.length]).toEqual([486, 6]);
    expect(msdial.samples.classLabel).toEqual(['cont', 'cont', 'cont', 'MeKO', 'MeKO', 'MeKO']);
    // SML 1: 3529.222 3671.222 3765.778 80.22222 79.77778 99
    expect(cell(msdial, '1', 'MeKO_01_01_1')).toBe(80.22222);
  });

  it('reads null as missing; fails without SMH, without abundance_assay columns, and at a bad abundance', () => {
    const mtd = 'MTD\tmzTab-version\t2.0.0-M\nMTD\tassay[1]\tA\nMTD\tassay[2]\tB\n';
    const t = parseMzTabM(
      `${mtd}SMH\tSML_ID\tchemical_name\tabundance_assay[1]\tabundance_assay[2]\nSML\t1\tx\tnull\t5\nSML\t2\ty\t3\t4\n`,
    );
    expect(byFeature(t)).toEqual([
      [NaN, 5],
      [3, 4],
    ]);
    expect(errorOf(() => parseMzTabM(`${mtd}SML\t1\tx\t1\t5\n`))).toMatchObject({
      code: 'WRONG_HEADER',
      line: 4,
      column: 1,
    });
    expect(errorOf(() => parseMzTabM(`${mtd}SMH\tSML_ID\tchemical_name\nSML\t1\tx\n`))).toMatchObject({
      code: 'MISSING_COLUMN',
      line: 4,
      column: 1,
    });
    // line 6 "SML\t2\ty\t3\tfour": the bad cell starts at column 11
    expect(
      errorOf(() =>
        parseMzTabM(
          mtd +
            'SMH\tSML_ID\tchemical_name\tabundance_assay[1]\tabundance_assay[2]\nSML\t1\tx\tnull\t5\nSML\t2\ty\t3\tfour\n',
        ),
      ),
    ).toMatchObject({
      code: 'NON_NUMERIC_VALUE',
      line: 6,
      column: 11,
    });
  });
});
