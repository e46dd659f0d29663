// bin/launch.js, which every entry point (curbside, npm start, npm run dev) goes through: compiled dist/ when it is
// current, the TypeScript sources through tsx (with one line saying so) when dist/ is missing or older than src/.
// Run against a throwaway project tree, so the verdict does not depend on the state of this checkout's dist/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';

let root: string;

function write(rel: string, text: string, mtime?: Date): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mtime) fs.utimesSync(file, mtime, mtime);
}

function run(): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/run.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const earlier = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-02T00:00:00Z');

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-launch-'));
  fs.mkdirSync(path.join(root, 'bin'));
  fs.copyFileSync(path.join(REPO_ROOT, 'bin/launch.js'), path.join(root, 'bin/launch.js'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  write('package.json', '{"type":"module"}');
  write('bin/run.js', "import { launch } from './launch.js';\nawait launch('cli/main', 'test-cli');\n");
  write('src/cli/main.ts', "const from: string = 'src';\nconsole.log(`from ${from}`);\n", earlier);
  write('src/knowledge/parse.ts', 'export {};\n', earlier);
  write('dist/cli/main.js', "console.log('from dist');\n", later);
});

describe('bin/launch.js', () => {
  it('runs dist/ when its build stamp is newer than every source file, silently', () => {
    write('dist/.built', 'x', later);
    expect(run()).toEqual({ stdout: 'from dist\n', stderr: '', status: 0 });
  });

  it('runs the sources through tsx when a source file changed after the build, and says which', () => {
    write('dist/.built', 'x', earlier);
    write('src/knowledge/parse.ts', 'export {};\n', later);
    const r = run();
    expect(r.stdout).toBe('from src\n');
    expect(r.stderr).toBe(
      'test-cli: dist/ is older than src/knowledge/parse.ts; running the TypeScript sources through tsx (slower start). `npm run build` refreshes dist/.\n',
    );
  });

  it('runs the sources through tsx when dist/ was never built (no stamp: an interrupted or failed build)', () => {
    const r = run();
    expect(r.stdout).toBe('from src\n');
    expect(r.stderr).toMatch(/^test-cli: dist\/ is not built; running the TypeScript sources through tsx/);
  });
});
