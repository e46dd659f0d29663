// The Azure de-identification pass against a loopback HTTP server speaking the service's wire format: the service only
// ever receives locally de-identified text, its findings are added on top, and a failure leaves the local result.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deidentify, redact } from '../../src/safety/deid.js';
import {
  AZURE_DEID_SCOPE,
  addRedactions,
  createAzureDeid,
  createAzureDeidentifier,
  deidentifyWithService,
} from '../../src/safety/azure-deid.js';
import { CircuitBreaker } from '../../src/ops/circuit-breaker.js';
import { createDeidentifier } from '../../src/runtime.js';
import { nameMissedLocally, startFakeAzureDeid, type FakeAzureDeid } from '../support/fake-azure-deid.js';
import { staticTokenCredential } from '../support/azure-env.js';

const TOKEN = 'deid-token-for-tests';
let fake: FakeAzureDeid;
const missed = nameMissedLocally(deidentify);

beforeAll(async () => {
  fake = await startFakeAzureDeid(TOKEN);
});

afterAll(async () => {
  await fake?.close();
});

beforeEach(() => fake.reset());

const credential = staticTokenCredential(TOKEN);
const service = (timeoutMs?: number) => createAzureDeid({ endpoint: `${fake.endpoint}/`, credential, timeoutMs });

/** Every entity points into the input at exactly the kind of text it claims to replace. */
function expectEntitiesInInput(input: string, entities: { start: number; end: number }[], words: string[]) {
  const covered = entities.map((e) => input.slice(e.start, e.end)).join(' | ');
  for (const w of words) expect(covered).toContain(w);
}

