/** The study-statistics part of `biomeflow run`'s summary: what an analyst looks at first. */
import type { DynamoResultsStore } from '../lambdas/adapters/results-store.js';
import {
  currentAnalysis,
  listComparisons,
  listCorrelations,
  listHits,
  listModels,
  listPathways,
  listTests,
} from '../lambdas/query/study-queries.js';

const Q = 0.05;
const EFFECT_LABEL: Record<string, string> = {
  log2_fold_change: 'log2FC',
  clr_mean_difference: 'CLR diff',
  mean_change_difference: 'Δ diff',
};

/** Short display name of a feature: the deepest named rank of a taxon key, else the id. */
function shortName(feature: unknown): string {
  const ranks = String(feature)
    .split(';')
    .filter((r) => r !== '' && r !== '__' && !/^[a-z]__$/.test(r));
  return ranks.length ? ranks[ranks.length - 1]! : String(feature);
}

function num(x: unknown, digits = 3): string {
  return typeof x === 'number' && Number.isFinite(x)
    ? Math.abs(x) < 1e-3 && x !== 0
      ? x.toExponential(1)
      : x.toFixed(digits)
    : '–';
}

/** Lines summarising the current analysis: PERMANOVA and significant hits per comparison, correlations, pathways. */
export async function studySummaryLines(store: DynamoResultsStore, study: string): Promise<string[]> {
  let analysis: Awaited<ReturnType<typeof currentAnalysis>>;
  try {
    analysis = await currentAnalysis(store, study);
  } catch (e) {
    return [`Study statistics: ${(e as Error).message}`];
  }
  const counts = analysis.counts as Record<string, number> | undefined;
  const lines = [
    `Study statistics (run ${analysis.runId}): ${counts?.comparisons ?? 0} comparisons, ${counts?.hits ?? 0} feature tests, ${counts?.correlations ?? 0} stored correlations.`,
  ];
  const tests = await listTests(store, study, {});
  for (const c of await listComparisons(store, study)) {
    const name = String(c.name);
    const perm = tests.find((t) => t.comparison === name && t.test === 'permanova' && t.metric === 'bray_curtis');
    const found = await listHits(store, study, { comparison: name, q: Q });
    const all = found.filter((h) => h.lowObserved !== true);
    const flagged = found.length - all.length;
    const hits = [
      ...all.filter((h) => h.level === 'genus').slice(0, 3),
      ...all.filter((h) => h.level === 'metabolite').slice(0, 3),
    ];
    const permText = perm
      ? `PERMANOVA bray_curtis F=${num(perm.statistic, 2)} R2=${num(perm.r2)} p=${num(perm.p)}`
      : '';
    const flaggedText = flagged ? ` (+${flagged} flagged lowObserved, not listed)` : '';
    const hitText = hits.length
      ? `${all.length} hits at q<${Q}${flaggedText}, top genera and metabolites: ${hits.map((h) => `${h.featureName ?? shortName(h.feature)} ${EFFECT_LABEL[String(h.effectName)] ?? h.effectName} ${num(h.effect, 2)} q=${num(h.q)}`).join('; ')}`
      : `no feature at q<${Q}${flaggedText}`;
    lines.push(`  ${name} (${c.kind}, n=${c.n}): ${[permText, hitText].filter(Boolean).join(' · ')}`);
  }
  // the trial's question: did the arm change a feature over time (type-III group × time term of the mixed models)
  const interactions = (await listModels(store, study, {})).filter(
    (r) => r.test === 'F' && String(r.term).includes(':') && typeof r.q === 'number' && (r.q as number) < Q,
  );
  const alphaInteractions = (await listModels(store, study, {})).filter(
    (r) =>
      r.test === 'F' &&
      String(r.term).includes(':') &&
      r.level === 'alpha' &&
      typeof r.p === 'number' &&
      (r.p as number) < Q,
  );
  if (interactions.length || alphaInteractions.length) {
    const shown = [
      ...alphaInteractions.map((r) => `${r.response} ${r.term} F=${num(r.statistic, 2)} p=${num(r.p)}`),
      ...interactions
        .slice(0, 5)
        .map((r) => `${shortName(r.response)} ${r.term} F=${num(r.statistic, 2)} q=${num(r.q)}`),
    ];
    lines.push(`  group x time (mixed models): ${shown.join('; ')}`);
  } else if ((analysis.counts as Record<string, number> | undefined)?.models)
    lines.push(`  group x time (mixed models): no feature with q<${Q}`);
  const corr = await listCorrelations(store, study, { q: Q, top: 5 });
  if (corr.length)
    lines.push(
      `  correlations (q<${Q}): ${corr.map((r) => `${r.xName ?? shortName(r.x)}~${r.yName ?? shortName(r.y)} rho=${num(r.rho, 2)} q=${num(r.q)}`).join('; ')}`,
    );
  const paths = (await listPathways(store, study, {})).sort((a, b) => (a.p as number) - (b.p as number)).slice(0, 3);
  if (paths.length)
    lines.push(
      `  pathways (most over-represented): ${paths.map((p) => `${p.pathway} in ${p.comparison} (${p.hits}/${p.setSize}) p=${num(p.p)} q=${num(p.q)}`).join('; ')}`,
    );
  lines.push(`  More: biomeflow query ${study} design|comparisons|tests|hits|models|lefse|opls|correlations|pathways`);
  return lines;
}
