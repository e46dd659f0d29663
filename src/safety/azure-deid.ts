// Optional second de-identification pass: the Azure Health Data Services de-identification service ("Tag" operation,
// REST `POST {endpoint}/deid?api-version=2024-11-15`, Entra ID token for https://deid.azure.com/.default).
// Raw text never leaves the process: the local deterministic pass runs first, the service tags the LOCALLY REDACTED
// text, and its findings are added on top (it can only add redactions). If the service fails or times out, the local
// result stands and the caller is told the outcome (never the text).
import type { TokenCredential } from '@azure/core-auth';
import { log } from '../log.js';
import { CircuitBreaker } from '../ops/circuit-breaker.js';
import { deidentify, placeholder, redact, type Deidentified, type PhiEntity, type PhiType } from './deid.js';
import {
  localDeidentifier,
  type DeidentifiedBatch,
  type Deidentifier,
  type RemoteDeidOutcome,
} from './deidentifier.js';

export const AZURE_DEID_SCOPE = 'https://deid.azure.com/.default';
export const AZURE_DEID_API_VERSION = '2024-11-15';
export const AZURE_DEID_DEFAULT_TIMEOUT_MS = 5000;
/** The service refuses requests over 50 KB: texts are batched into request bodies under this many bytes. */
export const AZURE_DEID_MAX_REQUEST_BYTES = 45_000;

export interface AzureDeidOptions {
  /** The service URL, e.g. https://<name>.api.deid.azure.com (config: AZURE_DEID_ENDPOINT). */
  endpoint: string;
  credential: TokenCredential;
  apiVersion?: string;
  /** Deadline for one call, token included (config: AZURE_DEID_TIMEOUT_MS, default 5 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface AzureDeidService {
  /** PHI spans the service finds in `text` (offsets into it), mapped to our types (categories outside Safe Harbor are dropped). */
  tag(text: string, signal?: AbortSignal): Promise<PhiEntity[]>;
}

/** Service categories -> our identifier types. Hospitals are redacted as LOCATION (a facility can single out a patient); organisation, profession, state and country are not Safe Harbor identifiers. */
const CATEGORY: Record<string, PhiType | null> = {
  Patient: 'NAME',
  Doctor: 'NAME',
  Username: 'ACCOUNT',
  Age: 'AGE',
  Date: 'DATE',
  City: 'CITY',
  Street: 'ADDRESS',
  Zip: 'ZIP',
  Phone: 'PHONE',
  Fax: 'FAX',
  Email: 'EMAIL',
  SocialSecurity: 'SSN',
  MedicalRecord: 'MRN',
  IDNum: 'MRN',
  BioID: 'MRN',
  HealthPlan: 'HEALTH_PLAN',
  Account: 'ACCOUNT',
  License: 'LICENSE',
  Device: 'DEVICE',
  Vehicle: 'VEHICLE',
  Url: 'URL',
  IPAddress: 'IP',
  Hospital: 'LOCATION',
  Organization: null,
  Profession: null,
  State: null,
  CountryOrRegion: null,
  LocationOther: null,
  Unknown: null,
};

interface TagResponse {
  taggerResult?: { entities?: { category?: string; offset?: { utf16?: number }; length?: { utf16?: number } }[] };
}

export class AzureDeidError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'AzureDeidError';
  }
}

/** Rejects as soon as `signal` aborts, even if `promise` (e.g. a credential that ignores abort signals) never settles. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

export function createAzureDeid(options: AzureDeidOptions): AzureDeidService {
  const base = options.endpoint.replace(/\/+$/, '');
  const url = `${base}/deid?api-version=${encodeURIComponent(options.apiVersion ?? AZURE_DEID_API_VERSION)}`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? AZURE_DEID_DEFAULT_TIMEOUT_MS;
  return {
    async tag(text, signal) {
      // One deadline for the whole call: a slow token (first managed-identity call) must not hold the answer up either.
      const timeout = AbortSignal.timeout(timeoutMs);
      const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const token = await untilAborted(options.credential.getToken(AZURE_DEID_SCOPE, { abortSignal: abort }), abort);
      if (!token) throw new AzureDeidError('no token for the de-identification service');
      const res = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inputText: text, operation: 'Tag' }),
        signal: abort,
      });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new AzureDeidError(`de-identification service answered HTTP ${res.status}`, res.status);
      }
      const body = (await res.json()) as TagResponse;
      const out: PhiEntity[] = [];
      for (const e of body.taggerResult?.entities ?? []) {
        const type = e.category ? CATEGORY[e.category] : undefined;
        const start = e.offset?.utf16;
        const length = e.length?.utf16;
        if (!type || typeof start !== 'number' || typeof length !== 'number' || length <= 0 || start < 0) continue;
        if (start + length > text.length) continue;
        // Safe Harbor keeps ages up to 89; the service tags every age.
        if (type === 'AGE' && !(Number(text.slice(start, start + length).match(/\d+/)?.[0] ?? 0) > 89)) continue;
        out.push({ type, start, end: start + length });
      }
      return out;
    },
  };
}

/**
 * Adds spans found in the locally redacted text (`local.text`) to the local result, as spans of the original `input`:
 * a span touching a placeholder grows to cover what that placeholder replaced, and a span inside a placeholder adds
 * nothing. The result's text is the local text with the extra redactions; its entities point into `input`.
 */
