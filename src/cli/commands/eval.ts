// `curbside eval <subcommand>`: measured quality. Each subcommand is one entry in the table below;
// `eval all` runs every subcommand with its default arguments.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, REPO_ROOT } from '../../config.js';
import { evaluateBeir, type BeirEvalResult } from '../../retrieval/evaluate.js';
import type { RetrievalMetrics } from '../../retrieval/metrics.js';
import type { RankingMode } from '../../retrieval/query.js';
import { parseFlags, UsageError } from '../args.js';
import type { CommandModule, EvalSubcommand } from '../command.js';
import { answers } from './eval-answers.js';
import { safety } from './eval-safety.js';

const SHARED_EVAL = path.join(REPO_ROOT, '..', 'shared', 'eval');

const retrieval: EvalSubcommand = {
  summary: 'Retrieval quality on a BEIR-layout dataset: Recall@1/5/10, MRR@10, nDCG@10 (baseline vs full engine).',
  usage: `Usage: curbside eval retrieval --beir DIR [--split dev|test] [--with-guidelines] [--baseline] [--json]
                               [--engine local|azure] [--keep-index]

  --beir DIR          folder with corpus.jsonl, queries.jsonl, qrels/<split>.tsv
  --split NAME        qrels split (default: the only one in DIR/qrels, else "test")
  --with-guidelines   add the guideline knowledge base as distractors (only the dataset's own passages count as hits)
  --baseline          only plain BM25
  --json              only the full engine (or the baseline with --baseline), as one JSON object:
                      {"queries", "recall_at_1", "recall_at_5", "recall_at_10", "mrr_at_10", "ndcg_at_10"}
  --engine azure      run the queries through Azure AI Search (the production retriever) on a separate evaluation
                      index "<AZURE_SEARCH_INDEX>-eval-<hash8>", created and filled (embedded) by this command
  --keep-index        (azure) keep the evaluation index; a re-run then skips the upload. Default: deleted at the end
Without --json and --baseline, both engines run and print side by side.`,
  defaultRuns: [
    ['--beir', path.join(SHARED_EVAL, 'cpgqa-dev'), '--split', 'dev', '--with-guidelines'],
    ['--beir', path.join(SHARED_EVAL, 'pubmedqa'), '--split', 'test', '--with-guidelines'],
  ],
  async run(args) {
    const { values } = parseFlags(args, {
      beir: { type: 'string' },
      split: { type: 'string' },
      'with-guidelines': { type: 'boolean' },
      baseline: { type: 'boolean' },
      json: { type: 'boolean' },
      engine: { type: 'string' },
      'keep-index': { type: 'boolean' },
    });
    if (!values.beir) throw new UsageError('eval retrieval needs --beir DIR (a BEIR-layout dataset folder)');
    const beirDir = path.resolve(values.beir);
    const split = values.split ?? defaultSplit(beirDir);
    const engine = values.engine ?? 'local';
    if (engine !== 'local' && engine !== 'azure') throw new UsageError('--engine must be "local" or "azure"');
    if (engine === 'azure') {
      if (values.baseline)
        throw new UsageError('--baseline is the local BM25 engine; it does not combine with --engine azure');
      return runAzure(
        beirDir,
        split,
        Boolean(values['with-guidelines']),
        Boolean(values['keep-index']),
        Boolean(values.json),
      );
    }
    if (values['keep-index']) throw new UsageError('--keep-index applies to --engine azure only');
    const modes: RankingMode[] = values.baseline ? ['baseline'] : values.json ? ['full'] : ['baseline', 'full'];
    const config = loadConfig();
    const result = await evaluateBeir({
      beirDir,
      split,
      modes,
      distractorPaths: values['with-guidelines'] ? config.guidelinesPaths : undefined,
      distractorIndex: values['with-guidelines'] ? config.indexPath : undefined,
    });
    if (values.json) {
      process.stdout.write(JSON.stringify(result.results[0]!.metrics) + '\n');
    } else {
      const rows = result.results.map(({ mode, metrics }) => ({
        engine: mode === 'full' ? 'full' : 'baseline (BM25)',
        metrics,
      }));
      process.stdout.write(formatTable(localHead(result), rows) + '\n');
    }
    return 0;
  },
};

