/** Small helpers for the metabolomics unit tests. */
import { type DataError, DataErrorSignal } from '../../../../lambdas/core/errors.js';
import type { MetabolomicsTable } from '../../../../lambdas/core/metabolomics/matrix.js';

/** The DataError `fn` signals, as { code, line, column }; throws when it succeeds or throws anything else. */
export function errorOf(fn: () => unknown): Pick<DataError, 'code' | 'line' | 'column'> & { message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataErrorSignal)
      return { code: e.error.code, line: e.error.line, column: e.error.column, message: e.error.message };
    throw e;
  }
  throw new Error('expected a DataError, got a result');
}

/** Intensity of a feature in a sample, by ids. */
export function cell(t: MetabolomicsTable, featureId: string, sampleId: string): number {
  const f = t.featureIds.indexOf(featureId),
    s = t.sampleIds.indexOf(sampleId);
  if (f === -1 || s === -1) throw new Error(`no cell ${featureId} / ${sampleId}`);
  return t.values[s * t.featureIds.length + f]!;
}

/** The table as rows of features (feature-major number[][]), for small fixtures. */
export function byFeature(t: MetabolomicsTable): number[][] {
  return t.featureIds.map((_, f) => t.sampleIds.map((_, s) => t.values[s * t.featureIds.length + f]!));
}

/** Text with CRLF line ends. */
export function crlf(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}
