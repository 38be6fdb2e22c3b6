/** `biomeflow simulate <folder>`: write a trial-like study of the project's own making. */
import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import { parseOptions, SimulateOptionsSchema } from '../options.js';
import { simulateStudy } from '../simulate/study.js';

export async function simulateCommand(folder: string, raw: unknown, io: Io): Promise<number> {
  const opts = parseOptions(SimulateOptionsSchema, raw);
  const { files, truth } = simulateStudy({
    seed: opts.seed,
    ...(opts.subjects ? { subjectsPerArm: opts.subjects } : {}),
  });
  for (const f of files) {
    const target = path.join(folder, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.content);
  }
  fs.writeFileSync(path.join(folder, '.truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  io.out(
    `wrote ${files.length} files to ${folder} (seed ${opts.seed}); planted effects in ${path.join(folder, '.truth.json')}\n`,
  );
  return 0;
}
