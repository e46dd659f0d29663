// Exposure of the Teams door (issue #15 items 1, 3, 4, 6, 7), over real HTTP against the real server: what a non-loopback
// bind needs, where replies may be sent, how unauthenticated requests are refused and logged, where citation links point,
// how long a slow sender may hold a socket, and what malformed activities get.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig, REPO_ROOT } from '../../src/config.js';
import { npmScriptNodeArgs } from '../support/npm-script.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { HTTP_TIMEOUTS, startServer, startupLine, type CurbsideServer, type ServerOptions } from '../../src/server.js';
import { CHANNEL_SERVICE_HOSTS, connectorClientOptions, serviceUrlProblem } from '../../src/ops/bot-auth.js';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import {
  buildTestIndex,
  message,
  post,
  spawnServer,
  startBotFrameworkIssuer,
  startFakeConnector,
  type BotFrameworkIssuer,
  type FakeConnector,
} from './support.js';

const BOT_ID = 'curbside-test-bot';
const QUESTION = 'Adult with persistent asthma: preferred controller therapy?';

let index: Awaited<ReturnType<typeof buildTestIndex>>;
let connector: FakeConnector;
const started: { runtime: Runtime; server: CurbsideServer; dataDir: string }[] = [];

beforeAll(async () => {
  index = await buildTestIndex();
  connector = await startFakeConnector();
}, 60_000);

afterAll(async () => {
  for (const s of started) {
    await s.server.close(2_000);
    await s.runtime.close();
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  }
  await connector?.close();
  index?.cleanup();
});

