// Operations settings of the Teams door, read from the environment.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { botFrameworkAuthConfig } from '../../src/ops/bot-auth.js';

describe('bot operations config', () => {
  it('a single-tenant bot serves its own tenant by default; ALLOWED_TENANTS overrides; a multi-tenant bot allows any', () => {
    expect(loadConfig({ BOT_ID: 'b', BOT_TYPE: 'UserAssignedMSI', BOT_TENANT_ID: 't1' }).bot.allowedTenants).toEqual([
      't1',
    ]);
    expect(
      loadConfig({ BOT_ID: 'b', BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: 't1', ALLOWED_TENANTS: 't2, t3' }).bot
        .allowedTenants,
    ).toEqual(['t2', 't3']);
    expect(loadConfig({ BOT_ID: 'b', BOT_TENANT_ID: 't1' }).bot.allowedTenants).toEqual([]);
  });

  it('has per-user and per-conversation limits and a connector deadline, and rejects nonsense', () => {
    const bot = loadConfig({}).bot;
    expect(bot.rateLimit.userPerMinute).toBeGreaterThan(0);
    expect(bot.rateLimit.conversationBurst).toBeGreaterThanOrEqual(bot.rateLimit.userBurst);
    expect(bot.connectorTimeoutMs).toBeGreaterThan(0);
    expect(() => loadConfig({ CURBSIDE_BOT_USER_BURST: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ BOT_OPENID_METADATA_URL: 'not a url' })).toThrow(ConfigError);
  });

  it("points only the key lookup elsewhere when BOT_OPENID_METADATA_URL is set; issuer and the rest stay the public cloud's", () => {
    const plain = botFrameworkAuthConfig(loadConfig({ BOT_ID: 'b', BOT_PASSWORD: 'p' }).bot);
    expect(plain).toEqual({ MicrosoftAppId: 'b', MicrosoftAppPassword: 'p', MicrosoftAppType: 'MultiTenant' });
    const custom = botFrameworkAuthConfig(
      loadConfig({ BOT_ID: 'b', BOT_OPENID_METADATA_URL: 'http://127.0.0.1:1/meta' }).bot,
    );
    expect(custom.ToBotFromChannelOpenIdMetadataUrl).toBe('http://127.0.0.1:1/meta');
    expect(custom.ToBotFromChannelTokenIssuer).toBe('https://api.botframework.com');
    expect(custom.ToChannelFromBotLoginUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\//);
  });
});
