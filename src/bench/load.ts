// `npm run bench:load [-- --users 50 --seconds 60 --model instant|slow|both --slow-ms 2000 --rate 50 --soak --json
//                        --client http|playground --questions medqa|cases]`
// N simulated Teams users send MedQA case vignettes (../shared/eval/medqa-us/test.jsonl) to the real server over HTTP as Bot
// Framework activities with deliveryMode expectReplies, each user waiting for its reply before asking again. The model is the
// loopback fake Azure OpenAI server (test/support/fake-azure-openai.ts), answering at once or after --slow-ms. Reports
// throughput, turn latency percentiles, errors, server RSS and event-loop delay. Loopback only; stops by itself. Turns sent
// during the measured window count however long they take; throughput = those turns / (last reply - window start).
// --rate N: open loop, N turns per second on a schedule (round-robin over the users), to test a throughput target's latency.
// --soak runs 10 minutes and reports RSS growth (MB/min over the second half). Default index: CURBSIDE_INDEX or data/index.sqlite.
// --questions cases: the answer evaluation's case questions (test/answer/cases.json), which the guidelines cover, so nearly
// every turn goes to the model; MedQA exam vignettes mostly fall outside the guideline library and are declined early.
// --client api: each user POSTs /api/ask (the HTTP API door) instead; `--client api --users 200` is the burst of 200
// concurrent requests of issue #15 item 5. Throughout every run a probe GETs /healthz every HEALTH_PROBE_MS (its p99 is the
// liveness figure). Errors, by kind: HTTP status (429/503/500), no reply, apology, busy, warming up, network, and the
// server's failed state saves (a turn whose history was lost although its reply went out).
// --client playground: each user is an Agents Playground (the real Teams-like client, one process per user, default 4 users)
// asking in its personal chat over the Playground's HTTP API and waiting on its WebSocket for the final streamed message.
// Teams streaming paces updates (~1.5 s per send, see shared/docs/stack-notes.md), so these latencies include that pacing.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { loadConfig, REPO_ROOT } from '../config.js';
import { loadAnswerCases } from '../eval/answers-eval.js';
import { Playground } from '../teams/playground.js';
import { evalTexts } from './eval-texts.js';
import type { ServerSample } from './load-server.js';
import { BUSY_MESSAGE, WARMING_MESSAGE } from '../ops/admission.js';

interface Options {
  users: number;
  seconds: number;
  warmupSeconds: number;
  models: ('instant' | 'slow')[];
  slowMs: number;
  soak: boolean;
  json: boolean;
  /** Open loop: send this many turns per second whatever the replies (round-robin over the users); null = closed loop. */
  rate: number | null;
  client: 'http' | 'playground' | 'api';
  questions: 'medqa' | 'cases';
}

function parseOptions(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const soak = argv.includes('--soak');
  const client = get('client') ?? 'http';
  if (client !== 'http' && client !== 'playground' && client !== 'api')
    throw new Error('--client must be http, api or playground');
  const questions = get('questions') ?? 'medqa';
  if (questions !== 'medqa' && questions !== 'cases') throw new Error('--questions must be medqa or cases');
  const model = get('model') ?? 'both';
  if (!['instant', 'slow', 'both'].includes(model)) throw new Error('--model must be instant, slow or both');
  const num = (name: string, fallback: number) => {
    const v = get(name);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    users: Math.round(num('users', client === 'playground' ? 4 : 50)),
    seconds: num('seconds', soak ? 600 : 30),
    warmupSeconds: num('warmup', 3),
    models: model === 'both' ? ['instant', 'slow'] : [model as 'instant' | 'slow'],
    slowMs: num('slow-ms', 2000),
    soak,
    json: argv.includes('--json'),
    rate: get('rate') === undefined ? null : num('rate', 50),
    client,
    questions,
  };
}

/**
 * The load server as `npm start` runs: package.json's start flags (the heap budget) and the compiled dist/ when it is
 * current (bin/launch.js decides, as for `npm start`), else the sources through tsx, which costs CPU and memory.
 */