describe('Azure de-identification service pass', () => {
  it('sends only the locally redacted text, with a bearer token, and adds the service findings on top', async () => {
    fake.tags = { [missed.name]: 'Patient', 'Mercy Hospital': 'Hospital', '45': 'Age' };
    const input = `Patient John Smith, MRN 84736251, call 555-201-3344.\n${missed.sentence}, 45F, seen at Mercy Hospital.`;
    const { results, remote } = await deidentifyWithService([input], service());
    expect(remote).toBe('ok');
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.url).toBe('/deid?api-version=2024-11-15');
    expect(sent.authorization).toBe(`Bearer ${TOKEN}`);
    expect(credential.calls.at(-1)).toEqual([AZURE_DEID_SCOPE]);
    // What the local pass catches never leaves the process.
    expect(sent.body).toEqual({ inputText: deidentify(input).text, operation: 'Tag' });
    for (const id of ['John', 'Smith', '84736251', '555-201-3344']) expect(sent.body.inputText).not.toContain(id);
    // The service's name is added; ages up to 89 are not Safe Harbor identifiers. Facility names are redacted locally
    // (issue 13: a facility can single out a patient), so the service never sees the hospital.
    expect(sent.body.inputText).toContain(`${missed.sentence}, 45F, seen at [LOCATION].`);
    expect(results[0]!.text).toBe(sent.body.inputText.replace(missed.name, '[NAME]'));
    expectEntitiesInInput(input, results[0]!.entities, ['John Smith', '84736251', '555-201-3344', missed.name]);
    expect(results[0]!.entities.every((e) => e.end <= input.length)).toBe(true);
  });

  it('sends a question and its history in one request and gives each text its own result', async () => {
    fake.tags = { Keeling: 'Patient', Ashdown: 'Doctor' };
    const texts = [
      'Keeling, eGFR 38: add an SGLT2 inhibitor?',
      'Seen by Ashdown on 03/04/2024 about Keeling',
      '',
      'No identifiers here.',
    ];
    const { results, remote } = await deidentifyWithService(texts, service());
    expect(remote).toBe('ok');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.inputText).not.toContain('03/04/2024');
    expect(results.map((r) => r.text)).toEqual([
      '[NAME], eGFR 38: add an SGLT2 inhibitor?',
      'Seen by [NAME] on [DATE] about [NAME]',
      '',
      'No identifiers here.',
    ]);
    expectEntitiesInInput(texts[1]!, results[1]!.entities, ['Ashdown', '03/04/2024', 'Keeling']);
  });

  it('splits texts over the request size limit into several requests', async () => {
    fake.tags = { Keeling: 'Patient' };
    const texts = Array.from(
      { length: 5 },
      (_, i) => `Turn ${i}: Keeling ${'has stable angina and takes aspirin daily. '.repeat(8)}`,
    );
    const { results, remote } = await deidentifyWithService(texts, service(), undefined, 800);
    expect(remote).toBe('ok');
    expect(fake.requests.length).toBeGreaterThan(1);
    for (const r of fake.requests) expect(Buffer.byteLength(JSON.stringify(r.body))).toBeLessThanOrEqual(800);
    for (const [i, r] of results.entries()) expect(r.text.startsWith(`Turn ${i}: [NAME] has stable angina`)).toBe(true);
  });

  it('uses UTF-16 offsets, so text after emoji and accents is cut in the right place', async () => {
    fake.tags = { Keeling: 'Patient' };
    const input = 'Ça va 🙂🙂, Keeling has CKD';
    const { results } = await deidentifyWithService([input], service());
    expect(results[0]!.text).toBe('Ça va 🙂🙂, [NAME] has CKD');
    expect(input.slice(results[0]!.entities[0]!.start, results[0]!.entities[0]!.end)).toBe('Keeling');
  });

  it('widens a service span that touches a local placeholder to what that placeholder replaced', async () => {
    const input = 'Call 555-201-3344 or Keeling';
    // The local result is built here, so this checks the offset arithmetic whatever the local pass learns.
    const local = redact(input, [{ type: 'PHONE', start: 5, end: 17 }]);
    expect(local.text).toBe('Call [PHONE] or Keeling');
    // "[PHONE] or Keeling" as one span, and a span inside the placeholder that adds nothing.
    const merged = addRedactions(input, local, [
      { type: 'NAME', start: 5, end: local.text.length },
      { type: 'NAME', start: 6, end: 10 },
    ]);
    expect(merged.text).not.toContain('Keeling');
    expect(merged.text).not.toContain('555');
    expect(merged.entities).toHaveLength(1);
    expect(input.slice(merged.entities[0]!.start, merged.entities[0]!.end)).toBe('555-201-3344 or Keeling');
    expect(addRedactions(input, local, [{ type: 'NAME', start: 6, end: 10 }])).toEqual(local);
  });

  it('keeps the local redactions when the service fails, refuses the token, or times out', async () => {
    const input = 'Keeling called from 555-201-3344';
    fake.tags = { Keeling: 'Patient' };

    fake.mode = 500;
    const failed = await deidentifyWithService([input], service());
    expect(failed).toEqual({ results: [deidentify(input)], remote: 'failed' });

    fake.mode = 'ok';
    const wrongToken = createAzureDeid({ endpoint: fake.endpoint, credential: staticTokenCredential('someone-else') });
    expect((await deidentifyWithService([input], wrongToken)).remote).toBe('failed');

    fake.mode = 'hang';
    const slow = await deidentifyWithService([input], service(200));
    expect(slow.remote).toBe('timeout');
    expect(slow.results).toEqual([deidentify(input)]);
    expect(slow.results[0]!.text).not.toContain('555-201-3344');
  });

  it('times out a credential that never answers, under the same deadline', async () => {
    const stuck = { getToken: () => new Promise<never>(() => undefined) };
    const deidentifier = createAzureDeidentifier(
      createAzureDeid({ endpoint: fake.endpoint, credential: stuck, timeoutMs: 100 }),
    );
    const out = await deidentifier.deidentify(['MRN 84736251']);
    expect(out.remote).toBe('timeout');
    expect(out.results).toEqual([deidentify('MRN 84736251')]);
    expect(out.results[0]!.text).not.toContain('84736251');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('a service that keeps failing', () => {
  it('is paused after 3 failures in a row (answers go on with the local pass at once) and tried again after the cooldown', async () => {
    let now = 0;
    const deidentifier = createAzureDeidentifier(service(), new CircuitBreaker(3, 30_000, () => now));
    const input = `${missed.sentence}. MRN 84736251`;
    fake.tags = { [missed.name]: 'Patient' };
    fake.mode = 503;
    for (let i = 0; i < 3; i++) expect((await deidentifier.deidentify([input])).remote).toBe('failed');
    expect(fake.requests).toHaveLength(3);

    const paused = await deidentifier.deidentify([input]);
    expect(paused).toEqual({ results: [deidentify(input)], remote: 'paused' });
    expect(fake.requests).toHaveLength(3);

    // After the cooldown one trial goes out; the service is back, so it closes and the service's finding counts again.
    fake.mode = 'ok';
    now = 30_000;
    const back = await deidentifier.deidentify([input]);
    expect(back.remote).toBe('ok');
    expect(back.results[0]!.text).not.toContain(missed.name);
    expect(fake.requests).toHaveLength(4);
  });
});

describe('configuration', () => {
  it('reads AZURE_DEID_ENDPOINT and AZURE_DEID_TIMEOUT_MS, and is off without an endpoint', async () => {
    expect(loadConfig({}).azureDeid).toBeNull();
    expect(loadConfig({ AZURE_DEID_ENDPOINT: 'https://x.api.deid.azure.com/' }).azureDeid).toEqual({
      endpoint: 'https://x.api.deid.azure.com',
      timeoutMs: 5000,
    });
    expect(() => loadConfig({ AZURE_DEID_ENDPOINT: 'https://x', AZURE_DEID_TIMEOUT_MS: '0' })).toThrow(
      /AZURE_DEID_TIMEOUT_MS/,
    );
    expect(createDeidentifier(loadConfig({})).name).toBe('local');

    fake.tags = { Keeling: 'Patient' };
    const config = loadConfig({ AZURE_DEID_ENDPOINT: fake.endpoint, AZURE_DEID_TIMEOUT_MS: '2000' });
    const deidentifier = createDeidentifier(config, { credential });
    expect(deidentifier.name).toBe('local+azure');
    const out = await deidentifier.deidentify(['Keeling has a pacemaker']);
    expect(out).toMatchObject({ remote: 'ok', results: [{ text: '[NAME] has a pacemaker' }] });
  });
});
