/**
 * LEfSe per comparison on a 16S dataset with taxonomy (docs/lefse.md): the comparison's groups are LEfSe's
 * classes (two for a between or within comparison, every level for an omnibus one; pairing is ignored, as
 * LEfSe does), clades at every rank from kingdom to genus per million; the rows stored are the clades that
 * pass the Kruskal–Wallis step, each with its LDA score and whether it is discriminative.
 */
import { buildLefseClades, runLefse } from '../amplicon/lefse/index.js';
import { RANK_NAMES } from '../amplicon/taxonomy/lineage.js';
import type { FeatureTable } from '../table/feature-table.js';
import type { Selection } from './samples.js';
import type { LefseRow, ResolvedComparison, ResolvedDesign } from './types.js';

/** The LEfSe rows of one comparison, or a note saying why it did not run. */
export function lefseTest(
  c: ResolvedComparison,
  sel: Selection,
  table: FeatureTable,
  lineages: (string | null)[],
  design: ResolvedDesign,
  datasetId: string,
): LefseRow[] | string {
  if (sel.kind === 'change') return 'no LEfSe for a change from baseline';
  const groups = sel.kind === 'groups' ? sel.groups : [sel.a, sel.b];
  const samples: number[] = [];
  const classes: string[] = [];
  groups.forEach((g, k) => g.forEach((s) => (samples.push(s), classes.push(c.groups[k]!))));
  const clades = buildLefseClades(table, lineages, { sampleIds: samples.map((s) => table.sampleIds[s]!) });
  const r = runLefse(clades, { classes }, { seed: design.seed });
  if (!r.ok) return r.reason;
  const out: LefseRow[] = [];
  for (const f of r.features) {
    if (!f.kwPass) continue;
    out.push({
      id: `${c.name}|${datasetId}|${f.clade}`,
      comparison: c.name,
      datasetId,
      clade: f.clade,
      rank: RANK_NAMES[f.level - 1] ?? String(f.level),
      enrichedClass: f.enrichedClass,
      kwP: f.kwP,
      lda: f.lda,
      discriminative: f.discriminative,
      classMeans: r.classes.map((k, i) => `${k}=${f.classMeans[i]}`).join(' | '),
      seed: r.seed,
      n: samples.length,
    });
  }
  return out;
}
