/** `biomeflow query <study> <what>`: read results locally or from the deployed table. */
import { TOP_TAXA_K } from '../../lambdas/core/amplicon/dataset.js';
import { OTHER_TAXON } from '../../lambdas/core/amplicon/taxonomy/collapse.js';
import {
  artifactKey,
  listDatasetRows,
  listFeatureRows,
  listSampleRows,
  listTaxaRows,
  listTopTaxaRows,
  ordinationOf,
  taxaTableRows,
} from '../../lambdas/query/queries.js';
import {
  listComparisons,
  listCorrelations,
  listHits,
  listLefse,
  listModels,
  listOpls,
  listPathways,
  listTests,
  studyDesign,
} from '../../lambdas/query/study-queries.js';
import type { Io } from '../io.js';
import { CliError, parseOptions, QueryOptionsSchema, QueryWhatSchema } from '../options.js';
import { renderRows } from '../output.js';
import { openResults } from '../store.js';

export async function queryCommand(study: string, what: string, raw: unknown, io: Io): Promise<number> {
  const parsedWhat = QueryWhatSchema.safeParse(what);
  if (!parsedWhat.success)
    throw new CliError(`unknown query '${what}'; expected one of: ${QueryWhatSchema.options.join(', ')}`);
  const kind = parsedWhat.data;
  const opts = parseOptions(QueryOptionsSchema, raw);
  const results = await openResults(opts);
  const { store } = results;
  const needDataset = () => {
    if (!opts.dataset) throw new CliError(`'query ${kind}' needs --dataset <id>`);
    return opts.dataset;
  };
  try {
    switch (kind) {
      case 'datasets': {
        let rows = await listDatasetRows(store, study);
        if (opts.format === 'table') rows = rows.map(({ notes: _n, sha256: _s, runId: _r, updatedAt: _u, ...r }) => r);
        io.out(renderRows(rows, opts.format));
        break;
      }
      case 'samples':
        io.out(renderRows(await listSampleRows(store, study, opts.dataset), opts.format));
        break;
      case 'features':
        io.out(renderRows(await listFeatureRows(store, study, opts.dataset), opts.format));
        break;
      case 'taxa': {
        if (opts.perSample && opts.all) {
          const key = await artifactKey(store, study, needDataset(), `taxa_${opts.rank}`);
          const tsv = new TextDecoder().decode(await results.readResult(key));
          io.out(renderRows(taxaTableRows(needDataset(), opts.rank, tsv), opts.format));
          break;
        }
        const rows = opts.perSample
          ? await listTopTaxaRows(store, study, needDataset(), opts.rank)
          : await listTaxaRows(store, study, needDataset(), opts.rank);
        if (opts.perSample && opts.format === 'table')
          io.out(
            `top ${TOP_TAXA_K} ${opts.rank} per sample, the rest summed as '${OTHER_TAXON}' (--all: every taxon)\n`,
          );
        io.out(renderRows(rows, opts.format));
        break;
      }
      case 'matrix': {
        const key = await artifactKey(store, study, needDataset(), 'processed');
        io.out(new TextDecoder().decode(await results.readResult(key)));
        break;
      }
      case 'comparisons':
        io.out(renderRows(await listComparisons(store, study), opts.format));
        break;
      case 'tests':
        io.out(renderRows(await listTests(store, study, opts), opts.format));
        break;
      case 'hits':
        io.out(renderRows(await listHits(store, study, opts), opts.format));
        break;
      case 'correlations':
        io.out(renderRows(await listCorrelations(store, study, opts), opts.format));
        break;
      case 'pathways':
        io.out(renderRows(await listPathways(store, study, opts), opts.format));
        break;
      case 'models':
        io.out(renderRows(await listModels(store, study, opts), opts.format));
        break;
      case 'lefse':
        io.out(renderRows(await listLefse(store, study, opts), opts.format));
        break;
      case 'opls':
        io.out(renderRows(await listOpls(store, study, opts), opts.format));
        break;
      case 'design': {
        const d = await studyDesign(store, study);
        if (opts.format === 'json') io.out(`${JSON.stringify(d, null, 2)}\n`);
        else io.out(designText(d));
        break;
      }
      case 'runs':
        io.out(renderRows(await store.listRuns(study), opts.format));
        break;
      case 'ordination': {
        const o = await ordinationOf(store, study, needDataset(), opts.metric);
        if (opts.format === 'json') io.out(`${JSON.stringify(o, null, 2)}\n`);
        else {
          const rows = (o.samples as { sampleId: string; axes: number[] }[]).map((s) => ({
            sampleId: s.sampleId,
            ...Object.fromEntries(s.axes.map((v, k) => [`axis${k + 1}`, v])),
          }));
          const pe = (o.proportionExplained as number[])
            .slice(0, 5)
            .map((p, k) => `axis${k + 1} ${(100 * p).toFixed(1)}%`)
            .join(', ');
          const method =
            opts.metric === 'nmds'
              ? `NMDS of Bray-Curtis: stress ${Number(o.stress).toFixed(4)}`
              : opts.metric === 'pca'
                ? `PCA: ${pe}`
                : `PCoA of ${opts.metric}: ${pe}`;
          if (opts.format === 'table') io.out(`${method}\n`);
          io.out(renderRows(rows, opts.format));
        }
        break;
      }
      case 'beta': {
        const key = await artifactKey(store, study, needDataset(), opts.metric);
        io.out(new TextDecoder().decode(await results.readResult(key)));
        break;
      }
    }
    return 0;
  } finally {
    await results.close();
  }
}

/** The resolved design as text: roles, comparisons (with aliases), clinical variables, skipped columns, notes. */
function designText(d: Record<string, unknown>): string {
  const r = (d.resolved ?? {}) as Record<string, unknown>;
  const lines = [
    `Design of run ${d.runId} (${d.inferred ? 'comparisons inferred from the metadata' : 'from study.json'}; inferred: ${((d.inferredFields as string[]) ?? []).join(', ') || 'nothing'})`,
  ];
  for (const role of ['subject', 'group', 'time', 'baseline']) lines.push(`  ${role}: ${r[role] ?? '–'}`);
  lines.push('  comparisons:');
  for (const c of (r.comparisons as Record<string, unknown>[]) ?? []) {
    const aliases = (c.aliases as string[] | undefined)?.length
      ? ` (aliases: ${(c.aliases as string[]).join('; ')})`
      : '';
    lines.push(`    ${c.name}  [${c.kind}${c.paired ? ', paired' : ''}, ${c.origin}]${aliases}`);
  }
  lines.push(`  clinical variables: ${((r.clinical as string[]) ?? []).join(', ') || 'none'}`);
  const skipped = (d.skippedColumns as { column: string; reason: string }[] | undefined) ?? [];
  if (skipped.length) {
    lines.push('  columns not compared:');
    for (const s of skipped) lines.push(`    ${s.column}: ${s.reason}`);
  }
  const notes = (d.notes as string[]) ?? [];
  if (notes.length) {
    lines.push('  notes:');
    for (const n of notes) lines.push(`    ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
