// The HTTP server: the Teams endpoint, health probes, and the guideline files citations link to. Other doors (HTTP API, MCP)
// mount their routes on the same server.
import restify from 'restify';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Runtime } from './runtime.js';
import { BASE_URL_KEY, createBot, type Bot, type BotOptions } from './teams/bot.js';
import { log } from './log.js';
import { mountApi } from './api/http.js';
import { openAudit } from './ops/stores.js';
import { createBotGuard, type BotGuard } from './ops/bot-guard.js';
import { activityProblem } from './ops/activity-check.js';
import { createInboundAuthenticator, serviceUrlProblem } from './ops/bot-auth.js';
import { isLoopbackAddress } from './api/entra.js';
import { mountGuidelineFiles } from './api/guideline-files.js';
import { assertExposureAllowed, isLoopbackBind } from './config.js';

/** How long a shutdown waits for turns in flight to finish before closing their connections. */
export const DRAIN_TIMEOUT_MS = 30_000;

/** Teams activities are small; a body this large is not a chat message. Larger bodies get 413 before any parsing. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

/**
 * How long a client may take to send a request (HTTP_TIMEOUTS): a socket that trickles its headers or body is answered 408
 * and closed, so slow senders cannot hold connections for Node's default 5 minutes.
 */
export const HTTP_TIMEOUTS = {
  /** Request line and headers. */
  headersMs: 15_000,
  /** The whole request, body included. 27 s, so that with the check interval and scheduling a slow sender is cut by 30 s. */
  requestMs: 27_000,
  /** How often Node checks the two above; the worst case is the limit plus this. */
  checkEveryMs: 1_000,
};
export type HttpTimeouts = typeof HTTP_TIMEOUTS;

export interface ServerOptions {
  port?: number;
  host?: string;
  bot?: BotOptions;
  /** Overrides of HTTP_TIMEOUTS (tests use short ones). */
  timeouts?: Partial<HttpTimeouts>;
}

export interface CurbsideServer {
  server: restify.Server;
  bot: Bot;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** http://host:port to reach the bound socket from this machine. */
  url: string;
  /** The address bound (HOST). */
  host: string;
  /** What is really bound, for the start-up line: "127.0.0.1:3978 (this machine only)" or "0.0.0.0:3978 (every IPv4 interface)". */
  bound: string;
  /** Tenant allow-list, rate limits, audit and the in-flight count of /api/messages turns. */
  guard: BotGuard;
  /** Stops accepting, waits up to `drainMs` (default DRAIN_TIMEOUT_MS) for turns in flight, then closes. */
  close(drainMs?: number): Promise<void>;
}

export { activityProblem } from './ops/activity-check.js';

/** botbuilder's own process() turns these into Dates before a turn sees them; processActivity() does not. */
function fixTimestamps(activity: Activity): void {
  const a = activity as unknown as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field] as string);
    }
  }
}

/**
 * The base of citation links: CURBSIDE_PUBLIC_URL, or this server's loopback address when the request came in on loopback (a
 * local Playground). Never the request's Host header, which the sender chooses; otherwise null, and citations carry no link.
 */
export function citationBaseUrl(req: restify.Request, configured: string | null): string | null {
  if (configured) return configured.replace(/\/$/, '');
  const local = req.socket.localAddress;
  if (!isLoopbackAddress(local)) return null;
  const host = local!.includes(':') && !local!.startsWith('::ffff:') ? `[${local}]` : local!.replace(/^::ffff:/, '');
  return `http://${host}:${req.socket.localPort}`;
}

