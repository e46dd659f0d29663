// A token issuer on loopback: OpenID metadata + JWKS served over real HTTP, and tokens signed with a locally generated RSA
// key (and a foreign key the JWKS does not list), so token validation runs exactly as in production: fetch, key lookup by
// kid, RS256. The Entra ID and Bot Framework stand-ins differ only in their paths, issuers and key fields.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export interface SignOptions {
  issuer: string;
  audience: string;
  expiresIn?: string | number;
  /** Sign with a key the JWKS does not list. */
  foreignKey?: boolean;
}

export interface OpenIdIssuer {
  base: string;
  sign(claims: JWTPayload, options: SignOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startOpenIdIssuer(options: {
  kid: string;
  /** JWK members beyond the key itself (use, alg, endorsements). */
  jwkFields: Record<string, unknown>;
  /** The JSON document served at `pathname` (metadata, or `jwks` for the key set), undefined for 404. */
  route(pathname: string, base: string, jwks: { keys: object[] }): unknown;
}): Promise<OpenIdIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: options.kid, ...options.jwkFields }] };
  let base = '';
  const server = http.createServer((req, res) => {
    const body = options.route(new URL(req.url ?? '/', base).pathname, base, jwks);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    sign: (claims, sign) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: options.kid, typ: 'JWT' })
        .setIssuer(sign.issuer)
        .setAudience(sign.audience)
        .setIssuedAt()
        .setExpirationTime(sign.expiresIn ?? '10m')
        .sign(sign.foreignKey ? foreign.privateKey : privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
