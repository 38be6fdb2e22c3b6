/** A query on a state folder that a `biomeflow run` holds waits for that run to finish instead of failing on LevelDB's lock. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLockFile, runningRun } from '../../../cli/local/environment.js';
import { openResults } from '../../../cli/store.js';

describe('openResults on a state folder held by a run', () => {
  it('waits until the run process has exited, then opens the state', async () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-wait-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1200)'], { stdio: 'ignore' });
    fs.writeFileSync(runLockFile(state), String(child.pid));
    expect(runningRun(state)).toBe(child.pid);
    let exited = false;
    child.on('exit', () => (exited = true));
    const results = await openResults({ state });
    try {
      expect(exited).toBe(true);
      expect(await results.store.listDatasets('nothing-here')).toEqual([]);
    } finally {
      await results.close();
      fs.rmSync(state, { recursive: true, force: true });
    }
  });

  it('ignores a stale lock whose process is gone', () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'biomeflow-wait-'));
    fs.writeFileSync(runLockFile(state), '2147483646');
    expect(runningRun(state)).toBeNull();
    fs.rmSync(state, { recursive: true, force: true });
  });
});
