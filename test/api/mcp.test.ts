// The MCP server driven by the SDK's own Client over both transports: Streamable HTTP on the restify server (port 0) and
// stdio by spawning `node bin/curbside.js mcp`. The client validates every structuredContent against the tool's outputSchema.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { auditPath, openAuditStore } from '../../src/ops/audit.js';
import { auditBytes, startApiServer, testEnv, type ApiServer } from './server-fixture.js';
import { startEntraFixture, type EntraFixture } from './entra-fixture.js';
import { buildTestIndex, KB_GUIDELINE_COUNT } from './kb-fixture.js';
import { createRateLimiter } from '../../src/ops/rate-limit.js';

let kb: Awaited<ReturnType<typeof buildTestIndex>>;
beforeAll(async () => {
  kb = await buildTestIndex();
});
afterAll(() => kb?.cleanup());
const generous = () => createRateLimiter({ perMinute: 6000, burst: 1000 });

const CASE_QUESTION =
  'Pt John Whitfield (MRN 88120931), 61-year-old man, hypertension and type 2 diabetes, BP 152/94 on lisinopril. ' +
  'What blood pressure target and next drug do the guidelines recommend?';
const IDENTIFIERS = ['Whitfield', '88120931'];

const textOf = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** The same checks over whichever transport the client is connected through. */
async function exerciseTools(client: Client) {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(['answer_case_question', 'list_guidelines', 'search_guidelines']);
  for (const tool of tools) {
    expect(tool.description!.length).toBeGreaterThan(100);
    expect(tool.outputSchema?.type).toBe('object');
    expect(tool.annotations?.readOnlyHint).toBe(true);
  }
  const search = tools.find((t) => t.name === 'search_guidelines')!;
  expect(Object.keys(search.inputSchema.properties ?? {}).sort()).toEqual([
    'guideline',
    'includeSuperseded',
    'kind',
    'minYear',
    'query',
    'sets',
    'strength',
    'top',
  ]);
  // Both tools take the part of the library to draw on: a team's sets, superseded editions.
  const ask = tools.find((t) => t.name === 'answer_case_question')!;
  expect(Object.keys(ask.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['sets', 'includeSuperseded']));
  expect(search.inputSchema.required).toEqual(['query']);
  expect(client.getInstructions()).toMatch(/de-identified/);

  const list = (await client.callTool({ name: 'list_guidelines' })) as CallToolResult;
  expect(list.isError).toBeFalsy();
  const guidelines = list.structuredContent as { count: number; guidelines: { title: string }[] };
  expect(guidelines.count).toBe(KB_GUIDELINE_COUNT);
  expect(textOf(list)).toContain(guidelines.guidelines[0]!.title);

  const found = (await client.callTool({
    name: 'search_guidelines',
    arguments: { query: 'blood pressure target diabetes', top: 3, kind: 'recommendation' },
  })) as CallToolResult;
  expect(found.isError).toBeFalsy();
  const hits = (
    found.structuredContent as { results: { kind: string; passageId: string; source: string; text: string }[] }
  ).results;
  expect(hits.length).toBeGreaterThan(0);
  expect(hits.length).toBeLessThanOrEqual(3);
  expect(hits[0]).toMatchObject({ source: 'hypertension-adults.md' });
  expect(hits[0]!.text).toMatch(/130\/80/);
  for (const h of hits) expect(h.kind).toBe('recommendation');
  expect(textOf(found)).toContain(hits[0]!.passageId);

  const progress: { progress: number; message?: string }[] = [];
  const answered = (await client.callTool(
    { name: 'answer_case_question', arguments: { question: CASE_QUESTION } },
    undefined,
    {
      onprogress: (p) => progress.push(p),
    },
  )) as CallToolResult;
  expect(progress.length).toBeGreaterThan(0);
  for (const p of progress) expect(p.message?.length).toBeGreaterThan(0);
  expect(answered.isError).toBeFalsy();
  const answer = answered.structuredContent as {
    citations: { n: number; passageId: string }[];
    answer: string;
    mode: string;
  };
  expect(answer.mode).toBe('extractive');
  expect(answer.citations.length).toBeGreaterThan(0);
  expect(textOf(answered)).toContain('Citations:');
  expect(textOf(answered)).toContain(
    `[1] ${(answered.structuredContent as { citations: { title: string }[] }).citations[0]!.title}`,
  );
  const everything = JSON.stringify(answered);
  for (const id of IDENTIFIERS) expect(everything).not.toContain(id);

  const invalid = (await client.callTool({
    name: 'search_guidelines',
    arguments: { query: 'statin', top: 0 },
  })) as CallToolResult;
  expect(invalid.isError).toBe(true);
  expect(textOf(invalid)).toMatch(/top/);
  return answer;
}

