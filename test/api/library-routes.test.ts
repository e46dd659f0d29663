// The library over the HTTP API: the admin routes (list, add by upload, retire, sets, diff) checked against the served OpenAPI document,
// the admin role enforced with real Entra-style tokens, changes audited, and `sets` / `includeSuperseded` on ask and search.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { writeProtocolDocx } from '../support/office-docs.js';
import { startEntraFixture, type EntraFixture } from './entra-fixture.js';
import { startApiServer, type ApiServer } from './server-fixture.js';

const guideline = (title: string, released: string, statements: string[]) =>
  `---\ntitle: "${title}"\nreleased: "${released}"\n---\n\n## Recommendations\n\n${statements.join('\n\n')}\n`;

const HTN = 'Management of Hypertension in Primary Care';
let dir: string;
let index: { indexPath: string; kbDir: string };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-library-api-'));
  const kbDir = path.join(dir, 'kb');
  fs.mkdirSync(kbDir);
  fs.writeFileSync(
    path.join(kbDir, 'htn-2014.md'),
    guideline(HTN, '2014', [
      'We recommend a thiazide-type diuretic as first-line drug therapy for hypertension. (B recommendation)',
    ]),
  );
  fs.writeFileSync(
    path.join(kbDir, 'htn-2020.md'),
    guideline(HTN, '2020', [
      'We recommend a thiazide-type diuretic as first-line drug therapy for hypertension. (A recommendation)',
      'We recommend home blood pressure monitoring to confirm the diagnosis of hypertension. (B recommendation)',
    ]),
  );
  fs.writeFileSync(
    path.join(kbDir, 'ward7.md'),
    '---\ntitle: Ward 7 hypertension protocol\ntype: local-protocol\norganisation: St Elsewhere Hospital\npublished: 2026-05-01\nsets: [cardiology]\n---\n\n## Recommendations\n\nRecommendation 1: Start amlodipine for hypertension in adults on Ward 7 when the thiazide-type diuretic is not tolerated. (Strong for)\n',
  );
  const indexPath = path.join(dir, 'index.sqlite');
  const store = PassageStore.open(indexPath);
  expect((await ingestPaths(store, [kbDir], { workers: 1 })).failed).toEqual([]);
  store.close();
  index = { indexPath, kbDir };
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function call(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json() };
}
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe("library admin API (loopback caller: the machine's own administrator)", () => {
  let api: ApiServer;
  let schemas: Record<string, ValidateFunction>;

  beforeAll(async () => {
    api = await startApiServer(index);
    const doc = await call(`${api.url}/api/openapi.json`);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(doc.body, 'openapi');
    schemas = Object.fromEntries(
      ['LibraryList', 'LibraryEntry', 'LibraryDiff', 'Error'].map((n) => [
        n,
        ajv.getSchema(`openapi#/components/schemas/${n}`)!,
      ]),
    );
    expect(doc.body.paths['/api/library/retire'].post.operationId).toBe('retireDocument');
  });
  afterAll(() => api?.close());

  const valid = (schema: string, body: unknown) => {
    schemas[schema]!(body);
    expect(schemas[schema]!.errors ?? []).toEqual([]);
  };

  it('lists every document with family, edition, status and sets', async () => {
    const res = await call(`${api.url}/api/library`);
    expect(res.status).toBe(200);
    valid('LibraryList', res.body);
    expect(
      res.body.documents.map((d: { docId: string; status: string; sets: string[] }) => [d.docId, d.status, d.sets]),
    ).toEqual([
      ['htn-2020.md', 'current', ['all']],
      ['htn-2014.md', 'superseded', ['all']],
      ['ward7.md', 'current', ['cardiology']],
    ]);
  });

  it('diffs the editions: one re-graded, one added', async () => {
    const res = await call(`${api.url}/api/library/diff?family=hypertension%20in%20primary%20care`);
    expect(res.status).toBe(200);
    valid('LibraryDiff', res.body);
    expect(res.body.counts).toEqual({ added: 1, removed: 0, 're-graded': 1, reworded: 0 });
  });

  it('ask and search take sets and includeSuperseded', async () => {
    const question = 'What should I start for hypertension when a thiazide is not tolerated?';
    const cardiology = await post(`${api.url}/api/ask`, { question, sets: ['cardiology'] });
    expect(cardiology.body.citations.map((c: { docId: string }) => c.docId)).toContain('ward7.md');
    const other = await post(`${api.url}/api/ask`, { question, sets: ['primary-care'] });
    expect(other.body.citations.map((c: { docId: string }) => c.docId)).not.toContain('ward7.md');
    const docs = async (query: string) =>
      (
        await call(`${api.url}/api/search?q=${encodeURIComponent('thiazide diuretic hypertension')}${query}`)
      ).body.results.map((r: { docId: string }) => r.docId);
    expect(await docs('')).not.toContain('htn-2014.md');
    expect(await docs('&includeSuperseded=true')).toContain('htn-2014.md');
    expect((await call(`${api.url}/api/search?q=thiazide&includeSuperseded=yes`)).status).toBe(400);
  });

  it('retires a document and maps a team to sets, each audited; bad input is a 400 that changes nothing', async () => {
    const retired = await post(`${api.url}/api/library/retire`, { docId: 'ward7.md' });
    expect(retired.status).toBe(200);
    valid('LibraryEntry', retired.body);
    expect(retired.body.status).toBe('retired');
    expect((await post(`${api.url}/api/library/retire`, { docId: 'ward7.md', retired: false })).body.status).toBe(
      'current',
    );
    expect((await post(`${api.url}/api/library/sets`, { team: '19:cardiology', sets: ['cardiology'] })).body).toEqual({
      kind: 'team',
      id: '19:cardiology',
      sets: ['cardiology'],
    });
    expect((await call(`${api.url}/api/library`)).body.mappings).toEqual([
      { kind: 'team', id: '19:cardiology', sets: ['cardiology'] },
    ]);

    const both = await post(`${api.url}/api/library/sets`, { docId: 'ward7.md', team: 'x', sets: ['a'] });
    expect(both.status).toBe(400);
    valid('Error', both.body);
    const unknown = await post(`${api.url}/api/library/retire`, { docId: 'nothing.md' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/no document matches "nothing\.md"/);

    const actions = api.audit
      .recent(20)
      .filter((r) => r.action.startsWith('POST /api/library'))
      .map((r) => [r.action, r.status, r.sources])
      .reverse();
    expect(actions).toEqual([
      ['POST /api/library/retire', 'ok', ['ward7.md']],
      ['POST /api/library/retire', 'ok', ['ward7.md']],
      ['POST /api/library/sets', 'ok', []],
      ['POST /api/library/sets', 'invalid', []],
      ['POST /api/library/retire', 'invalid', []],
    ]);
  });
});

describe('library admin API with Entra ID', () => {
  const TENANT = '11111111-2222-3333-4444-555555555555';
  let entra: EntraFixture;
  let api: ApiServer;

  beforeAll(async () => {
    entra = await startEntraFixture();
    api = await startApiServer(index, {
      env: {
        CURBSIDE_API_AUDIENCE: 'api://curbside-test',
        CURBSIDE_API_TENANTS: TENANT,
        CURBSIDE_OPENID_METADATA_URL: entra.metadataUrl,
        CURBSIDE_LIBRARY_ADMINS: 'admin-oid',
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await entra?.close();
  });

  const list = async (claims: Record<string, unknown>) =>
    call(`${api.url}/api/library`, {
      headers: { authorization: `Bearer ${await entra.token({ tid: TENANT, ...claims })}` },
    });

  it('serves administrators (the Curbside.Admin role or a listed object id) and refuses other users with 403', async () => {
    expect((await list({ oid: 'clinician-oid' })).status).toBe(403);
    expect((await list({ oid: 'clinician-oid', roles: ['Curbside.Admin'] })).status).toBe(200);
    expect((await list({ oid: 'admin-oid' })).status).toBe(200);
    expect(api.audit.recent(10).find((r) => r.status === 'forbidden')).toMatchObject({
      action: 'GET /api/library',
      caller: 'clinician-oid',
      httpStatus: 403,
    });
    const form = new FormData();
    form.append('file', new Blob(['## Recommendations\n\nRecommendation 1: Do this. (Strong for)\n']), 'mine.md');
    const upload = await call(`${api.url}/api/library/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await entra.token({ tid: TENANT, oid: 'clinician-oid' })}` },
      body: form,
    });
    expect(upload.status).toBe(403);
    expect(fs.existsSync(path.join(api.dataDir, 'library', 'mine.md'))).toBe(false);
  });
});

describe('adding a document over HTTP (multipart upload, as `curbside library add`)', () => {
  const PROTOCOL = {
    title: 'Ward 9 heart failure protocol',
    scope: 'Adults admitted to the cardiology ward with heart failure.',
    topic: 'Diuretics',
    recommendations: [
      {
        number: '1',
        text: 'Give intravenous furosemide to patients admitted with decompensated heart failure and fluid overload.',
        strength: 'Weak for',
      },
    ],
  };
  const QUESTION = 'Should I give intravenous furosemide for decompensated heart failure with fluid overload?';
  let work: string;
  let api: ApiServer;
  let schemas: Record<string, ValidateFunction>;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-library-upload-'));
    const kbDir = path.join(work, 'kb');
    fs.mkdirSync(kbDir);
    fs.copyFileSync(path.join(index.kbDir, 'htn-2020.md'), path.join(kbDir, 'htn-2020.md'));
    const indexPath = path.join(work, 'index.sqlite');
    const store = PassageStore.open(indexPath);
    expect((await ingestPaths(store, [kbDir], { workers: 1 })).failed).toEqual([]);
    store.close();
    await writeProtocolDocx(path.join(work, 'hf-2025.docx'), PROTOCOL);
    await writeProtocolDocx(path.join(work, 'hf-2026.docx'), {
      ...PROTOCOL,
      recommendations: [{ ...PROTOCOL.recommendations[0]!, strength: 'Strong for' }],
    });
    api = await startApiServer({ indexPath, kbDir });
    const doc = await call(`${api.url}/api/openapi.json`);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(doc.body, 'openapi');
    schemas = Object.fromEntries(
      ['LibraryAddResult', 'Error'].map((n) => [n, ajv.getSchema(`openapi#/components/schemas/${n}`)!]),
    );
    const upload = doc.body.paths['/api/library/documents'].post;
    expect(upload.operationId).toBe('addDocument');
    expect(Object.keys(upload.requestBody.content['multipart/form-data'].schema.properties)).toEqual(
      expect.arrayContaining(['file', 'sets', 'organisation', 'published']),
    );
  });
  afterAll(async () => {
    await api?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const valid = (schema: string, body: unknown) => {
    schemas[schema]!(body);
    expect(schemas[schema]!.errors ?? []).toEqual([]);
  };
  const upload = (name: string, bytes: Buffer | string, fields: Record<string, string | string[]> = {}) => {
    const form = new FormData();
    form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
    for (const [key, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    return call(`${api.url}/api/library/documents`, { method: 'POST', body: form });
  };
  const documents = async () =>
    (await call(`${api.url}/api/library`)).body.documents.map((d: { docId: string; status: string }) => [
      d.docId,
      d.status,
    ]);

  it("adds a Word protocol for one set, cited in that set's answers; a second edition supersedes it", async () => {
    const first = await upload('hf-2025.docx', fs.readFileSync(path.join(work, 'hf-2025.docx')), {
      sets: ['cardiology', 'wards'],
      organisation: 'St Elsewhere Hospital',
      published: '2025-03-01',
    });
    expect(first.status).toBe(201);
    valid('LibraryAddResult', first.body);
    expect(first.body.document).toMatchObject({
      docId: 'hf-2025.docx',
      status: 'current',
      sets: ['cardiology', 'wards'],
      origin: 'local',
      recommendations: 1,
    });
    expect(fs.existsSync(path.join(api.dataDir, 'library', 'hf-2025.docx'))).toBe(true);

    const cited = async (sets: string[]) =>
      (await post(`${api.url}/api/ask`, { question: QUESTION, sets })).body.citations.map(
        (c: { docId: string; strength: string }) => [c.docId, c.strength],
      );
    expect((await cited(['cardiology']))[0]).toEqual(['hf-2025.docx', 'Weak for']);
    expect((await cited(['primary-care'])).map((c: string[]) => c[0])).not.toContain('hf-2025.docx');

    const second = await upload('hf-2026.docx', fs.readFileSync(path.join(work, 'hf-2026.docx')), {
      sets: 'cardiology',
      organisation: 'St Elsewhere Hospital',
      published: '2026-05-01',
    });
    expect(second.status).toBe(201);
    expect(second.body.superseded.map((s: { docId: string }) => s.docId)).toEqual(['hf-2025.docx']);
    expect((await cited(['cardiology']))[0]).toEqual(['hf-2026.docx', 'Strong for']);

    const audited = api.audit
      .recent(20)
      .filter((r) => r.action === 'POST /api/library/documents')
      .map((r) => [r.status, r.httpStatus, r.sources])
      .reverse();
    expect(audited).toEqual([
      ['ok', 201, ['hf-2025.docx']],
      ['ok', 201, ['hf-2026.docx', 'hf-2025.docx']],
    ]);
  });

  it('refuses bad uploads with a 4xx that says why, and changes nothing', async () => {
    const before = await documents();
    const notMultipart = await post(`${api.url}/api/library/documents`, { file: 'x.md' });
    expect(notMultipart.status).toBe(415);
    valid('Error', notMultipart.body);

    const type = await upload('sheet.xlsx', 'not a guideline');
    expect(type.status).toBe(400);
    expect(type.body.message).toMatch(/unsupported file type "\.xlsx"/);

    // A file named .docx that is not a Word document: the copy and its description are rolled back.
    const broken = await upload('broken.docx', 'plain text, not a zip archive');
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/^broken\.docx could not be read/);
    expect(fs.existsSync(path.join(api.dataDir, 'library', 'broken.docx'))).toBe(false);

    const date = await upload('note.md', '## Recommendations\n\nRecommendation 1: Do this. (Strong for)\n', {
      published: 'last spring',
    });
    expect(date.status).toBe(400);
    expect(date.body.issues).toEqual([{ path: 'published', message: expect.stringMatching(/date/) }]);

    const name = await upload('a;rm -rf.md', '# x');
    expect(name.status).toBe(400);
    expect(name.body.message).toMatch(/file name/);

    const form = new FormData();
    form.append('sets', 'cardiology');
    const noFile = await call(`${api.url}/api/library/documents`, { method: 'POST', body: form });
    expect(noFile.status).toBe(400);
    expect(noFile.body.message).toMatch(/No document/);

    expect(await documents()).toEqual(before);
    expect(
      api.audit
        .recent(20)
        .filter((r) => r.action === 'POST /api/library/documents' && r.status === 'invalid')
        .map((r) => r.httpStatus)
        .reverse(),
    ).toEqual([415, 400, 400, 400, 400, 400]);
  });
});