export function createServer(
  runtime: Runtime,
  options: BotOptions = {},
): { server: restify.Server; bot: Bot; guard: BotGuard } {
  const server = restify.createServer({ name: 'curbside', handleUncaughtExceptions: false });
  // One audit trail for every door on this server: the bot's turns, verdicts on review cards and the HTTP API's calls.
  const audit = openAudit(runtime.config);
  server.server.on('close', () => audit.close());
  const bot = createBot(runtime, { ...options, audit: options.audit ?? audit });
  // Tenant allow-list, rate limits, trace id and audit per turn; runs after botbuilder has validated the token.
  const guard = createBotGuard(runtime.config.bot, { audit });
  const inbound = createInboundAuthenticator(bot.adapter, runtime.config.bot);

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
      const activity = req.body as Activity;
      // Replies go to the activity's serviceUrl: only Bot Framework / Teams hosts (or the local Playground), never anywhere a
      // sender names (server-side request forgery).
      const refused = serviceUrlProblem(activity.serviceUrl, runtime.config.bot);
      if (refused) {
        log.warn({ reason: refused }, 'rejected inbound activity: serviceUrl not allowed');
        res.send(403, {
          error: 'service_url_not_allowed',
          message: `Replies cannot be sent to this serviceUrl: ${refused}.`,
        });
        return;
      }
      const header = String(req.headers.authorization ?? '');
      const auth = await inbound.authenticate(activity, header);
      if (!auth.ok) {
        // One line per refusal, no stack: an unauthenticated request is routine noise, not an incident.
        log.warn({ status: auth.status, reason: auth.reason }, 'rejected inbound activity: not authenticated');
        if (auth.status === 503) res.header('Retry-After', '30');
        res.send(auth.status, {
          error: auth.status === 401 ? 'unauthorized' : 'auth_unavailable',
          message: auth.reason,
        });
        return;
      }
      fixTimestamps(activity);
      const base = citationBaseUrl(req, runtime.config.publicBaseUrl);
      await guard.track(async () => {
        try {
          // botbuilder's process() minus its own authentication (done above) and its console stack traces.
          const adapter = bot.adapter as unknown as {
            processActivity(
              auth: AuthenticateRequestResult,
              activity: Activity,
              logic: (context: TurnContext) => Promise<void>,
            ): Promise<InvokeResponse | undefined>;
          };
          const invokeResponse = await adapter.processActivity(auth.result, activity, async (context) => {
            context.turnState.set(BASE_URL_KEY, base);
            await guard.run(context, () => bot.run(context));
          });
          if (invokeResponse?.body !== undefined) res.send(invokeResponse.status ?? 200, invokeResponse.body);
          else res.send(invokeResponse?.status ?? 200);
        } catch (err) {
          // The turn error handler has already answered the user where it could; keep the HTTP side well-formed.
          log.error(
            { err: { name: (err as Error)?.name, message: (err as Error)?.message } },
            'activity processing failed',
          );
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
      // A pinned model is gated on: answers from another model than the one validated must not be served as if it were.
      const identity = (await runtime.model?.checkIdentity?.()) ?? null;
      if (identity?.matches === false) {
        res.send(503, {
          status: 'not ready',
          reason: `the model service answers as "${identity.reported}" but AZURE_OPENAI_EXPECTED_MODEL pins "${identity.expected}" (deployment ${identity.deployment}, ${identity.route} route)`,
        });
        return;
      }
      const modelIdentity = identity
        ? {
            deployment: identity.deployment,
            route: identity.route,
            reported: identity.reported,
            expected: identity.expected,
          }
        : null;
      res.send(200, {
        status: 'ready',
        engine: runtime.retriever.engine,
        mode: runtime.pipeline.mode,
        guidelines,
        ...(model ? { model } : {}),
        ...(modelIdentity ? { modelIdentity } : {}),
      });
    } catch (err) {
      res.send(503, { status: 'not ready', reason: err instanceof Error ? err.message : String(err) });
    }
  });

  // Guideline files, so a citation link opens the source (PDFs at the page, Markdown summaries at the quoted field).
  mountGuidelineFiles(server, runtime);

  // The HTTP API (/api/ask, /api/search, /api/openapi.json) and, when enabled, MCP over HTTP (/mcp).
  mountApi(server, runtime, { audit });

  server.on(
    'restifyError',
    (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, next: () => void) => {
      if ((err.statusCode ?? 500) >= 500)
        log.error({ route: req.getRoute()?.path, err: err.message }, 'request failed');
      next();
    },
  );
  return { server, bot, guard };
}

export async function startServer(runtime: Runtime, options: ServerOptions = {}): Promise<CurbsideServer> {
  const port = options.port ?? runtime.config.port;
  const host = options.host ?? runtime.config.host;
  assertExposureAllowed(runtime.config, host);
  const { server, bot, guard } = createServer(runtime, options.bot);
  const timeouts = { ...HTTP_TIMEOUTS, ...options.timeouts };
  const http = server.server as typeof server.server & { connectionsCheckingInterval?: number };
  http.headersTimeout = timeouts.headersMs;
  http.requestTimeout = timeouts.requestMs;
  // Node reads the checking interval when it starts listening (default 30 s, which would double the limits above).
  http.connectionsCheckingInterval = timeouts.checkEveryMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const wildcard = host === '0.0.0.0' || host === '::';
  const shownHost = wildcard ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const where = isLoopbackBind(host)
    ? 'this machine only'
    : host === '0.0.0.0'
      ? 'every IPv4 interface'
      : host === '::'
        ? 'every interface'
        : 'reachable from the network';
  return {
    server,
    bot,
    port: boundPort,
    host,
    url: `http://${shownHost}:${boundPort}`,
    bound: `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${boundPort} (${where})`,
    guard,
    async close(drainMs = DRAIN_TIMEOUT_MS) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Stop accepting, let turns in flight finish (their replies still go out), then drop what is left. Idle keep-alive
      // sockets (the Playground holds some) would otherwise delay close for minutes.
      server.server.closeIdleConnections?.();
      if (guard.inFlight > 0)
        log.info({ inFlight: guard.inFlight, drainMs }, 'shutdown: letting turns in flight finish');
      const drained = await guard.drain(drainMs);
      if (!drained) log.warn({ inFlight: guard.inFlight }, 'shutdown: turns still in flight after the drain timeout');
      server.server.closeAllConnections?.();
      await closed;
    },
  };
}

/** The start-up line: what is bound, and who may use it. */
export function startupLine(
  server: Pick<CurbsideServer, 'url' | 'bound' | 'host'>,
  runtime: Pick<Runtime, 'config' | 'retriever' | 'pipeline'>,
): string {
  const { bot } = runtime.config;
  const access = bot.id
    ? 'Bot Framework tokens required'
    : isLoopbackBind(server.host)
      ? 'no bot auth: local use only'
      : 'NO BOT AUTH: anyone who can reach this address can use the bot (CURBSIDE_ALLOW_ANONYMOUS_NETWORK=true)';
  return (
    `Curbside bot listening on ${server.url}/api/messages; bound to ${server.bound}; ${runtime.retriever.engine} index, ` +
    `${runtime.pipeline.mode} answers; ${access}. Health: ${server.url}/readyz`
  );
}

/**
 * One failed turn must not take the process down: a rejected send nobody awaited (e.g. a stream update after the client went
 * away) is logged, not fatal. Installed once by the long-running entry points.
 */
export function installProcessGuards(): void {
  if ((globalThis as { __curbsideGuards?: boolean }).__curbsideGuards) return;
  (globalThis as { __curbsideGuards?: boolean }).__curbsideGuards = true;
  process.on('unhandledRejection', (reason) => {
    log.error(
      { err: reason instanceof Error ? { name: reason.name, message: reason.message } : String(reason) },
      'unhandled rejection',
    );
  });
}
