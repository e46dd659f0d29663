// A loopback fake of the Azure OpenAI data plane that speaks the real wire format, for tests of every client we use
// (openai's AzureOpenAI, teams-ai's OpenAIModel). Each request is answered by the next queued reply, else by the
// default responder; every request is recorded (headers + parsed body) so tests can assert what left the process.
//
//   const fake = await startFakeAzureOpenAI();            // http://127.0.0.1:<port>
//   const fake = await startFakeAzureOpenAI({ https: true }); // self-signed cert made in a temp dir; trust fake.ca
//   fake.enqueue({ status: 429, headers: { 'retry-after': '1' } }, { content: 'Answer [1].' });
//   fake.requests[0].body.messages ...
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeSelfSignedCert } from './self-signed-cert.js';
import { readRequest } from './loopback.js';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/openai/deployments/gpt-4o/chat/completions". */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or null when the body was empty or not JSON. */
  body: any;
  rawBody: string;
  /** "chat" | "embeddings" | "other", from the path. */
  kind: 'chat' | 'embeddings' | 'other';
  /**
   * The deployment the request names: in the path on the deployment route (/openai/deployments/{name}/...), as the body's
   * `model` on the OpenAI/v1 route (/openai/v1/chat/completions).
   */
  deployment: string | null;
  /** Which wire shape the request used. */
  route: 'deployment' | 'v1' | 'other';
}

export interface FakeReply {
  /** HTTP status; default 200. Non-2xx replies send an Azure-shaped error body unless `json`/`rawBody` is given. */
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before sending anything (to trigger client timeouts). */
  delayMs?: number;
  /** Chat completion text: served as one JSON completion, or as SSE deltas when the request asked for `stream: true`. */
  content?: string;
  /** SSE: characters per delta chunk (default 12). */
  chunkSize?: number;
  /** SSE: pause between chunks. */
  chunkDelayMs?: number;
  /** SSE: send this many chunks, then destroy the socket without the [DONE] terminator. */
  dropAfterChunks?: number;
  /** Sent verbatim as the body (e.g. malformed JSON), with content-type application/json. */
  rawBody?: string;
  /** Sent as the JSON body. */
  json?: unknown;
  finishReason?: string;
  /** Non-streamed: announce the whole body's length, send only this many bytes of it, then close the socket. */
  cutBodyAfterBytes?: number;
  /** The model name the reply reports (default: the fake's `reportModel`, else the deployment name). */
  model?: string;
}

export type Responder = (req: RecordedRequest) => FakeReply;

export interface FakeAzureOpenAI {
  /** e.g. "http://127.0.0.1:41234" — use as the Azure endpoint. */
  readonly endpoint: string;
  readonly port: number;
  /** PEM of the self-signed certificate (https mode only); pass as `ca` to an https.Agent. */
  readonly ca: string | null;
  readonly requests: RecordedRequest[];
  /** Replies used in order, one per request, before the default responder. */
  enqueue(...replies: FakeReply[]): void;
  /** Replace the default responder (used when the queue is empty). */
  setDefault(responder: Responder | FakeReply): void;
  /** Forget recorded requests and queued replies. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeAzureOpenAIOptions {
  https?: boolean;
  /** Default responder; by default chat answers "OK" and embeddings are deterministic hash vectors. */
  respond?: Responder | FakeReply;
  /** Embedding size when the request does not say (default 8). */
  embeddingDimensions?: number;
  /** The model name every chat reply reports, as a service reports the model behind a deployment (default: the deployment name). */
  reportModel?: string;
  /** Serve only this route; a request on the other answers 404 as the real service would (default: both). */
  route?: 'deployment' | 'v1';
}

/** Deterministic unit vector for a text: the same text always embeds the same, different texts differ. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const out: number[] = [];
  let block = Buffer.alloc(0);
  for (let i = 0; out.length < dimensions; i++) {
    if (i * 4 >= block.length)
      block = Buffer.concat([block, createHash('sha256').update(`${text}\u0000${i}`).digest()]);
    out.push(block.readInt32LE(i * 4) / 2 ** 31);
  }
  const norm = Math.hypot(...out) || 1;
  return out.map((v) => v / norm);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function completionId(): string {
  return `chatcmpl-fake-${Math.random().toString(36).slice(2, 10)}`;
}

/** Azure's per-choice filter verdicts: a reply stopped by the filter names the category (here self-harm, severity medium). */
function filterResults(finishReason: string | null) {
  const safe = { filtered: false, severity: 'safe' };
  return {
    hate: safe,
    sexual: safe,
    violence: safe,
    self_harm: finishReason === 'content_filter' ? { filtered: true, severity: 'medium' } : safe,
  };
}

function chatJson(content: string, model: string, finishReason: string) {
  return {
    id: completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_fake',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content },
        finish_reason: finishReason,
        logprobs: null,
        content_filter_results: filterResults(finishReason),
      },
    ],
    usage: {
      prompt_tokens: 10,
      completion_tokens: Math.ceil(content.length / 4),
      total_tokens: 10 + Math.ceil(content.length / 4),
    },
  };
}

