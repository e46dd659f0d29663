// `curbside azure preflight` against a loopback fake of the Azure Resource Manager model catalogue and quota endpoints: the
// plan comes from the repository's own infra/main.bicep + main.parameters.json, so a default that a region cannot deploy
// (the deprecated gpt-4o 2024-11-20 of issue 21, a missing SKU, too little quota) stops here instead of mid-provision.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import {
  ARM_SCOPE,
  formatPreflight,
  readDeploymentPlan,
  runPreflight,
  type DeploymentPlan,
} from '../../src/azure/preflight.js';
import {
  BEARER_TOKEN,
  staticTokenCredential,
  startManagedIdentityEndpoint,
  type ManagedIdentityEndpoint,
} from '../support/azure-env.js';
import { startFakeAzureArm, type FakeArmRegion, type FakeAzureArm } from '../support/fake-azure-arm.js';

const SUBSCRIPTION = '00000000-1111-4222-8333-444444444444';
let arm: FakeAzureArm;
let identity: ManagedIdentityEndpoint;
let work: string;

/** A region that offers what the Bicep asks for, with room in the quota. */
function healthyRegion(): FakeArmRegion {
  return {
    models: [
      {
        name: 'gpt-4o',
        version: '2024-11-20',
        lifecycleStatus: 'Deprecated',
        retires: '2026-10-01',
        skus: [{ name: 'GlobalStandard' }, { name: 'Standard' }],
      },
      { name: 'gpt-4.1', version: '2025-04-14', skus: [{ name: 'GlobalStandard' }] },
      { name: 'gpt-5.1', version: '2025-11-13', skus: [{ name: 'GlobalStandard' }, { name: 'DataZoneStandard' }] },
      {
        name: 'text-embedding-3-small',
        version: '1',
        retires: '2027-04-15',
        skus: [{ name: 'Standard' }, { name: 'GlobalStandard' }],
      },
      { name: 'text-embedding-3-large', version: '1', skus: [{ name: 'Standard' }] },
    ],
    usages: { 'OpenAI.GlobalStandard.gpt-5.1': [0, 250], 'OpenAI.Standard.text-embedding-3-small': [30, 350] },
  };
}

const deps = () => ({ ca: arm.ca, credential: staticTokenCredential() });
const now = new Date('2026-12-03T12:00:00Z');

beforeAll(async () => {
  arm = await startFakeAzureArm({ bearerTokens: [BEARER_TOKEN], subscriptionId: SUBSCRIPTION });
  identity = await startManagedIdentityEndpoint();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-preflight-'));
  fs.writeFileSync(path.join(work, 'arm-ca.pem'), arm.ca);
});
afterAll(async () => {
  await arm?.close();
  await identity?.close();
  fs.rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  arm.regions.clear();
  arm.requests.length = 0;
});

