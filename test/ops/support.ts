// Shared pieces of the operations tests: the real bot server over a generated guideline index, a loopback stand-in for the
// Bot Framework's OpenID metadata + signing keys (tokens signed with a locally generated RSA key), and an activity builder.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import type { Storage } from 'botbuilder';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type CurbsideServer } from '../../src/server.js';
import { auditPath, openAuditStore, type AuditRecord } from '../../src/ops/audit.js';
import { buildTestIndex } from '../api/kb-fixture.js';
import { startOpenIdIssuer } from '../support/openid-issuer.js';

export const BOT_ISSUER = 'https://api.botframework.com';

export interface TestIndexHandle {
  indexPath: string;
  kbDir: string;
  cleanup(): void;
}

export { buildTestIndex };

export interface OpsBot {
  runtime: Runtime;
  server: CurbsideServer;
  dataDir: string;
  /** Audit rows written so far, newest first. */
  audit(): AuditRecord[];
  close(): Promise<void>;
}

export async function startOpsBot(
  index: { indexPath: string; kbDir: string },
  env: Record<string, string> = {},
  storage?: Storage,
): Promise<OpsBot> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-ops-'));
  const config = loadConfig({
    CURBSIDE_INDEX: index.indexPath,
    CURBSIDE_GUIDELINES: index.kbDir,
    CURBSIDE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...env,
  });
  const runtime = await createRuntime(config, { retriever: { build: false } });
  const server = await startServer(runtime, {
    port: 0,
    host: '127.0.0.1',
    bot: storage ? { storage, streamIntervalMs: 100 } : { streamIntervalMs: 100 },
  });
  return {
    runtime,
    server,
    dataDir,
    audit() {
      const store = openAuditStore(auditPath(dataDir));
      try {
        return store.recent(1000);
      } finally {
        store.close();
      }
    },
    async close() {
      await server.close(5_000);
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A Teams-shaped message activity; `deliveryMode: expectReplies` unless overridden, so replies come back in the response. */
export function message(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    type: 'message',
    id: `in-${counter}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    deliveryMode: 'expectReplies',
    from: { id: `29:user-${counter}`, aadObjectId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}` },
    recipient: { id: '28:curbside-bot', name: 'Curbside' },
    conversation: { id: `a:conv-${counter}`, conversationType: 'personal', tenantId: 'tenant-a' },
    channelData: { tenant: { id: 'tenant-a' } },
    text,
    textFormat: 'plain',
    locale: 'en-US',
    ...overrides,
  };
}

export interface Replies {
  status: number;
  body: unknown;
  /** Reply activities (expectReplies). */
  activities: { type: string; text?: string; entities?: Record<string, unknown>[]; attachments?: unknown[] }[];
  /** Texts of the message replies, joined. */
  text: string;
}

export async function post(url: string, activity: unknown, headers: Record<string, string> = {}): Promise<Replies> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const raw = await res.text();
  let body: unknown = raw;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    // not JSON
  }
  const activities = ((body as { activities?: Replies['activities'] } | null)?.activities ??
    []) as Replies['activities'];
  const text = activities
    .filter((a) => a.type === 'message')
    .map((a) => a.text ?? '')
    .join('\n');
  return { status: res.status, body, activities, text };
}

/** Bot Framework channel stand-in: OpenID metadata and JWKS over loopback HTTP, tokens signed like the real channel's. */
export interface BotFrameworkIssuer {
  metadataUrl: string;
  fetches: number;
  token(
    claims: JWTPayload,
    options?: {
      issuer?: string;
      audience?: string;
      expiresIn?: string | number;
      foreignKey?: boolean;
      serviceUrl?: string;
    },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startBotFrameworkIssuer(): Promise<BotFrameworkIssuer> {
  const state = { fetches: 0 };
  const issuer = await startOpenIdIssuer({
    kid: 'bf-test-key',
    jwkFields: { use: 'sig', endorsements: ['msteams'] },
    route(pathname, base, jwks) {
      state.fetches++;
      if (pathname === '/v1/.well-known/openidconfiguration') {
        return {
          issuer: BOT_ISSUER,
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        };
      }
      return pathname === '/v1/.well-known/keys' ? jwks : undefined;
    },
  });
  return {
    metadataUrl: `${issuer.base}/v1/.well-known/openidconfiguration`,
    get fetches() {
      return state.fetches;
    },
    token: (claims, options = {}) =>
      issuer.sign(
        { serviceurl: options.serviceUrl ?? 'https://smba.trafficmanager.net/amer/', ...claims },
        { ...options, issuer: options.issuer ?? BOT_ISSUER, audience: options.audience ?? 'curbside-test-bot' },
      ),
    close: issuer.close,
  };
}

/** The real `npm start` (package.json's node arguments: bin/start.js -> dist/ or src/main.ts) as a child process, with its stderr (the JSON logs) captured line by line. */
export interface ServerProcess {
  url: string;
  child: import('node:child_process').ChildProcess;
  /** Every stderr line so far. */
  lines: string[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const { spawn } = await import('node:child_process');
  const { REPO_ROOT } = await import('../../src/config.js');
  const { npmScriptNodeArgs } = await import('../support/npm-script.js');
  const child = spawn(process.execPath, npmScriptNodeArgs('start'), {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (partial) lines.push(partial);
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const hit = lines.map((l) => /listening on (http:\/\/[^/\s]+)\/api\/messages/.exec(l)?.[1]).find(Boolean);
      if (hit) {
        clearInterval(timer);
        resolve(hit);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited (${code}) before listening:\n${lines.join('\n').slice(-3000)}`));
    });
  });
  return {
    url,
    child,
    lines,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A loopback Bot Connector (the `serviceUrl` side): records what the bot sends, and can be told to refuse every send. */
export interface FakeConnector {
  url: string;
  received: {
    path: string;
    activity: {
      type: string;
      text?: string;
      entities?: Record<string, unknown>[];
      channelData?: Record<string, unknown>;
    };
  }[];
  /** While true, every send is answered 403 (botbuilder does not retry 4xx, so a test does not wait on backoff). */
  failing: boolean;
  /** While true, every send is accepted and never answered. */
  hanging: boolean;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  let next = 1;
  const state: FakeConnector = {
    url: '',
    received: [],
    failing: false,
    hanging: false,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (state.hanging) return;
      if (state.failing) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
          }),
        );
        return;
      }
      const activity = body ? JSON.parse(body) : {};
      state.received.push({ path: req.url ?? '', activity });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: activity.id ?? `out-${next++}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
