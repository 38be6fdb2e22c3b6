/** Reads a dataset's object at the exact version its pointer names and parses it again (core `parseInput`). */
import { type ParseHints, type ParseResult, parseInput } from '../core/pipeline/parse-input.js';
import { fileNameOf } from '../core/pipeline/study-files.js';
import type { DatasetPointer } from '../core/results/records.js';
import type { ObjectStore } from './ports.js';

/** The parsed object of a dataset pointer; `hints` as its dataset run used them (tables), none for study files. */
export async function readDatasetInput(
  objects: ObjectStore,
  pointer: DatasetPointer,
  hints: ParseHints = {},
): Promise<ParseResult> {
  const obj = await objects.get(pointer.provenance.key, pointer.provenance.versionId);
  return parseInput(obj.bytes, fileNameOf(pointer.datasetId), hints);
}
