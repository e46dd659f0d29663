// The HTTP door: /api/ask, /api/search, /api/guidelines, /api/openapi.json and (when CURBSIDE_MCP_HTTP=true) MCP
// Streamable HTTP at /mcp, mounted on the bot's restify server. Thin: authenticate, translate, call the service, translate back.
import type { IncomingMessage } from 'node:http';
import type { Request, Response, Server } from 'restify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Runtime } from '../runtime.js';
import type { AuditStore } from '../ops/audit.js';
import { openAudit } from '../ops/stores.js';
import { createRateLimiter, type RateLimiter } from '../ops/rate-limit.js';
import { log } from '../log.js';
import { createAuthenticator, hasForwardingHeaders, type Authenticator, type Caller } from './entra.js';
import { createMcpServer } from './mcp.js';
import { ServiceUnavailableError } from '../ops/admission.js';
import { buildOpenApiDocument } from './openapi.js';
import { mountLibraryRoutes } from './library-routes.js';
import {
  createApiService,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  type ApiService,
  type CallContext,
} from './service.js';
import type { ApiError } from './schemas.js';
import { reportHtml } from '../review/quality-report.js';

export interface MountApiOptions {
  /** Defaults to openAudit(config): Table storage in Azure, else SQLite in config.dataDir (closed when the server closes). */
  audit?: AuditStore;
  limiter?: RateLimiter;
  authenticator?: Authenticator;
}

const MAX_BODY_BYTES = 64 * 1024;

