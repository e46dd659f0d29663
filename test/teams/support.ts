// Shared pieces of the bot tests: a real runtime over the test guideline index behind the real bot server on a loopback port,
// and (from src/teams/playground.ts) the driver for the real Microsoft 365 Agents Playground.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type CurbsideServer } from '../../src/server.js';
export { Playground, type PlaygroundCitation, type PlaygroundEvent, type PlaygroundMessage, type TestConfig } from '../../src/teams/playground.js';
import type { BotOptions } from '../../src/teams/bot.js';

export interface TestBot {
  runtime: Runtime;
  server: CurbsideServer;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestBot(env: Record<string, string> = {}, bot: BotOptions = {}): Promise<TestBot> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-bot-'));
  const config = loadConfig({
    CURBSIDE_INDEX: inject('guidelineIndex'),
    CURBSIDE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    // These tests send many turns from one user in seconds; the rate limits have their own tests (test/ops).
    CURBSIDE_BOT_USER_BURST: '200',
    CURBSIDE_BOT_CONVERSATION_BURST: '200',
    ...env,
  });
  const runtime = await createRuntime(config, { retriever: { build: false } });
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1', bot });
  return {
    runtime,
    server,
    dataDir,
    async close() {
      await server.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
