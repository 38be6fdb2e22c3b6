/** Taxonomy: lineage normalisation, collapse to a rank, taxa summaries and the F/B ratio. */

export {
  type CollapsedTable,
  collapseTable,
  OTHER_TAXON,
  type TaxonSummary,
  type TopTaxa,
  taxaSummary,
  topTaxaPerSample,
} from './collapse.js';
export { type FbRatio, fbGroup, fbRatio, fbRatioFromLineages } from './firmicutes-bacteroidetes.js';
export {
  cleanRank,
  isUnassignedRank,
  KEY_SEPARATOR,
  keyFromRanks,
  lineageFromRanks,
  normalizeRank,
  parseLineage,
  RANK_NAMES,
  type RankName,
  rankIndexOf,
  rankName,
  stripRankPrefix,
  taxonKeyAtRank,
  UNASSIGNED,
  unassignedKey,
} from './lineage.js';
