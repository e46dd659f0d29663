// Who is calling the HTTP API / MCP over HTTP. With CURBSIDE_API_AUDIENCE set, every call needs an Entra ID bearer token:
// signature checked against the tenant's JWKS (found through its OpenID metadata), v1 or v2 issuer of an allow-listed
// tenant, one of our audiences, not expired. Without it, only loopback callers are served (a developer's machine): a loopback
// socket and no forwarding header, so a reverse proxy on the same host does not make the world "local".
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { ApiConfig } from '../config.js';
import { log } from '../log.js';

export interface Caller {
  kind: 'entra' | 'local';
  /** Entra object id, or "local". Goes into the audit log. */
  id: string;
  tenant: string | null;
  /** Key for per-caller rate limiting: the oid, or the remote address of a local caller. */
  rateKey: string;
  /** Entra app roles on the token (the `roles` claim); none for a local caller. */
  roles: string[];
}

/** Whether the caller holds an app role. A loopback caller (no Entra configured: a developer's own machine) holds them all. */
export function hasRole(caller: Caller, role: string): boolean {
  return caller.kind === 'local' || caller.roles.includes(role);
}

export type AuthOutcome =
  { ok: true; caller: Caller } | { ok: false; status: 401 | 403; error: string; message: string };

export interface AuthRequest {
  authorization?: string | undefined;
  remoteAddress?: string | undefined;
  /** Host and Origin headers: checked in loopback mode against DNS rebinding (a web page reaching 127.0.0.1 by name). */
  host?: string | undefined;
  origin?: string | undefined;
  /** The request carries a forwarding header (see FORWARDING_HEADERS): a proxy relayed it, so the loopback socket proves nothing. */
  forwarded?: boolean;
}

/**
 * Headers a reverse proxy, load balancer or CDN adds for the client it relays (nginx, Apache, IIS ARR, Envoy, Azure Front Door,
 * Application Gateway, Cloudflare). A proxy configured to add none of them cannot be told apart; that is why production sets
 * CURBSIDE_API_AUDIENCE.
 */
export const FORWARDING_HEADERS: readonly string[] = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-server',
  'x-real-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'x-original-forwarded-for',
  'x-original-host',
  'x-original-url',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-azure-clientip',
  'x-azure-socketip',
  'x-envoy-external-address',
  'via',
];

export function hasForwardingHeaders(headers: Record<string, unknown>): boolean {
  return FORWARDING_HEADERS.some((h) => headers[h] !== undefined);
}

export interface Authenticator {
  readonly mode: 'entra' | 'loopback';
  authenticate(request: AuthRequest): Promise<AuthOutcome>;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
}

/** True when a URL's host is localhost or a loopback address (Host/Origin checks). */
export function isLoopbackHost(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function entraIssuers(tenant: string): string[] {
  return [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`];
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

export function createAuthenticator(config: ApiConfig): Authenticator {
  if (config.audiences.length === 0) return loopbackAuthenticator();

  const tenants = new Set(config.tenants.map((t) => t.toLowerCase()));
  const keySets = new Map<string, Promise<KeySet>>();

  // Only ever called for allow-listed tenants, so a forged token cannot make us fetch an arbitrary URL.
  const keySetFor = (tenant: string): Promise<KeySet> => {
    let pending = keySets.get(tenant);
    if (!pending) {
      pending = discoverKeySet(config.openIdMetadataUrl.replaceAll('{tenant}', tenant));
      pending.catch(() => keySets.delete(tenant));
      keySets.set(tenant, pending);
    }
    return pending;
  };

  const deny = (status: 401 | 403, error: string, message: string): AuthOutcome => ({
    ok: false,
    status,
    error,
    message,
  });

  return {
    mode: 'entra',
    async authenticate({ authorization }) {
      const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization ?? '');
      if (!match)
        return deny(401, 'missing_token', 'An Entra ID bearer token is required (Authorization: Bearer <token>).');
      const token = match[1]!;

      let unverified: JWTPayload;
      try {
        unverified = decodeJwt(token);
      } catch {
        return deny(401, 'invalid_token', 'The bearer token is not a readable JWT.');
      }
      const tenant = typeof unverified.tid === 'string' ? unverified.tid.toLowerCase() : '';
      if (!tenant || !tenants.has(tenant))
        return deny(403, 'tenant_not_allowed', 'Tokens from this tenant are not accepted.');

      let payload: JWTPayload;
      try {
        const keySet = await keySetFor(tenant);
        ({ payload } = await jwtVerify(token, keySet, {
          issuer: entraIssuers(tenant),
          audience: config.audiences,
          algorithms: ['RS256'],
          clockTolerance: 60,
        }));
      } catch (err) {
        const reason = tokenFailure(err);
        log.warn({ tenant, reason }, 'api: bearer token rejected');
        return deny(401, 'invalid_token', `The bearer token was rejected: ${reason}.`);
      }
      const oid = typeof payload.oid === 'string' ? payload.oid : typeof payload.sub === 'string' ? payload.sub : null;
      if (!oid) return deny(401, 'invalid_token', 'The bearer token has no oid or sub claim.');
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      return { ok: true, caller: { kind: 'entra', id: oid, tenant, rateKey: `oid:${tenant}/${oid}`, roles } };
    },
  };
}

function loopbackAuthenticator(): Authenticator {
  return {
    mode: 'loopback',
    async authenticate({ remoteAddress, host, origin, forwarded }) {
      if (forwarded) {
        // "Local" means this machine's own user, not whoever a reverse proxy on this machine relays.
        return {
          ok: false,
          status: 401,
          error: 'missing_token',
          message:
            'This request came through a proxy; without Entra ID authentication (CURBSIDE_API_AUDIENCE) only direct local callers are served.',
        };
      }
      if (!isLoopbackAddress(remoteAddress)) {
        return {
          ok: false,
          status: 403,
          error: 'loopback_only',
          message:
            'Entra ID authentication is not configured (CURBSIDE_API_AUDIENCE), so only local callers are served.',
        };
      }
      if (
        (host !== undefined && !isLoopbackHost(`http://${host}`)) ||
        (origin !== undefined && !isLoopbackHost(origin))
      ) {
        return {
          ok: false,
          status: 403,
          error: 'host_not_allowed',
          message: 'Only requests addressed to localhost are served while authentication is not configured.',
        };
      }
      return {
        ok: true,
        caller: { kind: 'local', id: 'local', tenant: null, rateKey: `ip:${remoteAddress}`, roles: [] },
      };
    },
  };
}

async function discoverKeySet(metadataUrl: string): Promise<KeySet> {
  const res = await fetch(metadataUrl, {
    signal: AbortSignal.timeout(10_000),
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`OpenID metadata ${metadataUrl} answered HTTP ${res.status}`);
  const metadata = (await res.json()) as { jwks_uri?: unknown };
  if (typeof metadata.jwks_uri !== 'string') throw new Error(`OpenID metadata ${metadataUrl} has no jwks_uri`);
  // jose caches the keys and refetches (at most every 30 s) when a token names an unknown key id: Entra rotates keys.
  return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 10_000, cooldownDuration: 30_000 });
}

function tokenFailure(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim "${err.claim}" is not acceptable`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'signed with an unknown key';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof joseErrors.JOSEError) return err.code;
  return 'signing keys unavailable';
}
