// Entra ID bearer-token validation against a loopback OpenID/JWKS server, and the loopback-only fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createAuthenticator, isLoopbackAddress } from '../../src/api/entra.js';
import { startEntraFixture, type EntraFixture } from './entra-fixture.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
const OID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('Entra ID token validation', () => {
  let entra: EntraFixture;
  let auth: ReturnType<typeof createAuthenticator>;

  beforeAll(async () => {
    entra = await startEntraFixture();
    const config = loadConfig({
      CURBSIDE_API_AUDIENCE: 'api://curbside-test,00000000-0000-0000-0000-00000000c0de',
      CURBSIDE_API_TENANTS: `${TENANT},${OTHER_TENANT.replace('9', 'a')}`,
      CURBSIDE_OPENID_METADATA_URL: entra.metadataUrl,
    });
    auth = createAuthenticator(config.api);
  });
  afterAll(() => entra.close());

  const bearer = (t: string) => ({ authorization: `Bearer ${t}`, remoteAddress: '203.0.113.7' });

  it('accepts a v2 token of an allowed tenant and identifies the caller by oid', async () => {
    const outcome = await auth.authenticate(
      bearer(await entra.token({ tid: TENANT, oid: OID, scp: 'access_as_user' })),
    );
    expect(outcome).toEqual({
      ok: true,
      caller: { kind: 'entra', id: OID, tenant: TENANT, rateKey: `oid:${TENANT}/${OID}`, roles: [] },
    });
    expect(auth.mode).toBe('entra');
  });

  it('accepts a v1 (sts.windows.net) token and the second audience', async () => {
    const token = await entra.token(
      { tid: TENANT, oid: OID },
      { issuer: `https://sts.windows.net/${TENANT}/`, audience: '00000000-0000-0000-0000-00000000c0de' },
    );
    expect((await auth.authenticate(bearer(token))).ok).toBe(true);
  });

  it('fetches the tenant metadata once and then reuses the cached keys', async () => {
    const before = { ...entra.fetches };
    for (let i = 0; i < 3; i++) await auth.authenticate(bearer(await entra.token({ tid: TENANT, oid: OID })));
    expect(entra.fetches).toEqual(before);
    expect(before.metadata).toBe(1);
  });

  it.each([
    ['wrong audience', { audience: 'api://someone-else' }, 401, 'invalid_token'],
    [
      'issuer of another tenant',
      { issuer: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` },
      401,
      'invalid_token',
    ],
    ['non-Entra issuer', { issuer: 'https://evil.example/' }, 401, 'invalid_token'],
    ['expired', { expiresIn: Math.floor(Date.now() / 1000) - 600 }, 401, 'invalid_token'],
    ['signed with a key not in the JWKS', { foreignKey: true }, 401, 'invalid_token'],
  ] as const)('rejects a token with %s', async (_label, options, status, error) => {
    const outcome = await auth.authenticate(bearer(await entra.token({ tid: TENANT, oid: OID }, options)));
    expect(outcome).toMatchObject({ ok: false, status, error });
  });

  it('refuses tenants outside the allow-list without fetching their metadata', async () => {
    const before = entra.fetches.metadata;
    const outcome = await auth.authenticate(bearer(await entra.token({ tid: OTHER_TENANT, oid: OID })));
    expect(outcome).toMatchObject({ ok: false, status: 403, error: 'tenant_not_allowed' });
    expect(entra.fetches.metadata).toBe(before);
  });

  it('asks for a token when there is none or it is not a JWT', async () => {
    expect(await auth.authenticate({ remoteAddress: '127.0.0.1' })).toMatchObject({
      ok: false,
      status: 401,
      error: 'missing_token',
    });
    expect(await auth.authenticate({ authorization: 'Basic dXNlcjpwYXNz' })).toMatchObject({
      ok: false,
      status: 401,
      error: 'missing_token',
    });
    expect(await auth.authenticate({ authorization: 'Bearer a.b.c' })).toMatchObject({
      ok: false,
      status: 401,
      error: 'invalid_token',
    });
  });

  it('refuses to start with an audience but no tenant allow-list', () => {
    expect(() => loadConfig({ CURBSIDE_API_AUDIENCE: 'api://x' })).toThrow(/CURBSIDE_API_TENANTS/);
    expect(loadConfig({ CURBSIDE_API_AUDIENCE: 'api://x', BOT_TENANT_ID: TENANT }).api.tenants).toEqual([TENANT]);
  });
});

describe('without Entra configuration', () => {
  const auth = createAuthenticator(loadConfig({}).api);

  it('serves loopback callers only', async () => {
    expect(auth.mode).toBe('loopback');
    expect(await auth.authenticate({ remoteAddress: '127.0.0.1' })).toMatchObject({
      ok: true,
      caller: { id: 'local', rateKey: 'ip:127.0.0.1' },
    });
    expect((await auth.authenticate({ remoteAddress: '::1' })).ok).toBe(true);
    expect((await auth.authenticate({ remoteAddress: '::ffff:127.0.0.1' })).ok).toBe(true);
    for (const remote of ['10.0.0.5', '192.168.1.20', '::ffff:10.1.2.3', '2001:db8::1', undefined]) {
      expect(await auth.authenticate({ remoteAddress: remote })).toMatchObject({
        ok: false,
        status: 403,
        error: 'loopback_only',
      });
    }
  });

  it('refuses loopback requests addressed to another host name or sent from a web origin (DNS rebinding)', async () => {
    const local = { remoteAddress: '127.0.0.1' };
    expect((await auth.authenticate({ ...local, host: 'localhost:3978' })).ok).toBe(true);
    expect((await auth.authenticate({ ...local, host: '127.0.0.1:3978', origin: 'http://localhost:5173' })).ok).toBe(
      true,
    );
    expect((await auth.authenticate({ ...local, host: '[::1]:3978' })).ok).toBe(true);
    for (const bad of [
      { host: 'rebind.attacker.example:3978' },
      { host: 'localhost:3978', origin: 'https://attacker.example' },
      { host: 'localhost', origin: 'null' },
    ]) {
      expect(await auth.authenticate({ ...local, ...bad })).toMatchObject({
        ok: false,
        status: 403,
        error: 'host_not_allowed',
      });
    }
  });

  it('does not mistake look-alike addresses for loopback', () => {
    expect(isLoopbackAddress('1127.0.0.1')).toBe(false);
    expect(isLoopbackAddress('::10')).toBe(false);
  });
});