describe('MCP over Streamable HTTP', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(kb, { env: { CURBSIDE_MCP_HTTP: 'true' }, mount: { limiter: generous() } });
  });
  afterAll(() => api?.close());

  it('serves the three tools to the SDK client, with structured results and audit entries', async () => {
    const client = new Client({ name: 'curbside-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`)));
    try {
      const answer = await exerciseTools(client);
      const row = api.audit.recent(10).find((r) => r.action === 'answer_case_question')!;
      expect(row).toMatchObject({ door: 'mcp-http', caller: 'local', mode: 'extractive' });
      expect(row.sources).toEqual(answer.citations.map((c) => c.passageId));
      expect(auditBytes(api.dataDir)).not.toContain('Whitfield');
    } finally {
      await client.close();
    }
  });

  it('answers GET and DELETE on /mcp with 405 (stateless server)', async () => {
    expect((await fetch(`${api.url}/mcp`)).status).toBe(405);
    expect((await fetch(`${api.url}/mcp`, { method: 'DELETE' })).status).toBe(405);
  });

  it('is not mounted unless enabled', async () => {
    const off = await startApiServer(kb);
    try {
      const res = await fetch(`${off.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect([404, 405]).toContain(res.status);
    } finally {
      await off.close();
    }
  });
});

describe('MCP over Streamable HTTP with Entra ID', () => {
  const TENANT = '5a5a5a5a-0000-4000-8000-00000000cccc';
  const OID = '6b6b6b6b-0000-4000-8000-00000000dddd';
  let entra: EntraFixture;
  let api: ApiServer;
  beforeAll(async () => {
    entra = await startEntraFixture();
    api = await startApiServer(kb, {
      env: {
        CURBSIDE_MCP_HTTP: 'true',
        CURBSIDE_API_AUDIENCE: 'api://curbside-test',
        CURBSIDE_API_TENANTS: TENANT,
        CURBSIDE_OPENID_METADATA_URL: entra.metadataUrl,
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await entra?.close();
  });

  it('refuses a client without a token, pointing it at the protected-resource metadata', async () => {
    const client = new Client({ name: 'curbside-test', version: '1.0.0' });
    const failure = await client.connect(new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`))).then(
      () => null,
      (err: Error & { code?: number }) => err,
    );
    expect(failure?.code).toBe(401);
    expect(failure?.message).toContain('missing_token');

    const raw = await fetch(`${api.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const challenge = raw.headers.get('www-authenticate') ?? '';
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`${api.url}/.well-known/oauth-protected-resource`);
    const metadata = (await (await fetch(metadataUrl!)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      resource: `${api.url}/mcp`,
      authorization_servers: [`https://login.microsoftonline.com/${TENANT}/v2.0`],
      scopes_supported: ['api://curbside-test/.default'],
    });
  });

  it('serves a client that sends a valid token, auditing its oid', async () => {
    const token = await entra.token({ tid: TENANT, oid: OID });
    const client = new Client({ name: 'curbside-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      const result = (await client.callTool({
        name: 'search_guidelines',
        arguments: { query: 'asthma inhaled corticosteroid', top: 2 },
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(api.audit.recent(1)[0]).toMatchObject({
        door: 'mcp-http',
        action: 'search_guidelines',
        caller: OID,
        tenant: TENANT,
      });
    } finally {
      await client.close();
    }
  });
});

describe('MCP over stdio (`curbside mcp`)', () => {
  let dataDir: string;
  let client: Client;
  let stderr = '';
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-mcp-stdio-'));
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.homedir(),
      // A burst of 6 that does not refill during the test (one call per 100 min): on a busy machine the default 30/min
      // gave tokens back between slow calls and the limit was never reached.
      ...testEnv(kb, dataDir, { CURBSIDE_RATE_LIMIT_BURST: '6', CURBSIDE_RATE_LIMIT_PER_MINUTE: '0.01' }),
    };
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['bin/curbside.js', 'mcp'],
      cwd: REPO_ROOT,
      env,
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'curbside-test', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the same tools as the HTTP transport', async () => {
    await exerciseTools(client);
    expect(stderr).not.toContain('Whitfield');
  });

  it('rate-limits tool calls and audits them in the data directory', async () => {
    // exerciseTools made 3 counted calls (the invalid one is refused by the SDK before the tool runs); burst is 6.
    const results: CallToolResult[] = [];
    for (let i = 0; i < 5; i++) results.push((await client.callTool({ name: 'list_guidelines' })) as CallToolResult);
    const limited = results.filter((r) => r.isError);
    expect(limited.length).toBeGreaterThan(0);
    expect(textOf(limited[0]!)).toMatch(/Rate limited.*Retry after \d+ seconds/);

    const store = openAuditStore(auditPath(dataDir));
    try {
      const rows = store.recent(50);
      expect(rows.every((r) => r.door === 'mcp-stdio' && r.caller === 'local')).toBe(true);
      expect(rows.filter((r) => r.status === 'rate_limited').length).toBe(limited.length);
      expect(rows.some((r) => r.action === 'answer_case_question' && r.sources.length > 0)).toBe(true);
    } finally {
      store.close();
    }
    expect(auditBytes(dataDir)).not.toContain('Whitfield');
  });
});
