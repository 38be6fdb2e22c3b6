/**
 * lambdas/core is pure (docs/architecture.md). Its import rules (no AWS SDK, no I/O modules, no adapters,
 * handlers or CLI) are checked by dependency-cruiser (`npm run check:imports`); what an import rule cannot
 * see is checked here: no environment and no unseeded randomness.
 */
import fs from 'node:fs';
import path from 'node:path';

const CORE = path.resolve('lambdas/core');
const FORBIDDEN: [RegExp, string][] = [
  [/\bprocess\.(env|argv|cwd)\b/, 'the environment'],
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
    const offenders = files
      .filter((f) => pattern.test(code(fs.readFileSync(f, 'utf8'))))
      .map((f) => path.relative(CORE, f));
    expect(offenders).toEqual([]);
  });
});