function errorBody(status: number) {
  const code = status === 429 ? '429' : status >= 500 ? 'InternalServerError' : String(status);
  return { error: { code, message: `Fake Azure OpenAI error ${status}` } };
}

export async function startFakeAzureOpenAI(options: FakeAzureOpenAIOptions = {}): Promise<FakeAzureOpenAI> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const dims = options.embeddingDimensions ?? 8;
  let fallback: Responder = toResponder(options.respond ?? defaultResponder);

  function toResponder(r: Responder | FakeReply): Responder {
    return typeof r === 'function' ? r : () => r;
  }

  function defaultResponder(req: RecordedRequest): FakeReply {
    if (req.kind === 'embeddings') {
      const input: string[] = Array.isArray(req.body?.input) ? req.body.input : [String(req.body?.input ?? '')];
      const size = Number(req.body?.dimensions) || dims;
      return {
        json: {
          object: 'list',
          model: req.deployment ?? 'embeddings',
          data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text, size) })),
          usage: { prompt_tokens: input.length, total_tokens: input.length },
        },
      };
    }
    return { content: 'OK' };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { raw: rawBody, body, url, method } = await readRequest(req);
    const inPath = /\/deployments\/([^/]+)\//.exec(url.pathname)?.[1] ?? null;
    const route = inPath ? 'deployment' : /^\/openai\/v1\//.test(url.pathname) ? 'v1' : 'other';
    const deployment = inPath
      ? decodeURIComponent(inPath)
      : route === 'v1' && typeof body?.model === 'string'
        ? body.model
        : null;
    const kind = url.pathname.endsWith('/chat/completions')
      ? 'chat'
      : url.pathname.endsWith('/embeddings')
        ? 'embeddings'
        : 'other';
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      rawBody,
      kind,
      deployment,
      route,
    };
    requests.push(recorded);
    // The other route's URL does not exist on a service that only serves one (and api-version is refused on v1).
    if ((options.route && route !== options.route) || (route === 'v1' && url.searchParams.has('api-version'))) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: '404', message: 'Resource not found' } }));
      return;
    }
    const reply = queue.shift() ?? fallback(recorded);

    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    const status = reply.status ?? 200;
    const headers = { 'x-request-id': `fake-${requests.length}`, ...(reply.headers ?? {}) };

    if (reply.rawBody !== undefined || reply.json !== undefined || status >= 300) {
      const text = reply.rawBody ?? JSON.stringify(reply.json ?? errorBody(status));
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(text);
      return;
    }

    const content = reply.content ?? '';
    const model = reply.model ?? options.reportModel ?? recorded.deployment ?? 'gpt-4o';
    const finish = reply.finishReason ?? 'stop';
    if (!body?.stream && reply.cutBodyAfterBytes !== undefined) {
      const whole = Buffer.from(JSON.stringify(chatJson(content, model, finish)));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(whole.length), ...headers });
      res.write(whole.subarray(0, reply.cutBodyAfterBytes), () => setTimeout(() => res.socket?.destroy(), 30));
      return;
    }
    if (!body?.stream) {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(chatJson(content, model, finish)));
      return;
    }

    // SSE in the chat.completion.chunk shape; Azure sends a first chunk with prompt_filter_results and empty choices.
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...headers,
    });
    const id = completionId();
    const created = Math.floor(Date.now() / 1000);
    const send = (obj: unknown) =>
      new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(obj)}\n\n`, () => resolve()));
    // Drop only after what was sent has left the socket, so the client really sees half a stream.
    const drop = async () => {
      await sleep(30);
      res.socket?.destroy();
    };
    await send({
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
    });
    const size = Math.max(1, reply.chunkSize ?? 12);
    const pieces: string[] = [];
    for (let i = 0; i < content.length; i += size) pieces.push(content.slice(i, i + size));
    let sent = 0;
    for (const [i, piece] of pieces.entries()) {
      if (reply.dropAfterChunks !== undefined && sent >= reply.dropAfterChunks) return drop();
      await send({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: 'fp_fake',
        choices: [
          {
            index: 0,
            delta: i === 0 ? { role: 'assistant', content: piece } : { content: piece },
            finish_reason: null,
          },
        ],
      });
      sent++;
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (res.destroyed) return;
    }
    if (reply.dropAfterChunks !== undefined) return drop();
    await send({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta: {}, finish_reason: finish, content_filter_results: filterResults(finish) }],
    });
    res.write('data: [DONE]\n\n');
    res.end();
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch(() => res.destroy());
  };
  let ca: string | null = null;
  let server: http.Server | https.Server;
  if (options.https) {
    const { key, cert } = makeSelfSignedCert();
    ca = cert;
    server = https.createServer({ key, cert }, listener);
  } else {
    server = http.createServer(listener);
  }
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    ca,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setDefault: (r) => void (fallback = toResponder(r)),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
