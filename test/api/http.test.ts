// The HTTP API over real loopback HTTP: responses checked against the served OpenAPI document's schemas, validation
// errors, per-caller rate limiting, audit without text, Entra ID protection and the loopback-only default.
import http from 'node:http';
import os from 'node:os';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/ops/rate-limit.js';
import { auditBytes, startApiServer, type ApiServer } from './server-fixture.js';
import { startEntraFixture, type EntraFixture } from './entra-fixture.js';
import { buildTestIndex, KB_GUIDELINE_COUNT } from './kb-fixture.js';

let kb: Awaited<ReturnType<typeof buildTestIndex>>;
beforeAll(async () => {
  kb = await buildTestIndex();
});
afterAll(() => kb?.cleanup());
/** The main suites make many calls from one local caller; rate limiting has its own suite. */
const generous = () => createRateLimiter({ perMinute: 6000, burst: 1000 });

const IDENTIFIERS = ['Hargreaves', '4417203', '555-201-3344', '03/14/1956'];
const CASE_QUESTION =
  'Eleanor Hargreaves, MRN 4417203, DOB 03/14/1956, phone 555-201-3344: 68-year-old woman with type 2 diabetes and ' +
  'chronic kidney disease (eGFR 40) on metformin, A1c 8.4%. Should an SGLT2 inhibitor be added?';