class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export function mountApi(
  server: Server,
  runtime: Pick<Runtime, 'config' | 'retriever' | 'pipeline'> & Partial<Pick<Runtime, 'review'>>,
  options: MountApiOptions = {},
): void {
  const { config } = runtime;
  const ownsAudit = !options.audit;
  const audit = options.audit ?? openAudit(config);
  if (ownsAudit) server.server.on('close', () => audit.close());
  const limiter = options.limiter ?? createRateLimiter(config.api.rateLimit);
  const authenticator = options.authenticator ?? createAuthenticator(config.api);
  const { review } = runtime;
  const service = createApiService({
    retriever: runtime.retriever,
    pipeline: runtime.pipeline,
    audit,
    limiter,
    review,
    roles: config.review,
  });
  const openApi = buildOpenApiDocument({
    serverUrl: config.publicBaseUrl ?? '/',
    auth: authenticator.mode === 'entra' ? 'bearer' : 'none',
    ...(review ? { review: config.review } : {}),
  });

  if (authenticator.mode === 'loopback') {
    log.warn(
      { routes: config.api.mcpHttp ? ['/api/*', '/mcp'] : ['/api/*'] },
      'HTTP API: Entra ID auth not configured (CURBSIDE_API_AUDIENCE unset): serving loopback callers only',
    );
  } else {
    log.info(
      { audiences: config.api.audiences.length, tenants: config.api.tenants.length },
      'HTTP API: Entra ID bearer tokens required',
    );
  }

  /** Authenticates, or answers 401/403 and returns null. */
  const admit = async (req: Request, res: Response, door: string, action: string): Promise<Caller | null> => {
    const outcome = await authenticator.authenticate({
      authorization: req.headers.authorization,
      remoteAddress: req.socket.remoteAddress,
      host: req.headers.host,
      origin: req.headers.origin,
      forwarded: hasForwardingHeaders(req.headers),
    });
    if (outcome.ok) return outcome.caller;
    await service.recordRejected(
      { door, action, caller: null },
      outcome.status === 401 ? 'unauthorized' : 'forbidden',
      outcome.status,
    );
    if (outcome.status === 401) {
      // RFC 6750 error codes, and (RFC 9728) where MCP clients find which authorization server issues our tokens.
      const challenge = [`error="${outcome.error === 'missing_token' ? 'invalid_request' : 'invalid_token'}"`];
      if (config.api.mcpHttp)
        challenge.push(`resource_metadata="${baseUrl(req, config.publicBaseUrl)}${PROTECTED_RESOURCE_PATH}"`);
      res.header('WWW-Authenticate', `Bearer ${challenge.join(', ')}`);
    }
    sendError(res, outcome.status, { error: outcome.error, message: outcome.message });
    return null;
  };

  /** Runs a service call for an HTTP route and maps its errors to status codes; `respond` sends a body that is not JSON. */
  const serve = async <T extends object>(
    req: Request,
    res: Response,
    action: string,
    run: (ctx: CallContext) => Promise<T>,
    input?: () => Promise<unknown>,
    respond: (body: T) => void = (body) => res.send(200, body),
  ) => {
    const caller = await admit(req, res, 'http', action);
    if (!caller) return;
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      if (input) await input();
      const body = await run({ caller, door: 'http', action, signal: controller.signal });
      res.header('Cache-Control', 'no-store');
      respond(body);
    } catch (err) {
      if (err instanceof RateLimitedError) {
        res.header('Retry-After', String(err.retryAfterSeconds));
        sendError(res, 429, { error: 'rate_limited', message: err.message });
      } else if (err instanceof ServiceUnavailableError) {
        // Busy past the answer bound, or warming up (index being built): the client retries after the interval.
        res.header('Retry-After', String(err.retryAfterSeconds));
        sendError(res, 503, { error: err.kind === 'busy' ? 'busy' : 'warming_up', message: err.message });
      } else if (err instanceof NotFoundError) {
        sendError(res, 404, { error: 'not_found', message: err.message });
      } else if (err instanceof ForbiddenError) {
        sendError(res, 403, { error: 'forbidden', message: err.message });
      } else if (err instanceof InvalidInputError) {
        sendError(res, 400, { error: 'invalid_request', message: err.message, issues: err.issues });
      } else if (err instanceof BodyError) {
        await service.recordRejected({ door: 'http', action, caller }, 'invalid', err.status);
        sendError(res, err.status, { error: 'invalid_request', message: err.message });
      } else {
        log.error({ action, err: err instanceof Error ? err.name : 'unknown' }, 'api route failed');
        sendError(res, 500, {
          error: 'internal_error',
          message: 'Curbside could not complete this request. Try again later.',
        });
      }
    }
  };

  server.get('/api/openapi.json', async (req: Request, res: Response) => {
    if (authenticator.mode === 'loopback' && !(await admit(req, res, 'http', 'GET /api/openapi.json'))) return;
    res.send(200, openApi);
  });

  server.post('/api/ask', async (req: Request, res: Response) => {
    let body: unknown;
    await serve(
      req,
      res,
      'POST /api/ask',
      (ctx) => service.ask(ctx, body),
      async () => {
        body = await readJsonBody(req);
      },
    );
  });

  server.get('/api/search', async (req: Request, res: Response) => {
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const number = (name: string) => (q.has(name) ? Number(q.get(name)) : undefined);
    const text = (name: string) => q.get(name) ?? undefined;
    const sets = q.getAll('sets').flatMap((v) => v.split(','));
    // "true"/"false" as booleans; anything else goes to validation as written, which answers 400.
    const flag = (name: string) =>
      q.has(name)
        ? (({ true: true, false: false } as Record<string, boolean>)[q.get(name)!] ?? q.get(name))
        : undefined;
    const input = {
      query: q.get('q') ?? '',
      top: number('top'),
      guideline: text('guideline'),
      strength: text('strength'),
      minYear: number('minYear'),
      kind: text('kind'),
      sets: sets.length ? sets : undefined,
      includeSuperseded: flag('includeSuperseded'),
    };
    await serve(req, res, 'GET /api/search', (ctx) => service.search(ctx, input));
  });

  server.get('/api/guidelines', async (req: Request, res: Response) => {
    await serve(req, res, 'GET /api/guidelines', (ctx) => service.listGuidelines(ctx));
  });

  if (review) {
    server.post('/api/feedback', async (req: Request, res: Response) => {
      let body: unknown;
      await serve(
        req,
        res,
        'POST /api/feedback',
        (ctx) => service.feedback(ctx, body),
        async () => {
          body = await readJsonBody(req);
        },
      );
    });
    server.get('/api/reviews', async (req: Request, res: Response) => {
      const status = new URL(req.url ?? '/', 'http://localhost').searchParams.get('status') ?? undefined;
      await serve(req, res, 'GET /api/reviews', (ctx) => service.listReviews(ctx, status));
    });
    server.get('/api/reviews/export', async (req: Request, res: Response) => {
      await serve(
        req,
        res,
        'GET /api/reviews/export',
        (ctx) => service.exportReviews(ctx),
        undefined,
        ({ jsonl }) => {
          res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
          res.writeHead(200);
          res.end(jsonl);
        },
      );
    });
    server.get('/api/reviews/:id', async (req: Request, res: Response) => {
      await serve(req, res, 'GET /api/reviews/{id}', (ctx) => service.getReview(ctx, String(req.params.id)));
    });
    server.get('/admin/quality', async (req: Request, res: Response) => {
      const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
      await serve(
        req,
        res,
        'GET /admin/quality',
        (ctx) => service.qualityReport(ctx, q.get('since') ?? undefined),
        undefined,
        (report) => {
          if (q.get('format') === 'json') return void res.send(200, report);
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.writeHead(200);
          res.end(reportHtml(report));
        },
      );
    });
    server.post('/api/reviews/:id/label', async (req: Request, res: Response) => {
      let body: unknown;
      await serve(
        req,
        res,
        'POST /api/reviews/{id}/label',
        (ctx) => service.labelReview(ctx, String(req.params.id), body),
        async () => {
          body = await readJsonBody(req);
        },
      );
    });
  }
  mountLibraryRoutes(server, config, audit, admit, sendError, readJsonBody);

  if (config.api.mcpHttp) {
    mountMcp(server, service, admit);
    if (authenticator.mode === 'entra') {
      // OAuth 2.0 Protected Resource Metadata (RFC 9728), which MCP clients read to find the Entra authority and scope.
      const metadata = async (req: Request, res: Response) => {
        res.send(200, {
          resource: `${baseUrl(req, config.publicBaseUrl)}/mcp`,
          authorization_servers: config.api.tenants.map((t) => `https://login.microsoftonline.com/${t}/v2.0`),
          scopes_supported: config.api.audiences.filter((a) => a.includes('://')).map((a) => `${a}/.default`),
          bearer_methods_supported: ['header'],
          resource_name: 'Curbside',
        });
      };
      server.get(PROTECTED_RESOURCE_PATH, metadata);
      server.get(`${PROTECTED_RESOURCE_PATH}/mcp`, metadata);
    }
  }
}

