// The two wire shapes a chat model is reached by, each one OpenAI SDK client; everything else (retries, breaker, deadline,
// capabilities, identity) is shared in model.ts. Only the stable `openai` package is used: the Azure AI Inference SDK was
// retired and must not come back.
//   deployment: https://<resource>.openai.azure.com/openai/deployments/<name>/chat/completions?api-version=...  (AzureOpenAI)
//   v1:         https://<resource>.openai.azure.com/openai/v1/ or https://<resource>.services.ai.azure.com/openai/v1/,
//               deployment name as `model`, no api-version                                                  (OpenAI + baseURL)
import { AzureOpenAI, OpenAI } from 'openai';
import type { Agent } from 'node:http';
import type { AzureOpenAIConfig, ModelRoute } from '../config.js';
import { httpsAgent, openAIAuth, type AzureDeps } from '../azure/credentials.js';

export interface RouteOptions extends AzureDeps {
  httpAgent?: Agent;
  /** Replaces the auth: a token provider sends `Authorization: Bearer`. */
  azureADTokenProvider?: () => Promise<string>;
}

/** <endpoint>/openai/v1 (an endpoint already ending in /openai/v1 is kept), always with the trailing slash the SDK joins on. */
export function v1BaseUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  return `${/\/openai\/v1$/i.test(trimmed) ? trimmed : `${trimmed}/openai/v1`}/`;
}

/** The SDK's placeholder key when a token provider authenticates (the base client insists on a string). */
const TOKEN_AUTH = '<entra-id token per request>';

/**
 * The plain OpenAI client with an Entra ID bearer token fetched for every request (the provider caches and refreshes it), the
 * same way AzureOpenAI does on the deployment route; openai 4.x's OpenAI client has no token-provider option of its own.
 */
class EntraOpenAI extends OpenAI {
  constructor(
    private readonly tokenProvider: () => Promise<string>,
    options: ConstructorParameters<typeof OpenAI>[0],
  ) {
    super({ ...options, apiKey: TOKEN_AUTH });
  }

  protected override authHeaders(): Record<string, string> {
    return {};
  }

  protected override async prepareOptions(options: Parameters<OpenAI['prepareOptions']>[0]): Promise<void> {
    const token = await this.tokenProvider();
    options.headers = { ...(options.headers ?? {}), Authorization: `Bearer ${token}` };
    await super.prepareOptions(options);
  }
}

/** One client per route, built once; retries are ours (maxRetries 0) and so is the deadline (timeout covers headers only). */
export function createRouteClient(cfg: AzureOpenAIConfig, opts: RouteOptions): { route: ModelRoute; client: OpenAI } {
  const auth = opts.azureADTokenProvider
    ? { azureADTokenProvider: opts.azureADTokenProvider }
    : openAIAuth(cfg.apiKey, opts);
  const common = { maxRetries: 0, timeout: cfg.timeoutMs, httpAgent: opts.httpAgent ?? httpsAgent(opts) };
  if (cfg.route === 'v1') {
    const baseURL = v1BaseUrl(cfg.endpoint);
    const client =
      'apiKey' in auth
        ? new OpenAI({ ...common, baseURL, apiKey: auth.apiKey })
        : new EntraOpenAI(auth.azureADTokenProvider, { ...common, baseURL });
    return { route: 'v1', client };
  }
  return {
    route: 'deployment',
    client: new AzureOpenAI({
      endpoint: cfg.endpoint,
      deployment: cfg.deployment,
      apiVersion: cfg.apiVersion,
      ...auth,
      ...common,
    }),
  };
}
