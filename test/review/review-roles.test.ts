// The review routes with Entra ID on (a loopback OpenID/JWKS issuer, real RS256 tokens): feedback only on your own answers,
// the queue and verdicts only with the reviewer app role, the quality page only with the admin role; who labelled goes to
// the audit log by object id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestIndex } from '../api/kb-fixture.js';
import { startApiServer, type ApiServer } from '../api/server-fixture.js';
import { startEntraFixture, type EntraFixture } from '../api/entra-fixture.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
let kb: Awaited<ReturnType<typeof buildTestIndex>>;
let api: ApiServer;
let entra: EntraFixture;

beforeAll(async () => {
  kb = await buildTestIndex();
  entra = await startEntraFixture();
  api = await startApiServer(kb, {
    env: {
      CURBSIDE_API_AUDIENCE: 'api://curbside-test',
      CURBSIDE_API_TENANTS: TENANT,
      CURBSIDE_OPENID_METADATA_URL: entra.metadataUrl,
      CURBSIDE_RATE_LIMIT_BURST: '100',
    },
  });
});
afterAll(async () => {
  await api?.close();
  await entra?.close();
  kb?.cleanup();
});

const as = (oid: string, roles?: string[]) => entra.token({ tid: TENANT, oid, ...(roles ? { roles } : {}) });

async function call(
  token: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; json: any; type: string }> {
  const res = await fetch(`${api.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // HTML or JSONL
  }
  return { status: res.status, json, type: res.headers.get('content-type') ?? '' };
}

describe('review routes with Entra app roles', () => {
  it('lets only the asker rate an answer, only a reviewer read and label the queue, and audits the labeller', async () => {
    const clinician = await as('oid-clinician');
    const other = await as('oid-other-clinician');
    const reviewer = await as('oid-reviewer', ['Curbside.Reviewer']);

    const asked = await call(clinician, 'POST', '/api/ask', {
      question: 'Adult with hypertension and type 2 diabetes: blood pressure target?',
    });
    expect(asked.status).toBe(200);
    const traceId = asked.json.traceId as string;

    expect((await call(other, 'POST', '/api/feedback', { traceId, rating: 'down' })).status).toBe(404);
    const down = await call(clinician, 'POST', '/api/feedback', {
      traceId,
      rating: 'down',
      comment: 'target is wrong',
    });
    expect(down.status).toBe(200);
    const id = down.json.reviewId as string;

    const denied = await call(clinician, 'GET', '/api/reviews');
    expect(denied.status).toBe(403);
    expect(denied.json.message).toMatch(/Curbside\.Reviewer/);
    expect((await call(clinician, 'POST', `/api/reviews/${id}/label`, { verdict: 'correct' })).status).toBe(403);

    const list = await call(reviewer, 'GET', '/api/reviews');
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const labelled = await call(reviewer, 'POST', `/api/reviews/${id}/label`, { verdict: 'correct' });
    expect(labelled.status).toBe(200);
    expect(labelled.json.label).toMatchObject({ verdict: 'correct', by: 'oid-reviewer' });
    const audited = api.audit.recent(50).find((r) => r.action === `review label ${id} correct`);
    expect(audited).toMatchObject({ caller: 'oid-reviewer', tenant: TENANT, traceId });
    // The forbidden attempt is in the audit log too.
    expect(
      api.audit
        .recent(50)
        .some((r) => r.action === 'GET /api/reviews' && r.status === 'forbidden' && r.caller === 'oid-clinician'),
    ).toBe(true);
  });

  it('serves the quality page to the admin role only', async () => {
    expect((await call(await as('oid-reviewer', ['Curbside.Reviewer']), 'GET', '/admin/quality')).status).toBe(403);
    const page = await call(await as('oid-admin', ['Curbside.Admin']), 'GET', '/admin/quality?since=7d');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    const json = await call(await as('oid-admin', ['Curbside.Admin']), 'GET', '/admin/quality?format=json');
    expect(json.json).toMatchObject({ answers: 1, thumbsDown: 1, reviewed: 1, reviewedAccuracy: 1 });
  });
});
