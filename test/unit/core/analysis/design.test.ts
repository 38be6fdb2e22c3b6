import { inferSubject, resolveStudyDesign } from '../../../../lambdas/core/analysis/design.js';
import { StudyDesignSchema } from '../../../../lambdas/core/study/study-design.js';
import { metadataOf, trialMetadata } from './helpers.js';

const design = (d: unknown) => StudyDesignSchema.parse(d);
const summary = (r: ReturnType<typeof resolveStudyDesign>) =>
  r.resolved.comparisons.map((c) => [c.name, c.kind, c.factor, c.groups.join('/'), JSON.stringify(c.where), c.paired]);

describe('resolveStudyDesign: trial comparisons generated from subject, group, time and baseline', () => {
  it('between arms at each month, each arm each later month vs baseline (paired), change from baseline between arms', () => {
    // Prepare
    const md = trialMetadata(6);
    // Act
    const r = resolveStudyDesign(md, design({ subject: 'subject', group: 'arm', time: 'month', baseline: '0' }));
    // Assess
    expect(r.inferred).toBe(false);
    expect(r.inferredFields).toEqual(['clinical']);
    expect(summary(r)).toEqual([
      ['arm: treated vs control | month = 0', 'between', 'arm', 'treated/control', '{"month":"0"}', false],
      ['arm: treated vs control | month = 6', 'between', 'arm', 'treated/control', '{"month":"6"}', false],
      ['arm: treated vs control | month = 12', 'between', 'arm', 'treated/control', '{"month":"12"}', false],
      ['month: 6 vs 0 | arm = treated', 'within', 'month', '6/0', '{"arm":"treated"}', true],
      ['month: 12 vs 0 | arm = treated', 'within', 'month', '12/0', '{"arm":"treated"}', true],
      ['month: 6 vs 0 | arm = control', 'within', 'month', '6/0', '{"arm":"control"}', true],
      ['month: 12 vs 0 | arm = control', 'within', 'month', '12/0', '{"arm":"control"}', true],
      ['arm: treated vs control | change month 0 → 6', 'change', 'arm', 'treated/control', '{"month":"6"}', false],
      ['arm: treated vs control | change month 0 → 12', 'change', 'arm', 'treated/control', '{"month":"12"}', false],
    ]);
    expect(r.resolved.clinical).toEqual(['bmd']);
    expect(r.resolved.comparisons.every((c) => c.origin === 'generated')).toBe(true);
  });

  it('the baseline defaults to the first month in numeric order; the subject column is found by name', () => {
    const r = resolveStudyDesign(trialMetadata(4), design({ group: 'arm', time: 'month' }));
    expect([r.resolved.baseline, r.resolved.subject]).toEqual(['0', 'subject']);
    expect(r.inferredFields).toEqual(['subject', 'baseline', 'clinical']);
    expect(r.notes.some((n) => n.includes("baseline inferred: '0'"))).toBe(true);
  });

  it('three arms add an omnibus comparison per month next to the pairwise ones', () => {
    const md = metadataOf(['a', 'b', 'c', 'd', 'e', 'f'], { arm: ['x', 'y', 'z', 'x', 'y', 'z'] });
    const r = resolveStudyDesign(md, design({ group: 'arm' }));
    expect(summary(r).map((c) => [c[1], c[3]])).toEqual([
      ['between', 'x/y'],
      ['between', 'x/z'],
      ['between', 'y/z'],
      ['omnibus', 'x/y/z'],
    ]);
  });

  it('without a subject column timepoints are compared unpaired and no change comparison is made', () => {
    const md = metadataOf(['a', 'b', 'c', 'd'], { arm: ['t', 't', 'c', 'c'], month: ['0', '6', '0', '6'] });
    const r = resolveStudyDesign(md, design({ group: 'arm', time: 'month', baseline: '0' }));
    expect(r.resolved.subject).toBeNull();
    expect(r.resolved.comparisons.filter((c) => c.kind === 'within').every((c) => !c.paired)).toBe(true);
    expect(r.resolved.comparisons.some((c) => c.kind === 'change')).toBe(false);
  });
});

