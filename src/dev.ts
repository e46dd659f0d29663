// `npm run dev`: the bot plus the Microsoft 365 Agents Playground (a local Teams-like client) pointed at it. Ctrl-C stops both.
import { step } from './progress.js';
import { ConfigError, loadConfig } from './config.js';
import { startPlayground } from './teams/playground.js';
import { createRuntime } from './runtime.js';
import { ANSWER_POOL_SETTINGS } from './ops/answer-pool.js';
import { installProcessGuards, startServer, type CurbsideServer } from './server.js';

async function main(): Promise<void> {
  installProcessGuards();
  const config = loadConfig();
  // As `npm start`: answers on the answer threads, so a slow turn never holds up the Playground's other traffic.
  const runtime = await createRuntime(config, { warmUp: true, answerThreads: ANSWER_POOL_SETTINGS.threads });
  let server: CurbsideServer;
  try {
    server = await startServer(runtime);
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    process.stderr.write(`Port ${config.port} is taken; the bot uses a free port instead.\n`);
    server = await startServer(runtime, { port: 0 });
  }
  // The index (built on a first start, with its own progress) and the answer threads with their recommendation units:
  // waited for here, or the first question in the Playground would wait for them.
  await step('Starting the answer threads', () => runtime.ready);
  const playground = await step('Starting the Agents Playground', () =>
    startPlayground(server.url, config.playgroundPort),
  );
  process.stderr.write(
    [
      '',
      `  Curbside bot:       ${server.url}/api/messages  (${runtime.pipeline.mode} answers, ${runtime.retriever.engine} index)`,
      `  Agents Playground:  http://localhost:${playground.port}   <- open this in a browser and ask a case question`,
      '  Ctrl-C stops both.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the Playground and the bot...\n`);
    playground.child.removeAllListeners('exit');
    const exited = new Promise<void>((resolve) => playground.child.once('exit', () => resolve()));
    playground.child.kill('SIGTERM');
    const timer = setTimeout(() => playground.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    await server.close();
    await runtime.close();
    process.exit(0);
  };
  playground.child.removeAllListeners('exit');
  playground.child.once('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`Agents Playground exited (code ${code}); stopping.\n`);
    void stop('playground exit');
  });
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const message =
    err instanceof ConfigError
      ? `Configuration error: ${err.message}`
      : err instanceof Error
        ? err.message
        : String(err);
  process.stderr.write(`curbside dev: ${message}\n`);
  process.exit(1);
});
