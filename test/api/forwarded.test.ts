// Issue #15 item 2: without CURBSIDE_API_AUDIENCE, "local" means a loopback socket with no forwarding header. A reverse proxy
// on the same host (here: a real one, written with node:http, that adds X-Forwarded-For like nginx's usual configuration)
// must not make its clients "local". And URLs the API hands out come from configuration or the socket, never the Host header.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORWARDING_HEADERS } from '../../src/api/entra.js';
import { buildTestIndex } from './kb-fixture.js';
import { startApiServer, type ApiServer } from './server-fixture.js';
import { startEntraFixture, type EntraFixture } from './entra-fixture.js';

const QUESTION = 'Adult with hypertension and type 2 diabetes: blood pressure target?';

let kb: Awaited<ReturnType<typeof buildTestIndex>>;
let api: ApiServer;
let proxy: http.Server;
let proxyUrl: string;

beforeAll(async () => {
  kb = await buildTestIndex();
  api = await startApiServer(kb, { env: { CURBSIDE_MCP_HTTP: 'true' } });
  // A same-host reverse proxy: relays everything to the API, adding the client's address as proxies do.
  proxy = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: api.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await api?.close();
  kb?.cleanup();
});

const ask = (base: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ question: QUESTION }),
  });

const mcpInitialize = (base: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  });

describe('loopback mode (CURBSIDE_API_AUDIENCE unset)', () => {
  it('serves a direct local caller (the control)', async () => {
    const res = await ask(api.url);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { answer: string }).answer).toMatch(/130\/80/);
    const mcp = await mcpInitialize(api.url);
    expect(mcp.status).toBe(200);
    await mcp.arrayBuffer();
  });

  it('answers 401 to /api/ask and /mcp through a same-host reverse proxy', async () => {
    const res = await ask(proxyUrl);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await res.json()) as { message: string }).message).toMatch(/proxy/);
    const mcp = await mcpInitialize(proxyUrl);
    expect(mcp.status).toBe(401);
    await mcp.arrayBuffer();
    const search = await fetch(`${proxyUrl}/api/search?q=hypertension`);
    expect(search.status).toBe(401);
    await search.arrayBuffer();
  });

  it.each(['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'x-client-ip', 'true-client-ip', 'via'])(
    'treats a request carrying %s as relayed: 401',
    async (header) => {
      expect(FORWARDING_HEADERS).toContain(header);
      const value =
        header === 'forwarded' ? 'for=203.0.113.7;proto=https' : header === 'via' ? '1.1 proxy' : '203.0.113.7';
      const res = await ask(api.url, { [header]: value });
      expect(res.status).toBe(401);
      await res.arrayBuffer();
    },
  );

  it('audits the refusal without a caller', async () => {
    const before = api.audit.recent(1000).filter((r) => r.status === 'unauthorized').length;
    const res = await ask(api.url, { 'x-forwarded-for': '198.51.100.1' });
    expect(res.status).toBe(401);
    expect(api.audit.recent(1000).filter((r) => r.status === 'unauthorized').length).toBe(before + 1);
  });
});

describe('Entra mode: URLs the API hands out do not come from the Host header', () => {
  let entra: EntraFixture;
  let secured: ApiServer;
  beforeAll(async () => {
    entra = await startEntraFixture();
    secured = await startApiServer(kb, {
      env: {
        CURBSIDE_MCP_HTTP: 'true',
        CURBSIDE_API_AUDIENCE: 'api://curbside-test',
        CURBSIDE_API_TENANTS: '5a5a5a5a-0000-4000-8000-00000000cccc',
        CURBSIDE_OPENID_METADATA_URL: entra.metadataUrl,
      },
    });
  });
  afterAll(async () => {
    await secured?.close();
    await entra?.close();
  });

  it('points a 401 at the protected-resource metadata of this server, whatever Host and X-Forwarded-Proto say', async () => {
    const challenge = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: secured.port,
          path: '/mcp',
          method: 'POST',
          headers: { host: 'evil.example.com', 'x-forwarded-proto': 'https', 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(String(res.headers['www-authenticate'] ?? ''));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(challenge).toContain(
      `resource_metadata="http://127.0.0.1:${secured.port}/.well-known/oauth-protected-resource"`,
    );
    expect(challenge).not.toContain('evil.example.com');
  });
});
