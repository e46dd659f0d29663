// One place that decides how Curbside authenticates to Azure. Keyless (Entra ID via DefaultAzureCredential: managed
// identity on App Service, `az login` on an admin's machine) is the default; API keys are used only when configured
// explicitly. Keys are never logged: callers log only which mode is in use.
import { AzureKeyCredential, type KeyCredential } from '@azure/core-auth';
import type { DefaultAzureCredential, TokenCredential } from '@azure/identity';
import type { Agent } from 'node:https';
import https from 'node:https';
import { createRequire } from 'node:module';
import tls from 'node:tls';

/**
 * @azure/identity (with msal-node: ~6 MB of heap and ~25 MB of RSS per thread) is loaded only when a token credential is
 * first needed, not by every module that imports this one: an answer thread or server using API keys never needs it
 * (issue #19). Node's require of the package's CommonJS build keeps the call synchronous.
 */
const identity = (): typeof import('@azure/identity') =>
  createRequire(import.meta.url)('@azure/identity') as typeof import('@azure/identity');

/** Scope of Azure AI Foundry / Azure OpenAI data-plane tokens. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

export interface AzureDeps {
  /** Replaces DefaultAzureCredential, e.g. a WorkloadIdentityCredential; a configured API key still wins. */
  credential?: TokenCredential;
  /** Extra trusted CA certificate (PEM), e.g. a hospital's TLS-inspecting proxy or a private endpoint's CA. */
  ca?: string;
}

let sharedDefaultCredential: DefaultAzureCredential | null = null;

/** The process-wide DefaultAzureCredential: built once so its token cache is shared by Search and OpenAI. */
export function tokenCredential(deps: AzureDeps = {}): TokenCredential {
  if (deps.credential) return deps.credential;
  sharedDefaultCredential ??= new (identity().DefaultAzureCredential)();
  return sharedDefaultCredential;
}

export type AuthMode = 'api-key' | 'entra-id';

export function searchCredential(
  apiKey: string | null,
  deps: AzureDeps = {},
): { credential: KeyCredential | TokenCredential; mode: AuthMode } {
  return apiKey
    ? { credential: new AzureKeyCredential(apiKey), mode: 'api-key' }
    : { credential: tokenCredential(deps), mode: 'entra-id' };
}

export function openAIAuth(
  apiKey: string | null,
  deps: AzureDeps = {},
): { apiKey: string } | { azureADTokenProvider: () => Promise<string> } {
  return apiKey
    ? { apiKey }
    : { azureADTokenProvider: identity().getBearerTokenProvider(tokenCredential(deps), COGNITIVE_SERVICES_SCOPE) };
}

/** An https.Agent trusting deps.ca on top of Node's bundled roots, or undefined to keep the SDK's default agent. */
export function httpsAgent(deps: AzureDeps = {}): Agent | undefined {
  if (!deps.ca) return undefined;
  return new https.Agent({ keepAlive: true, ca: [...tls.rootCertificates, deps.ca] });
}

/** Options for Azure SDK clients built on core-rest-pipeline (Search, Tables): trust deps.ca as well as the public roots. */
export function sdkTlsOptions(deps: AzureDeps = {}): { tlsOptions?: { ca: string[] } } {
  // A custom CA replaces Node's roots for that agent, so keep the public roots alongside it.
  return deps.ca ? { tlsOptions: { ca: [...tls.rootCertificates, deps.ca] } } : {};
}
