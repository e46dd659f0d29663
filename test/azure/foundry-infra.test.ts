// The optional Foundry model deployment (infra/modules/foundry-model.bicep) and its wiring in infra/main.bicep, checked as
// text (no Bicep compiler can be installed here): resource types and API versions, keyless only, the data-plane roles, the
// module's parameters all passed and used, and app settings that the model-profile loader reads as an OpenAI/v1 profile.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelProfile, REPO_ROOT } from '../../src/config.js';

const read = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
const module = read('infra/modules/foundry-model.bicep');
const main = read('infra/main.bicep');

/** The `{ ... }` block that starts at `from` (balanced braces). */
function block(text: string, from: number): string {
  const start = text.indexOf('{', from);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error('unbalanced braces');
}

const COGNITIVE_SERVICES_USER = 'a97b65f3-24c7-4388-baec-2e87135dc908';

describe('infra/modules/foundry-model.bicep', () => {
  const resources = [...module.matchAll(/^resource (\w+) '([^@']+)@([^']+)'/gm)].map((m) => ({
    symbol: m[1]!,
    type: m[2]!,
    version: m[3]!,
    body: block(module, m.index!),
  }));

  it('deploys an AI Services account and one model deployment, keyless, with known API versions', () => {
    expect(resources.map((r) => `${r.type}@${r.version}`).sort()).toEqual([
      'Microsoft.Authorization/roleAssignments@2022-04-01',
      'Microsoft.Authorization/roleAssignments@2022-04-01',
      'Microsoft.CognitiveServices/accounts/deployments@2024-10-01',
      'Microsoft.CognitiveServices/accounts@2024-10-01',
    ]);
    const account = resources.find((r) => r.type === 'Microsoft.CognitiveServices/accounts')!;
    expect(account.body).toMatch(/kind: 'AIServices'/);
    expect(account.body).toMatch(/disableLocalAuth: true/);
    expect(account.body).toMatch(/customSubDomainName: name/);
    const deployment = resources.find((r) => r.type === 'Microsoft.CognitiveServices/accounts/deployments')!;
    expect(deployment.body).toMatch(/model: \{ format: modelFormat, name: modelName, version: modelVersion \}/);
    expect(module).not.toMatch(/listKeys|apiKey|secret/i);
  });

  it('gives the web app (always) and the administrator (when set) Cognitive Services User on the account', () => {
    const roles = resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    expect(module).toContain(`var cognitiveServicesUser = '${COGNITIVE_SERVICES_USER}'`);
    for (const r of roles) {
      expect(r.body).toMatch(/scope: foundry/);
      expect(r.body).toMatch(
        /roleDefinitionId: subscriptionResourceId\('Microsoft.Authorization\/roleDefinitions', cognitiveServicesUser\)/,
      );
    }
    expect(roles.find((r) => r.symbol === 'appUser')!.body).toMatch(
      /principalId: appPrincipalId[\s\S]*principalType: 'ServicePrincipal'/,
    );
    expect(module).toMatch(/resource adminUser '[^']+' = if \(!empty\(adminPrincipalId\)\)/);
  });

  it('uses every parameter it declares, and main.bicep passes exactly those, only when a Foundry model is named', () => {
    const params = [...module.matchAll(/^param (\w+) /gm)].map((m) => m[1]!);
    for (const p of params)
      expect(
        module.split(/\n/).filter((l) => !l.startsWith('param ') && new RegExp(`\\b${p}\\b`).test(l)).length,
        p,
      ).toBeGreaterThan(0);
    const at = main.indexOf("module foundry 'modules/foundry-model.bicep' = if (!empty(foundryModelName))");
    expect(at).toBeGreaterThan(0);
    const passed = [...block(block(main, at), 1).matchAll(/^\s+(\w+):/gm)].map((m) => m[1]!);
    expect(passed.sort()).toEqual([...params].sort());
    expect(module).toMatch(
      /output endpoint string = 'https:\/\/\$\{foundry.properties.customSubDomainName\}.services.ai.azure.com\/openai\/v1'/,
    );
  });

  it('hands the deployment to the app as model profile "foundry" on the OpenAI/v1 route, keyless', () => {
    const setting = (name: string) => new RegExp(`\\{ name: '${name}', value: ([^}]+) \\}`).exec(main)?.[1]?.trim();
    expect(setting('CURBSIDE_MODEL_PROFILE_FOUNDRY_ENDPOINT')).toBe('foundryEndpoint');
    expect(setting('CURBSIDE_MODEL_PROFILE_FOUNDRY_DEPLOYMENT')).toBe('foundryDeploymentName');
    expect(main).toMatch(
      /var foundryEndpoint = empty\(foundryModelName\) \? '' : 'https:\/\/\$\{foundryAccountName\}.services.ai.azure.com\/openai\/v1'/,
    );
    // What the app reads once provisioned (base name "curbside-ab12" for the example).
    const profile = loadModelProfile('foundry', {
      AZURE_OPENAI_ENDPOINT: 'https://curbside-ab12-openai.openai.azure.com/',
      CURBSIDE_MODEL_PROFILE_FOUNDRY_ENDPOINT: 'https://curbside-ab12-foundry.services.ai.azure.com/openai/v1',
      CURBSIDE_MODEL_PROFILE_FOUNDRY_DEPLOYMENT: 'foundry-chat',
      CURBSIDE_MODEL_PROFILE_FOUNDRY_REASONING_MODEL: 'false',
      CURBSIDE_MODEL_PROFILE_FOUNDRY_EXPECTED_MODEL: '',
    }).azureOpenAI!;
    expect(profile).toMatchObject({ route: 'v1', deployment: 'foundry-chat', apiKey: null, expectedModel: null });
  });
});
