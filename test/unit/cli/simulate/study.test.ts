import { SimulationOptionsError, TruthSchema } from '../../../../cli/simulate/schemas.js';
import { type SimulatedStudy, simulateStudy } from '../../../../cli/simulate/study.js';
import { parseMetabolomicsTable } from '../../../../lambdas/core/metabolomics/formats/index.js';
import { valueAt } from '../../../../lambdas/core/metabolomics/matrix.js';

/** The generated files of one study, parsed the plain way a user would. */
type Parsed = {
  metadataHeader: string[];
  metadataTypes: string[];
  metadata: Record<string, string>[];
  study: any;
  biom: any;
  tsvHeader: string[];
  tsvRows: { id: string; values: number[]; rawValues: string[]; taxonomy: string }[];
  taxonomy: { id: string; taxon: string; confidence: number }[];
};

function file(sim: SimulatedStudy, path: string): string {
  const f = sim.files.find((x) => x.path === path);
  if (!f) throw new Error(`no file ${path}`);
  return f.content;
}

function parse(sim: SimulatedStudy): Parsed {
  const metaLines = file(sim, 'metadata.tsv')
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t'));
  const [metadataHeader, metadataTypes, ...metaRows] = metaLines;
  const tsvLines = file(sim, '16s/feature-table.tsv').trimEnd().split('\n');
  const tsvHeader = tsvLines[1]!.split('\t');
  const tsvRows = tsvLines.slice(2).map((l) => {
    const cells = l.split('\t');
    const rawValues = cells.slice(1, -1);
    return { id: cells[0]!, rawValues, values: rawValues.map(Number), taxonomy: cells[cells.length - 1]! };
  });
  const taxonomy = file(sim, '16s/taxonomy.tsv')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [id, taxon, confidence] = l.split('\t');
      return { id: id!, taxon: taxon!, confidence: Number(confidence) };
    });
  return {
    metadataHeader: metadataHeader!,
    metadataTypes: metadataTypes!,
    metadata: metaRows.map((r) => Object.fromEntries(metadataHeader!.map((h, i) => [h, r[i]!]))),
    study: JSON.parse(file(sim, 'study.json')),
    biom: JSON.parse(file(sim, '16s/feature-table.biom')),
    tsvHeader,
    tsvRows,
    taxonomy,
  };
}

/** samples × features relative abundances from the TSV rows. */
function relativeAbundance(p: Parsed): Float64Array[] {
  const nS = p.tsvHeader.length - 2;
  return Array.from({ length: nS }, (_, j) => {
    const col = Float64Array.from(p.tsvRows, (r) => r.values[j]!);
    const depth = col.reduce((a, b) => a + b, 0);
    return col.map((v) => v / depth);
  });
}

function brayCurtis(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += Math.abs(a[i]! - b[i]!);
    den += a[i]! + b[i]!;
  }
  return num / den;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Per sample, summed relative abundance of the features whose genus rank is g__<genus>. */
function genusShare(p: Parsed, rel: Float64Array[], genus: string): number[] {
  const idx = p.tsvRows.flatMap((r, i) => (r.taxonomy.split('; ')[5] === `g__${genus}` ? [i] : []));
  return rel.map((col) => idx.reduce((a, i) => a + col[i]!, 0));
}

