/**
 * A statistical test of the whole analysis on data of our own making: over
 * several seeds of `simulateStudy` (two arms × 0/6/12 months), the planted
 * arm × time effects on named genera and metabolites, the planted bone-density
 * correlations and the enriched pathway are recovered at q < 0.05, and the
 * false-discovery proportion among null metabolites stays near the nominal level.
 * Everything runs through the same parsers and core functions the Lambdas use.
 */
import { simulateStudy } from '../../cli/simulate/study.js';
import { analyzeStudy, type StudyAnalysis, type StudyInputs } from '../../lambdas/core/analysis/index.js';
import { processMetabolomics } from '../../lambdas/core/metabolomics/process/process.js';
import { reconcileSampleNames } from '../../lambdas/core/metabolomics/reconcile.js';
import { parseInput } from '../../lambdas/core/pipeline/index.js';
import { parseStudyDesign } from '../../lambdas/core/study/study-design.js';

const SEEDS = [11, 12, 13];
const SUBJECTS_PER_ARM = 40;
const Q = 0.05;

async function analyzeSimulated(
  seed: number,
): Promise<{ analysis: StudyAnalysis; truth: ReturnType<typeof simulateStudy>['truth'] }> {
  const { files, truth } = simulateStudy({ seed, subjectsPerArm: SUBJECTS_PER_ARM });
  const file = (p: string) => new TextEncoder().encode(files.find((f) => f.path === p)!.content);
  const parsed = async (p: string) => {
    const r = await parseInput(file(p), p.split('/').pop()!, { path: p });
    if (!r.ok) throw new Error(`${p}: ${r.error.message}`);
    return r.value;
  };
  const metadata = await parsed('metadata.tsv');
  const table = await parsed('16s/feature-table.biom');
  const taxonomy = await parsed('16s/taxonomy.tsv');
  const mtb = await parsed('metabolomics/mzmine3-features.csv');
  const pathways = await parsed('metabolomics/pathway-map.tsv');
  if (
    metadata.kind !== 'metadata' ||
    table.kind !== '16s' ||
    taxonomy.kind !== 'taxonomy' ||
    mtb.kind !== 'metabolomics' ||
    pathways.kind !== 'pathways'
  )
    throw new Error('unexpected kinds');
  const lineage = new Map(taxonomy.taxonomy.featureIds.map((id, i) => [id, taxonomy.taxonomy.taxa[i]!]));
  const p = processMetabolomics(mtb.table);
  const map = reconcileSampleNames(p.sampleIds, metadata.metadata.sampleIds).mapping;
  const design = parseStudyDesign(new TextDecoder().decode(file('study.json')));
  const inputs: StudyInputs = {
    metadata: metadata.metadata,
    design: { ...design, permutations: 99 },
    amplicon: [
      {
        datasetId: '16s/feature-table.biom',
        table: table.table,
        lineages: table.table.featureIds.map((id) => lineage.get(id) ?? null),
      },
    ],
    metabolomics: [
      {
        datasetId: 'mtb',
        sampleIds: p.sampleIds.map((id) => map.get(id) ?? id),
        featureIds: p.featureIds,
        normalized: p.normalized!,
        transformed: p.transformed!,
      },
    ],
    pathways: { datasetId: 'pathways', featureToPathways: pathways.pathways },
  };
  return { analysis: analyzeStudy(inputs), truth };
}

describe('planted effects of simulated trials are recovered', () => {
  const results: Awaited<ReturnType<typeof analyzeSimulated>>[] = [];
  beforeAll(async () => {
    for (const seed of SEEDS) results.push(await analyzeSimulated(seed));
  }, 300_000);

  it('recovers each planted genus (high-calcium arm, 12 months vs baseline, paired) at q < 0.05 with the planted direction, in every seed', () => {
    for (const { analysis, truth } of results) {
      const comparison = analysis.comparisons.find(
        (c) => c.kind === 'within' && c.where.includes('arm=high_calcium') && c.groupA === '12',
      )!;
      for (const g of truth.plantedGenera) {
        const hit = analysis.hits.find(
          (h) => h.comparison === comparison.name && h.level === 'genus' && h.feature.endsWith(`g__${g.genus}`),
        );
        expect({ genus: g.genus, q: hit?.q !== null && hit!.q! < Q, sign: Math.sign(hit?.effect ?? 0) }).toEqual({
          genus: g.genus,
          q: true,
          sign: g.direction === 'up' ? 1 : -1,
        });
      }
    }
  });

  it('recovers at least 10 of the 12 planted metabolites at q < 0.05 in the right direction, and the false-discovery proportion among null metabolites averages at most 10 %', () => {
    const fdps: number[] = [];
    for (const { analysis, truth } of results) {
      const comparison = analysis.comparisons.find(
        (c) => c.kind === 'within' && c.where.includes('arm=high_calcium') && c.groupA === '12',
      )!;
      const hits = analysis.hits.filter(
        (h) => h.comparison === comparison.name && h.level === 'metabolite' && h.q !== null && h.q < Q,
      );
      const planted = new Map(truth.plantedMetabolites.map((m) => [m.featureId, m.direction]));
      const found = hits.filter(
        (h) => planted.has(h.feature) && Math.sign(h.effect ?? 0) === (planted.get(h.feature) === 'up' ? 1 : -1),
      );
      expect(found.length).toBeGreaterThanOrEqual(10);
      const nullIds = new Set(truth.nullMetabolites);
      fdps.push(hits.length ? hits.filter((h) => nullIds.has(h.feature)).length / hits.length : 0);
    }
    expect(fdps.reduce((a, b) => a + b, 0) / fdps.length).toBeLessThanOrEqual(0.1);
  });

  it('finds nothing in the regular-milk arm (no planted effect) beyond the nominal error rate', () => {
    for (const { analysis } of results) {
      const nulls = analysis.comparisons.filter((c) => c.kind === 'within' && c.where.includes('arm=regular'));
      const tested = analysis.hits.filter(
        (h) => nulls.some((c) => c.name === h.comparison) && h.level === 'metabolite',
      );
      const discoveries = tested.filter((h) => h.q !== null && h.q < Q);
      expect(discoveries.length).toBeLessThanOrEqual(Math.ceil(0.05 * tested.length));
    }
  });

  it('finds the planted bone-density correlation with Bifidobacterium at q < 0.05 in every seed', () => {
    for (const { analysis } of results) {
      const pair = analysis.correlations.find((c) => c.x === 'bmd' && c.y.endsWith('g__Bifidobacterium'));
      expect(pair).toBeDefined();
      expect(pair!.q).toBeLessThan(Q);
      expect(pair!.rho).toBeGreaterThan(0);
    }
  });

  it('ranks the enriched pathway first for the high-calcium 12-month comparison', () => {
    for (const { analysis, truth } of results) {
      const comparison = analysis.comparisons.find(
        (c) => c.kind === 'within' && c.where.includes('arm=high_calcium') && c.groupA === '12',
      )!;
      const rows = analysis.pathways
        .filter((r) => r.comparison === comparison.name)
        .sort((a, b) => (a.p ?? 1) - (b.p ?? 1));
      expect(rows[0]?.pathway).toBe(truth.pathways.enriched);
    }
  });
});
