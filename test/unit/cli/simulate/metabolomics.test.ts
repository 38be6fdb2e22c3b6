import { deprotonatedMz, monoisotopicMass, NAMED_METABOLITES, PATHWAYS } from '../../../../cli/simulate/metabolites.js';
import { runOrder } from '../../../../cli/simulate/metabolomics.js';
import { type SimulatedStudy, simulateStudy } from '../../../../cli/simulate/study.js';
import { parseMetabolomicsTable } from '../../../../lambdas/core/metabolomics/formats/index.js';
import { type MetabolomicsTable, sampleTypeFromText, valueAt } from '../../../../lambdas/core/metabolomics/matrix.js';
import { reconcileSampleNames } from '../../../../lambdas/core/metabolomics/reconcile.js';
import { StudyDesignSchema } from '../../../../lambdas/core/study/study-design.js';

function file(sim: SimulatedStudy, path: string): string {
  const f = sim.files.find((x) => x.path === path);
  if (!f) throw new Error(`no file ${path}`);
  return f.content;
}

function parseTable(sim: SimulatedStudy): MetabolomicsTable {
  const r = parseMetabolomicsTable(
    new TextEncoder().encode(file(sim, 'metabolomics/mzmine3-features.csv')),
    'mzmine3-features.csv',
  );
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** metadata.tsv rows as records keyed by header. */
function metadata(sim: SimulatedStudy): Record<string, string>[] {
  const [header, , ...rows] = file(sim, 'metadata.tsv')
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

/** Pathway map rows after the header. */
function pathwayMap(sim: SimulatedStudy): { featureId: string; pathway: string }[] {
  return file(sim, 'metabolomics/pathway-map.tsv')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [featureId, pathway] = l.split('\t');
      return { featureId: featureId!, pathway: pathway! };
    });
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function pearson(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

function ranks(x: number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const r = new Array<number>(x.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && x[order[j + 1]!] === x[order[i]!]) j++;
    for (let k = i; k <= j; k++) r[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

describe('simulated metabolomics (defaults, seed 42)', () => {
  let sim: SimulatedStudy;
  let t: MetabolomicsTable;
  let meta: Record<string, string>[];
  /** table sample index -> metadata row */
  let rowOf: Record<string, string>[];

  beforeAll(() => {
    sim = simulateStudy();
    t = parseTable(sim);
    meta = metadata(sim);
    const byId = new Map(meta.map((m) => [m['sample-id']!, m]));
    rowOf = t.sampleIds.map((s) => byId.get(s.replace(/\.mzML$/, ''))!);
  });

  /** Mean area (missing cells left out) of feature f over samples of one arm at one month. */
  const armMonthMean = (f: number, arm: string, month: string) =>
    mean(
      rowOf.flatMap((m, s) =>
        m.arm === arm && m.month === month && !Number.isNaN(valueAt(t, f, s)) ? [valueAt(t, f, s)] : [],
      ),
    );

  it('parses as an MZmine 3 table of 300 features x one sample per metadata row, areas, RT in minutes', () => {
    expect(t.format).toBe('mzmine3');
    expect(t.quantity).toBe('area');
    expect(t.features.rtUnit).toBe('min');
    expect([t.featureIds.length, t.sampleIds.length]).toEqual([300, meta.length]);
    expect(t.featureIds.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(t.warnings).toEqual([]);
    expect(sim.truth.metabolomics).toMatchObject({
      path: 'metabolomics/mzmine3-features.csv',
      features: 300,
      samples: meta.length,
      qcSamples: [],
    });
  });

  it('leaves 10-20 % of the areas empty, as the truth records, mostly in low-abundance features', () => {
    let missing = 0;
    for (const v of t.values) if (Number.isNaN(v)) missing++;
    const fraction = missing / t.values.length;
    expect(fraction).toBeGreaterThan(0.1);
    expect(fraction).toBeLessThan(0.2);
    expect(t.nMissingMarkers).toBe(missing);
    expect(sim.truth.metabolomics.missingFraction).toBeCloseTo(fraction, 12);
    const nS = t.sampleIds.length;
    const perFeature = t.featureIds.map((_, f) => {
      const present = Array.from({ length: nS }, (_, s) => valueAt(t, f, s)).filter((v) => !Number.isNaN(v));
      return { missing: 1 - present.length / nS, level: median(present) };
    });
    const byLevel = [...perFeature].sort((a, b) => a.level - b.level);
    const low = mean(byLevel.slice(0, 150).map((x) => x.missing));
    const high = mean(byLevel.slice(150).map((x) => x.missing));
    expect(low).toBeGreaterThan(5 * high);
    expect(perFeature.filter((x) => x.missing >= 0.5)).toHaveLength(sim.truth.metabolomics.featuresMostlyMissing);
    expect(perFeature.every((x) => x.missing < 1)).toBe(true);
  });

  it('keeps areas between about 1e3.5 and 1e8.5', () => {
    const present = Array.from(t.values).filter((v) => !Number.isNaN(v));
    expect(Math.min(...present)).toBeGreaterThan(10 ** 3.5);
    expect(Math.max(...present)).toBeLessThan(10 ** 8.5);
  });

  it('reconciles every table sample to a metadata sample id and leaves no metadata row unmatched', () => {
    const ids = meta.map((m) => m['sample-id']!);
    const r = reconcileSampleNames(t.sampleIds, ids);
    expect(r.unmatchedTable).toEqual([]);
    expect(r.unmatchedMetadata).toEqual([]);
    expect(r.mapping.get('S001-M00.mzML')).toBe('S001-M00');
    expect(t.sampleIds).toEqual(ids.map((id) => `${id}.mzML`));
  });

  it('names the 54 catalogue metabolites (a name with commas survives CSV quoting) and gives their [M-H]- m/z', () => {
    const names = t.features.name.filter((n): n is string => n !== null);
    expect(names.sort()).toEqual(NAMED_METABOLITES.map((m) => m.name).sort());
    expect(names).toContain('myo-Inositol 1,4,5-trisphosphate');
    // C24H40O5: 24 * 12 + 40 * 1.00782503223 + 5 * 15.99491461957 - 1.007276466621 = 407.28029792
    expect(t.features.mz[t.features.name.indexOf('Cholic acid')]).toBe(407.2803);
    // C16H32O2: 192 + 32.25040103 + 31.98982924 - 1.00727647 = 255.23295380
    expect(t.features.mz[t.features.name.indexOf('Palmitic acid')]).toBe(255.233);
    expect(t.features.extra['compound_db_identity:mol_formula']![t.features.name.indexOf('Equol')]).toBe('C15H14O3');
  });

  it('records the planted metabolites with their row ids: 8 up x2.5 and 4 down x0.4 in high_calcium, ~x1.6 / ~x0.63 at month 6', () => {
    const planted = sim.truth.plantedMetabolites;
    expect(planted.filter((p) => p.direction === 'up')).toHaveLength(8);
    expect(planted.filter((p) => p.direction === 'down')).toHaveLength(4);
    for (const p of planted) {
      expect(t.features.name[t.featureIds.indexOf(p.featureId)]).toBe(p.name);
      expect(p.arm).toBe('high_calcium');
      expect(p.foldAtLastTimepoint).toBe(p.direction === 'up' ? 2.5 : 0.4);
      expect(p.foldByMonth['0']).toBe(1);
      expect(p.foldByMonth['6']).toBeCloseTo(Math.sqrt(p.foldAtLastTimepoint), 12);
    }
    const nulls = new Set(sim.truth.nullMetabolites);
    expect(nulls.size).toBe(300 - 12);
    for (const p of planted) expect(nulls.has(p.featureId)).toBe(false);
  });

  it('shows the planted folds in raw mean areas by arm, month 12 vs baseline, and not in the regular arm', () => {
    for (const p of sim.truth.plantedMetabolites) {
      const f = t.featureIds.indexOf(p.featureId);
      const treated = armMonthMean(f, 'high_calcium', '12') / armMonthMean(f, 'high_calcium', '0');
      const control = armMonthMean(f, 'regular', '12') / armMonthMean(f, 'regular', '0');
      if (p.direction === 'up') expect(treated).toBeGreaterThan(1.6);
      else expect(treated).toBeLessThan(0.5);
      expect(control).toBeGreaterThan(0.6);
      expect(control).toBeLessThan(1.5);
    }
  });

  it('leaves the named null metabolites flat in high_calcium on average', () => {
    const planted = new Set(sim.truth.plantedMetabolites.map((p) => p.featureId));
    const logRatios = t.featureIds.flatMap((id, f) =>
      t.features.name[f] !== null && !planted.has(id)
        ? [Math.log2(armMonthMean(f, 'high_calcium', '12') / armMonthMean(f, 'high_calcium', '0'))]
        : [],
    );
    expect(logRatios.length).toBe(54 - 12);
    expect(Math.abs(mean(logRatios))).toBeLessThan(0.25);
  });

  it('varies each sample by a dilution factor that a median-ratio (PQN-like) estimate recovers', () => {
    const nS = t.sampleIds.length;
    const complete = t.featureIds
      .map((_, f) => f)
      .filter((f) => Array.from({ length: nS }, (_, s) => valueAt(t, f, s)).every((v) => !Number.isNaN(v)));
    expect(complete.length).toBeGreaterThan(100);
    const reference = complete.map((f) => median(Array.from({ length: nS }, (_, s) => valueAt(t, f, s))));
    const estimate = t.sampleIds.map((_, s) =>
      Math.log(median(complete.map((f, k) => valueAt(t, f, s) / reference[k]!))),
    );
    const planted = t.sampleIds.map((id) => Math.log(sim.truth.metabolomics.dilution[id.replace(/\.mzML$/, '')]!));
    expect(pearson(estimate, planted)).toBeGreaterThan(0.95);
  });

  it('makes repeated samples of a subject correlated (log area at M00 vs M06, dilution removed)', () => {
    const named = t.featureIds
      .map((_, f) => f)
      .filter((f) => t.features.name[f] !== null && sim.truth.nullMetabolites.includes(t.featureIds[f]!));
    const dil = (s: number) => sim.truth.metabolomics.dilution[rowOf[s]!['sample-id']!]!;
    const column = (subject: string, month: string) =>
      rowOf.findIndex((m) => m.subject === subject && m.month === month);
    const subjects = [...new Set(meta.map((m) => m.subject!))].filter(
      (s) => column(s, '0') >= 0 && column(s, '6') >= 0,
    );
    const rs = named.map((f) => {
      const pairs = subjects
        .map((sub) => [
          valueAt(t, f, column(sub, '0')) / dil(column(sub, '0')),
          valueAt(t, f, column(sub, '6')) / dil(column(sub, '6')),
        ])
        .filter(([a, b]) => !Number.isNaN(a!) && !Number.isNaN(b!));
      return pearson(
        pairs.map((p) => Math.log(p[0]!)),
        pairs.map((p) => Math.log(p[1]!)),
      );
    });
    expect(mean(rs)).toBeGreaterThan(0.3);
  });

  it('plants a positive Spearman correlation of bmd with Equol areas, recorded as realised', () => {
    const c = sim.truth.correlations.find((x) => x.dataset === 'metabolomics')!;
    expect(c).toMatchObject({ clinical: 'bmd', target: 'Equol', method: 'spearman', latentRho: 0.6 });
    const f = t.featureIds.indexOf(c.featureIds[0]!);
    expect(t.features.name[f]).toBe('Equol');
    const kept = rowOf.map((_, s) => s).filter((s) => !Number.isNaN(valueAt(t, f, s)));
    const rho = pearson(ranks(kept.map((s) => valueAt(t, f, s))), ranks(kept.map((s) => Number(rowOf[s]!.bmd))));
    expect(c.samples).toBe(kept.length);
    expect(c.observedRho).toBeCloseTo(rho, 10);
    expect(rho).toBeGreaterThan(0.35);
    expect(c.undilutedRho).toBeGreaterThan(0.35);
    expect(sim.truth.nullMetabolites).toContain(c.featureIds[0]);
  });

  it('writes a featureId/pathway map whose ids are table rows and which covers every planted metabolite', () => {
    expect(file(sim, 'metabolomics/pathway-map.tsv').split('\n')[0]).toBe('featureId\tpathway');
    const pairs = pathwayMap(sim);
    const rows = new Set(t.featureIds);
    for (const p of pairs) {
      expect(rows.has(p.featureId)).toBe(true);
      expect(PATHWAYS).toContain(p.pathway);
    }
    expect(new Set(pairs.map((p) => p.pathway)).size).toBe(PATHWAYS.length);
    const mapped = new Set(pairs.map((p) => p.featureId));
    for (const p of sim.truth.plantedMetabolites)
      expect(
        pairs
          .filter((x) => x.featureId === p.featureId)
          .map((x) => x.pathway)
          .sort(),
      ).toEqual([...p.pathways].sort());
    expect(mapped.size).toBe(54);
    expect(sim.truth.pathways.unmappedFeatures).toBe(300 - 54);
    for (const set of sim.truth.pathways.sets)
      expect(set.featureIds.sort()).toEqual(
        pairs
          .filter((p) => p.pathway === set.pathway)
          .map((p) => p.featureId)
          .sort(),
      );
  });

  it('over-represents the rising metabolites in Bile acid metabolism and spreads the null features over every pathway', () => {
    const { enriched, sets } = sim.truth.pathways;
    expect(enriched).toBe('Bile acid metabolism');
    const up = new Set(sim.truth.plantedMetabolites.filter((p) => p.direction === 'up').map((p) => p.featureId));
    const pairs = pathwayMap(sim);
    const universe = new Set(pairs.map((p) => p.featureId));
    const inEnriched = pairs.filter((p) => p.pathway === enriched).map((p) => p.featureId);
    const hits = inEnriched.filter((id) => up.has(id)).length;
    expect(hits).toBe(5);
    expect(hits / inEnriched.length).toBeGreaterThan(2 * (up.size / universe.size));
    for (const set of sets) {
      if (set.pathway !== enriched) expect(set.plantedUp.length).toBeLessThanOrEqual(2);
      expect(set.featureIds.length - set.plantedUp.length - set.plantedDown.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('writes a study.json that StudyDesignSchema accepts: clinical bmd, serum_calcium, pth and the pathway map, no explicit comparisons', () => {
    const design = StudyDesignSchema.parse(JSON.parse(file(sim, 'study.json')));
    expect(design).toMatchObject({
      subject: 'subject',
      group: 'arm',
      time: 'month',
      baseline: '0',
      clinical: ['bmd', 'serum_calcium', 'pth'],
      pathways: 'metabolomics/pathway-map.tsv',
      seed: 42,
    });
    expect(design.comparisons).toBeUndefined();
    expect(sim.files.map((f) => f.path)).toContain(design.pathways);
  });

  it('lowers pth from baseline in high_calcium, not in regular (paired by subject)', () => {
    const byKey = new Map(meta.map((m) => [`${m.subject}/${m.month}`, Number(m.pth)]));
    const change = (arm: string) =>
      mean(
        meta
          .filter((m) => m.arm === arm && m.month === '12' && byKey.has(`${m.subject}/0`))
          .map((m) => Number(m.pth) - byKey.get(`${m.subject}/0`)!),
      );
    expect(change('high_calcium')).toBeLessThan(-2);
    expect(change('high_calcium')).toBeLessThan(change('regular'));
    for (const m of meta) expect(m.pth).toMatch(/^\d+\.\d$/);
  });
});

describe('simulated metabolomics with pooled QC injections', () => {
  const sim = simulateStudy({ seed: 11, subjectsPerArm: 3, asvs: 90, metabolites: 100, qcSamples: 3, dropoutRate: 0 });
  const t = parseTable(sim);

  it('interleaves QC_pool_* columns (first and last injection) that the name-based rule calls QC', () => {
    expect(t.sampleIds).toHaveLength(18 + 3);
    expect(t.sampleIds[0]).toBe('QC_pool_01.mzML');
    expect(t.sampleIds[t.sampleIds.length - 1]).toBe('QC_pool_03.mzML');
    expect(t.sampleIds[10]).toBe('QC_pool_02.mzML');
    expect(sim.truth.metabolomics.qcSamples).toEqual(['QC_pool_01.mzML', 'QC_pool_02.mzML', 'QC_pool_03.mzML']);
    for (const id of sim.truth.metabolomics.qcSamples) expect(sampleTypeFromText(id)).toBe('qc');
  });

  it('still matches every metadata row; only the QC injections stay unmatched', () => {
    const ids = metadata(sim).map((m) => m['sample-id']!);
    const r = reconcileSampleNames(t.sampleIds, ids);
    expect(r.unmatchedMetadata).toEqual([]);
    expect(r.unmatchedTable).toEqual(sim.truth.metabolomics.qcSamples);
    expect(r.mapping.size).toBe(18);
  });

  it('gives QC areas a much smaller spread than study samples (median RSD)', () => {
    const qc = t.sampleIds.map((id, s) => (id.startsWith('QC_') ? s : -1)).filter((s) => s >= 0);
    const study = t.sampleIds.map((_, s) => s).filter((s) => !qc.includes(s));
    const rsd = (f: number, cols: number[]) => {
      const v = cols.map((s) => valueAt(t, f, s)).filter((x) => !Number.isNaN(x));
      const m = mean(v);
      return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1)) / m;
    };
    const features = t.featureIds.map((_, f) => f).filter((f) => qc.every((s) => !Number.isNaN(valueAt(t, f, s))));
    expect(median(features.map((f) => rsd(f, qc)))).toBeLessThan(0.5 * median(features.map((f) => rsd(f, study))));
  });

  it('writes the same study-sample areas as without QC (QC draw on their own streams)', () => {
    const plain = parseTable(
      simulateStudy({ seed: 11, subjectsPerArm: 3, asvs: 90, metabolites: 100, dropoutRate: 0 }),
    );
    for (let s = 0; s < plain.sampleIds.length; s++) {
      const k = t.sampleIds.indexOf(plain.sampleIds[s]!);
      for (let f = 0; f < 100; f++) expect(Object.is(valueAt(t, f, k), valueAt(plain, f, s))).toBe(true);
    }
  });
});

describe('runOrder', () => {
  it('opens and closes the run with a QC and spaces the rest by rounding k * samples / (qc - 1)', () => {
    expect(runOrder(4, 3)).toEqual([
      { qc: 0 },
      { visit: 0 },
      { visit: 1 },
      { qc: 1 },
      { visit: 2 },
      { visit: 3 },
      { qc: 2 },
    ]);
    expect(runOrder(2, 1)).toEqual([{ qc: 0 }, { visit: 0 }, { visit: 1 }]);
    expect(runOrder(2, 0)).toEqual([{ visit: 0 }, { visit: 1 }]);
  });
});

describe('metabolite masses', () => {
  it('computes monoisotopic masses and [M-H]- from formulas (hand sums of IUPAC masses)', () => {
    // H2O: 2 * 1.00782503223 + 15.99491461957
    expect(monoisotopicMass('H2O')).toBeCloseTo(18.01056468403, 10);
    // C8H7NO4S (indoxyl sulfate): 96 + 7.05477522561 + 14.00307400443 + 63.97965847828 + 31.9720711744 = 213.00957888272
    expect(monoisotopicMass('C8H7NO4S')).toBeCloseTo(213.00957888272, 9);
    expect(deprotonatedMz('C8H7NO4S')).toBeCloseTo(212.0023024161, 9);
    expect(() => monoisotopicMass('C6H12Xe')).toThrow(RangeError);
  });

  it('gives every named metabolite a pathway of the map and a distinct name', () => {
    expect(new Set(NAMED_METABOLITES.map((m) => m.name)).size).toBe(NAMED_METABOLITES.length);
    for (const m of NAMED_METABOLITES) {
      expect(m.pathways.length).toBeGreaterThan(0);
      for (const p of m.pathways) expect(PATHWAYS).toContain(p);
    }
  });
});
