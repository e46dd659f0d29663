// Minimal flag parsing on top of node:util parseArgs, with readable errors: a UsageError makes the CLI print the
// message and a pointer to the command's --help, and exit 2 (like an unknown command).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

/** Exit code for a command line the CLI cannot run (unknown command, flag or subcommand, missing argument). */
export const USAGE_EXIT = 2;

/** Node's parseArgs messages, reworded: they suggest `-- "--foo"`, which is never what a user of this CLI meant. */
export function friendlyParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string })?.code;
  const option = /'(-{1,2}[^' <,]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /does not take an argument/.test(message) ? `${option} does not take a value` : `${option} needs a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']*)'/.exec(message)?.[1];
    return arg === undefined ? 'this command takes no arguments' : `unexpected argument "${arg}"`;
  }
  return message;
}

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(friendlyParseError(err));
  }
}
