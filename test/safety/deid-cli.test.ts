import { describe, expect, it } from 'vitest';
import { runCurbside } from '../support/cli.js';

const runCli = (args: string[], input: string) => runCurbside(args, {}, [], input);

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