describe('resolveStudyDesign: comparisons written in study.json', () => {
  const md = trialMetadata(4);

  it('keeps valid ones in the metadata spelling, infers kind from paired, and skips unusable ones with a note', () => {
    const r = resolveStudyDesign(
      md,
      design({
        subject: 'subject',
        time: 'month',
        baseline: '0',
        comparisons: [
          { name: 'm12', factor: 'arm', groups: ['treated', 'control'], where: { month: '12.0' } },
          { name: 'paired', factor: 'month', groups: ['12', '0'], paired: true },
          { name: 'delta', kind: 'change', factor: 'arm', groups: ['treated', 'control'], where: { month: '6' } },
          { name: 'nocol', factor: 'diet', groups: ['a', 'b'] },
          { name: 'nolevel', factor: 'arm', groups: ['treated', 'placebo'] },
          { name: 'badwhere', factor: 'arm', groups: ['treated', 'control'], where: { month: '3' } },
          { name: 'changeNoTime', kind: 'change', factor: 'arm', groups: ['treated', 'control'] },
          { name: 'm12', factor: 'arm', groups: ['treated', 'control'] },
        ],
      }),
    );
    expect(summary(r)).toEqual([
      ['m12', 'between', 'arm', 'treated/control', '{"month":"12"}', false],
      ['paired', 'within', 'month', '12/0', '{}', true],
      ['delta', 'change', 'arm', 'treated/control', '{"month":"6"}', false],
    ]);
    expect(r.notes.filter((n) => n.startsWith('comparison'))).toEqual([
      "comparison 'nocol' skipped: 'diet' is not a metadata column",
      "comparison 'nolevel' skipped: 'arm' has no level 'placebo'",
      "comparison 'badwhere' skipped: where: 'month' has no level '3'",
      'comparison \'changeNoTime\' skipped: a change from baseline names its timepoint in where, e.g. {"month": "<level>"}',
      "comparison 'm12' skipped: another comparison has the same name",
    ]);
  });

  it('an explicit empty list means no comparisons; clinical variables are checked', () => {
    const r = resolveStudyDesign(md, design({ comparisons: [], clinical: ['bmd', 'arm', 'nothing'] }));
    expect(r.resolved.comparisons).toEqual([]);
    expect(r.resolved.clinical).toEqual(['bmd']);
    expect(r.notes).toEqual(
      expect.arrayContaining([
        "clinical variable 'arm' skipped: has values that are not numbers",
        "clinical variable 'nothing' skipped: is not a metadata column",
      ]),
    );
  });

  it('role columns that do not exist are noted and ignored', () => {
    const r = resolveStudyDesign(md, design({ group: 'treatment', comparisons: [] }));
    expect(r.resolved.group).toBeNull();
    expect(r.notes[0]).toBe("study.json group 'treatment' is not a metadata column; ignored");
  });
});

describe('resolveStudyDesign: inferred without study.json', () => {
  it('compares categorical columns with 2..10 levels: two levels between (control-like level second), more omnibus; skips unique, constant and many-level columns', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const md = metadataOf(ids, {
      barcode: ids.map((i) => `AC${i}`),
      site: ids.map((_, i) => ['gut', 'skin', 'tongue'][i % 3]!),
      treatment: ids.map((_, i) => (i % 2 ? 'control' : 'drug')),
      country: ids.map(() => 'NZ'),
      plate: ids.map((_, i) => `p${i % 11}`),
      age: ids.map((_, i) => String(20 + i)),
    });
    const r = resolveStudyDesign(md, null);
    expect(r.inferred).toBe(true);
    expect(r.inferredFields).toEqual(['comparisons', 'clinical']);
    expect(summary(r)).toEqual([
      ['site: all 3 levels', 'omnibus', 'site', 'gut/skin/tongue', '{}', false],
      ['treatment: drug vs control', 'between', 'treatment', 'drug/control', '{}', false],
    ]);
    expect(r.resolved.clinical).toEqual(['age']);
    expect(r.notes).toEqual(
      expect.arrayContaining([
        "column 'barcode' not compared: unique per sample",
        "column 'country' not compared: constant",
        "column 'plate' not compared: 11 levels (more than 10)",
      ]),
    );
    expect(r.resolved.comparisons.every((c) => c.origin === 'inferred')).toBe(true);
    expect([
      r.resolved.prevalence,
      r.resolved.permutations,
      r.resolved.seed,
      r.resolved.correlationQ,
      r.resolved.topCorrelationsPerFeature,
    ]).toEqual([0.1, 999, 42, 0.05, 5]);
  });

  it('a subject column with at most 3 samples per subject is the strata column and is not compared', () => {
    const r = resolveStudyDesign(trialMetadata(6), null);
    expect(r.resolved.subject).toBe('subject');
    expect(summary(r).map((c) => c[0])).toEqual(['arm: treated vs control']);
    expect(r.notes).toContain("column 'subject' not compared: subject column with at most 3 samples per subject");
    expect(r.resolved.clinical).toEqual(['month', 'bmd']);
  });

  it('without metadata nothing is compared', () => {
    const r = resolveStudyDesign(null, null);
    expect(r.resolved.comparisons).toEqual([]);
    expect(r.notes[0]).toMatch(/^no sample metadata/);
  });
});

describe('inferSubject', () => {
  it('by structure: repeated ids with at most 3 samples each, within which another column varies', () => {
    const md = metadataOf(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], {
      volunteer: ['p1', 'p1', 'p2', 'p2', 'p3', 'p3', 'p4', 'p4'],
      visit: ['v1', 'v2', 'v1', 'v2', 'v1', 'v2', 'v1', 'v2'],
    });
    expect(inferSubject(md)).toEqual({ column: 'volunteer', why: expect.stringContaining('repeated measures') });
  });

  it('replicate groups whose other columns are constant within a group are not subjects', () => {
    const md = metadataOf(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], {
      sample: ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'C'],
      type: ['s', 's', 's', 's', 's', 's', 's', 's', 's'],
    });
    expect(inferSubject(md)).toBeNull();
  });
});
