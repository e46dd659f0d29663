// The real `curbside` command as a user runs it (bin/curbside.js: dist/ when built and current, else the sources through tsx).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../src/config.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `curbside ARGS` with `input` on stdin; the environment is this process's plus `env` (logs silent). */
export function runCurbside(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
  input = '',
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin/curbside.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
