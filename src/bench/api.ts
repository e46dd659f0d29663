// `node --import tsx src/bench/api.ts [N]`: latency of the HTTP API and MCP-over-HTTP doors on loopback against the
// configured index (CURBSIDE_INDEX), next to the same work done in-process, so the doors' own cost is visible.
// Search queries: cpgQA questions; case questions: MedQA vignettes (long, realistic text). Answers are extractive unless
// AZURE_OPENAI_* is set. The rate limiter is set high so it does not throttle the benchmark itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadConfig } from '../config.js';
import { createRuntime } from '../runtime.js';
import { mountApi } from '../api/http.js';
import { auditPath, openAuditStore } from '../ops/audit.js';
import { createRateLimiter } from '../ops/rate-limit.js';
import { evalTexts } from './eval-texts.js';

function stats(ms: number[]): { n: number; p50: number; p95: number; mean: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: ms.length, p50: at(0.5), p95: at(0.95), mean: ms.reduce((s, x) => s + x, 0) / Math.max(1, ms.length) };
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-bench-api-'));
  const config = loadConfig({
    ...process.env,
    CURBSIDE_DATA_DIR: dataDir,
    CURBSIDE_MCP_HTTP: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  if (!fs.existsSync(config.indexPath))
    throw new Error(`No index at ${config.indexPath}: run \`npx curbside ingest\` or set CURBSIDE_INDEX`);
  const runtime = await createRuntime(config);
  const audit = openAuditStore(auditPath(dataDir));
  const server = restify.createServer({ name: 'curbside-bench' });
  mountApi(server, runtime, { audit, limiter: createRateLimiter({ perMinute: 1e9, burst: 1e9 }) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const searches = evalTexts('cpgqa-dev/queries.jsonl', 'text').slice(0, n);
  const cases = evalTexts('medqa-us/test.jsonl', 'question').slice(0, Math.max(10, Math.floor(n / 4)));
  // Long vignettes exceed the API's question limit; clinicians' messages are shorter. Keep the case text.
  const caseText = (q: string) => q.slice(0, 3900);

  const rows: [string, ReturnType<typeof stats>][] = [];
  const run = async (label: string, items: string[], call: (q: string) => Promise<unknown>) => {
    for (const q of items.slice(0, 5)) await call(q); // warm-up
    const ms: number[] = [];
    for (const q of items) ms.push(await timed(() => call(q)));
    rows.push([label, stats(ms)]);
    process.stderr.write(`${label}: ${ms.length} calls, p50 ${stats(ms).p50.toFixed(1)} ms\n`);
  };

  await run('search, in-process', searches, (q) => runtime.retriever.search(q, { top: 8 }));
  await run('GET /api/search', searches, async (q) => {
    const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q.slice(0, 500))}&top=8`);
    if (res.status !== 200) throw new Error(`search ${res.status}`);
    await res.json();
  });
  const mcp = new Client({ name: 'bench', version: '1.0.0' });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  await run('MCP search_guidelines (HTTP)', searches, async (q) => {
    const r = await mcp.callTool({ name: 'search_guidelines', arguments: { query: q.slice(0, 500), top: 8 } });
    if (r.isError) throw new Error('mcp search failed');
  });
  await run(`answer, in-process (${runtime.pipeline.mode})`, cases, (q) =>
    runtime.pipeline.answer({ question: caseText(q) }),
  );
  await run('POST /api/ask', cases, async (q) => {
    const res = await fetch(`${base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: caseText(q) }),
    });
    if (res.status !== 200) throw new Error(`ask ${res.status}`);
    await res.json();
  });
  await run('MCP answer_case_question (HTTP)', cases, async (q) => {
    const r = await mcp.callTool({ name: 'answer_case_question', arguments: { question: caseText(q) } });
    if (r.isError) throw new Error('mcp ask failed');
  });
  await mcp.close();

  const audited = audit.recent(1_000_000).length;
  process.stdout.write(
    `index: ${config.indexPath} (${(await runtime.retriever.listGuidelines()).length} guidelines), Node ${process.version}, ${os.cpus().length} cores\n\n`,
  );
  process.stdout.write('| path | calls | p50 ms | p95 ms | mean ms |\n|---|---|---|---|---|\n');
  for (const [label, s] of rows)
    process.stdout.write(`| ${label} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.mean.toFixed(1)} |\n`);
  process.stdout.write(`\naudit records written: ${audited}\n`);

  await new Promise<void>((resolve) => server.close(() => resolve()));
  audit.close();
  await runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
