// `npm run bench:startup [-- --runs N]`: start-up time of the `curbside` command as users and MCP clients spawn it,
// against `node -e 0` measured in the same run (ratios of medians, so a busy machine slows both sides). Runs the
// compiled dist/ through bin/curbside.js (built first when missing or older than src/). Targets (issue #15 item 14):
// `--help` <= 8x, `ask --json` <= 15x. The rounds interleave the commands, so load changes hit all of them alike.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../config.js';

/** Start-up targets: median wall time of a command / median of `node -e 0`. */
export const STARTUP_TARGETS = { help: 8, askJson: 15 } as const;

interface Case {
  name: string;
  args: string[];
  target: number | null;
}

const QUESTION = '67M, T2DM on metformin, eGFR 38, A1c 8.4 - next step?';
const CLI = path.join(REPO_ROOT, 'bin', 'curbside.js');

const cases: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'], target: null },
  { name: 'curbside --help', args: [CLI, '--help'], target: STARTUP_TARGETS.help },
  { name: 'curbside deid --json (stdin)', args: [CLI, 'deid', '--json'], target: null },
  { name: 'curbside ask --json', args: [CLI, 'ask', '--json', QUESTION], target: STARTUP_TARGETS.askJson },
];

// Extractive mode on the local index: the figure is the start-up of our code, not of a network service.
const env = {
  ...process.env,
  CURBSIDE_LAUNCH: 'dist',
  LOG_LEVEL: 'silent',
  AZURE_OPENAI_ENDPOINT: '',
  AZURE_SEARCH_ENDPOINT: '',
  AZURE_DEID_ENDPOINT: '',
  CURBSIDE_RETRIEVAL_ENGINE: 'local',
};

function timeOnce(c: Case): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, {
    cwd: REPO_ROOT,
    env,
    input: 'Pt John Smith, DOB 3/14/1958: 67M with CKD',
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const i = process.argv.indexOf('--runs');
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 11;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number >= 1');
  const { distProblem } = (await import(pathToFileURL(path.join(REPO_ROOT, 'bin', 'launch.js')).href)) as {
    distProblem(entry: string): string | null;
  };
  const problem = distProblem('cli/main');
  if (problem) {
    process.stderr.write(`bench:startup: ${problem}; building it first (npm run build).\n`);
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'build.js')], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('the build failed');
  }
  // One unmeasured round: disk caches, and the local index built if it was missing.
  for (const c of cases) timeOnce(c);
  const times = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round < runs; round++) {
    for (const c of cases) times.get(c.name)!.push(timeOnce(c));
    process.stderr.write(`bench:startup: round ${round + 1}/${runs}\r`);
  }
  process.stderr.write('\n');
  const base = median(times.get('node -e 0')!);
  const rows = [['command', 'median ms', 'min ms', 'max ms', 'x node -e 0', 'target']];
  let missed = 0;
  for (const c of cases) {
    const t = times.get(c.name)!;
    const ratio = median(t) / base;
    if (c.target !== null && ratio > c.target) missed++;
    rows.push([
      c.name,
      median(t).toFixed(0),
      Math.min(...t).toFixed(0),
      Math.max(...t).toFixed(0),
      ratio.toFixed(1),
      c.target === null ? '' : `<= ${c.target}x ${ratio <= c.target ? 'met' : 'MISSED'}`,
    ]);
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`;
  process.stdout.write(
    [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n') +
      '\n',
  );
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  process.stdout.write(
    `\n${runs} rounds, ${os.cpus().length} CPUs, Node ${process.version}, load average 1/5/15 min at the end: ${load}.\n`,
  );
  process.exitCode = missed ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:startup: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
