// A loopback fake of the Azure Health Data Services de-identification service's real-time endpoint, speaking its wire
// format: `POST /deid?api-version=...` with `{inputText, operation: 'Tag'}` and a bearer token; answers
// `{taggerResult: {entities: [{category, offset: {utf8, utf16, codePoint}, length: {...}, text, confidenceScore}]}}`.
// It tags every occurrence of the words it is told to (the "model" it stands in for), records every request so a test
// can assert what left the process, and can fail (HTTP status) or hang (to trigger the client's timeout).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequest } from './loopback.js';

export interface DeidRequest {
  url: string;
  authorization: string;
  body: { inputText: string; operation: string; [key: string]: unknown };
}

export interface FakeAzureDeid {
  /** e.g. "http://127.0.0.1:41234": use as AZURE_DEID_ENDPOINT. */
  readonly endpoint: string;
  readonly requests: DeidRequest[];
  /** Words (case-sensitive, whole words) tagged with their service category, e.g. { Keeling: 'Patient' }. */
  tags: Record<string, string>;
  /** 'ok', an HTTP status to answer with, or 'hang' (never answer, until the client gives up). */
  mode: 'ok' | number | 'hang';
  reset(): void;
  close(): Promise<void>;
}

function span(text: string, start: number, length: number) {
  const before = text.slice(0, start);
  const word = text.slice(start, start + length);
  return {
    offset: { utf8: Buffer.byteLength(before), utf16: start, codePoint: Array.from(before).length },
    length: { utf8: Buffer.byteLength(word), utf16: length, codePoint: Array.from(word).length },
  };
}

export async function startFakeAzureDeid(token: string): Promise<FakeAzureDeid> {
  const hanging = new Set<http.ServerResponse>();
  const fake: FakeAzureDeid = {
    endpoint: '',
    requests: [],
    tags: {},
    mode: 'ok',
    reset() {
      fake.requests.length = 0;
      fake.tags = {};
      fake.mode = 'ok';
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    void readRequest(req).then(
      ({ raw, body: parsed, method }) => {
        // Two calls, not writeHead().end(): restify (loaded in the bot tests) patches writeHead to return nothing.
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (method !== 'POST' || !/^\/deid\?api-version=[\w-]+$/.test(req.url ?? ''))
          return json(404, { error: { code: 'NotFound', message: 'no such route' } });
        if (req.headers.authorization !== `Bearer ${token}`)
          return json(401, { error: { code: 'Unauthorized', message: 'bad token' } });
        if (parsed === null)
          return json(400, { error: { code: 'BadRequest', message: raw ? 'body is not JSON' : 'no body' } });
        const body = parsed as DeidRequest['body'];
        fake.requests.push({ url: req.url ?? '', authorization: req.headers.authorization ?? '', body });
        if (typeof body.inputText !== 'string' || body.operation !== 'Tag')
          return json(400, { error: { code: 'BadRequest', message: 'inputText and operation Tag required' } });
        if (fake.mode === 'hang') {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if (typeof fake.mode === 'number')
          return json(fake.mode, { error: { code: 'InternalServerError', message: 'failure for tests' } });
        const text = body.inputText;
        const entities: unknown[] = [];
        for (const [word, category] of Object.entries(fake.tags)) {
          const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          for (const m of text.matchAll(new RegExp(`(?<![\\w])${escaped}(?![\\w])`, 'g'))) {
            entities.push({ category, ...span(text, m.index, word.length), text: word, confidenceScore: 0.93 });
          }
        }
        json(200, { outputText: null, taggerResult: { entities, path: null, etag: null } });
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (fake as { endpoint: string }).endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/**
 * A sentence with a surname the local pass misses (so only the service can catch it), and that surname as spelled.
 * The local pass keeps improving, so this takes the first of several plausible phrasings it still misses, checked now.
 */
export function nameMissedLocally(
  deidentify: (text: string) => { text: string },
  /** The whole text the sentence will sit in: the local pass reads context. */
  within: (sentence: string) => string = (sentence) => sentence,
): { sentence: string; name: string } {
  const candidates: [string, string][] = [
    ['Keeling has a pacemaker', 'Keeling'],
    ['discussed with Keeling today, pacemaker in situ', 'Keeling'],
    ['pacemaker in situ (per Keeling)', 'Keeling'],
    ['keeling has a pacemaker', 'keeling'],
    ['bed 4 brightwater, pacemaker in situ', 'brightwater'],
  ];
  const found = candidates.find(([sentence, name]) => deidentify(within(sentence)).text.includes(name));
  if (!found) throw new Error('the local pass now catches every candidate name: add a phrasing it misses');
  return { sentence: found[0], name: found[1] };
}
