/**
 * Run by memory.test.ts in a child process (`node --max-old-space-size=300
 * --import tsx`): parses hostile 30 MB inputs of one or two lines, built as bytes
 * (no 30 MB string), through parseInput and parseMetabolomicsTable, and
 * prints the error codes and the peak RSS as JSON. A thrown exception or an
 * exhausted heap ends the process with a non-zero status.
 */
import { parseMetabolomicsTable } from '../../../../lambdas/core/metabolomics/formats/index.js';
import { parseInput } from '../../../../lambdas/core/pipeline/index.js';

const SIZE = 30 * 1024 * 1024;

/** `SIZE` bytes repeating `unit`, optionally after a prefix. */
function repeated(unit: string, prefix = ''): Uint8Array {
  const out = new Uint8Array(SIZE);
  const p = new TextEncoder().encode(prefix);
  out.set(p);
  const u = new TextEncoder().encode(unit);
  for (let i = p.length; i < SIZE; i++) out[i] = u[(i - p.length) % u.length]!;
  return out;
}

const inputs: Record<string, () => Uint8Array> = {
  'numbers, comma-separated': () => repeated('1,'),
  'words, comma-separated': () => repeated('abcdefghij,', 'id,'),
  'numbers, tab-separated': () => repeated('1\t', '#OTU ID\t'),
  'one 30 MB cell': () => repeated('a'),
  'a header of 440,000 distinct names over one row': () => {
    const n = 440_000;
    const out = new Uint8Array(2 * (2 + 34 * n) + 2);
    const put = (at: number, s: string) => {
      for (let j = 0; j < s.length; j++) out[at + j] = s.charCodeAt(j);
    };
    put(0, 'id');
    const row = 2 + 34 * n + 1;
    put(row - 1, '\n');
    put(row, 'r1');
    for (let k = 0; k < n; k++) {
      put(2 + 34 * k, `,s${String(k).padStart(32, '0')}`);
      put(row + 2 + 34 * k, `,${String(k % 1000).padStart(33, '0')}`);
    }
    put(out.length - 1, '\n');
    return out;
  },
  'a 15 MB header over one 15 MB row': () => {
    const half = repeated('c,', 'id,').subarray(0, SIZE / 2);
    const row = repeated('1,', 'r1,').subarray(0, SIZE / 2);
    const out = new Uint8Array(SIZE + 1);
    out.set(half);
    out[SIZE / 2] = 10;
    out.set(row, SIZE / 2 + 1);
    return out;
  },
};

const wanted = process.argv[2];
const codes: Record<string, string[]> = {};
for (const [name, make] of Object.entries(inputs)) {
  if (wanted !== undefined && name !== wanted) continue;
  const bytes = wanted === 'none' ? new Uint8Array(0) : make();
  const seen: string[] = [];
  for (const hints of [{}, { kind: '16s' as const }, { kind: 'metabolomics' as const }]) {
    const r = await parseInput(bytes, 'table.csv', hints);
    seen.push(r.ok ? `ok:${r.value.kind}` : r.error.code);
  }
  const m = parseMetabolomicsTable(bytes, 'table.csv', { format: 'plain-matrix' });
  seen.push(m.ok ? 'ok:metabolomics' : m.error.code);
  codes[name] = seen;
}
process.stdout.write(JSON.stringify({ codes, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
