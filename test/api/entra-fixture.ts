// A stand-in for Microsoft Entra ID on loopback: OpenID metadata + JWKS served over real HTTP, and tokens signed with a
// locally generated RSA key, so token validation runs exactly as in production (fetch, key lookup by kid, RS256).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export interface EntraFixture {
  /** Metadata URL template for CURBSIDE_OPENID_METADATA_URL. */
  metadataUrl: string;
  /** How many times the metadata and key documents were fetched. */
  fetches: { metadata: number; jwks: number };
  token(claims: JWTPayload & { tid: string }, options?: { issuer?: string; audience?: string; expiresIn?: string | number; foreignKey?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startEntraFixture(): Promise<EntraFixture> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
  const fetches = { metadata: 0, jwks: 0 };
  let base = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const tenant = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname)?.[1];
    if (tenant) {
      fetches.metadata++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: `https://login.microsoftonline.com/${tenant}/v2.0`, jwks_uri: `${base}/${tenant}/discovery/v2.0/keys` }));
    } else if (/\/discovery\/v2\.0\/keys$/.test(url.pathname)) {
      fetches.jwks++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    metadataUrl: `${base}/{tenant}/v2.0/.well-known/openid-configuration`,
    fetches,
    async token(claims, options = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
        .setIssuer(options.issuer ?? `https://login.microsoftonline.com/${claims.tid}/v2.0`)
        .setAudience(options.audience ?? 'api://curbside-test')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '10m')
        .sign(options.foreignKey ? foreign.privateKey : privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
