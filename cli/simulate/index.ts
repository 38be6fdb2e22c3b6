/** Simulators of studies and benchmark tables, and their text writers. */

export { simulateTableBenchmark } from './benchmark.js';
export { type GenusSpec, GUT_GENERA, UNRESOLVED_LINEAGES, type UnresolvedSpec } from './genera.js';
export {
  deprotonatedMz,
  type MetaboliteSpec,
  monoisotopicMass,
  NAMED_METABOLITES,
  PATHWAYS,
  type Pathway,
} from './metabolites.js';
export {
  CORRELATED_METABOLITE,
  METABOLOMICS_PATH,
  PATHWAY_MAP_PATH,
  PLANTED_METABOLITE_FOLDS,
} from './metabolomics.js';
export {
  type ClinicalTruth,
  type ResolvedStudyOptions,
  type SimulateStudyOptions,
  SimulateStudyOptionsSchema,
  SimulationOptionsError,
  type TableBenchmarkOptions,
  TableBenchmarkOptionsSchema,
  type Truth,
  TruthSchema,
} from './schemas.js';
export { ARMS, type Arm, type SimulatedStudy, type StudyFile, sampleId, simulateStudy } from './study.js';
export {
  type BiomJsonOptions,
  biomJsonChunks,
  biomTsvLines,
  csvCell,
  formatArea,
  formatBiomValue,
  lineageRanks,
  type MetadataColumn,
  type Mzmine3Table,
  writeBiomJson,
  writeBiomTsv,
  writeMzmine3Csv,
  writePathwayMap,
  writeQiimeMetadata,
  writeTaxonomyTsv,
} from './writers.js';
