// Bot Framework authentication settings for the Teams door. With BOT_ID set, botbuilder validates every inbound token
// (issuer https://api.botframework.com, audience = BOT_ID, signing key from the channel's OpenID metadata, serviceUrl claim);
// BOT_OPENID_METADATA_URL points that key lookup elsewhere (a sovereign cloud, or a loopback stand-in in tests) while every
// other check stays the public cloud's.
import { AuthenticationConstants, AuthenticationError, type ConnectorClientOptions } from 'botframework-connector';
import { CallerIdConstants, StatusCodes } from 'botbuilder';
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
  type Factory = Exclude<ConnectorClientOptions['requestPolicyFactories'], undefined | ((...args: never[]) => unknown)>[number];
  const deadline: Factory = {
    create: (next) => ({
      sendRequest(request) {
        if (!request.timeout) request.timeout = bot.connectorTimeoutMs;
        return next.sendRequest(request);
      },
    }),
  };
  return { requestPolicyFactories: (defaults) => [deadline, ...defaults] };
}

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder answers 500 to a token whose signature does not verify (jsonwebtoken's error is not an AuthenticationError), which
 * reads as our fault and invites retries. A forged or broken token is the caller's problem: 401. Other failures (e.g. the
 * channel's key endpoint unreachable) keep their status.
 */
export function answerBadTokensWith401(adapter: object): void {
  const auth = (adapter as { botFrameworkAuthentication?: { authenticateRequest?: (...args: unknown[]) => Promise<unknown> } }).botFrameworkAuthentication;
  const original = auth?.authenticateRequest?.bind(auth);
  if (!auth || !original) throw new Error('this botbuilder version keeps no botFrameworkAuthentication on the adapter');
  auth.authenticateRequest = async (...args: unknown[]) => {
    try {
      return await original(...args);
    } catch (err) {
      if (err instanceof Error && TOKEN_ERRORS.has(err.name)) throw new AuthenticationError(`Unauthorized: ${err.message}`, StatusCodes.UNAUTHORIZED);
      throw err;
    }
  };
}
