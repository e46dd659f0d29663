// The HTTP API with the Azure de-identification service configured (a loopback fake speaking its wire format): the
// answer, the de-identified question a caller keeps as history, and the search query all carry the service's extra
// redactions, and raw history a caller sends goes through the same pass.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/ops/rate-limit.js';
import { deidentify } from '../../src/safety/deid.js';
import { staticTokenCredential } from '../support/azure-env.js';
import { nameMissedLocally, startFakeAzureDeid, type FakeAzureDeid } from '../support/fake-azure-deid.js';
import { buildTestIndex } from './kb-fixture.js';
import { startApiServer, type ApiServer } from './server-fixture.js';

const TOKEN = 'deid-token-for-tests';
const caseWith = (sentence: string) =>
  `${sentence}. MRN 4417203. 68-year-old woman with type 2 diabetes and chronic kidney disease (eGFR 40) on metformin. Should an SGLT2 inhibitor be added?`;
const missed = nameMissedLocally(deidentify, caseWith);

let kb: Awaited<ReturnType<typeof buildTestIndex>>;
let deid: FakeAzureDeid;
let api: ApiServer;

beforeAll(async () => {
  kb = await buildTestIndex();
  deid = await startFakeAzureDeid(TOKEN);
  api = await startApiServer(kb, {
    bodyParser: true,
    env: { AZURE_DEID_ENDPOINT: deid.endpoint },
    mount: { limiter: createRateLimiter({ perMinute: 6000, burst: 1000 }) },
    runtime: { azure: { credential: staticTokenCredential(TOKEN) } },
  });
});

afterAll(async () => {
  await api?.close();
  await deid?.close();
  kb?.cleanup();
});

beforeEach(() => {
  deid.reset();
  deid.tags = { [missed.name]: 'Patient' };
});

async function post(path: string, body: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('HTTP API with the Azure de-identification service', () => {
  it('POST /api/ask: the service redactions are in deidentifiedQuestion, and raw history goes through the service', async () => {
    const res = await post('/api/ask', {
      question: 'And what about her blood pressure target?',
      history: [{ role: 'user', text: caseWith(missed.sentence) }],
    });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(missed.name);
    expect(res.text).not.toContain('4417203');
    const sent = deid.requests.map((r) => r.body.inputText).join('\n');
    expect(sent).toContain(missed.name);
    expect(sent).not.toContain('4417203');

    const direct = await post('/api/ask', { question: caseWith(missed.sentence) });
    const body = JSON.parse(direct.text) as {
      deidentifiedQuestion: string;
      redactions: { type: string; count: number }[];
    };
    expect(body.deidentifiedQuestion).toBe(deidentify(caseWith(missed.sentence)).text.replace(missed.name, '[NAME]'));
    expect(body.redactions.find((r) => r.type === 'NAME')?.count).toBeGreaterThanOrEqual(1);
  });

  it('GET /api/search: the query is de-identified by the same pass before it is searched', async () => {
    const res = await fetch(
      `${api.url}/api/search?q=${encodeURIComponent(`${missed.sentence}; SGLT2 inhibitor in CKD`)}`,
    );
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(deid.requests).toHaveLength(1);
    expect(text).not.toContain(missed.name);
    expect((JSON.parse(text) as { query: string }).query).toContain('[NAME]');
  });
});
