// `npm start`: the bot alone on $PORT (default 3978), with the embedded local index (built with progress on first start).
import { assertExposureAllowed, ConfigError, loadConfig } from './config.js';
import { log } from './log.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before the server's packages load or the index is opened: a refused start takes a fraction of a second, not seconds.
  assertExposureAllowed(config);
  const [{ createRuntime }, { ANSWER_POOL_SETTINGS }, { installProcessGuards, startServer, startupLine }] =
    await Promise.all([import('./runtime.js'), import('./ops/answer-pool.js'), import('./server.js')]);
  installProcessGuards();
  // Listen at once: with no index (or a damaged one) the server answers "warming up" while it is built; answers are computed
  // on the answer threads, off the event loop that serves HTTP and the health probes.
  const runtime = await createRuntime(config, { warmUp: true, answerThreads: ANSWER_POOL_SETTINGS.threads });
  const server = await startServer(runtime);
  process.stderr.write(`${startupLine(server, runtime)}\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await server.close();
    await runtime.close();
    // Logs are written asynchronously: flush them, or the last turn's lines are lost with the process.
    await new Promise<void>((resolve) => log.flush(() => resolve()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const code = (err as { code?: string })?.code;
  const message =
    err instanceof ConfigError
      ? `Configuration error: ${err.message}`
      : code === 'EADDRINUSE'
        ? `port ${process.env.PORT ?? 3978} is already in use; set PORT to a free port (PORT=0 picks one)`
        : err instanceof Error
          ? err.message
          : String(err);
  process.stderr.write(`curbside: ${message}\n`);
  process.exit(1);
});
