// Bot Framework authentication settings for the Teams door. With BOT_ID set, botbuilder validates every inbound token
// (issuer https://api.botframework.com, audience = BOT_ID, signing key from the channel's OpenID metadata, serviceUrl claim);
// BOT_OPENID_METADATA_URL points that key lookup elsewhere (a sovereign cloud, or a loopback stand-in in tests) while every
// other check stays the public cloud's.
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ConnectorClientOptions,
} from 'botframework-connector';
import { CallerIdConstants, StatusCodes, type Activity } from 'botbuilder';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { BotConfig } from '../config.js';

/** The first argument of TeamsAdapter / ConfigurationBotFrameworkAuthentication. */
export function botFrameworkAuthConfig(bot: BotConfig): Record<string, string> {
  const base: Record<string, string> = {
    MicrosoftAppId: bot.id,
    MicrosoftAppPassword: bot.password,
    MicrosoftAppType: bot.type,
    ...(bot.tenantId ? { MicrosoftAppTenantId: bot.tenantId } : {}),
  };
  if (!bot.openIdMetadataUrl) return base;
  // Setting one endpoint makes botbuilder take all of them from here, so the rest are the public cloud's own values.
  return {
    ...base,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * Options for botbuilder's Bot Connector client (the 4th TeamsAdapter argument): a deadline on every outbound call, which
 * the client does not have by default, so a connector that accepts the connection and never answers cannot hold a turn.
 */
export function connectorClientOptions(bot: BotConfig): ConnectorClientOptions {
  type Factory = Exclude<
    ConnectorClientOptions['requestPolicyFactories'],
    undefined | ((...args: never[]) => unknown)
  >[number];
  const deadline: Factory = {
    create: (next) => ({
      sendRequest(request) {
        if (!request.timeout) request.timeout = bot.connectorTimeoutMs;
        return next.sendRequest(request);
      },
    }),
  };
  // The last line against server-side request forgery: whatever path a send takes, it only goes to an allowed channel.
  const allowList: Factory = {
    create: (next) => ({
      sendRequest(request) {
        const problem = serviceUrlProblem(request.url, bot);
        if (problem)
          return Promise.reject(new Error(`refused to send to a service URL that is not allowed: ${problem}`));
        return next.sendRequest(request);
      },
    }),
  };
  return { requestPolicyFactories: (defaults) => [allowList, deadline, ...defaults] };
}

/**
 * Where Bot Framework channels live. Teams: the public cloud and the US government clouds (the Teams service endpoints listed by
 * the Microsoft 365 Agents SDK, TeamsServiceEndpoints); other channels (Web Chat, Direct Line, the Azure portal's test chat):
 * Bot Framework's own domains. `*.trafficmanager.net` as a whole is not on it: anyone can create a Traffic Manager profile.
 */
export const CHANNEL_SERVICE_HOSTS: { exact: readonly string[]; suffixes: readonly string[] } = {
  exact: [
    'smba.trafficmanager.net',
    'smba.infra.gcc.teams.microsoft.com',
    'smba.infra.gov.teams.microsoft.us',
    'smba.infra.dod.teams.microsoft.us',
  ],
  suffixes: ['.botframework.com', '.botframework.us', '.botframework.azure.us'],
};

function loopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Why replies may not be sent to this serviceUrl, or null when they may: https on a Bot Framework / Teams host, an origin listed in
 * BOT_ALLOWED_SERVICE_URLS, or (local use only: no BOT_ID, loopback bind) a loopback address such as the Agents Playground.
 */
export function serviceUrlProblem(
  serviceUrl: string,
  bot: Pick<BotConfig, 'allowedServiceUrls' | 'allowLoopbackServiceUrls'>,
): string | null {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'credentials in the URL';
  if (bot.allowedServiceUrls.includes(url.origin.toLowerCase())) return null;
  if (loopbackHostname(url.hostname)) {
    if (bot.allowLoopbackServiceUrls && (url.protocol === 'http:' || url.protocol === 'https:')) return null;
    return 'a loopback address (only for local use: no BOT_ID and a loopback bind)';
  }
  if (url.protocol !== 'https:') return 'not https';
  if (url.port && url.port !== '443') return 'not the https port';
  const host = url.hostname.toLowerCase();
  if (CHANNEL_SERVICE_HOSTS.exact.includes(host) || CHANNEL_SERVICE_HOSTS.suffixes.some((s) => host.endsWith(s)))
    return null;
  return 'not a Bot Framework or Teams host';
}

/** Issuer of the tokens channels send to bots (the public cloud; the only one botbuilder is configured for here). */
const CHANNEL_TOKEN_ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;

/** botbuilder's own leeway for clock skew on channel tokens. */
const CHANNEL_TOKEN_CLOCK_TOLERANCE_S = 300;

/**
 * A cheap look at the token before anything else: botbuilder treats a token with an emulator issuer as an Entra token and
 * fetches that issuer's metadata (an outbound lookup per request, and a 500 when it fails); an unsigned or oddly signed token
 * gets the same treatment. Those are refused here with a reason, without any lookup.
 */
export function channelTokenProblem(authHeader: string): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authHeader.trim());
  if (!match) return 'no bearer token';
  const token = match[1]!;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'RS256') return `token algorithm ${String(header.alg ?? 'none')} is not accepted`;
    if (typeof header.kid !== 'string' || !header.kid) return 'token names no signing key';
    const claims = decodeJwt(token);
    if (claims.iss !== CHANNEL_TOKEN_ISSUER) return 'token issuer is not the Bot Framework channel service';
  } catch {
    return 'not a readable JWT';
  }
  return null;
}

