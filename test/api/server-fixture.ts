// A real Curbside runtime (a test guideline index, extractive answers) behind a real restify server on a loopback port,
// with the API mounted exactly as the bot server mounts it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import { mountApi, type MountApiOptions } from '../../src/api/http.js';
import { auditPath, openAuditStore, type AuditStore } from '../../src/ops/audit.js';

export interface ApiServer {
  url: string;
  /** Port, for connecting through another interface. */
  port: number;
  runtime: Runtime;
  audit: AuditStore;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestIndex {
  indexPath: string;
  kbDir: string;
}

/** Environment for a runtime over the test index: no model configured, so answers are extractive and repeatable. */
export function testEnv(index: TestIndex, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CURBSIDE_INDEX: index.indexPath,
    CURBSIDE_GUIDELINES: index.kbDir,
    CURBSIDE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

export async function startApiServer(
  index: TestIndex,
  options: {
    env?: Record<string, string>;
    host?: string;
    bodyParser?: boolean;
    mount?: Omit<MountApiOptions, 'audit'>;
    /** e.g. the Azure credential the de-identification service pass uses. */
    runtime?: RuntimeOptions;
  } = {},
): Promise<ApiServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-api-'));
  const config = loadConfig(testEnv(index, dataDir, options.env));
  const runtime = await createRuntime(config, options.runtime);
  const audit = openAuditStore(auditPath(dataDir));
  const server = restify.createServer({ name: 'curbside-test' });
  if (options.bodyParser) server.use(restify.plugins.bodyParser());
  mountApi(server, runtime, { ...options.mount, audit });
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    runtime,
    audit,
    dataDir,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      audit.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every byte the audit database holds on disk (main file and WAL), to prove no question text was stored. */
export function auditBytes(dataDir: string): string {
  const file = auditPath(dataDir);
  return [file, `${file}-wal`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('\n');
}
