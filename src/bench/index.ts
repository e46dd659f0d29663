// `npm run bench`: ingest and search performance of the local engine on the real guideline folders.
// Full ingest into a fresh temp index, re-ingest with nothing changed, index size, counts, and in-process search
// latency over realistic questions (eval-set questions and USMLE vignettes), plus peak RSS. Search latency is measured for the
// plain-BM25 baseline and the full engine in the same run, query by query alternately, so their ratio holds across machines
// and machine load even where the absolute milliseconds do not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPipeline } from '../answer/pipeline.js';
import { loadConfig } from '../config.js';
import { ingestPaths } from '../knowledge/ingest.js';
import { LocalRetriever } from '../retrieval/local.js';
import { PassageStore } from '../retrieval/store.js';
import { evalTexts } from './eval-texts.js';

/** Query sets: short guideline questions, research questions, and long case vignettes. */
function benchQuerySets(): { name: string; queries: string[] }[] {
  return [
    { name: 'cpgqa questions', queries: evalTexts('cpgqa-dev/queries.jsonl', 'text') },
    { name: 'pubmedqa questions', queries: evalTexts('pubmedqa/queries.jsonl', 'text') },
    { name: 'medqa vignettes', queries: evalTexts('medqa-us/test.jsonl', 'question') },
  ].filter((s) => s.queries.length > 0);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function fileBytes(file: string): number {
  return ['', '-wal'].reduce((sum, s) => sum + (fs.statSync(file + s, { throwIfNoEntry: false })?.size ?? 0), 0);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-bench-'));
  const indexFile = path.join(tmp, 'bench.sqlite');
  try {
    process.stderr.write(
      `bench: ingesting ${config.guidelinesPaths.join(', ')} into a fresh index (${os.availableParallelism()} cores)\n`,
    );
    const store = PassageStore.open(indexFile);
    const full = await ingestPaths(store, config.guidelinesPaths);
    const again = await ingestPaths(store, config.guidelinesPaths);
    const counts = store.counts();
    const size = fileBytes(indexFile);

    const retriever = new LocalRetriever(store, 'full');
    const baseline = new LocalRetriever(store, 'baseline');
    const sets = benchQuerySets();
    // Warm-up: page the index into the OS cache and prepare statements, as a running server would have.
    for (const q of sets.flatMap((s) => s.queries).slice(0, 50)) {
      retriever.searchSync(q, { top: 10 });
      baseline.searchSync(q, { top: 10 });
    }
    const latencyRows: string[][] = [
      [
        'query set',
        'queries',
        'baseline p50 / p95 / p99 ms',
        'full p50 / p95 / p99 ms',
        'full max ms',
        'full ÷ baseline p50',
        'full ÷ baseline p95',
      ],
    ];
    const all: number[] = [];
    const allBase: number[] = [];
    const timed = (engine: LocalRetriever, q: string) => {
      const t0 = performance.now();
      engine.searchSync(q, { top: 10 });
      return performance.now() - t0;
    };
    const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
    const addRow = (name: string, times: number[], base: number[]) => {
      const p = (xs: number[]) => [50, 95, 99].map((q) => percentile(xs, q).toFixed(2)).join(' / ');
      latencyRows.push([
        name,
        String(times.length),
        p(base),
        p(times),
        times.at(-1)!.toFixed(2),
        ratio(percentile(times, 50), percentile(base, 50)),
        ratio(percentile(times, 95), percentile(base, 95)),
      ]);
    };
    for (const set of sets) {
      const times: number[] = [];
      const base: number[] = [];
      // Alternating, so both engines see the same machine load.
      for (const q of set.queries) {
        base.push(timed(baseline, q));
        times.push(timed(retriever, q));
      }
      all.push(...times);
      allBase.push(...base);
      times.sort((a, b) => a - b);
      base.sort((a, b) => a - b);
      addRow(set.name, times, base);
    }
    all.sort((a, b) => a - b);
    allBase.sort((a, b) => a - b);
    addRow('all', all, allBase);

    // Whole answers in process (extractive): de-identification, red flags, units, applicability, composition. The
    // recommendation-unit index is built once per index (a server does it on its first question).
    const unitsStarted = performance.now();
    await retriever.recommendationUnits();
    const unitsBuildMs = performance.now() - unitsStarted;
    const pipeline = createPipeline({ config, retriever, model: null });
    const questions = [
      ...evalTexts('cases-dev/dev-a.jsonl', 'question'),
      ...evalTexts('cases-dev/dev-b.jsonl', 'question'),
    ];
    for (const q of questions.slice(0, 10)) await pipeline.answer({ question: q });
    const answerTimes: number[] = [];
    for (const q of questions) {
      const t0 = performance.now();
      await pipeline.answer({ question: q });
      answerTimes.push(performance.now() - t0);
    }
    answerTimes.sort((a, b) => a - b);
    store.close();

    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const rows = [
      ['metric', 'value', 'target'],
      [
        'full ingest (fresh index)',
        `${full.seconds.toFixed(1)} s (${full.added} files, ${full.failed.length} failed)`,
        '<= 90 s',
      ],
      ['re-ingest, nothing changed', `${again.seconds.toFixed(2)} s (${again.unchanged} unchanged)`, '<= 3 s'],
      ['index size', `${(size / 1024 / 1024).toFixed(1)} MB`, ''],
      [
        'documents / passages / recommendations',
        `${counts.documents} / ${counts.passages} / ${counts.recommendations}`,
        '',
      ],
      [
        'search p95 (all queries)',
        `${percentile(all, 95).toFixed(2)} ms over ${all.length} queries (plain BM25 baseline ${percentile(allBase, 95).toFixed(2)} ms: ${(percentile(all, 95) / percentile(allBase, 95)).toFixed(1)}×)`,
        '<= 15 ms',
      ],
      ['recommendation-unit index build (once)', `${(unitsBuildMs / 1000).toFixed(1)} s`, ''],
      [
        'answer p50 / p95 (in process, extractive)',
        `${percentile(answerTimes, 50).toFixed(1)} / ${percentile(answerTimes, 95).toFixed(1)} ms over ${answerTimes.length} case questions`,
        'p95 <= 150 ms',
      ],
      ['peak RSS', `${peakRssMb.toFixed(0)} MB`, ''],
    ];
    process.stdout.write(
      `${table(rows)}\n\nSearch latency (top 10, in-process; plain-BM25 baseline and full engine alternately, same run):\n${table(latencyRows)}\n`,
    );
    for (const f of full.failed) process.stderr.write(`bench: failed ${f.file}: ${f.reason}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
