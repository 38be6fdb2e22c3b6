/** Taxonomy: lineage normalisation, collapse to a rank, taxa summaries and the F/B ratio. */
export {
  RANK_NAMES,
  UNASSIGNED,
  KEY_SEPARATOR,
  rankIndexOf,
  rankName,
  cleanRank,
  stripRankPrefix,
  isUnassignedRank,
  normalizeRank,
  parseLineage,
  keyFromRanks,
  taxonKeyAtRank,
  unassignedKey,
  lineageFromRanks,
  type RankName,
} from './lineage.js';
export { collapseTable, taxaSummary, topTaxaPerSample, OTHER_TAXON, type CollapsedTable, type TaxonSummary, type TopTaxa } from './collapse.js';
export { fbRatio, fbRatioFromLineages, fbGroup, type FbRatio } from './firmicutes-bacteroidetes.js';
