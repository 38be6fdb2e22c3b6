/**
 * The boundary that matters (DESIGN.md): lambdas/core is pure. No AWS SDK, no
 * file system, network or child processes, no environment, no unseeded
 * randomness. This stands in for a lint import rule.
 */
import fs from 'node:fs';
import path from 'node:path';

const CORE = path.resolve('lambdas/core');
const FORBIDDEN: [RegExp, string][] = [
  [/from ['"]@aws-sdk\//, 'the AWS SDK'],
  [/from ['"](node:)?(fs|fs\/promises|child_process|http|https|net|dgram)['"]/, 'I/O modules'],
  [/\bprocess\.env\b/, 'the environment'],
  [/\bMath\.random\s*\(/, 'unseeded randomness'],
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Code without comments, so a doc comment that names a forbidden thing is not flagged. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('lambdas/core stays pure', () => {
  const files = sources(CORE);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(FORBIDDEN.map(([pattern, what]) => ({ pattern, what })))('imports or uses no $what', ({ pattern }) => {
    const offenders = files.filter((f) => pattern.test(code(fs.readFileSync(f, 'utf8')))).map((f) => path.relative(CORE, f));
    expect(offenders).toEqual([]);
  });

  it('never imports from the adapters, handlers or local mode', () => {
    const offenders = files.filter((f) => /from ['"](\.\.\/)+(adapters|ingest|analyze|local|query)\//.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(CORE, f));
    expect(offenders).toEqual([]);
  });
});