export function addRedactions(input: string, local: Deidentified, extra: PhiEntity[]): Deidentified {
  if (extra.length === 0) return local;
  // Each local placeholder: where it sits in local.text (at..end) and the input span it replaced (from..to).
  const slots: { at: number; end: number; from: number; to: number }[] = [];
  let shift = 0;
  for (const e of local.entities) {
    const at = e.start + shift;
    const length = placeholder(e.type).length;
    slots.push({ at, end: at + length, from: e.start, to: e.end });
    shift += length - (e.end - e.start);
  }
  const toInput = (pos: number, side: 'start' | 'end'): number => {
    let delta = 0;
    for (const s of slots) {
      if (pos < s.at || (side === 'end' && pos === s.at)) break;
      if (pos < s.end || (side === 'end' && pos === s.end)) return side === 'start' ? s.from : s.to;
      delta = s.to - s.end;
    }
    return pos + delta;
  };
  const mapped: PhiEntity[] = [];
  for (const e of extra) {
    if (slots.some((s) => e.start >= s.at && e.end <= s.end)) continue;
    const start = toInput(e.start, 'start');
    const end = toInput(e.end, 'end');
    if (end > start) mapped.push({ type: e.type, start, end });
  }
  return mapped.length === 0 ? local : redact(input, [...local.entities, ...mapped]);
}

/** Between texts joined into one request, so a span the service finds cannot run from one into the next. */
const SEPARATOR = '\n\n';

/** Groups text indexes so each group's joined request body stays under maxBytes (a longer text goes alone). */
function groupBySize(texts: readonly string[], maxBytes: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  const overhead = Buffer.byteLength(JSON.stringify({ inputText: '', operation: 'Tag' }));
  texts.forEach((text, i) => {
    if (!/\S/.test(text)) return;
    const size = Buffer.byteLength(JSON.stringify(text)) - 2 + Buffer.byteLength(JSON.stringify(SEPARATOR)) - 2;
    if (current.length > 0 && overhead + bytes + size > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

function outcomeOf(err: unknown): { remote: RemoteDeidOutcome; status: number | null; error: string } {
  const name = (err as Error)?.name ?? 'Error';
  return {
    remote: name === 'TimeoutError' ? 'timeout' : 'failed',
    status: err instanceof AzureDeidError ? err.status : null,
    error: name,
  };
}

/**
 * Local de-identification of every text, then one service pass over the locally redacted texts (batched into as few
 * requests as the size limit allows) whose findings are added on top. A failed or timed-out request leaves its texts
 * with the local result; `remote` reports the worst outcome.
 */
export async function deidentifyWithService(
  texts: readonly string[],
  service: AzureDeidService,
  signal?: AbortSignal,
  maxRequestBytes = AZURE_DEID_MAX_REQUEST_BYTES,
): Promise<DeidentifiedBatch> {
  const started = Date.now();
  const inputs = texts.map((t) => String(t ?? ''));
  const local = inputs.map((t) => deidentify(t));
  const results = [...local];
  const groups = groupBySize(
    local.map((l) => l.text),
    maxRequestBytes,
  );
  const outcomes = await Promise.all(
    groups.map(async (group) => {
      const starts: number[] = [];
      let joined = '';
      for (const i of group) {
        if (joined) joined += SEPARATOR;
        starts.push(joined.length);
        joined += local[i]!.text;
      }
      try {
        const spans = await service.tag(joined, signal);
        group.forEach((i, k) => {
          const from = starts[k]!;
          const to = from + local[i]!.text.length;
          const own = spans
            .filter((s) => s.start < to && s.end > from)
            .map((s) => ({ type: s.type, start: Math.max(s.start, from) - from, end: Math.min(s.end, to) - from }));
          results[i] = addRedactions(inputs[i]!, local[i]!, own);
        });
        return null;
      } catch (err) {
        return outcomeOf(err);
      }
    }),
  );
  const failures = outcomes.filter((o): o is NonNullable<typeof o> => o !== null);
  const remote: RemoteDeidOutcome = failures.some((f) => f.remote === 'timeout')
    ? 'timeout'
    : failures.length > 0
      ? 'failed'
      : 'ok';
  const added = results.reduce((n, r, i) => n + r.entities.length - local[i]!.entities.length, 0);
  const ms = Date.now() - started;
  if (failures.length > 0) {
    const { status, error } = failures[0]!;
    log.warn(
      { remote, status, error, requests: groups.length, failed: failures.length, ms },
      'de-identification service pass failed; local result stands',
    );
  } else {
    log.debug({ remote, requests: groups.length, texts: texts.length, added, ms }, 'de-identification service pass');
  }
  return { results, remote };
}

/** The local pass with the Azure service on top, as the pipeline's de-identifier. */
export function createAzureDeidentifier(
  service: AzureDeidService,
  breaker = new CircuitBreaker(3, 30_000),
): Deidentifier {
  return {
    name: 'local+azure',
    async deidentify(texts, signal) {
      // A service that keeps failing would add its timeout to every answer: after 3 failures in a row only one call
      // in 30 s tries it, and the rest go with the local pass at once.
      if (!breaker.allow()) return { ...(await localDeidentifier.deidentify(texts)), remote: 'paused' };
      const batch = await deidentifyWithService(texts, service, signal);
      if (batch.remote === 'ok') breaker.success();
      else if (!signal?.aborted) breaker.failure();
      return batch;
    },
  };
}
