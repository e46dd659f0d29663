// The HTTP server: the Teams endpoint, health probes, and the guideline files citations link to. Other doors (HTTP API, MCP)
// mount their routes on the same server.
import fs from 'node:fs';
import path from 'node:path';
import restify from 'restify';
import type { Runtime } from './runtime.js';
import { BASE_URL_KEY, createBot, type Bot, type BotOptions } from './teams/bot.js';
import { log } from './log.js';
import { mountApi } from './api/http.js';
import { auditPath, openAuditStore } from './ops/audit.js';
import { createBotGuard, type BotGuard } from './ops/bot-guard.js';

/** How long a shutdown waits for turns in flight to finish before closing their connections. */
export const DRAIN_TIMEOUT_MS = 30_000;

/** Teams activities are small; a body this large is not a chat message. Larger bodies get 413 before any parsing. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
};

export interface ServerOptions {
  port?: number;
  host?: string;
  bot?: BotOptions;
}

export interface CurbsideServer {
  server: restify.Server;
  bot: Bot;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** http://host:port of the bound socket. */
  url: string;
  /** Tenant allow-list, rate limits, audit and the in-flight count of /api/messages turns. */
  guard: BotGuard;
  /** Stops accepting, waits up to `drainMs` (default DRAIN_TIMEOUT_MS) for turns in flight, then closes. */
  close(drainMs?: number): Promise<void>;
}

/** Why an inbound activity cannot be processed, or null when it can. botbuilder throws on these instead of answering 400. */
export function activityProblem(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON activity object';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || !a.type) return 'activity.type is required';
  if (typeof a.channelId !== 'string' || !a.channelId) return 'activity.channelId is required';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(a.serviceUrl)) return 'activity.serviceUrl must be an http(s) URL';
  const idOf = (v: unknown) => (v && typeof v === 'object' ? (v as { id?: unknown }).id : undefined);
  if (typeof idOf(a.recipient) !== 'string') return 'activity.recipient.id is required';
  if (typeof idOf(a.conversation) !== 'string') return 'activity.conversation.id is required';
  if (a.from !== undefined && typeof idOf(a.from) !== 'string') return 'activity.from.id must be a string';
  if (a.text !== undefined && a.text !== null && typeof a.text !== 'string') return 'activity.text must be a string';
  return null;
}

function requestBaseUrl(req: restify.Request, runtime: Runtime): string {
  if (runtime.config.publicBaseUrl) return runtime.config.publicBaseUrl.replace(/\/$/, '');
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  return `${proto}://${req.headers.host ?? `127.0.0.1:${runtime.config.port}`}`;
}

export function createServer(runtime: Runtime, options: BotOptions = {}): { server: restify.Server; bot: Bot; guard: BotGuard } {
  const server = restify.createServer({ name: 'curbside', handleUncaughtExceptions: false });
  const bot = createBot(runtime, options);
  // One audit trail for every door on this server: the bot's turns and the HTTP API's calls.
  const audit = openAuditStore(auditPath(runtime.config.dataDir));
  server.server.on('close', () => audit.close());
  // Tenant allow-list, rate limits, trace id and audit per turn; runs after botbuilder has validated the token.
  const guard = createBotGuard(runtime.config.bot, { audit });

  server.post(
    '/api/messages',
    restify.plugins.bodyParser({ maxBodySize: MAX_ACTIVITY_BYTES, mapParams: false, requestBodyOnGet: false }),
    async (req: restify.Request, res: restify.Response) => {
      const problem = activityProblem(req.body);
      if (problem) {
        log.warn({ problem }, 'rejected inbound activity');
        res.send(400, { error: 'bad_activity', message: problem });
        return;
      }
      const base = requestBaseUrl(req, runtime);
      await guard.track(async () => {
        try {
          await bot.adapter.process(req, res, async (context) => {
            context.turnState.set(BASE_URL_KEY, base);
            await guard.run(context, () => bot.run(context));
          });
        } catch (err) {
          // The turn error handler has already answered the user where it could; keep the HTTP side well-formed.
          log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'activity processing failed');
          if (!res.headersSent) res.send(500, { error: 'processing_failed' });
        }
      });
    },
  );

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    try {
      await runtime.retriever.check();
      const guidelines = (await runtime.retriever.listGuidelines()).length;
      // The model's state is reported, not gated on: while it is paused the extractive answer still serves.
      const model = runtime.pipeline.modelHealth?.() ?? null;
      res.send(200, { status: 'ready', engine: runtime.retriever.engine, mode: runtime.pipeline.mode, guidelines, ...(model ? { model } : {}) });
    } catch (err) {
      res.send(503, { status: 'not ready', reason: err instanceof Error ? err.message : String(err) });
    }
  });

  // Guideline files, so a citation link opens the source (PDFs at the page via #page=N). Only ingested files are served: the
  // name is looked up in the index, never joined onto a path.
  let files: Map<string, string> | null = null;
  const lookup = async (name: string, refresh: boolean): Promise<string | undefined> => {
    if (!files || refresh) {
      files = new Map();
      for (const g of await runtime.retriever.listGuidelines()) {
        if (g.path && !files.has(g.source)) files.set(g.source, g.path);
      }
    }
    return files.get(name);
  };
  server.get('/guidelines/:file', async (req: restify.Request, res: restify.Response) => {
    const name = String(req.params.file ?? '');
    const file = (await lookup(name, false)) ?? (await lookup(name, true));
    if (!file || !fs.existsSync(file)) {
      res.send(404, { error: 'not_found', message: 'No ingested guideline file has that name.' });
      return;
    }
    const stat = fs.statSync(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Content-Disposition': `inline; filename="${path.basename(file).replace(/"/g, '')}"`,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
    fs.createReadStream(file).pipe(res);
  });

  // The HTTP API (/api/ask, /api/search, /api/openapi.json) and, when enabled, MCP over HTTP (/mcp).
  mountApi(server, runtime, { audit });

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, next: () => void) => {
    if ((err.statusCode ?? 500) >= 500) log.error({ route: req.getRoute()?.path, err: err.message }, 'request failed');
    next();
  });
  return { server, bot, guard };
}

export async function startServer(runtime: Runtime, options: ServerOptions = {}): Promise<CurbsideServer> {
  const { server, bot, guard } = createServer(runtime, options.bot);
  const port = options.port ?? runtime.config.port;
  const host = options.host ?? runtime.config.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    server,
    bot,
    port: boundPort,
    url: `http://${shownHost}:${boundPort}`,
    guard,
    async close(drainMs = DRAIN_TIMEOUT_MS) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Stop accepting, let turns in flight finish (their replies still go out), then drop what is left. Idle keep-alive
      // sockets (the Playground holds some) would otherwise delay close for minutes.
      server.server.closeIdleConnections?.();
      if (guard.inFlight > 0) log.info({ inFlight: guard.inFlight, drainMs }, 'shutdown: letting turns in flight finish');
      const drained = await guard.drain(drainMs);
      if (!drained) log.warn({ inFlight: guard.inFlight }, 'shutdown: turns still in flight after the drain timeout');
      server.server.closeAllConnections?.();
      await closed;
    },
  };
}

/**
 * One failed turn must not take the process down: a rejected send nobody awaited (e.g. a stream update after the client went
 * away) is logged, not fatal. Installed once by the long-running entry points.
 */
export function installProcessGuards(): void {
  if ((globalThis as { __curbsideGuards?: boolean }).__curbsideGuards) return;
  (globalThis as { __curbsideGuards?: boolean }).__curbsideGuards = true;
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message } : String(reason) }, 'unhandled rejection');
  });
}