async function call(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('HTTP API (no auth configured, loopback)', () => {
  let api: ApiServer;
  let schemas: Record<string, ValidateFunction>;

  beforeAll(async () => {
    api = await startApiServer(kb, { bodyParser: true, mount: { limiter: generous() } });
    const doc = await call(`${api.url}/api/openapi.json`);
    expect(doc.status).toBe(200);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(doc.body, 'openapi');
    schemas = Object.fromEntries(
      ['CitedAnswer', 'SearchResult', 'GuidelineList', 'Error', 'AskRequest'].map((name) => [
        name,
        ajv.getSchema(`openapi#/components/schemas/${name}`)!,
      ]),
    );
  });
  afterAll(() => api?.close());

  const expectValid = (schema: string, body: unknown) => {
    const validate = schemas[schema]!;
    const ok = validate(body);
    expect(validate.errors ?? [], `response does not match ${schema}`).toEqual([]);
    expect(ok).toBe(true);
  };

  it('serves an OpenAPI 3.0 document describing every route, with operation ids', async () => {
    const { body } = await call(`${api.url}/api/openapi.json`);
    expect(body.openapi).toBe('3.0.3');
    expect(Object.keys(body.paths).sort()).toEqual([
      '/admin/quality',
      '/api/ask',
      '/api/feedback',
      '/api/guidelines',
      '/api/library',
      '/api/library/diff',
      '/api/library/documents',
      '/api/library/retire',
      '/api/library/sets',
      '/api/reviews',
      '/api/reviews/export',
      '/api/reviews/{id}',
      '/api/reviews/{id}/label',
      '/api/search',
    ]);
    expect(body.paths['/api/ask'].post.operationId).toBe('askCaseQuestion');
    expect(body.security).toBeUndefined(); // no auth configured: loopback only
  });

  it('POST /api/ask returns a cited answer matching the schema, with identifiers removed and audited without text', async () => {
    const res = await postJson(`${api.url}/api/ask`, { question: CASE_QUESTION });
    expect(res.status).toBe(200);
    expectValid('CitedAnswer', res.body);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.mode).toBe('extractive');
    expect(res.body.citations.length).toBeGreaterThan(0);
    expect(res.body.redactions.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBeGreaterThanOrEqual(3);
    for (const id of IDENTIFIERS) expect(res.text).not.toContain(id);

    const row = api.audit.recent(5).find((r) => r.action === 'POST /api/ask')!;
    expect(row).toMatchObject({
      door: 'http',
      caller: 'local',
      status: res.body.refused ? 'refused' : 'ok',
      mode: 'extractive',
      traceId: res.body.traceId,
    });
    expect(row.sources).toEqual(res.body.citations.map((c: { passageId: string }) => c.passageId));
    const stored = auditBytes(api.dataDir);
    for (const word of [...IDENTIFIERS, 'SGLT2', 'metformin', 'Eleanor']) expect(stored).not.toContain(word);
  });

  it('POST /api/ask accepts de-identified history for a follow-up', async () => {
    const res = await postJson(`${api.url}/api/ask`, {
      question: 'What about her blood pressure target?',
      history: [
        { role: 'user', text: 'Call me on 555-201-3344. 68-year-old woman with type 2 diabetes and CKD.' },
        { role: 'assistant', text: 'Consider an SGLT2 inhibitor [1].' },
      ],
    });
    expect(res.status).toBe(200);
    expectValid('CitedAnswer', res.body);
    expect(res.text).not.toContain('555-201-3344');
  });

  it('GET /api/search returns ranked passages with full citation metadata, and applies filters', async () => {
    const res = await call(
      `${api.url}/api/search?q=${encodeURIComponent('SGLT2 inhibitor chronic kidney disease eGFR')}&top=3`,
    );
    expect(res.status).toBe(200);
    expectValid('SearchResult', res.body);
    expect(res.body.results.length).toBeGreaterThan(1);
    expect(res.body.results.length).toBeLessThanOrEqual(3);
    expect(res.body.results.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3].slice(0, res.body.results.length));
    expect(api.audit.recent(1)[0]).toMatchObject({
      action: 'GET /api/search',
      status: 'ok',
      sources: res.body.results.map((r: { passageId: string }) => r.passageId),
    });
    expect(
      (await call(`${api.url}/api/search?q=${encodeURIComponent('SGLT2 inhibitor chronic kidney disease eGFR')}&top=1`))
        .body.results.length,
    ).toBe(1);
    const first = res.body.results[0];
    expect(first).toMatchObject({ kind: 'recommendation', strength: 'Grade A', year: 2020, source: 'diabetes-ckd.md' });
    expect(first.title).toMatch(/Type 2 diabetes with chronic kidney disease/);
    expect(first.text).toMatch(/add an SGLT2 inhibitor/);

    const recs = await call(
      `${api.url}/api/search?q=${encodeURIComponent('screen adults')}&kind=recommendation&minYear=2018&top=10`,
    );
    expect(recs.status).toBe(200);
    expectValid('SearchResult', recs.body);
    expect(recs.body.results.length).toBeGreaterThan(0);
    for (const r of recs.body.results) {
      expect(r.kind).toBe('recommendation');
      expect(r.year).toBeGreaterThanOrEqual(2018);
    }
    // The 2014 hepatitis C and 2016 statin summaries also say "screen"/"adults", but are older than minYear.
    expect(recs.body.results.map((r: { source: string }) => r.source)).not.toContain('hepatitis-c-screening.md');

    // "chronic kidney disease" is in both the hypertension and the diabetes summaries; the filter keeps one.
    const sourcesFor = async (qs: string) =>
      new Set(((await call(`${api.url}/api/search?${qs}`)).body.results as { source: string }[]).map((r) => r.source));
    const unscoped = await sourcesFor('q=chronic+kidney+disease&top=20');
    expect(unscoped).toContain('hypertension-adults.md');
    expect(unscoped).toContain('diabetes-ckd.md');
    expect(await sourcesFor('q=chronic+kidney+disease&top=20&guideline=hypertension')).toEqual(
      new Set(['hypertension-adults.md']),
    );

    const graded = await call(`${api.url}/api/search?q=statin&strength=${encodeURIComponent('Grade C')}`);
    expect(graded.body.results.length).toBeGreaterThan(0);
    for (const r of graded.body.results) expect(r.strength).toBe('Grade C');
  });

  it('GET /api/search de-identifies the query and does not echo identifiers', async () => {
    const res = await call(
      `${api.url}/api/search?q=${encodeURIComponent('Eleanor Hargreaves 555-201-3344 asthma inhaled corticosteroid')}`,
    );
    expect(res.status).toBe(200);
    for (const id of IDENTIFIERS) expect(res.text).not.toContain(id);
    expect(res.body.redactions).toBeGreaterThan(0);
  });

  it('GET /api/guidelines lists the indexed guidelines without server paths', async () => {
    const res = await call(`${api.url}/api/guidelines`);
    expect(res.status).toBe(200);
    expectValid('GuidelineList', res.body);
    expect(res.body.count).toBe(res.body.guidelines.length);
    expect(res.body.count).toBe(KB_GUIDELINE_COUNT);
    expect(
      res.body.guidelines.find((g: { source: string }) => g.source === 'statin-primary-prevention.md'),
    ).toMatchObject({ year: 2016, recommendations: 3 });
    expect(res.text).not.toContain(kb.kbDir);
    expect(res.text).not.toContain('"path"');
  });

  it.each([
    ['missing question', {}, 'question'],
    ['question too short', { question: 'hi' }, 'question'],
    ['question not a string', { question: 42 }, 'question'],
    [
      'bad history role',
      { question: 'Statin for a 50-year-old?', history: [{ role: 'system', text: 'x' }] },
      'history.0.role',
    ],
  ])('POST /api/ask answers 400 for %s, naming the field', async (_label, body, field) => {
    const res = await postJson(`${api.url}/api/ask`, body);
    expect(res.status).toBe(400);
    expectValid('Error', res.body);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('POST /api/ask answers 400 for malformed JSON and 415 for a non-JSON body', async () => {
    const bad = await call(`${api.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"question": ',
    });
    expect(bad.status).toBe(400);
    const text = await call(`${api.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'statins?',
    });
    expect(text.status).toBe(415);
    expectValid('Error', text.body);
  });

  it.each([
    ['q=', 'query'],
    ['q=statin&top=0', 'top'],
    ['q=statin&top=500', 'top'],
    ['q=statin&top=abc', 'top'],
    ['q=statin&kind=guess', 'kind'],
    ['q=statin&minYear=20x', 'minYear'],
  ])('GET /api/search?%s answers 400 naming %s', async (qs, field) => {
    const res = await call(`${api.url}/api/search?${qs}`);
    expect(res.status).toBe(400);
    expectValid('Error', res.body);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('refuses a loopback request whose Host is not localhost (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(api.url);
      http
        .get(
          { host: '127.0.0.1', port, path: '/api/guidelines', headers: { host: `rebind.attacker.example:${port}` } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    expect(status).toBe(403);
  });

  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(!external)('refuses callers that are not on loopback while authentication is not configured', async () => {
    const open = await startApiServer(kb, { host: '0.0.0.0' });
    try {
      const res = await call(`http://${external}:${open.port}/api/search?q=statin`);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('loopback_only');
      expect(open.audit.recent(1)[0]).toMatchObject({ status: 'forbidden', caller: 'anonymous' });
      expect((await call(`${open.url}/api/search?q=statin`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('HTTP API rate limiting', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer(kb, { mount: { limiter: createRateLimiter({ perMinute: 2, burst: 2 }) } });
  });
  afterAll(() => api?.close());

  it('answers 429 with Retry-After once a caller has used its burst, and audits it', async () => {
    expect((await call(`${api.url}/api/search?q=asthma`)).status).toBe(200);
    expect((await call(`${api.url}/api/guidelines`)).status).toBe(200);
    const limited = await postJson(`${api.url}/api/ask`, { question: 'Statin for a 55-year-old smoker?' });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(api.audit.recent(1)[0]).toMatchObject({ action: 'POST /api/ask', status: 'rate_limited', caller: 'local' });
  });
});

describe('HTTP API with Entra ID', () => {
  const TENANT = '3f1c1c4e-0000-4000-8000-00000000aaaa';
  const OID = '0b7d6c1a-0000-4000-8000-00000000bbbb';
  let entra: EntraFixture;
  let api: ApiServer;
  beforeAll(async () => {
    entra = await startEntraFixture();
    api = await startApiServer(kb, {
      env: {
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

  it('requires a bearer token, even from loopback', async () => {
    const res = await call(`${api.url}/api/search?q=asthma`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(api.audit.recent(1)[0]).toMatchObject({ status: 'unauthorized', caller: 'anonymous', httpStatus: 401 });
  });

  it('serves a valid token and audits the caller by oid and tenant', async () => {
    const token = await entra.token({ tid: TENANT, oid: OID });
    const res = await call(`${api.url}/api/search?q=asthma&top=2`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.body.results.length).toBe(2);
    expect(api.audit.recent(1)[0]).toMatchObject({
      action: 'GET /api/search',
      caller: OID,
      tenant: TENANT,
      status: 'ok',
    });
  });

  it('rejects a token for another audience', async () => {
    const token = await entra.token({ tid: TENANT, oid: OID }, { audience: 'api://other' });
    const res = await postJson(
      `${api.url}/api/ask`,
      { question: 'Statin for a 55-year-old smoker?' },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_token');
  });

  it('publishes the bearer scheme in the OpenAPI document (which itself needs no token)', async () => {
    const res = await call(`${api.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.components.securitySchemes.entraId).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