describe('azure preflight', () => {
  it("reads the repository's deployment plan: current default models, reasoning on", () => {
    expect(readDeploymentPlan(REPO_ROOT)).toEqual({
      models: [
        { role: 'chat', name: 'gpt-5.1', version: '2025-11-13', sku: 'GlobalStandard', capacity: 50 },
        { role: 'embedding', name: 'text-embedding-3-small', version: '1', sku: 'Standard', capacity: 120 },
      ],
      chatIsReasoningModel: true,
    });
  });

  it('passes a region that offers the versions, SKUs and quota, reading every page with an ARM token', async () => {
    arm.regions.set('swedencentral', healthyRegion());
    const credential = staticTokenCredential();
    const report = await runPreflight(
      {
        subscriptionId: SUBSCRIPTION,
        location: 'swedencentral',
        plan: readDeploymentPlan(REPO_ROOT),
        armEndpoint: arm.endpoint,
        now,
      },
      { ca: arm.ca, credential },
    );
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.model, c.quotaLeft])).toEqual([
      ['gpt-5.1 2025-11-13', 250],
      ['text-embedding-3-small 1', 320],
    ]);
    // Retires 2027-04-15, 133 days after 2026-12-03: a warning, not a stop.
    expect(report.checks[1]!.warnings).toEqual([
      'text-embedding-3-small 1 retires on 2027-04-15: plan its replacement',
    ]);
    expect(credential.calls.flat()).toEqual([ARM_SCOPE]);
    const modelPages = arm.requests.filter((r) => r.path.endsWith('/models'));
    expect(modelPages).toHaveLength(3); // 5 models, 2 per page: nextLink followed
    expect(
      arm.requests.every(
        (r) => r.query['api-version'] === '2024-10-01' && r.authorization === `Bearer ${BEARER_TOKEN}`,
      ),
    ).toBe(true);
    expect(formatPreflight(report)).toMatch(/Ready to provision/);
  });

  it('stops on the deprecated gpt-4o 2024-11-20, a version the region lacks, a missing SKU, too little quota, and a reasoning mismatch', async () => {
    const region = healthyRegion();
    region.usages['OpenAI.GlobalStandard.gpt-5.1'] = [230, 250];
    arm.regions.set('eastus2', region);
    const run = (plan: DeploymentPlan) =>
      runPreflight({ subscriptionId: SUBSCRIPTION, location: 'eastus2', plan, armEndpoint: arm.endpoint, now }, deps());
    const embedding = {
      role: 'embedding' as const,
      name: 'text-embedding-3-small',
      version: '1',
      sku: 'Standard',
      capacity: 120,
    };

    const old = await run({
      models: [{ role: 'chat', name: 'gpt-4o', version: '2024-11-20', sku: 'GlobalStandard', capacity: 50 }, embedding],
      chatIsReasoningModel: false,
    });
    expect(old.ok).toBe(false);
    expect(old.checks[0]!.problems.join('\n')).toMatch(
      /gpt-4o 2024-11-20 is deprecated \(retirement 2026-10-01\): deprecated models cannot be newly deployed/,
    );

    const current = await run({
      models: [
        { role: 'chat', name: 'gpt-5.1', version: '2025-11-13', sku: 'GlobalStandard', capacity: 50 },
        embedding,
      ],
      chatIsReasoningModel: true,
    });
    expect(current.checks[0]!.problems).toEqual([
      'quota: chatCapacity is 50K tokens/min but only 20K of 250K is left for OpenAI.GlobalStandard.gpt-5.1 in eastus2 (lower chatCapacity or request quota)',
    ]);

    const wrong = await run({
      models: [
        { role: 'chat', name: 'gpt-5.1', version: '2025-08-07', sku: 'GlobalStandard', capacity: 10 },
        { ...embedding, sku: 'DataZoneStandard' },
      ],
      chatIsReasoningModel: false,
    });
    expect(wrong.checks[0]!.problems).toEqual([
      'gpt-5.1 version 2025-08-07 is not offered in eastus2; offered there: 2025-11-13 (set chatModelVersion)',
      'gpt-5.1 is a reasoning model but chatIsReasoningModel is false (it sets the API version and max_completion_tokens)',
    ]);
    expect(wrong.checks[1]!.problems).toEqual([
      'text-embedding-3-small 1 has no DataZoneStandard deployments in eastus2; available: Standard, GlobalStandard (set embeddingDeploymentSku)',
    ]);
    expect(formatPreflight(wrong)).toMatch(/STOP chat[\s\S]*Do not provision yet/);
  });

  it('as a command: exit 0 when the region is ready, 1 with the reason when not, 2 without a subscription or region', async () => {
    arm.regions.set('swedencentral', healthyRegion());
    const tight = healthyRegion();
    tight.usages['OpenAI.Standard.text-embedding-3-small'] = [300, 350];
    arm.regions.set('westeurope', tight);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.homedir(),
      ...identity.env,
      NODE_EXTRA_CA_CERTS: path.join(work, 'arm-ca.pem'),
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
      AZURE_RESOURCE_MANAGER_ENDPOINT: arm.endpoint,
      CURBSIDE_DATA_DIR: path.join(work, 'data'),
      LOG_LEVEL: 'warn',
    };
    const run = (args: string[], extra: Record<string, string> = {}) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [path.join(REPO_ROOT, 'bin/curbside.js'), 'azure', 'preflight', ...args],
          { cwd: REPO_ROOT, env: { ...env, ...extra }, timeout: 120_000 },
          (err, stdout, stderr) => {
            resolve({
              code: err
                ? typeof (err as { code?: unknown }).code === 'number'
                  ? (err as { code: number }).code
                  : 1
                : 0,
              stdout: String(stdout),
              stderr: String(stderr),
            });
          },
        );
      });

    const ok = await run([], { AZURE_LOCATION: 'swedencentral' });
    expect(ok.stdout, ok.stderr).toMatch(
      /ok {3}chat {6}gpt-5\.1 2025-11-13 \(quota left: 250K tokens\/min\)[\s\S]*Ready to provision/,
    );
    expect(ok.code).toBe(0);
    expect(identity.resources).toContain('https://management.azure.com');

    const short = await run(['--location', 'westeurope', '--json']);
    expect(short.code).toBe(1);
    const report = JSON.parse(short.stdout);
    expect(report.checks[1].problems[0]).toMatch(/embeddingCapacity is 120K tokens\/min but only 50K of 350K is left/);

    const unknownRegion = await run(['--location', 'atlantis']);
    expect(unknownRegion.code).toBe(1);
    expect(unknownRegion.stderr).toMatch(/Azure Resource Manager answered 400: LocationNotAvailableForResourceType/);

    const missing = await run([], { AZURE_SUBSCRIPTION_ID: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/set AZURE_SUBSCRIPTION_ID and AZURE_LOCATION/);
  });
});
