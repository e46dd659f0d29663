// The server side of `npm run bench:load`: the real runtime and HTTP server (src/server.ts), plus what the load driver needs
// to see from inside the process: RSS and event-loop delay (perf_hooks). Started by src/bench/load.ts as a child process with
// an IPC channel; answers {type:'stats', reset?} with a sample. Not a production entry point.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import { loadConfig } from '../config.js';
import { createRuntime } from '../runtime.js';
import { installProcessGuards, startServer } from '../server.js';
import { ANSWER_POOL_SETTINGS, type ThreadMemory } from '../ops/answer-pool.js';
import type { AdmissionStats } from '../ops/admission.js';

export interface ServerSample {
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  /** Each answer thread's heap. */
  threads: ThreadMemory[];
  /** Event-loop delay since the last reset, ms. */
  loopP50: number;
  loopP99: number;
  loopMax: number;
  inFlight: number;
  /** CPU time this process has used (user + system), ms. */
  cpuMs: number;
  /** Turn failures the bot caught (state saves that failed, other application errors), since start. */
  failures: { stateWrite: number; other: number; busy: number };
  /** The answer bound: in flight, queued, refused. */
  admission: AdmissionStats;
  answerThreads: number;
}

async function main(): Promise<void> {
  installProcessGuards();
  // As `npm start` runs it: answers on the answer threads (CURBSIDE_LOAD_ANSWER_THREADS=0 keeps them on the main thread, to compare).
  const threads =
    process.env.CURBSIDE_LOAD_ANSWER_THREADS === undefined
      ? ANSWER_POOL_SETTINGS.threads
      : Number(process.env.CURBSIDE_LOAD_ANSWER_THREADS);
  const runtime = await createRuntime(loadConfig(), { retriever: { build: false }, answerThreads: threads });
  await runtime.ready;
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
  process.on('message', async (msg: { type?: string; reset?: boolean; snapshot?: string }) => {
    if (msg?.type !== 'stats') return;
    // Heap snapshots (CURBSIDE_LOAD_HEAP_SNAPSHOTS=folder at the end of a run): this thread's and each answer thread's.
    if (msg.snapshot) v8.writeHeapSnapshot(path.join(msg.snapshot, `main-${Date.now()}.heapsnapshot`));
    const threads = await runtime.threadMemory(msg.snapshot);
    const mem = process.memoryUsage();
    const sample: ServerSample = {
      rssMB: Math.round(mem.rss / 1024 / 1024),
      heapUsedMB: Math.round(mem.heapUsed / 1024 / 1024),
      heapTotalMB: Math.round(mem.heapTotal / 1024 / 1024),
      externalMB: Math.round(mem.external / 1024 / 1024),
      threads,
      loopP50: ms(loop.percentile(50)),
      loopP99: ms(loop.percentile(99)),
      loopMax: ms(loop.max),
      inFlight: server.guard.inFlight,
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      failures: { ...server.bot.failures },
      admission: runtime.pipeline.stats(),
      answerThreads: runtime.answerThreads(),
    };
    if (msg.reset) loop.reset();
    process.send?.({ type: 'stats', sample });
  });
  process.on('SIGTERM', () => {
    void server
      .close(10_000)
      .then(() => runtime.close())
      .then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', url: server.url, mode: runtime.pipeline.mode, engine: runtime.retriever.engine });
}

main().catch((err: unknown) => {
  process.stderr.write(`load-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