/** The real server over the test index, with this environment and bind address. */
async function start(
  env: Record<string, string>,
  options: ServerOptions = {},
): Promise<{ runtime: Runtime; server: CurbsideServer; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-exposure-'));
  const config = loadConfig({
    CURBSIDE_INDEX: index.indexPath,
    CURBSIDE_GUIDELINES: index.kbDir,
    CURBSIDE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...env,
  });
  const runtime = await createRuntime(config, { retriever: { build: false } });
  try {
    const server = await startServer(runtime, { port: 0, bot: { streamIntervalMs: 100 }, ...options });
    const handle = { runtime, server, dataDir };
    started.push(handle);
    return handle;
  } catch (err) {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** A non-loopback IPv4 address of this machine, if it has one (to reach a 0.0.0.0 bind from "the network"). */
function externalIPv4(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

/** POST with a chosen Host header (fetch does not allow setting it). */
function postWithHost(url: string, host: string, activity: unknown): Promise<{ status: number; body: string }> {
  const target = new URL(`${url}/api/messages`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { host, 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(activity));
  });
}

const citationUrls = (body: string): string[] => [...body.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);

describe('item 1: a non-loopback bind needs bot auth or an explicit setting', () => {
  it('refuses HOST=0.0.0.0 without BOT_ID, naming the setting that would allow it', async () => {
    const err = await start({ HOST: '0.0.0.0' }, { host: '0.0.0.0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/CURBSIDE_ALLOW_ANONYMOUS_NETWORK=true/);
    expect((err as Error).message).toMatch(/BOT_ID/);
  });

  it('`npm start` with HOST=0.0.0.0 and no BOT_ID exits 1 with the reason, before opening the index', async () => {
    // package.json's own node arguments: dist/ when built (as after `npm ci`), not every source compiled by tsx at start.
    const child = spawn(process.execPath, npmScriptNodeArgs('start'), {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        HOST: '0.0.0.0',
        CURBSIDE_INDEX: path.join(os.tmpdir(), 'curbside-never-built.sqlite'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/Configuration error: HOST=0\.0\.0\.0 .*CURBSIDE_ALLOW_ANONYMOUS_NETWORK=true/);
    expect(fs.existsSync(path.join(os.tmpdir(), 'curbside-never-built.sqlite'))).toBe(false);
  }, 60_000);

  it('starts with CURBSIDE_ALLOW_ANONYMOUS_NETWORK=true and says what is really bound and that anyone may use it', async () => {
    const { server, runtime } = await start(
      { HOST: '0.0.0.0', CURBSIDE_ALLOW_ANONYMOUS_NETWORK: 'true' },
      { host: '0.0.0.0' },
    );
    expect(server.bound).toBe(`0.0.0.0:${server.port} (every IPv4 interface)`);
    const line = startupLine(server, runtime);
    expect(line).toContain(`bound to 0.0.0.0:${server.port} (every IPv4 interface)`);
    expect(line).toMatch(/NO BOT AUTH: anyone who can reach this address/);
    expect(line).not.toMatch(/local use only/);
  });

  it('a loopback bind says "this machine only" and "local use only"', async () => {
    const { server, runtime } = await start({}, { host: '127.0.0.1' });
    expect(server.bound).toBe(`127.0.0.1:${server.port} (this machine only)`);
    expect(startupLine(server, runtime)).toMatch(
      /bound to 127\.0\.0\.1:\d+ \(this machine only\).*no bot auth: local use only/,
    );
  });
});

describe('item 1: replies go only to allowed service URLs (no server-side request forgery)', () => {
  it('knows the Bot Framework and Teams hosts, and nothing that merely looks like them', () => {
    const bot = { allowedServiceUrls: [], allowLoopbackServiceUrls: false };
    for (const ok of [
      'https://smba.trafficmanager.net/amer/',
      'https://smba.trafficmanager.net/teams/',
      'https://smba.infra.gcc.teams.microsoft.com/teams',
      'https://smba.infra.gov.teams.microsoft.us/teams',
      'https://smba.infra.dod.teams.microsoft.us/teams',
      'https://webchat.botframework.com/',
      'https://europe.directline.botframework.com/',
    ]) {
      expect(serviceUrlProblem(ok, bot), ok).toBeNull();
    }
    for (const bad of [
      'http://smba.trafficmanager.net/amer/',
      'https://evil.trafficmanager.net/',
      'https://smba.trafficmanager.net.evil.example/',
      'https://botframework.com.evil.example/',
      'https://evilbotframework.com/',
      'https://smba.trafficmanager.net:8443/amer/',
      'https://user:pw@smba.trafficmanager.net/amer/',
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:8080/',
      'http://localhost:56150/',
      'http://[::1]:9/',
    ]) {
      expect(serviceUrlProblem(bad, bot), bad).not.toBeNull();
    }
    expect(serviceUrlProblem('http://localhost:56150/', { ...bot, allowLoopbackServiceUrls: true })).toBeNull();
    expect(
      serviceUrlProblem('https://bots.example.org/x/', { ...bot, allowedServiceUrls: ['https://bots.example.org'] }),
    ).toBeNull();
    expect(CHANNEL_SERVICE_HOSTS.exact).toContain('smba.trafficmanager.net');
  });

  it('local use (loopback bind, no BOT_ID): replies reach a loopback connector such as the Playground; other hosts are refused', async () => {
    const { server } = await start({});
    const before = connector.received.length;
    const ok = await post(server.url, message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url }));
    expect(ok.status).toBe(200);
    expect(connector.received.length).toBeGreaterThan(before);
    for (const serviceUrl of [
      'http://169.254.169.254/latest/',
      'https://attacker.example.com/',
      'https://evil.trafficmanager.net/',
    ]) {
      const refused = await post(server.url, message(QUESTION, { deliveryMode: undefined, serviceUrl }));
      expect(refused.status, serviceUrl).toBe(403);
      expect((refused.body as { error: string }).error).toBe('service_url_not_allowed');
    }
  });

  it("anonymous network use: a loopback serviceUrl is refused (it would reach this machine's own services), nothing is sent", async () => {
    const { server } = await start({ HOST: '0.0.0.0', CURBSIDE_ALLOW_ANONYMOUS_NETWORK: 'true' }, { host: '0.0.0.0' });
    const before = connector.received.length;
    const refused = await post(server.url, message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url }));
    expect(refused.status).toBe(403);
    expect(connector.received.length).toBe(before);
    // A Teams serviceUrl is fine (expectReplies keeps the replies in the response here).
    const ok = await post(server.url, message(QUESTION));
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/inhaled corticosteroid/i);
    // BOT_ALLOWED_SERVICE_URLS lets an operator name the Playground's address explicitly.
    const listed = await start(
      { HOST: '0.0.0.0', CURBSIDE_ALLOW_ANONYMOUS_NETWORK: 'true', BOT_ALLOWED_SERVICE_URLS: connector.url },
      { host: '0.0.0.0' },
    );
    expect(
      (await post(listed.server.url, message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url }))).status,
    ).toBe(200);
    expect(connector.received.length).toBeGreaterThan(before);
  });

  it('the Bot Connector client itself refuses a service URL that is not allowed, whatever path a send takes', async () => {
    const bot = loadConfig({ BOT_ID: BOT_ID, HOST: '127.0.0.1' }).bot;
    expect(bot.allowLoopbackServiceUrls).toBe(false);
    const client = (config: typeof bot) =>
      new ConnectorClient(new MicrosoftAppCredentials('', ''), {
        baseUri: connector.url,
        ...connectorClientOptions(config),
      });
    const before = connector.received.length;
    await expect(
      client(bot).conversations.sendToConversation('a:conv', { type: 'message', text: 'x' }),
    ).rejects.toThrow(/not allowed/);
    expect(connector.received.length).toBe(before);
    // The same client for local use reaches the loopback connector (the control).
    const local = loadConfig({ HOST: '127.0.0.1' }).bot;
    await client(local).conversations.sendToConversation('a:conv', { type: 'message', text: 'x' });
    expect(connector.received.length).toBe(before + 1);
  });

  describe('with BOT_ID', () => {
    let issuer: BotFrameworkIssuer;
    let server: CurbsideServer;
    beforeAll(async () => {
      issuer = await startBotFrameworkIssuer();
      ({ server } = await start(
        { BOT_ID, BOT_PASSWORD: 'unused', BOT_OPENID_METADATA_URL: issuer.metadataUrl },
        { host: '127.0.0.1' },
      ));
    });
    afterAll(async () => issuer?.close());

    it('a valid token whose serviceurl claim names a loopback connector still cannot make the bot POST there', async () => {
      const before = connector.received.length;
      const token = await issuer.token({}, { serviceUrl: connector.url });
      const res = await post(server.url, message(QUESTION, { deliveryMode: undefined, serviceUrl: connector.url }), {
        authorization: `Bearer ${token}`,
      });
      expect(res.status).toBe(403);
      expect(connector.received.length).toBe(before);
    });
  });
});

