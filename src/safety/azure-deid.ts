// Optional second de-identification pass: the Azure Health Data Services de-identification service ("Tag" operation,
// REST `POST {endpoint}/deid?api-version=2024-11-15`, Entra ID token for https://deid.azure.com/.default).
// The local deterministic pass always runs first and always applies; the service can only add redactions. If the
// service fails or times out, the local result stands and the caller is told (never the text, only the outcome).
import type { TokenCredential } from '@azure/core-auth';
import { deidentify, redact, type Deidentified, type PhiEntity, type PhiType } from './deid.js';

export const AZURE_DEID_SCOPE = 'https://deid.azure.com/.default';
export const AZURE_DEID_API_VERSION = '2024-11-15';

export interface AzureDeidOptions {
  /** The service URL, e.g. https://<name>.api.deid.azure.com (config: AZURE_DEID_ENDPOINT). */
  endpoint: string;
  credential: TokenCredential;
  apiVersion?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface AzureDeidService {
  /** PHI spans the service finds, mapped to our types (categories outside Safe Harbor are dropped). */
  tag(text: string, signal?: AbortSignal): Promise<PhiEntity[]>;
}

/** Service categories -> our identifier types. Hospital, organisation, profession, state and country are not Safe Harbor identifiers. */
const CATEGORY: Record<string, PhiType | null> = {
  Patient: 'NAME', Doctor: 'NAME', Username: 'ACCOUNT', Age: 'AGE', Date: 'DATE', City: 'CITY', Street: 'ADDRESS', Zip: 'ZIP',
  Phone: 'PHONE', Fax: 'FAX', Email: 'EMAIL', SocialSecurity: 'SSN', MedicalRecord: 'MRN', IDNum: 'MRN', BioID: 'MRN',
  HealthPlan: 'HEALTH_PLAN', Account: 'ACCOUNT', License: 'LICENSE', Device: 'DEVICE', Vehicle: 'VEHICLE', Url: 'URL',
  IPAddress: 'IP', Hospital: null, Organization: null, Profession: null, State: null, CountryOrRegion: null, LocationOther: null,
  Unknown: null,
};

interface TagResponse {
  taggerResult?: { entities?: { category?: string; offset?: { utf16?: number }; length?: { utf16?: number } }[] };
}

export class AzureDeidError extends Error {}

export function createAzureDeid(options: AzureDeidOptions): AzureDeidService {
  const base = options.endpoint.replace(/\/+$/, '');
  const url = `${base}/deid?api-version=${encodeURIComponent(options.apiVersion ?? AZURE_DEID_API_VERSION)}`;
  const doFetch = options.fetch ?? fetch;
  return {
    async tag(text, signal) {
      const token = await options.credential.getToken(AZURE_DEID_SCOPE);
      if (!token) throw new AzureDeidError('no token for the de-identification service');
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 5000);
      const res = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inputText: text, operation: 'Tag' }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (!res.ok) throw new AzureDeidError(`de-identification service answered HTTP ${res.status}`);
      const body = (await res.json()) as TagResponse;
      const out: PhiEntity[] = [];
      for (const e of body.taggerResult?.entities ?? []) {
        const type = e.category ? CATEGORY[e.category] : undefined;
        const start = e.offset?.utf16;
        const length = e.length?.utf16;
        if (!type || typeof start !== 'number' || typeof length !== 'number' || length <= 0) continue;
        // Safe Harbor keeps ages up to 89; the service tags every age.
        if (type === 'AGE' && !(Number(text.slice(start, start + length).match(/\d+/)?.[0] ?? 0) > 89)) continue;
        out.push({ type, start, end: start + length });
      }
      return out;
    },
  };
}

/**
 * Local de-identification, then the service's extra findings merged in. `remote` says whether the service pass
 * happened ("failed" = local result only).
 */
export async function deidentifyWithService(
  text: string,
  service: AzureDeidService,
  signal?: AbortSignal,
): Promise<Deidentified & { remote: 'ok' | 'failed' }> {
  const local = deidentify(text);
  try {
    const remote = await service.tag(text, signal);
    return { ...redact(text, [...local.entities, ...remote]), remote: 'ok' };
  } catch {
    return { ...local, remote: 'failed' };
  }
}
