/**
 * Gathers a study's current inputs for the study statistics: the metadata, the
 * validated design, every READY table (re-read from its exact object version and
 * re-parsed with the study files and hints its dataset run used, so the
 * analysis sees what the dataset run did) and the pathway map. What to read
 * and what each dataset gives are core decisions (core/pipeline/study-inputs.ts).
 */

import { readDatasetInput } from '../adapters/dataset-reader.js';
import type { ObjectStore, ResultsStore } from '../adapters/ports.js';
import type { StudyInputs } from '../core/analysis/index.js';
import type { ParsedInput } from '../core/pipeline/parse-input.js';
import { type LoadedStudyFile, mustRead, parseHintsFor, studyFileContext } from '../core/pipeline/study-files.js';
import { inputsAtOf, type StudyInputPlan, studyInputOf } from '../core/pipeline/study-inputs.js';
import type { DatasetPointer } from '../core/results/records.js';
import type { SampleMetadata } from '../core/study/qiime2-metadata.js';

export interface LoadDeps {
  objects: ObjectStore;
  store: ResultsStore;
}

export interface LoadedStudy {
  inputs: StudyInputs;
  /** dataset id -> run id of every dataset the analysis used */
  used: Record<string, string>;
  /** the newest updatedAt among the datasets used (orders analysis runs) */
  inputsAt: string;
  notes: string[];
}

/** Loads everything the plan names; datasets that cannot be re-read are reported in notes, not fatal. */
export async function loadStudyInputs(deps: LoadDeps, plan: StudyInputPlan): Promise<LoadedStudy> {
  const notes: string[] = [];
  const used: Record<string, string> = {};
  const use = (d: DatasetPointer) => (used[d.datasetId] = d.runId);
  const read = studyFileReader(deps);

  const design = plan.design?.design ?? null;
  if (plan.design) use(plan.design.pointer);

  const metadata = plan.metadata ? metadataOf(await read(plan.metadata)) : null;
  if (plan.metadata && metadata) use(plan.metadata);
  if (!metadata) notes.push('no READY sample metadata: comparisons and correlations need metadata.tsv');

  const amplicon: StudyInputs['amplicon'] = [];
  const metabolomics: StudyInputs['metabolomics'] = [];
  for (const { pointer, files, tree: treeFile } of plan.tables) {
    const loaded: LoadedStudyFile[] = [];
    for (const file of files) loaded.push({ file, parsed: mustRead(file) ? await read(file.pointer) : null });
    const hints = parseHintsFor(pointer.provenance.key, pointer.datasetId, studyFileContext(loaded));
    const parsed = await readDatasetInput(deps.objects, pointer, hints);
    const featureRows =
      pointer.kind === '16s' && parsed.ok && pointer.shards.FEATURES
        ? await deps.store.readFamily(pointer.runId, 'FEATURES', pointer.shards.FEATURES)
        : [];
    const treeParsed = treeFile ? await read(treeFile.pointer) : null;
    const tree = treeParsed?.kind === 'tree' ? treeParsed.tree : null;
    if (treeFile && tree) use(treeFile.pointer);
    const r = studyInputOf(pointer, parsed, { metadata, design, featureRows, tree });
    if (r.kind === 'skipped') {
      notes.push(r.note);
      continue;
    }
    if (r.kind === '16s') amplicon.push(r.input);
    else metabolomics.push(r.input);
    use(pointer);
  }

  let pathways: StudyInputs['pathways'] = null;
  if (plan.pathways) {
    const parsed = await read(plan.pathways);
    if (parsed?.kind === 'pathways') {
      pathways = { datasetId: plan.pathways.datasetId, featureToPathways: parsed.pathways };
      use(plan.pathways);
    }
  }

  return {
    inputs: { metadata, design, amplicon, metabolomics, pathways },
    used,
    inputsAt: inputsAtOf(plan.analyzed, used),
    notes,
  };
}

/** The study metadata of a parsed metadata file. */
function metadataOf(parsed: ParsedInput | null): SampleMetadata | null {
  return parsed?.kind === 'metadata' ? parsed.metadata : null;
}

/** Reads and parses study files (no hints), each once per analysis: several tables may share a metadata file. */
function studyFileReader(deps: LoadDeps): (pointer: DatasetPointer) => Promise<ParsedInput | null> {
  const cache = new Map<string, Promise<ParsedInput | null>>();
  return (pointer) => {
    let p = cache.get(pointer.datasetId);
    if (!p) {
      p = readDatasetInput(deps.objects, pointer).then((r) => (r.ok ? r.value : null));
      cache.set(pointer.datasetId, p);
    }
    return p;
  };
}
