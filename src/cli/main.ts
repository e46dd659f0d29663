// `curbside <command>`: a thin door over the domain core. Each command lives in its own module, loaded on demand
// (only the one that runs), so `curbside --help` and `curbside deid` do not pay for the index, Teams or Azure SDKs.
import { ConfigError } from '../config.js';
import { log } from '../log.js';
import { USAGE_EXIT, UsageError } from './args.js';
import type { CommandModule } from './command.js';

// A terminal user wants the answer, not per-turn JSON log lines; LOG_LEVEL still turns them on (`mcp` keeps stderr for logs).
if (!process.env.LOG_LEVEL) log.level = 'warn';

interface CommandEntry {
  /** One line for `curbside --help`; kept here so the help needs no command module. */
  summary: string;
  load: () => Promise<{ default: CommandModule }>;
}

export const commands: Record<string, CommandEntry> = {
  ingest: {
    summary:
      'Index guideline files (PDF, Markdown, text, Word, HTML) into the local search index; only changed files are re-read.',
    load: () => import('./commands/ingest.js'),
  },
  library: {
    summary: 'The guideline library: list, show, add (PDF, Markdown, Word, HTML), retire, sets, diff between editions.',
    load: () => import('./commands/library.js'),
  },
  search: {
    summary: 'Search the local guideline index and print ranked, citable passages.',
    load: () => import('./commands/search.js'),
  },
  ask: {
    summary: 'Answer a case question from the guidelines, with citations',
    load: () => import('./commands/ask.js'),
  },
  deid: {
    summary: 'De-identify text from stdin (names, dates, contacts, identifiers -> [TYPE] placeholders).',
    load: () => import('./commands/deid.js'),
  },
  eval: {
    summary:
      'Measure quality: retrieval (BEIR datasets), answers, safety; `eval all` runs every evaluation with defaults.',
    load: () => import('./commands/eval.js'),
  },
  mcp: {
    summary: 'Serve the guideline tools (answer_case_question, search_guidelines, list_guidelines) over MCP stdio.',
    load: () => import('./commands/mcp.js'),
  },
  review: {
    summary:
      'The review queue of clinician feedback: list, show, label (verdict, right recommendation), export as eval cases.',
    load: () => import('./commands/review.js'),
  },
  report: {
    summary:
      'Quality report: answers, refusals, thumbs, reviewed accuracy, latency, unanswered topics (--html for charts).',
    load: () => import('./commands/report.js'),
  },
  azure: {
    summary: 'Azure: pre-flight a region, create the index, push guidelines, check status',
    load: () => import('./commands/azure.js'),
  },
};

function usage(): string {
  const lines = ['Usage: curbside <command> [options]', '', 'Commands:'];
  for (const [name, { summary }] of Object.entries(commands)) lines.push(`  ${name.padEnd(8)} ${summary}`);
  lines.push('', "Run `curbside <command> --help` for a command's options.");
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  // No command is a command line the CLI cannot run, like an unknown one: usage on stderr, exit 2.
  if (!name) {
    process.stderr.write(usage());
    return USAGE_EXIT;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    process.stderr.write(`curbside: unknown command "${name}". Run \`curbside --help\` to see the commands.\n`);
    return USAGE_EXIT;
  }
  const mod = (await entry.load()).default;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${entry.summary}\n\n${mod.usage}\n`);
    return 0;
  }
  try {
    return await mod.run(rest);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`curbside ${name}: ${err.message}\nRun \`curbside ${name} --help\` for its options.\n`);
    return USAGE_EXIT;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message =
      err instanceof ConfigError
        ? `Configuration error: ${err.message}`
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(`curbside: ${message}\n`);
    if (process.env.CURBSIDE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