export type InboundAuth =
  { ok: true; result: AuthenticateRequestResult } | { ok: false; status: 401 | 503; reason: string };

export interface InboundAuthenticator {
  authenticate(activity: Activity, authHeader: string): Promise<InboundAuth>;
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Authenticates inbound activities before botbuilder runs them, so a refusal is one 401 and one log line: botbuilder prints
 * a stack trace (or the channel's public key) to the console for every expired or badly signed token. Channel tokens are
 * verified here first (signature against the channel's keys, issuer, audience = BOT_ID, expiry), with the keys looked up once
 * and cached (jose refetches at most every 30 s, and only for an unknown key id); botbuilder then runs its own checks (the
 * serviceUrl claim, endorsements) on a token that will pass. With no BOT_ID, botbuilder's anonymous local mode answers.
 */
export function createInboundAuthenticator(adapter: object, bot: BotConfig): InboundAuthenticator {
  const auth = (
    adapter as {
      botFrameworkAuthentication?: {
        authenticateRequest?: (a: Activity, h: string) => Promise<AuthenticateRequestResult>;
      };
    }
  ).botFrameworkAuthentication;
  if (!auth?.authenticateRequest)
    throw new Error('this botbuilder version keeps no botFrameworkAuthentication on the adapter');
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  const metadataUrl = bot.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
  let keySet: Promise<KeySet> | null = null;
  let failedAt = 0;
  const keys = (): Promise<KeySet> => {
    // After a failed discovery, wait before the next one: an outage must not become one outbound lookup per request.
    if (!keySet && Date.now() - failedAt < KEY_DISCOVERY_RETRY_MS)
      return Promise.reject(new Error('channel signing keys unavailable (retrying shortly)'));
    if (!keySet) {
      keySet = discoverChannelKeys(metadataUrl);
      keySet.catch(() => {
        keySet = null;
        failedAt = Date.now();
      });
    }
    return keySet;
  };

  return {
    async authenticate(activity, authHeader) {
      if (bot.id) {
        const problem = channelTokenProblem(authHeader);
        if (problem) return { ok: false, status: 401, reason: problem };
        let set: KeySet;
        try {
          set = await keys();
        } catch (err) {
          return { ok: false, status: 503, reason: err instanceof Error ? err.message : String(err) };
        }
        try {
          await jwtVerify(authHeader.trim().split(/\s+/)[1]!, set, {
            issuer: CHANNEL_TOKEN_ISSUER,
            audience: bot.id,
            algorithms: ['RS256'],
            clockTolerance: CHANNEL_TOKEN_CLOCK_TOLERANCE_S,
          });
        } catch (err) {
          if (
            err instanceof joseErrors.JWKSTimeout ||
            (err instanceof Error && !(err instanceof joseErrors.JOSEError))
          ) {
            return { ok: false, status: 503, reason: 'channel signing keys unavailable' };
          }
          return { ok: false, status: 401, reason: joseReason(err) };
        }
      }
      try {
        return { ok: true, result: await authenticateRequest(activity, authHeader) };
      } catch (err) {
        const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        if (err instanceof Error && TOKEN_ERRORS.has(err.name)) return { ok: false, status: 401, reason };
        if (err instanceof AuthenticationError && err.statusCode !== StatusCodes.INTERNAL_SERVER_ERROR)
          return { ok: false, status: 401, reason };
        // The channel's signing keys could not be fetched: not the caller's fault, and worth retrying.
        return { ok: false, status: 503, reason };
      }
    },
  };
}

/** Pause after a failed key discovery before trying again. */
const KEY_DISCOVERY_RETRY_MS = 30_000;

async function discoverChannelKeys(metadataUrl: string): Promise<KeySet> {
  const res = await fetch(metadataUrl, {
    signal: AbortSignal.timeout(10_000),
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`channel OpenID metadata answered HTTP ${res.status}`);
  const metadata = (await res.json()) as { jwks_uri?: unknown };
  if (typeof metadata.jwks_uri !== 'string') throw new Error('channel OpenID metadata has no jwks_uri');
  return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 10_000, cooldownDuration: 30_000 });
}

function joseReason(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim "${err.claim}" is not acceptable`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'signed with an unknown key';
  if (err instanceof joseErrors.JOSEError) return err.code;
  return 'token rejected';
}
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder answers 500 to a token whose signature does not verify (jsonwebtoken's error is not an AuthenticationError), which
 * reads as our fault and invites retries. A forged or broken token is the caller's problem: 401. Other failures (e.g. the
 * channel's key endpoint unreachable) keep their status.
 */
export function answerBadTokensWith401(adapter: object): void {
  const auth = (
    adapter as { botFrameworkAuthentication?: { authenticateRequest?: (...args: unknown[]) => Promise<unknown> } }
  ).botFrameworkAuthentication;
  const original = auth?.authenticateRequest?.bind(auth);
  if (!auth || !original) throw new Error('this botbuilder version keeps no botFrameworkAuthentication on the adapter');
  auth.authenticateRequest = async (...args: unknown[]) => {
    try {
      return await original(...args);
    } catch (err) {
      if (err instanceof Error && TOKEN_ERRORS.has(err.name))
        throw new AuthenticationError(`Unauthorized: ${err.message}`, StatusCodes.UNAUTHORIZED);
      throw err;
    }
  };
}