const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/**
 * Public base URL: CURBSIDE_PUBLIC_URL, else the address of the socket the request came in on (never the Host header or
 * X-Forwarded-* values, which the sender chooses).
 */
function baseUrl(req: Request, configured: string | null): string {
  if (configured) return configured.replace(/\/$/, '');
  const local = req.socket.localAddress ?? '127.0.0.1';
  const host = local.startsWith('::ffff:') ? local.slice(7) : local.includes(':') ? `[${local}]` : local;
  return `http://${host}:${req.socket.localPort}`;
}

/**
 * MCP Streamable HTTP, stateless: a fresh server and transport per request (the SDK's recommended shape for servers
 * that keep no session state), so any replica can answer any request and the caller is bound per request.
 */
function mountMcp(
  server: Server,
  service: ApiService,
  admit: (req: Request, res: Response, door: string, action: string) => Promise<Caller | null>,
): void {
  server.post('/mcp', async (req: Request, res: Response) => {
    const caller = await admit(req, res, 'mcp-http', 'POST /mcp');
    if (!caller) return;
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (err) {
      const status = err instanceof BodyError ? err.status : 400;
      await service.recordRejected({ door: 'mcp-http', action: 'POST /mcp', caller }, 'invalid', status);
      sendJsonRpcError(res, status, -32700, err instanceof Error ? err.message : 'Parse error');
      return;
    }
    const mcp = createMcpServer(service, { caller, door: 'mcp-http' });
    // SSE responses (not plain JSON) so progress notifications reach the client while an answer is composed.
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    try {
      await mcp.connect(transport);
      await transport.handleRequest(req as IncomingMessage, res, body);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.name : 'unknown' }, 'mcp http request failed');
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal server error');
    }
  });
  const notAllowed = async (_req: Request, res: Response) => {
    // Stateless server: no standalone SSE stream to GET and no session to DELETE.
    res.header('Allow', 'POST');
    sendJsonRpcError(res, 405, -32000, 'Method not allowed: this MCP endpoint is stateless; use POST.');
  };
  server.get('/mcp', notAllowed);
  server.del('/mcp', notAllowed);
}

function sendError(res: Response, status: number, body: ApiError): void {
  res.header('Cache-Control', 'no-store');
  res.send(status, body);
}

function sendJsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.send(status, { jsonrpc: '2.0', error: { code, message }, id: null });
}

/** JSON body, whether or not the host server installed restify's bodyParser. */
async function readJsonBody(req: Request): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.includes('application/json'))
    throw new BodyError(415, 'Send a JSON body with Content-Type: application/json.');
  const parsed = (req as Request & { body?: unknown }).body;
  let raw: string;
  if (parsed !== undefined && typeof parsed !== 'string' && !Buffer.isBuffer(parsed)) return parsed;
  if (parsed !== undefined) raw = parsed.toString();
  else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES)
        throw new BodyError(413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
      chunks.push(chunk);
    }
    raw = Buffer.concat(chunks).toString('utf8');
  }
  if (raw.trim() === '') throw new BodyError(400, 'The request body is empty; send a JSON object.');
  try {
    return JSON.parse(raw);
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}