/** Mean genus share over samples of one arm at one month. */
function armMonthMean(p: Parsed, shares: number[], arm: string, month: string): number {
  return mean(p.metadata.flatMap((m, j) => (m.arm === arm && m.month === month ? [shares[j]!] : [])));
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

describe('simulateStudy with default options (seed 42)', () => {
  let sim: SimulatedStudy;
  let p: Parsed;
  let rel: Float64Array[];

  beforeAll(() => {
    sim = simulateStudy();
    p = parse(sim);
    rel = relativeAbundance(p);
  });

  it('writes the study folder files', () => {
    expect(sim.files.map((f) => f.path)).toEqual([
      'metadata.tsv',
      'study.json',
      '16s/feature-table.biom',
      '16s/feature-table.tsv',
      '16s/taxonomy.tsv',
      'metabolomics/mzmine3-features.csv',
      'metabolomics/pathway-map.tsv',
    ]);
  });

  it('writes QIIME 2 metadata with a #q2:types row', () => {
    expect(p.metadataHeader).toEqual([
      'sample-id',
      'subject',
      'arm',
      'month',
      'timepoint',
      'age',
      'bmd',
      'serum_calcium',
      'pth',
    ]);
    expect(p.metadataTypes).toEqual([
      '#q2:types',
      'categorical',
      'categorical',
      'numeric',
      'categorical',
      'numeric',
      'numeric',
      'numeric',
      'numeric',
    ]);
    expect(file(sim, 'metadata.tsv').endsWith('\n')).toBe(true);
  });

  it('has one row per subject-visit minus dropouts (24 subjects x 3 visits)', () => {
    const dropped = sim.truth.samples.dropped;
    expect(dropped.length).toBeGreaterThan(0);
    expect(p.metadata).toHaveLength(24 * 3 - dropped.length);
    const ids = new Set(p.metadata.map((m) => m['sample-id']));
    for (let s = 1; s <= 24; s++)
      for (const m of ['00', '06', '12']) {
        const id = `S${String(s).padStart(3, '0')}-M${m}`;
        expect(ids.has(id)).toBe(!dropped.includes(id));
      }
    expect(dropped.every((id) => !id.endsWith('-M00'))).toBe(true);
    expect(sim.truth.samples).toMatchObject({ expected: 72, written: p.metadata.length });
  });

  it('keeps sample id, subject, month and timepoint consistent, one arm per subject, 12 per arm', () => {
    const armOf = new Map<string, string>();
    for (const m of p.metadata) {
      expect(m['sample-id']).toMatch(/^S\d{3}-M\d{2}$/);
      expect(m['sample-id']).toBe(`${m.subject}-${m.timepoint}`);
      expect(Number(m.timepoint!.slice(1))).toBe(Number(m.month));
      expect(['regular', 'high_calcium']).toContain(m.arm);
      if (armOf.has(m.subject!)) expect(armOf.get(m.subject!)).toBe(m.arm);
      armOf.set(m.subject!, m.arm!);
    }
    const perArm: Record<string, number> = {};
    for (const a of armOf.values()) perArm[a] = (perArm[a] ?? 0) + 1;
    expect(perArm).toEqual({ regular: 12, high_calcium: 12 });
    expect(sim.truth.subjectsByArm.high_calcium!.sort()).toEqual(
      [...armOf]
        .filter(([, a]) => a === 'high_calcium')
        .map(([s]) => s)
        .sort(),
    );
  });

  it('writes plausible clinical values', () => {
    for (const m of p.metadata) {
      expect(Number(m.bmd)).toBeGreaterThan(0.75);
      expect(Number(m.bmd)).toBeLessThan(1.15);
      expect(m.bmd).toMatch(/^\d\.\d{3}$/);
      expect(Number(m.serum_calcium)).toBeGreaterThan(2.0);
      expect(Number(m.serum_calcium)).toBeLessThan(2.8);
      expect(Number(m.age)).toBeGreaterThanOrEqual(50);
      expect(Number(m.age)).toBeLessThanOrEqual(72);
      expect(Number(m.pth)).toBeGreaterThanOrEqual(8);
      expect(Number(m.pth)).toBeLessThan(120);
    }
  });

  it('gains bmd from baseline in high_calcium relative to regular (paired by subject)', () => {
    const change = (arm: string) => {
      const byKey = new Map(p.metadata.map((m) => [`${m.subject}/${m.month}`, Number(m.bmd)]));
      return mean(
        p.metadata
          .filter((m) => m.arm === arm && m.month === '12' && byKey.has(`${m.subject}/0`))
          .map((m) => Number(m.bmd) - byKey.get(`${m.subject}/0`)!),
      );
    };
    expect(change('high_calcium')).toBeGreaterThan(change('regular'));
    expect(change('regular')).toBeLessThan(0);
  });

  it('writes the design study.json: column roles from metadata, clinical columns, the pathway map, no explicit comparisons', () => {
    expect(p.study).toEqual({
      subject: 'subject',
      group: 'arm',
      time: 'month',
      baseline: '0',
      clinical: ['bmd', 'serum_calcium', 'pth'],
      pathways: 'metabolomics/pathway-map.tsv',
      seed: 42,
    });
    for (const column of [p.study.subject, p.study.group, p.study.time, ...p.study.clinical])
      expect(p.metadataHeader).toContain(column);
    expect(p.metadata.some((m) => m.month === p.study.baseline)).toBe(true);
  });

  it('writes sparse BIOM 1.0 JSON whose shape, ids, nnz and values match the TSV', () => {
    const { biom } = p;
    expect(biom).toMatchObject({
      format: 'Biological Observation Matrix 1.0.0',
      matrix_type: 'sparse',
      type: 'OTU table',
      matrix_element_type: 'float',
    });
    expect(biom.shape).toEqual([300, p.metadata.length]);
    expect(biom.rows.map((r: any) => r.id)).toEqual(p.tsvRows.map((r) => r.id));
    expect(biom.columns.map((c: any) => c.id)).toEqual(p.metadata.map((m) => m['sample-id']));
    expect(p.tsvHeader.slice(1, -1)).toEqual(p.metadata.map((m) => m['sample-id']));
    const tsvNnz = p.tsvRows.reduce((a, r) => a + r.values.filter((v) => v !== 0).length, 0);
    expect(biom.data).toHaveLength(tsvNnz);
    let mismatches = 0;
    for (const [r, c, v] of biom.data) if (p.tsvRows[r]!.values[c] !== v || v === 0) mismatches++;
    expect(mismatches).toBe(0);
    expect(sim.truth.table.nnz).toBe(tsvNnz);
  });

  it('writes the classic BIOM TSV layout with values like 12.0', () => {
    const lines = file(sim, '16s/feature-table.tsv').split('\n');
    expect(lines[0]).toBe('# Constructed from biom file');
    expect(p.tsvHeader[0]).toBe('#OTU ID');
    expect(p.tsvHeader[p.tsvHeader.length - 1]).toBe('taxonomy');
    expect(p.tsvRows.every((r) => r.rawValues.every((v) => /^\d+\.0$/.test(v)))).toBe(true);
  });

  it('holds integer counts with depths inside depthRange', () => {
    for (const [, , v] of p.biom.data) expect(Number.isInteger(v) && v > 0).toBe(true);
    const nS = p.metadata.length;
    for (let j = 0; j < nS; j++) {
      const depth = p.tsvRows.reduce((a, r) => a + r.values[j]!, 0);
      expect(depth).toBeGreaterThanOrEqual(8000);
      expect(depth).toBeLessThanOrEqual(40000);
    }
  });

  it('is 80-95 % zeros, like real 16S tables', () => {
    const cells = p.tsvRows.length * p.metadata.length;
    const zeros = cells - p.biom.data.length;
    expect(zeros / cells).toBeGreaterThan(0.8);
    expect(zeros / cells).toBeLessThan(0.95);
    expect(sim.truth.table.sparsity).toBeCloseTo(zeros / cells, 12);
  });

  it('writes the same taxonomy to taxonomy.tsv, BIOM observation metadata and the TSV column', () => {
    expect(file(sim, '16s/taxonomy.tsv').split('\n')[0]).toBe('Feature ID\tTaxon\tConfidence');
    expect(p.taxonomy.map((t) => t.id)).toEqual(p.tsvRows.map((r) => r.id));
    p.taxonomy.forEach((t, i) => {
      expect(p.tsvRows[i]!.taxonomy).toBe(t.taxon);
      expect(p.biom.rows[i].metadata.taxonomy.join('; ')).toBe(t.taxon);
      expect(t.confidence).toBeGreaterThan(0.5);
      expect(t.confidence).toBeLessThanOrEqual(1);
    });
  });

  it('uses QIIME 2-like feature ids and Greengenes lineages, some without genus and some Unassigned', () => {
    const ids = p.taxonomy.map((t) => t.id);
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const assigned = p.taxonomy.filter((t) => t.taxon !== 'Unassigned');
    const prefixes = ['k__', 'p__', 'c__', 'o__', 'f__', 'g__', 's__'];
    for (const t of assigned) expect(t.taxon.split('; ').map((r) => r.slice(0, 3))).toEqual(prefixes);
    const unassigned = p.taxonomy.length - assigned.length;
    const noGenus = assigned.filter((t) => t.taxon.includes('; g__; ')).length;
    expect(unassigned).toBeGreaterThanOrEqual(1);
    expect(noGenus).toBeGreaterThan(10);
    expect(sim.truth.table).toMatchObject({ unassignedFeatures: unassigned, featuresWithoutGenus: noGenus });
    const genera = new Set(assigned.map((t) => t.taxon.split('; ')[5]).filter((g) => g !== 'g__'));
    expect(genera.size).toBeGreaterThanOrEqual(45);
    expect(assigned.find((t) => t.taxon.includes('g__Akkermansia'))!.taxon).toMatch(
      /^k__Bacteria; p__Verrucomicrobia; c__Verrucomicrobiae; o__Verrucomicrobiales; f__Verrucomicrobiaceae; g__Akkermansia; s__/,
    );
  });

  it('makes repeated samples of a subject more alike than samples of different subjects (Bray-Curtis on relative abundance)', () => {
    const subjects = p.metadata.map((m) => m.subject);
    const within: number[] = [];
    const between: number[] = [];
    for (let i = 0; i < rel.length; i++)
      for (let j = i + 1; j < rel.length; j++)
        (subjects[i] === subjects[j] ? within : between).push(brayCurtis(rel[i]!, rel[j]!));
    expect(mean(within)).toBeLessThan(mean(between) - 0.2);
  });

  it('shows the planted genus changes in the high_calcium arm at month 12, not in the regular arm', () => {
    const ratio = (genus: string, arm: string) => {
      const shares = genusShare(p, rel, genus);
      return armMonthMean(p, shares, arm, '12') / armMonthMean(p, shares, arm, '0');
    };
    expect(ratio('Bifidobacterium', 'high_calcium')).toBeGreaterThan(1.5);
    expect(ratio('Lactobacillus', 'high_calcium')).toBeGreaterThan(1.5);
    expect(ratio('Akkermansia', 'high_calcium')).toBeLessThan(0.67);
    // the regular arm has no planted effect; with 12 subjects its ratio of mean shares still wanders (seed 42: 1.62 for Bifidobacterium)
    for (const g of ['Bifidobacterium', 'Akkermansia']) {
      expect(ratio(g, 'regular')).toBeGreaterThan(0.5);
      expect(ratio(g, 'regular')).toBeLessThan(2);
    }
    expect(ratio('Bifidobacterium', 'high_calcium')).toBeGreaterThan(1.5 * ratio('Bifidobacterium', 'regular'));
    expect(ratio('Akkermansia', 'high_calcium')).toBeLessThan(ratio('Akkermansia', 'regular') / 1.5);
    const bif = genusShare(p, rel, 'Bifidobacterium');
    expect(armMonthMean(p, bif, 'high_calcium', '12')).toBeGreaterThan(armMonthMean(p, bif, 'regular', '12'));
  });

  it('records the planted truth', () => {
    expect(() => TruthSchema.parse(sim.truth)).not.toThrow();
    const planted = Object.fromEntries(sim.truth.plantedGenera.map((g) => [g.genus, g]));
    expect(planted.Bifidobacterium).toMatchObject({ arm: 'high_calcium', direction: 'up', foldAtLastTimepoint: 3 });
    expect(planted.Akkermansia).toMatchObject({ direction: 'down', foldAtLastTimepoint: 0.4 });
    expect(planted.Bifidobacterium!.foldByMonth['6']).toBeCloseTo(Math.sqrt(3), 12);
    for (const g of sim.truth.plantedGenera) {
      expect(g.featureIds.length).toBeGreaterThan(0);
      for (const id of g.featureIds) expect(p.taxonomy.find((t) => t.id === id)!.taxon).toContain(`g__${g.genus};`);
    }
    expect(sim.truth.nullGenera).not.toContain('Bifidobacterium');
    expect(sim.truth.nullGenera).toContain('Bacteroides');
  });

  it('plants a positive Spearman correlation of bmd with Bifidobacterium relative abundance', () => {
    const bif = genusShare(p, rel, 'Bifidobacterium');
    const rho = pearson(ranks(bif), ranks(p.metadata.map((m) => Number(m.bmd))));
    expect(rho).toBeGreaterThan(0.3);
    const planted = sim.truth.correlations.find((c) => c.dataset === '16s')!;
    expect(planted).toMatchObject({
      clinical: 'bmd',
      target: 'Bifidobacterium',
      latentRho: 0.85,
      samples: p.metadata.length,
    });
    expect(planted.featureIds).toEqual(sim.truth.plantedGenera.find((g) => g.genus === 'Bifidobacterium')!.featureIds);
    expect(planted.observedRho).toBeCloseTo(rho, 10);
  });
});

describe('simulateStudy determinism and options', () => {
  it('gives byte-identical files for the same options and different files for another seed', () => {
    const a = simulateStudy({ seed: 7, subjectsPerArm: 4, asvs: 120 });
    const b = simulateStudy({ seed: 7, subjectsPerArm: 4, asvs: 120 });
    const c = simulateStudy({ seed: 8, subjectsPerArm: 4, asvs: 120 });
    expect(a.files).toEqual(b.files);
    expect(a.truth).toEqual(b.truth);
    for (const path of [
      'metadata.tsv',
      '16s/feature-table.biom',
      '16s/feature-table.tsv',
      '16s/taxonomy.tsv',
      'metabolomics/mzmine3-features.csv',
      'metabolomics/pathway-map.tsv',
    ])
      expect(file(a, path)).not.toBe(file(c, path));
  });

  it('changes no other sample when dropout changes (each visit has its own random stream)', () => {
    const noneSim = simulateStudy({ seed: 3, subjectsPerArm: 4, asvs: 100, metabolites: 80, dropoutRate: 0 });
    const someSim = simulateStudy({ seed: 3, subjectsPerArm: 4, asvs: 100, metabolites: 80, dropoutRate: 0.5 });
    const none = parse(noneSim);
    const some = parse(someSim);
    expect(none.metadata).toHaveLength(8 * 3);
    expect(some.metadata.length).toBeLessThan(24);
    const column = (q: Parsed, id: string) => q.tsvRows.map((r) => r.values[q.tsvHeader.indexOf(id) - 1]);
    for (const m of some.metadata) {
      expect(none.metadata.find((x) => x['sample-id'] === m['sample-id'])).toEqual(m);
      expect(column(some, m['sample-id']!)).toEqual(column(none, m['sample-id']!));
    }
    const areas = (sim: SimulatedStudy, id: string) => {
      const r = parseMetabolomicsTable(
        new TextEncoder().encode(file(sim, 'metabolomics/mzmine3-features.csv')),
        'features.csv',
      );
      if (!r.ok) throw new Error(r.error.message);
      const s = r.value.sampleIds.indexOf(`${id}.mzML`);
      return r.value.featureIds.map((_, f) => valueAt(r.value, f, s));
    };
    for (const m of some.metadata) expect(areas(someSim, m['sample-id']!)).toEqual(areas(noneSim, m['sample-id']!));
  });

  it('honours subjectsPerArm, timepoints, asvs and depthRange', () => {
    const sim = simulateStudy({
      seed: 5,
      subjectsPerArm: 3,
      timepoints: [0, 3],
      asvs: 90,
      depthRange: [1500, 1500],
      dropoutRate: 0,
    });
    const q = parse(sim);
    expect(q.metadata.map((m) => m['sample-id'])).toEqual([
      'S001-M00',
      'S001-M03',
      'S002-M00',
      'S002-M03',
      'S003-M00',
      'S003-M03',
      'S004-M00',
      'S004-M03',
      'S005-M00',
      'S005-M03',
      'S006-M00',
      'S006-M03',
    ]);
    expect(q.biom.shape).toEqual([90, 12]);
    for (let j = 0; j < 12; j++) expect(q.tsvRows.reduce((a, r) => a + r.values[j]!, 0)).toBe(1500);
    expect(sim.truth.plantedGenera[0]!.foldByMonth).toEqual({ '0': 1, '3': 3 });
    expect(sim.truth.plantedMetabolites[0]!.foldByMonth).toEqual({ '0': 1, '3': 2.5 });
    expect(sim.truth.metabolomics).toMatchObject({ samples: 12, features: 300 });
  });

  it('rejects invalid options with the offending path', () => {
    const issuesOf = (o: object) => {
      try {
        simulateStudy(o);
      } catch (e) {
        expect(e).toBeInstanceOf(SimulationOptionsError);
        return (e as SimulationOptionsError).issues.map((i) => i.path);
      }
      throw new Error('expected a SimulationOptionsError');
    };
    expect(issuesOf({ timepoints: [6, 12] })).toEqual(['timepoints']);
    expect(issuesOf({ timepoints: [0, 12, 6] })).toEqual(['timepoints']);
    expect(issuesOf({ depthRange: [5000, 1000] })).toEqual(['depthRange']);
    expect(issuesOf({ seed: -1, dropoutRate: 2 })).toEqual(['seed', 'dropoutRate']);
    expect(issuesOf({ asvs: 10 })).toEqual(['asvs']);
    expect(issuesOf({ metabolites: 50, qcSamples: -1 })).toEqual(['metabolites', 'qcSamples']);
  });
});
