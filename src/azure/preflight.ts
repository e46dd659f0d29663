// Pre-flight for a first deployment: before `atk provision` spends 10 minutes and fails on the first model deployment, ask Azure
// Resource Manager what the chosen region offers (the same data as `az cognitiveservices model list` / `usage list`) and stop
// with a clear message when a model version is not offered there, is deprecated, lacks the deployment SKU, or the quota left
// is smaller than the capacity the Bicep asks for. Read-only: it creates nothing.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { httpsAgent, tokenCredential, type AzureDeps } from './credentials.js';

/** Every number and name the pre-flight decides by. */
export const PREFLIGHT_SETTINGS = {
  /** ARM API version of Microsoft.CognitiveServices locations/models and locations/usages. */
  apiVersion: '2024-10-01',
  /** A model version retiring within this many days is reported as a warning (a deployment would soon need replacing). */
  retirementWarningDays: 180,
  /** Per ARM request. */
  timeoutMs: 30_000,
  /** nextLink pages followed at most. */
  maxPages: 20,
} as const;

export const ARM_SCOPE = 'https://management.azure.com/.default';

export interface ModelPlan {
  /** "chat" or "embedding" (the Bicep parameter prefix). */
  role: 'chat' | 'embedding';
  name: string;
  version: string;
  sku: string;
  /** Thousands of tokens per minute (the deployment's sku.capacity). */
  capacity: number;
}

export interface DeploymentPlan {
  models: ModelPlan[];
  /** chatIsReasoningModel as the Bicep will set it. */
  chatIsReasoningModel: boolean;
}

export interface PreflightCheck {
  role: ModelPlan['role'];
  model: string;
  ok: boolean;
  /** Problems stop the deployment; warnings do not. */
  problems: string[];
  warnings: string[];
  /** Quota left in the region for the SKU's usage counter, thousands of TPM (null: the counter was not reported). */
  quotaLeft: number | null;
}

export interface PreflightReport {
  subscriptionId: string;
  location: string;
  ok: boolean;
  checks: PreflightCheck[];
}

/** Bicep `param name type = default` values of infra/main.bicep, overridden by infra/main.parameters.json. */
export function readDeploymentPlan(root: string): DeploymentPlan {
  const bicep = fs.readFileSync(path.join(root, 'infra/main.bicep'), 'utf8');
  const defaults = new Map([...bicep.matchAll(/^param (\w+) \w+ = (.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
  const file = JSON.parse(fs.readFileSync(path.join(root, 'infra/main.parameters.json'), 'utf8')) as {
    parameters: Record<string, { value: unknown }>;
  };
  const value = (name: string): string => {
    const set = file.parameters[name]?.value;
    // A toolkit placeholder (${{VAR}}) is resolved at provision time; the Bicep default is what the pre-flight can know.
    if (set !== undefined && !(typeof set === 'string' && set.includes('${{'))) return String(set);
    const d = defaults.get(name);
    if (d === undefined)
      throw new Error(`infra/main.bicep declares no default for ${name} and infra/main.parameters.json sets none`);
    return d.replace(/^'(.*)'$/, '$1');
  };
  const model = (role: ModelPlan['role']): ModelPlan => ({
    role,
    name: value(`${role}ModelName`),
    version: value(`${role}ModelVersion`),
    sku: value(`${role}DeploymentSku`),
    capacity: Number(value(`${role}Capacity`)),
  });
  return {
    models: [model('chat'), model('embedding')],
    chatIsReasoningModel: value('chatIsReasoningModel') === 'true',
  };
}

// ---- ARM wire shapes (only what is read) ----------------------------------------------------------------------------

interface ArmModel {
  kind?: string;
  model?: {
    format?: string;
    name?: string;
    version?: string;
    lifecycleStatus?: string;
    deprecation?: { inference?: string };
    skus?: { name?: string; usageName?: string; deprecationDate?: string }[];
  };
}

interface ArmUsage {
  name?: { value?: string };
  currentValue?: number;
  limit?: number;
}

export class PreflightError extends Error {}

function getJson(url: string, token: string, agent: https.Agent | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      {
        agent,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        timeout: PREFLIGHT_SETTINGS.timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = body ? JSON.parse(body) : null;
          } catch {
            // Reported below with the status.
          }
          if (res.statusCode !== 200) {
            const message = (json as { error?: { code?: string; message?: string } } | null)?.error;
            const hint =
              res.statusCode === 401 || res.statusCode === 403
                ? ' (sign in with `az login` to an account that can read the subscription)'
                : '';
            reject(
              new PreflightError(
                `Azure Resource Manager answered ${res.statusCode}${message ? `: ${message.code ?? ''} ${message.message ?? ''}`.trimEnd() : ''}${hint}`,
              ),
            );
          } else resolve(json);
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new PreflightError(`Azure Resource Manager did not answer within ${PREFLIGHT_SETTINGS.timeoutMs / 1000} s`),
      ),
    );
    req.on('error', reject);
  });
}

async function listAll<T>(first: string, token: string, agent: https.Agent | undefined): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = first;
  for (let page = 0; next && page < PREFLIGHT_SETTINGS.maxPages; page++) {
    const body = (await getJson(next, token, agent)) as { value?: T[]; nextLink?: string } | null;
    out.push(...(body?.value ?? []));
    next = body?.nextLink;
  }
  return out;
}

export interface PreflightOptions {
  subscriptionId: string;
  location: string;
  plan: DeploymentPlan;
  /** Azure Resource Manager endpoint (AZURE_RESOURCE_MANAGER_ENDPOINT; sovereign clouds differ). */
  armEndpoint?: string;
  now?: Date;
}

const DAY_MS = 86_400_000;
/** Reasoning-class model names: o-series and gpt-5.x (they need max_completion_tokens and the newer API version). */
const REASONING_MODEL = /^(o\d|gpt-5)/i;

