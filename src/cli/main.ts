// `curbside <command>`: a thin door over the domain core. Each command lives in its own module, loaded on demand
// so `curbside deid` does not pay for loading the Teams or Azure SDKs.
import { ConfigError } from '../config.js';
import { log } from '../log.js';

// A terminal user wants the answer, not per-turn JSON log lines; LOG_LEVEL still turns them on (`mcp` keeps stderr for logs).
if (!process.env.LOG_LEVEL) log.level = 'warn';

export interface CommandModule {
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

const commands: Record<string, () => Promise<{ default: CommandModule }>> = {
  ingest: () => import('./commands/ingest.js'),
  search: () => import('./commands/search.js'),
  ask: () => import('./commands/ask.js'),
  deid: () => import('./commands/deid.js'),
  eval: () => import('./commands/eval.js'),
  mcp: () => import('./commands/mcp.js'),
  azure: () => import('./commands/azure.js'),
};

async function help(): Promise<void> {
  const lines = ['Usage: curbside <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const mod = await load().then((m) => m.default, () => null);
    if (mod) lines.push(`  ${name.padEnd(8)} ${mod.summary}`);
  }
  lines.push('', 'Run `curbside <command> --help` for a command\'s options.');
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await help();
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`Unknown command "${name}". Run \`curbside --help\` to see the commands.\n`);
    return 2;
  }
  const mod = (await load()).default;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${mod.summary}\n\n${mod.usage}\n`);
    return 0;
  }
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof ConfigError ? `Configuration error: ${err.message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`curbside: ${message}\n`);
    if (process.env.CURBSIDE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
