// `npm run bench:load -- --help` prints the options and starts no run (a run takes minutes and the whole machine).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';

describe('bench:load --help', () => {
  it('prints the usage and exits 0 without starting the load server', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/bench/load.ts'), '--help'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run bench:load/);
    // A run announces itself on stderr ("load: 50 users, ...") before it starts the server.
    expect(r.stderr).not.toMatch(/load:/);
  });
});