export async function runPreflight(options: PreflightOptions, deps: AzureDeps = {}): Promise<PreflightReport> {
  const { subscriptionId, location, plan } = options;
  if (!/^[0-9a-f-]{36}$/i.test(subscriptionId))
    throw new PreflightError(`AZURE_SUBSCRIPTION_ID must be a subscription id (a GUID), got "${subscriptionId}"`);
  if (!/^[a-z0-9]+$/.test(location))
    throw new PreflightError(`AZURE_LOCATION must be a region name such as "swedencentral", got "${location}"`);
  const credential: TokenCredential = tokenCredential(deps);
  const token = await credential.getToken(ARM_SCOPE);
  if (!token) throw new PreflightError('No Azure token: sign in with `az login` first');
  const agent = httpsAgent(deps);
  const base = `${(options.armEndpoint ?? 'https://management.azure.com').replace(/\/$/, '')}/subscriptions/${subscriptionId}/providers/Microsoft.CognitiveServices/locations/${location}`;
  const q = `api-version=${PREFLIGHT_SETTINGS.apiVersion}`;
  const [models, usages] = await Promise.all([
    listAll<ArmModel>(`${base}/models?${q}`, token.token, agent),
    listAll<ArmUsage>(`${base}/usages?${q}`, token.token, agent),
  ]);
  const now = (options.now ?? new Date()).getTime();
  const usage = new Map(usages.map((u) => [u.name?.value ?? '', u]));
  const openai = models.filter((m) => m.kind === 'OpenAI' || m.model?.format === 'OpenAI');

  const checks = plan.models.map((want): PreflightCheck => {
    const label = `${want.name} ${want.version}`;
    const problems: string[] = [];
    const warnings: string[] = [];
    let quotaLeft: number | null = null;
    const sameName = openai.filter((m) => m.model?.name === want.name);
    const found = sameName.find((m) => m.model?.version === want.version)?.model;
    if (!found) {
      const versions = [...new Set(sameName.map((m) => m.model?.version).filter(Boolean))].sort();
      problems.push(
        versions.length
          ? `${want.name} version ${want.version} is not offered in ${location}; offered there: ${versions.join(', ')} (set ${want.role}ModelVersion)`
          : `${want.name} is not offered in ${location} (choose another region or set ${want.role}ModelName)`,
      );
    } else {
      const retires = found.deprecation?.inference ? Date.parse(found.deprecation.inference) : NaN;
      if (/deprecated/i.test(found.lifecycleStatus ?? '') || (Number.isFinite(retires) && retires <= now)) {
        problems.push(
          `${label} is deprecated${found.deprecation?.inference ? ` (retirement ${found.deprecation.inference.slice(0, 10)})` : ''}: deprecated models cannot be newly deployed`,
        );
      } else if (Number.isFinite(retires) && retires - now < PREFLIGHT_SETTINGS.retirementWarningDays * DAY_MS) {
        warnings.push(`${label} retires on ${found.deprecation!.inference!.slice(0, 10)}: plan its replacement`);
      }
      const sku = found.skus?.find((s) => s.name === want.sku);
      if (!sku) {
        problems.push(
          `${label} has no ${want.sku} deployments in ${location}; available: ${(found.skus ?? []).map((s) => s.name).join(', ') || 'none'} (set ${want.role}DeploymentSku)`,
        );
      } else {
        if (sku.deprecationDate && Date.parse(sku.deprecationDate) <= now)
          problems.push(`${want.sku} deployments of ${label} are deprecated since ${sku.deprecationDate.slice(0, 10)}`);
        const counter = sku.usageName ? usage.get(sku.usageName) : undefined;
        if (counter && typeof counter.limit === 'number') {
          quotaLeft = counter.limit - (counter.currentValue ?? 0);
          if (quotaLeft < want.capacity) {
            problems.push(
              `quota: ${want.role}Capacity is ${want.capacity}K tokens/min but only ${quotaLeft}K of ${counter.limit}K is left for ${sku.usageName} in ${location} (lower ${want.role}Capacity or request quota)`,
            );
          }
        } else {
          warnings.push(
            `no quota counter reported for ${sku.usageName ?? `${want.sku} ${want.name}`}; check the quota in the Azure AI Foundry portal`,
          );
        }
      }
    }
    if (want.role === 'chat' && REASONING_MODEL.test(want.name) !== plan.chatIsReasoningModel) {
      problems.push(
        `${want.name} is ${REASONING_MODEL.test(want.name) ? '' : 'not '}a reasoning model but chatIsReasoningModel is ${plan.chatIsReasoningModel} (it sets the API version and max_completion_tokens)`,
      );
    }
    return { role: want.role, model: label, ok: problems.length === 0, problems, warnings, quotaLeft };
  });
  return { subscriptionId, location, ok: checks.every((c) => c.ok), checks };
}

export function formatPreflight(report: PreflightReport): string {
  const lines = [`Pre-flight for ${report.location} (subscription ${report.subscriptionId}):`];
  for (const c of report.checks) {
    lines.push(
      `  ${c.ok ? 'ok  ' : 'STOP'} ${c.role.padEnd(9)} ${c.model}${c.quotaLeft !== null ? ` (quota left: ${c.quotaLeft}K tokens/min)` : ''}`,
    );
    for (const p of c.problems) lines.push(`         - ${p}`);
    for (const w of c.warnings) lines.push(`         ! ${w}`);
  }
  lines.push(
    report.ok
      ? 'Ready to provision: atk provision --env dev'
      : 'Do not provision yet: fix the parameters in infra/main.parameters.json (or pick another AZURE_LOCATION), then run the pre-flight again.',
  );
  return lines.join('\n') + '\n';
}
