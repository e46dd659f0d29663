// The Azure de-identification pass against a loopback HTTP server speaking the service's wire format.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_DEID_SCOPE, createAzureDeid, deidentifyWithService } from '../../src/safety/azure-deid.js';

interface Seen {
  url: string;
  auth: string;
  body: { inputText: string; operation: string };
}

let server: http.Server;
let endpoint = '';
const seen: Seen[] = [];
let failNext = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as Seen['body'];
      seen.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', body });
      if (failNext) {
        failNext = false;
        res.writeHead(503).end();
        return;
      }
      // Tag every occurrence of two words the local pass cannot know, plus an age the service always tags.
      const entities: unknown[] = [];
      for (const [word, category] of [['Zyx', 'Patient'], ['Mercy Hospital', 'Hospital'], ['45', 'Age']] as const) {
        let at = body.inputText.indexOf(word);
        while (at >= 0) {
          entities.push({ category, offset: { utf8: at, utf16: at, codePoint: at }, length: { utf8: word.length, utf16: word.length, codePoint: word.length }, text: word, confidenceScore: 0.9 });
          at = body.inputText.indexOf(word, at + 1);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ taggerResult: { entities } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const credential = { getToken: async (scope: string | string[]) => ({ token: `tok-for-${String(scope)}`, expiresOnTimestamp: Date.now() + 60_000 }) };

describe('Azure de-identification service pass', () => {
  it('sends a Tag request with a bearer token and merges the service findings into the local ones', async () => {
    const service = createAzureDeid({ endpoint, credential });
    const text = 'Zyx, 45F, seen at Mercy Hospital, call 555-201-3344';
    const result = await deidentifyWithService(text, service);
    expect(result.remote).toBe('ok');
    expect(result.text).toBe('[NAME], 45F, seen at Mercy Hospital, call [PHONE]');
    const last = seen[seen.length - 1];
    expect(last.url).toBe('/deid?api-version=2024-11-15');
    expect(last.auth).toBe(`Bearer tok-for-${AZURE_DEID_SCOPE}`);
    expect(last.body).toEqual({ inputText: text, operation: 'Tag' });
  });

  it('keeps the local redactions when the service fails', async () => {
    const service = createAzureDeid({ endpoint, credential });
    failNext = true;
    const result = await deidentifyWithService('Zyx called from 555-201-3344', service);
    expect(result.remote).toBe('failed');
    expect(result.text).toBe('Zyx called from [PHONE]');
  });
});
