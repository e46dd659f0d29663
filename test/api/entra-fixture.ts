// A stand-in for Microsoft Entra ID on loopback (tenant-templated OpenID metadata + JWKS, v2.0 issuers): see
// test/support/openid-issuer.ts.
import type { JWTPayload } from 'jose';
import { startOpenIdIssuer } from '../support/openid-issuer.js';

export interface EntraFixture {
  /** Metadata URL template for CURBSIDE_OPENID_METADATA_URL. */
  metadataUrl: string;
  /** How many times the metadata and key documents were fetched. */
  fetches: { metadata: number; jwks: number };
  token(
    claims: JWTPayload & { tid: string },
    options?: { issuer?: string; audience?: string; expiresIn?: string | number; foreignKey?: boolean },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startEntraFixture(): Promise<EntraFixture> {
  const fetches = { metadata: 0, jwks: 0 };
  const issuer = await startOpenIdIssuer({
    kid: 'test-key-1',
    jwkFields: { use: 'sig', alg: 'RS256' },
    route(pathname, base, jwks) {
      const tenant = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(pathname)?.[1];
      if (tenant) {
        fetches.metadata++;
        return {
          issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
          jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        };
      }
      if (/\/discovery\/v2\.0\/keys$/.test(pathname)) {
        fetches.jwks++;
        return jwks;
      }
      return undefined;
    },
  });
  return {
    metadataUrl: `${issuer.base}/{tenant}/v2.0/.well-known/openid-configuration`,
    fetches,
    token: (claims, options = {}) =>
      issuer.sign(claims, {
        ...options,
        issuer: options.issuer ?? `https://login.microsoftonline.com/${claims.tid}/v2.0`,
        audience: options.audience ?? 'api://curbside-test',
      }),
    close: issuer.close,
  };
}
