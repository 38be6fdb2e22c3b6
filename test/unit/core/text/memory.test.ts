/**
 * Memory of a parse stays a small multiple of its input: each hostile 30 MB
 * input (built by memory-child.ts as bytes) is parsed in a child process
 * whose heap is capped at 300 MB (`--max-old-space-size=300`), through
 * parseInput (no hints, 16S, metabolomics) and parseMetabolomicsTable. The
 * child must end normally with a data error or a table for every parse, and
 * its peak resident set size (process.resourceUsage().maxRSS, which includes
 * ~90 MB of Node, tsx and the loaded modules) must stay under 300 MB. Before
 * the column and cell caps, the first input peaked near 1 GB.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '../../../../lambdas/core/errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../../..');
const CHILD = path.join(here, 'memory-child.ts');

/** Runs one input in a capped child; its error codes (or ok:<kind>) and peak RSS. */
function runChild(input: string): { codes: string[]; maxRssBytes: number } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=300', '--import', 'tsx', CHILD, input], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0)
    throw new Error(`child for ${JSON.stringify(input)} ended with ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout) as { codes: Record<string, string[]>; maxRssBytes: number };
  return { codes: out.codes[input]!, maxRssBytes: out.maxRssBytes };
}

const MB = 1e6;

describe('memory: 30 MB inputs under a 300 MB heap', () => {
  it.each([
    ['numbers, comma-separated', 'TOO_MANY_COLUMNS'],
    ['words, comma-separated', 'TOO_MANY_COLUMNS'],
    ['numbers, tab-separated', 'TOO_MANY_COLUMNS'],
    ['one 30 MB cell', 'UNKNOWN_FORMAT'],
    ['a 15 MB header over one 15 MB row', 'TOO_MANY_COLUMNS'],
  ])('%s: located data errors, peak RSS under 300 MB', (input, code) => {
    const { codes, maxRssBytes } = runChild(input);
    expect(codes[0]).toBe(code);
    expect(codes.every((c) => (ERROR_CODES as readonly string[]).includes(c) || c.startsWith('ok:'))).toBe(true);
    expect(maxRssBytes).toBeLessThan(300 * MB);
  });

  it('a legitimately wide table (440,000 columns, 30 MB) is parsed four times within 500 MB peak RSS', () => {
    const { codes, maxRssBytes } = runChild('a header of 440,000 distinct names over one row');
    expect(codes).toEqual(['AMBIGUOUS_KIND', 'ok:16s', 'ok:metabolomics', 'ok:metabolomics']);
    // parsed in full (the metabolomics table too) with ~90 MB of runtime: about 350–430 MB on the shared 2-core machine
    expect(maxRssBytes).toBeLessThan(500 * MB);
  });
});