describe('item 3: unauthenticated requests are a 401 and one log line, with cached key lookups', () => {
  let issuer: BotFrameworkIssuer;
  let server: CurbsideServer;
  beforeAll(async () => {
    issuer = await startBotFrameworkIssuer();
    ({ server } = await start(
      { BOT_ID, BOT_PASSWORD: 'unused', BOT_OPENID_METADATA_URL: issuer.metadataUrl },
      { host: '127.0.0.1' },
    ));
  });
  afterAll(async () => issuer?.close());

  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
  const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

  it('an unsigned token with an emulator issuer gets 401 (not 500), with no outbound lookup', async () => {
    const fetchesBefore = issuer.fetches;
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      unsigned({ iss: EMULATOR_ISSUER, aud: BOT_ID, appid: BOT_ID, ver: '1.0', exp: now + 600 }),
      unsigned({
        iss: 'https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0',
        aud: BOT_ID,
        azp: BOT_ID,
        ver: '2.0',
        exp: now + 600,
      }),
      unsigned({ iss: 'https://api.botframework.com', aud: BOT_ID, exp: now + 600 }),
    ]) {
      const res = await post(server.url, message(QUESTION), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
    }
    expect(issuer.fetches).toBe(fetchesBefore);
  });

  it('looks the channel keys up once, not per request', async () => {
    const ask = async () => post(server.url, message(QUESTION), { authorization: `Bearer ${await issuer.token({})}` });
    expect((await ask()).status).toBe(200);
    const afterFirst = issuer.fetches;
    for (let i = 0; i < 5; i++) expect((await ask()).status).toBe(200);
    const forged = await post(server.url, message(QUESTION), {
      authorization: `Bearer ${await issuer.token({}, { foreignKey: true })}`,
    });
    expect(forged.status).toBe(401);
    expect(issuer.fetches).toBe(afterFirst);
  });

  it('prints no stack trace or key for expired, forged or misaddressed tokens (botbuilder would, to the console)', async () => {
    const consoleError = vi.spyOn(console, 'error');
    try {
      for (const token of [
        await issuer.token({}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
        await issuer.token({}, { foreignKey: true }),
        await issuer.token({}, { audience: 'someone-else' }),
      ]) {
        expect((await post(server.url, message(QUESTION), { authorization: `Bearer ${token}` })).status).toBe(401);
      }
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
  });

  it('the real process logs exactly one line per refused request, without a stack trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-exposure-proc-'));
    const proc = await spawnServer({
      CURBSIDE_INDEX: index.indexPath,
      CURBSIDE_GUIDELINES: index.kbDir,
      CURBSIDE_DATA_DIR: dir,
      LOG_LEVEL: 'info',
      BOT_ID,
      BOT_PASSWORD: 'unused',
      BOT_OPENID_METADATA_URL: issuer.metadataUrl,
    });
    try {
      const tokens = [
        unsigned({ iss: EMULATOR_ISSUER, aud: BOT_ID, exp: Math.floor(Date.now() / 1000) + 600 }),
        await issuer.token({}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
        await issuer.token({}, { foreignKey: true }),
        'not-a-jwt',
      ];
      const before = proc.lines.length;
      for (const token of tokens)
        expect((await post(proc.url, message(QUESTION), { authorization: `Bearer ${token}` })).status).toBe(401);
      expect((await post(proc.url, message(QUESTION))).status).toBe(401);
      // Logs are written asynchronously: wait until the five refusals are out.
      const refusals = () => proc.lines.slice(before).filter((l) => l.includes('not authenticated'));
      await vi.waitFor(() => expect(refusals()).toHaveLength(5), { timeout: 10_000, interval: 50 });
      const written = proc.lines.slice(before);
      expect(
        written.filter((l) => /^\s+at |Error:|BEGIN PUBLIC KEY|Available keys/.test(l)),
        written.join('\n'),
      ).toEqual([]);
      expect(
        written.filter((l) => !l.includes('not authenticated')),
        written.join('\n'),
      ).toEqual([]);
    } finally {
      await proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe("item 4: citation links come from CURBSIDE_PUBLIC_URL or loopback, never the request's Host header", () => {
  it('a forged Host header does not reach the links; they point at this loopback server', async () => {
    const { server } = await start({});
    const res = await postWithHost(server.url, 'evil.example.com', message(QUESTION));
    expect(res.status).toBe(200);
    const urls = citationUrls(res.body);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith(`http://127.0.0.1:${server.port}/guidelines/`), u).toBe(true);
    expect(res.body).not.toContain('evil.example.com');
  });

  it('with CURBSIDE_PUBLIC_URL, links use it whatever the Host header says', async () => {
    const { server } = await start({ CURBSIDE_PUBLIC_URL: 'https://curbside.example.org' });
    const res = await postWithHost(server.url, 'evil.example.com', message(QUESTION));
    const urls = citationUrls(res.body);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith('https://curbside.example.org/guidelines/'), u).toBe(true);
  });

  it.skipIf(!externalIPv4())(
    'reached over the network without CURBSIDE_PUBLIC_URL, answers carry no links at all',
    async () => {
      const { server } = await start(
        { HOST: '0.0.0.0', CURBSIDE_ALLOW_ANONYMOUS_NETWORK: 'true' },
        { host: '0.0.0.0' },
      );
      const res = await postWithHost(`http://${externalIPv4()}:${server.port}`, 'evil.example.com', message(QUESTION));
      expect(res.status).toBe(200);
      expect(res.body).toMatch(/inhaled corticosteroid/i);
      expect(citationUrls(res.body).filter((u) => u.includes('/guidelines/'))).toEqual([]);
    },
  );
});

describe('item 6: header and body timeouts', () => {
  it('are at most 30 s by default, and the server is started with them', async () => {
    expect(HTTP_TIMEOUTS.headersMs).toBeLessThanOrEqual(30_000);
    expect(HTTP_TIMEOUTS.requestMs).toBeLessThanOrEqual(30_000);
    const { server } = await start({});
    const node = server.server.server as http.Server & { connectionsCheckingInterval: number };
    expect(node.headersTimeout).toBeLessThanOrEqual(30_000);
    expect(node.requestTimeout).toBeLessThanOrEqual(30_000);
    // Node checks these on an interval (default 30 s) that would otherwise double the wait.
    expect(node.connectionsCheckingInterval).toBeLessThanOrEqual(1_000);
  });

  /** Opens a socket, writes `first`, then nothing more; resolves with everything received once the server closes it. */
  const stall = (port: number, first: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(first));
      let received = '';
      socket.on('data', (c: Buffer) => (received += c.toString()));
      socket.on('error', reject);
      socket.on('close', () => resolve(received));
    });

  it('a socket that stops sending its body gets 408 and is closed', async () => {
    const { server } = await start({}, { timeouts: { headersMs: 400, requestMs: 800, checkEveryMs: 50 } });
    const received = await stall(
      server.port,
      'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"type":"mess',
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a socket that stops sending its headers gets 408 and is closed', async () => {
    const { server } = await start({}, { timeouts: { headersMs: 400, requestMs: 800, checkEveryMs: 50 } });
    const received = await stall(server.port, 'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });
});

describe('item 7: malformed activities and feedback payloads get 4xx, not 200 with no reply', () => {
  let server: CurbsideServer;
  let dataDir: string;
  beforeAll(async () => {
    ({ server, dataDir } = await start({}));
  });
  const feedbackRows = () => {
    const file = path.join(dataDir, 'feedback.sqlite');
    if (!fs.existsSync(file)) return 0;
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM feedback').get() as { n: number }).n;
    } catch {
      return 0;
    } finally {
      db.close();
    }
  };
  const feedback = (value: unknown, extra: Record<string, unknown> = {}) => ({
    ...message('', { conversation: { id: 'a:fb-conv', conversationType: 'personal', tenantId: 'tenant-a' } }),
    type: 'invoke',
    name: 'message/submitAction',
    replyToId: 'out-1',
    value,
    ...extra,
  });

  it.each([
    ['a message with no text, attachments or value', message('')],
    ['a message whose text is only spaces', message('   ')],
    ['a message from nobody', { ...message(QUESTION), from: undefined }],
    ['attachments that are not a list', message(QUESTION, { attachments: { contentType: 'text/plain' } })],
    ['an invoke without a name', { ...message(''), type: 'invoke', name: undefined, value: {} }],
    ['a feedback invoke without a value', feedback(undefined)],
    ['a feedback invoke without actionValue', feedback({ actionName: 'feedback' })],
    [
      'a feedback invoke with an unknown reaction',
      feedback({ actionName: 'feedback', actionValue: { reaction: 'meh', feedback: '{}' } }),
    ],
    [
      'a feedback invoke whose feedback is a number',
      feedback({ actionName: 'feedback', actionValue: { reaction: 'like', feedback: 42 } }),
    ],
    [
      'a feedback invoke whose replyToId is not a string',
      feedback({ actionName: 'feedback', actionValue: { reaction: 'like' } }, { replyToId: 7 }),
    ],
    [
      'a message extension query without a value',
      { ...message(''), type: 'invoke', name: 'composeExtension/query', value: 'x' },
    ],
  ])('%s: 400 with the reason, and nothing stored', async (_name, activity) => {
    const rows = feedbackRows();
    const res = await post(server.url, activity);
    expect(res.status).toBe(400);
    expect((res.body as { error: string; message: string }).error).toBe('bad_activity');
    expect((res.body as { message: string }).message.length).toBeGreaterThan(10);
    expect(feedbackRows()).toBe(rows);
  });

  it('a well-formed feedback invoke is still stored (200)', async () => {
    const rows = feedbackRows();
    const res = await post(
      server.url,
      feedback({
        actionName: 'feedback',
        actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"too long"}' },
      }),
    );
    expect(res.status).toBe(200);
    expect(feedbackRows()).toBe(rows + 1);
  });
});
