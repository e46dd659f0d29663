import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';

function runCli(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/curbside.js'), ...args], { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('curbside deid', () => {
  const note = 'Mrs. Hodkiewicz, 71F, DOB 02/03/1953, phone 555-201-3344. eGFR 38, on metformin.';

  it('--json prints the text and entity offsets into the input', async () => {
    const { code, stdout } = await runCli(['deid', '--json'], note);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { text: string; entities: { type: string; start: number; end: number }[] };
    expect(out.text).toBe('Mrs. [NAME], 71F, DOB [DATE], phone [PHONE]. eGFR 38, on metformin.');
    expect(out.entities.map((e) => [e.type, note.slice(e.start, e.end)])).toEqual([
      ['NAME', 'Hodkiewicz'],
      ['DATE', '02/03/1953'],
      ['PHONE', '555-201-3344'],
    ]);
  });

  it('prints plain de-identified text without --json', async () => {
    const { code, stdout } = await runCli(['deid'], note);
    expect(code).toBe(0);
    expect(stdout).toBe('Mrs. [NAME], 71F, DOB [DATE], phone [PHONE]. eGFR 38, on metformin.\n');
    expect(stdout).not.toContain('Hodkiewicz');
  });
});