async function loadServerEntry(): Promise<{ file: string; flags: string[]; runs: 'dist' | 'tsx' }> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const words = pkg.scripts.start.split(/\s+/);
  const flags = words.slice(words.indexOf('node') + 1, -1).filter((w) => w.startsWith('--'));
  const launcher = (await import(pathToFileURL(path.join(REPO_ROOT, 'bin', 'launch.js')).href)) as {
    distProblem: (entry: string) => string | null;
  };
  if (launcher.distProblem('bench/load-server') === null)
    return { file: path.join(REPO_ROOT, 'dist', 'bench', 'load-server.js'), flags, runs: 'dist' };
  return {
    file: path.join(REPO_ROOT, 'src', 'bench', 'load-server.ts'),
    flags: [...flags, '--import', 'tsx'],
    runs: 'tsx',
  };
}

/** How often the liveness probe GETs /healthz during a run. */
const HEALTH_PROBE_MS = 100;

/** GETs the URL every `everyMs` until told to stop, then posts each request's latency (Infinity when not 200). */
const LIVENESS_PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const times = [];
let stop = false;
parentPort.once('message', () => { stop = true; });
(async () => {
  while (!stop) {
    const t0 = performance.now();
    const res = await fetch(workerData.url).catch(() => null);
    await res?.arrayBuffer().catch(() => undefined);
    times.push(res?.status === 200 ? performance.now() - t0 : Infinity);
    await new Promise((r) => setTimeout(r, workerData.everyMs));
  }
  parentPort.postMessage(times);
})();
`;

function questionsFor(set: Options['questions']): string[] {
  if (set === 'cases') return loadAnswerCases().cases.map((c) => c.question);
  return evalTexts('medqa-us/test.jsonl', 'question').filter((q) => q.length > 0 && q.length < 4000);
}

/** The slice of test/support/fake-azure-openai.ts this benchmark uses (typed here: the build's rootDir is src). */
type StartFake = (options: {
  respond: (req: { body: { messages?: { content?: unknown }[] } | null }) => { delayMs?: number; content?: string };
}) => Promise<{ endpoint: string; close(): Promise<void> }>;

/** What a reply says when it is not an answer: the apology of a failed turn, or the busy / warming-up message. */
function replyFailure(texts: string[]): string | null {
  if (texts.some((t) => /could not answer that \(ref/.test(t))) return 'apology';
  if (texts.some((t) => t === BUSY_MESSAGE)) return 'busy';
  if (texts.some((t) => t === WARMING_MESSAGE)) return 'warming up';
  return null;
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

interface RunResult {
  model: string;
  users: number;
  seconds: number;
  turns: number;
  /** Turns sent per second in the measured window (open loop: the schedule; closed loop: what the users managed to send). */
  offeredPerSecond: number;
  /** Turns answered without error per second. */
  servedPerSecond: number;
  /** /healthz latency during the run, ms. */
  healthP50: number;
  healthP99: number;
  healthMax: number;
  answerThreads: number;
  errors: number;
  /** Errors by kind: HTTP status, no reply, apology, network. */
  errorKinds: Record<string, number>;
  turnsPerSecond: number;
  /** Share of turns that asked the model for a grounded answer, %. */
  modelShare: number;
  /** Server CPU time (user + system) over the measured window, per turn, ms. */
  cpuMsPerTurn: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rssStartMB: number;
  rssEndMB: number;
  rssMaxMB: number;
  /** RSS slope over the second half of the run, MB per minute (soak). */
  rssGrowthMBPerMin: number;
  loopP50: number;
  loopP99: number;
  loopMax: number;
  serverMode: string;
  engine: string;
}

function ask(child: ChildProcess, reset = false, snapshot?: string): Promise<ServerSample> {
  return new Promise((resolve) => {
    const onMessage = (msg: { type?: string; sample?: ServerSample }) => {
      if (msg?.type !== 'stats' || !msg.sample) return;
      child.off('message', onMessage);
      resolve(msg.sample);
    };
    child.on('message', onMessage);
    child.send({ type: 'stats', reset, snapshot });
  });
}

/** Least-squares slope of (t, y) in y-units per minute. */
function slopePerMinute(points: { t: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}

async function run(options: Options, model: 'instant' | 'slow', questions: string[]): Promise<RunResult> {
  // The loopback fake model lives with the tests; loaded by path so the production build (rootDir src) does not include it.
  const fakeModule = pathToFileURL(path.join(REPO_ROOT, 'test', 'support', 'fake-azure-openai.ts')).href;
  const { startFakeAzureOpenAI } = (await import(fakeModule)) as { startFakeAzureOpenAI: StartFake };
  const delayMs = model === 'slow' ? options.slowMs : 0;
  // Grounded answers the model was asked for in the measured window: the other turns were answered without it (a
  // question the guidelines do not cover is declined before any model call, and most MedQA vignettes are such).
  let measuring = false;
  let modelAnswers = 0;
  const fake = await startFakeAzureOpenAI({
    respond: (req) => {
      if (!String(req.body?.messages?.[0]?.content ?? '').includes('numbered guideline passages'))
        return { delayMs, content: 'What does the guideline say about monitoring?' };
      if (measuring) modelAnswers++;
      return {
        delayMs,
        content: 'The cited guideline passage addresses this case [1]. Apply it with the case details above [1].',
      };
    },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-load-'));
  const config = loadConfig();
  const server = await loadServerEntry();
  process.stderr.write(`load: server from ${server.runs} (${path.relative(REPO_ROOT, server.file)})\n`);
  const child = fork(server.file, [], {
    // The flags `npm start` gives node (the heap budget), plus CURBSIDE_LOAD_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
    execArgv: [...server.flags, ...(process.env.CURBSIDE_LOAD_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])],
    env: {
      ...process.env,
      CURBSIDE_INDEX: config.indexPath,
      CURBSIDE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      AZURE_OPENAI_ENDPOINT: fake.endpoint,
      AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
      AZURE_OPENAI_API_KEY: 'bench-key',
      AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-bench',
      AZURE_OPENAI_TIMEOUT_MS: String(options.slowMs + 10_000),
      // Each simulated user asks back to back: the limits would (rightly) throttle that; this measures capacity.
      CURBSIDE_BOT_USER_PER_MINUTE: '1000000',
      CURBSIDE_BOT_USER_BURST: '1000000',
      CURBSIDE_BOT_CONVERSATION_PER_MINUTE: '1000000',
      CURBSIDE_BOT_CONVERSATION_BURST: '1000000',
      CURBSIDE_RATE_LIMIT_PER_MINUTE: '1000000',
      CURBSIDE_RATE_LIMIT_BURST: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; mode: string; engine: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`load server exited (${code}) before it was ready`)));
    child.on('message', (msg: { type?: string; url?: string; mode?: string; engine?: string }) => {
      if (msg?.type === 'ready') resolve({ url: msg.url!, mode: msg.mode!, engine: msg.engine! });
    });
  });

  // Started before the clock: a Playground takes a few seconds to come up.
  const playgrounds =
    options.client === 'playground'
      ? await Promise.all(Array.from({ length: options.users }, () => Playground.start(ready.url)))
      : [];

  const latencies: number[] = [];
  let errors = 0;
  let failedTurns = 0;
  const errorKinds: Record<string, number> = {};
  let next = 0;
  const started = Date.now();
  const measureFrom = started + options.warmupSeconds * 1000;
  const stopAt = measureFrom + options.seconds * 1000;
  let lastDone = measureFrom;
  const rss: { t: number; y: number }[] = [];

  /** One turn through user u's Agents Playground: resolves with a failure kind, or null. */
  const playgroundTurn = async (u: number, question: string): Promise<string | null> => {
    const playground = playgrounds[u]!;
    const from = playground.events.length;
    await playground.send(question);
    const final = await playground.finalMessage(from).catch(() => null);
    if (!final) return 'no final message';
    return replyFailure([final.text ?? '']);
  };

  const turnsOf = new Map<number, number>();
  const httpTurn = async (u: number, question: string): Promise<string | null> => {
    const from = { id: `29:load-user-${u}`, aadObjectId: `00000000-0000-4000-8000-${String(u).padStart(12, '0')}` };
    const conversation = { id: `a:load-conv-${u}`, conversationType: 'personal', tenantId: 'load-tenant' };
    const turn = turnsOf.get(u) ?? 0;
    turnsOf.set(u, turn + 1);
    const activity = {
      type: 'message',
      id: `load-${u}-${turn}`,
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      deliveryMode: 'expectReplies',
      from,
      recipient: { id: '28:curbside-bot' },
      conversation,
      text: question,
      locale: 'en-US',
    };
    const res = await fetch(`${ready.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const body = (await res.json()) as { activities?: { type: string; text?: string }[] };
    const texts = (body.activities ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text!);
    if (res.status !== 200) return `HTTP ${res.status}`;
    if (texts.length === 0) return 'no reply';
    return replyFailure(texts);
  };

  const apiTurn = async (_u: number, question: string): Promise<string | null> => {
    const res = await fetch(`${ready.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    const body = (await res.json().catch(() => null)) as { answer?: string } | null;
    if (res.status !== 200) return `HTTP ${res.status}${res.headers.get('retry-after') ? ' (Retry-After)' : ''}`;
    return body?.answer ? null : 'no reply';
  };

  const sendTurn = async (u: number) => {
    const question = questions[next++ % questions.length]!;
    const sentAt = Date.now();
    const t0 = performance.now();
    let failure: string | null;
    try {
      failure = await (options.client === 'playground'
        ? playgroundTurn(u, question)
        : options.client === 'api'
          ? apiTurn(u, question)
          : httpTurn(u, question));
    } catch (err) {
      failure = `network: ${(err as Error)?.cause ? String(((err as Error).cause as Error).message ?? '') : (err as Error)?.message}`;
    }
    // Turns sent during the measured window count, however long they take to finish.
    if (sentAt >= measureFrom && sentAt < stopAt) {
      latencies.push(performance.now() - t0);
      if (failure) {
        errors++;
        failedTurns++;
        errorKinds[failure] = (errorKinds[failure] ?? 0) + 1;
      }
      lastDone = Math.max(lastDone, Date.now());
    }
  };

  // RSS read from /proc by this process, so a busy server cannot delay the samples; event-loop delay from inside the server.
  const rssOf = (pid: number) => {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  };
  let usersDone = false;
  let startCpuMs = 0;
  let startFailures = { stateWrite: 0, other: 0 };
  const health: number[] = [];
  // The probe runs on a thread of its own, as a kubelet probes from outside: the 200 users' replies this process parses
  // would otherwise delay the probe's own timing.
  const prober = (async () => {
    await sleep(Math.max(0, measureFrom - Date.now()));
    const probe = new Worker(LIVENESS_PROBE, {
      eval: true,
      workerData: { url: `${ready.url}/healthz`, everyMs: HEALTH_PROBE_MS },
    });
    while (!usersDone) await sleep(50);
    probe.postMessage('stop');
    health.push(...((await once(probe, 'message'))[0] as number[]));
    await probe.terminate();
  })();
  const sampler = (async () => {
    await sleep(Math.max(0, measureFrom - Date.now()));
    measuring = true;
    const first = await ask(child, true);
    startCpuMs = first.cpuMs;
    startFailures = first.failures;
    while (!usersDone) {
      rss.push({ t: Date.now(), y: rssOf(child.pid!) });
      await sleep(2000);
    }
  })();

  // Closed loop: each user asks again as soon as it has its reply. Open loop (--rate): turns arrive on a fixed schedule.
  const user = async (u: number) => {
    while (Date.now() < stopAt) await sendTurn(u);
  };
  const openLoop = async (rate: number) => {
    const pending: Promise<void>[] = [];
    for (let i = 0; ; i++) {
      const due = started + (i * 1000) / rate;
      if (due >= stopAt) break;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      pending.push(sendTurn(i % options.users));
    }
    await Promise.all(pending);
  };
  await (options.rate ? openLoop(options.rate) : Promise.all(Array.from({ length: options.users }, (_, u) => user(u))));
  usersDone = true;
  await sampler;
  await prober;
  const final = await ask(child, false, process.env.CURBSIDE_LOAD_HEAP_SNAPSHOTS || undefined);
  // Where the RSS goes: each thread's V8 heap (the rest is code, SQLite page caches, malloc, thread stacks).
  process.stderr.write(
    `load: heap MB used/total (external): main ${final.heapUsedMB}/${final.heapTotalMB} (${final.externalMB})${final.threads
      .map((t, i) => `, answer thread ${i + 1} ${t.heapUsedMB}/${t.heapTotalMB} (${t.externalMB})`)
      .join('')}; RSS ${final.rssMB}\n`,
  );
  // Failed state saves are errors too: the reply went out but the turn's history was lost.
  const stateWrites = final.failures.stateWrite - startFailures.stateWrite;
  const otherFailures = final.failures.other - startFailures.other;
  if (stateWrites > 0) errorKinds['state write failed'] = stateWrites;
  if (otherFailures > 0) errorKinds['application error'] = otherFailures;
  errors += stateWrites + otherFailures;
  const elapsed = (lastDone - measureFrom) / 1000;
  await Promise.all(playgrounds.map((p) => p.close()));
  child.kill('SIGTERM');
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await fake.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const sorted = latencies.sort((a, b) => a - b);
  const healthSorted = health.sort((a, b) => a - b);
  const window = options.seconds;
  const secondHalf = rss.filter((p) => p.t >= measureFrom + (lastDone - measureFrom) / 2);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    model: `${model === 'slow' ? `fake, ${options.slowMs} ms` : 'fake, instant'}${options.rate ? `, open loop ${options.rate}/s` : ''}${options.client === 'playground' ? ', via Agents Playground' : options.client === 'api' ? ', via /api/ask' : ''}${options.questions === 'cases' ? ', covered case questions' : ''}`,
    users: options.users,
    seconds: round(elapsed),
    turns: latencies.length,
    offeredPerSecond: round(latencies.length / window),
    servedPerSecond: round((latencies.length - failedTurns) / elapsed),
    healthP50: round(percentile(healthSorted, 0.5)),
    healthP99: round(percentile(healthSorted, 0.99)),
    healthMax: round(healthSorted[healthSorted.length - 1] ?? NaN),
    answerThreads: final.answerThreads,
    errors,
    errorKinds,
    turnsPerSecond: round(latencies.length / elapsed),
    modelShare: Math.round((100 * modelAnswers) / Math.max(1, latencies.length)),
    cpuMsPerTurn: round((final.cpuMs - startCpuMs) / Math.max(1, latencies.length)),
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    rssStartMB: rss[0]?.y ?? final.rssMB,
    rssEndMB: rss[rss.length - 1]?.y ?? final.rssMB,
    rssMaxMB: Math.max(final.rssMB, ...rss.map((p) => p.y)),
    rssGrowthMBPerMin: round(slopePerMinute(secondHalf)),
    loopP50: final.loopP50,
    loopP99: final.loopP99,
    loopMax: final.loopMax,
    serverMode: ready.mode,
    engine: ready.engine,
  };
}

const HEADER = [
  '| model | users | answer threads | s | turns | offered/s | served/s | model answers | server CPU ms/turn | p50 ms | p95 ms | p99 ms | max ms | errors (by kind) | /healthz p50/p99/max ms | RSS start→end (max) MB | RSS growth MB/min | loop delay p50/p99/max ms |',
  `|${'---|'.repeat(18)}`,
].join('\n');

function row(r: RunResult): string {
  const kinds = Object.entries(r.errorKinds)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  return `| ${r.model} | ${r.users} | ${r.answerThreads} | ${r.seconds} | ${r.turns} | ${r.offeredPerSecond} | ${r.servedPerSecond} | ${r.modelShare}% | ${r.cpuMsPerTurn} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.errors}${kinds ? ` (${kinds})` : ''} | ${r.healthP50}/${r.healthP99}/${r.healthMax} | ${r.rssStartMB}→${r.rssEndMB} (${r.rssMaxMB}) | ${r.rssGrowthMBPerMin} | ${r.loopP50}/${r.loopP99}/${r.loopMax} |`;
}

const USAGE = `Usage: npm run bench:load [-- --users N --seconds S --warmup S --model instant|slow|both --slow-ms MS --rate N --soak
                              --json --client http|api|playground --questions medqa|cases]
Starts the real server on loopback with a fake model and measures turns under load (see the header of src/bench/load.ts).
`;

async function main(): Promise<void> {
  // --help only prints: a run takes minutes and a whole machine.
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  const questions = questionsFor(options.questions);
  const results: RunResult[] = [];
  if (!options.json) process.stdout.write(`${HEADER}\n`);
  for (const model of options.models) {
    process.stderr.write(
      `load: ${options.users} users, ${options.seconds} s (+${options.warmupSeconds} s warm-up), model ${model}…\n`,
    );
    const result = await run(options, model, questions);
    results.push(result);
    // Each row as soon as its run ends, so a later failure does not lose it.
    if (!options.json) process.stdout.write(`${row(result)}\n`);
    if (result.errors > 0) process.stderr.write(`load: errors by kind: ${JSON.stringify(result.errorKinds)}\n`);
  }
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg(), results }, null, 2)}\n`,
    );
    return;
  }
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  process.stdout.write(
    `\n${os.cpus().length} CPUs, Node ${process.version}, ${results[0]?.engine ?? ''} index, answers in ${results[0]?.serverMode ?? ''} mode; machine load average 1/5/15 min at the end: ${load}.\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:load: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