async function runAzure(
  beirDir: string,
  split: string,
  withGuidelines: boolean,
  keepIndex: boolean,
  json: boolean,
): Promise<number> {
  const config = loadConfig();
  // Loaded on demand: the Azure SDKs are only needed here.
  const { evaluateBeirOnAzure } = await import('../../retrieval/evaluate-azure.js');
  const r = await evaluateBeirOnAzure(config, {
    beirDir,
    split,
    withGuidelines,
    keepIndex,
    onNotice: (line) => process.stderr.write(`eval retrieval (azure): ${line}\n`),
  });
  if (json) {
    process.stdout.write(JSON.stringify(r.metrics) + '\n');
  } else {
    const head =
      `${r.dataset} (${r.split}) on Azure AI Search index "${r.index}" (${r.kept ? 'kept' : 'deleted'}): ` +
      `${r.metrics.queries} queries, ${r.passages} passages` +
      (r.distractorFiles ? ` + ${r.distractorFiles} guideline files as distractors` : '');
    process.stdout.write(formatTable(head, [{ engine: 'azure', metrics: r.metrics }]) + '\n');
  }
  return 0;
}

function defaultSplit(dir: string): string {
  const qrels = path.join(dir, 'qrels');
  const splits = fs.existsSync(qrels) ? fs.readdirSync(qrels).filter((f) => f.endsWith('.tsv')) : [];
  return splits.length === 1 ? splits[0]!.replace(/\.tsv$/, '') : 'test';
}

function localHead(r: BeirEvalResult): string {
  return (
    `${r.dataset} (${r.split}): ${r.results[0]?.metrics.queries ?? 0} queries, ${r.passages} passages` +
    (r.distractors ? ` + ${r.distractors} guideline distractors` : '')
  );
}

function formatTable(head: string, results: { engine: string; metrics: RetrievalMetrics }[]): string {
  const rows = [['engine', 'R@1', 'R@5', 'R@10', 'MRR@10', 'nDCG@10']];
  for (const { engine, metrics: m } of results) {
    rows.push([
      engine,
      ...[m.recall_at_1, m.recall_at_5, m.recall_at_10, m.mrr_at_10, m.ndcg_at_10].map((x) => x.toFixed(3)),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [head, line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join(
    '\n',
  );
}

/** Subcommands by name. Other areas add theirs here (answers, deid). */
export const subcommands: Record<string, EvalSubcommand> = { retrieval, answers, safety };

const command: CommandModule = {
  get usage() {
    const lines = ['Usage: curbside eval <subcommand> [options]', '', 'Subcommands:'];
    for (const [name, sub] of Object.entries(subcommands)) lines.push(`  ${name.padEnd(10)} ${sub.summary}`);
    lines.push(
      `  ${'all'.padEnd(10)} run every subcommand with its default arguments`,
      '',
      ...Object.values(subcommands).map((s) => s.usage),
    );
    return lines.join('\n');
  },
  async run(args) {
    const [name, ...rest] = args;
    if (name === 'all') {
      let code = 0;
      for (const [subName, sub] of Object.entries(subcommands)) {
        for (const runArgs of sub.defaultRuns ?? []) {
          process.stdout.write(`\n== eval ${subName} ${runArgs.join(' ')}\n`);
          code = Math.max(code, await sub.run(runArgs));
        }
      }
      return code;
    }
    const sub = name && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    const kinds = [...Object.keys(subcommands), 'all'].join(', ');
    if (!name) throw new UsageError(`eval needs a kind of evaluation: ${kinds}`);
    if (!sub) throw new UsageError(`unknown evaluation "${name}"; the kinds are: ${kinds}`);
    return sub.run(rest);
  },
};

export default command;
