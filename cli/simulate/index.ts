/** Simulators of studies and benchmark tables, and their text writers. */
export { simulateStudy, sampleId, ARMS, type Arm, type SimulatedStudy, type StudyFile } from './study.js';
export { simulateTableBenchmark } from './benchmark.js';
export {
  writeBiomJson,
  writeBiomTsv,
  biomJsonChunks,
  biomTsvLines,
  writeTaxonomyTsv,
  writeQiimeMetadata,
  formatBiomValue,
  lineageRanks,
  writeMzmine3Csv,
  writePathwayMap,
  csvCell,
  formatArea,
  type BiomJsonOptions,
  type MetadataColumn,
  type Mzmine3Table,
} from './writers.js';
export {
  SimulateStudyOptionsSchema,
  TableBenchmarkOptionsSchema,
  TruthSchema,
  SimulationOptionsError,
  type SimulateStudyOptions,
  type ResolvedStudyOptions,
  type TableBenchmarkOptions,
  type Truth,
  type ClinicalTruth,
} from './schemas.js';
export { GUT_GENERA, UNRESOLVED_LINEAGES, type GenusSpec, type UnresolvedSpec } from './genera.js';
export { NAMED_METABOLITES, PATHWAYS, monoisotopicMass, deprotonatedMz, type MetaboliteSpec, type Pathway } from './metabolites.js';
export { METABOLOMICS_PATH, PATHWAY_MAP_PATH, PLANTED_METABOLITE_FOLDS, CORRELATED_METABOLITE } from './metabolomics.js';
