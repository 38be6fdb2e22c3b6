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
  type BiomJsonOptions,
  type MetadataColumn,
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
} from './schemas.js';
export { GUT_GENERA, UNRESOLVED_LINEAGES, type GenusSpec, type UnresolvedSpec } from './genera.js';
