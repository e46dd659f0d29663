// The shapes every command module and `eval` subcommand has. Their own module, so that commands need not import
// main.ts or eval.ts, which load them (no cycle).

export interface CommandModule {
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

export interface EvalSubcommand {
  summary: string;
  usage: string;
  /** Argument lists `eval all` runs this subcommand with (one run each); none = skipped by `eval all`. */
  defaultRuns?: string[][];
  run(args: string[]): Promise<number>;
}
