/** Deterministic run ids: the sha256 of the parts core names (`datasetRunIdParts`, `analysisRunIdParts`), NUL-joined, first 20 hex digits. */
import { createHash } from 'node:crypto';

/** Hex digits kept of the sha256. */
export const RUN_ID_LENGTH = 20;

/** The run id of these parts. */
export function runIdOf(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, RUN_ID_LENGTH);
}
