// Structural checks of infra/main.bicep, infra/main.parameters.json and m365agents.yml. No Bicep compiler can be installed
// here (the CLI is a download, and no npm package ships it), so this reads the Bicep text: known resource types and API
// versions, no unused parameters, no keys or secrets, the role assignments that replace keys, app settings that the app's
// own config loader accepts, and every ${{VAR}} the toolkit files use is an output or an environment variable.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig, REPO_ROOT } from '../../src/config.js';

const read = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
const bicep = read('infra/main.bicep');
/** The Bicep text with comments removed and string literals emptied (interpolations kept), for structural checks. */
function stripStringsAndComments(text: string): string {
  let out = '';
  let i = 0;
  const strings: number[] = []; // brace depth at which each open string's interpolation started
  let inString = false;
  while (i < text.length) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i += 2;
      else if (c === "'") {
        out += c;
        inString = false;
        i++;
      } else if (c === '$' && text[i + 1] === '{') {
        out += '${';
        strings.push(0);
        inString = false;
        i += 2;
      } else i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'") {
      out += c;
      inString = true;
      i++;
      continue;
    }
    if (strings.length && c === '{') strings[strings.length - 1]!++;
    if (strings.length && c === '}') {
      if (strings[strings.length - 1] === 0) {
        strings.pop();
        out += '}';
        inString = true;
        i++;
        continue;
      }
      strings[strings.length - 1]!--;
    }
    out += c;
    i++;
  }
  return out;
}
const code = stripStringsAndComments(bicep);

/** Resource types and API versions published by Azure Resource Manager (checked against the ARM reference). */
const KNOWN_API_VERSIONS: Record<string, string[]> = {
  'Microsoft.OperationalInsights/workspaces': ['2022-10-01', '2023-09-01'],
  'Microsoft.Insights/components': ['2020-02-02'],
  'Microsoft.Insights/diagnosticSettings': ['2021-05-01-preview'],
  'Microsoft.ManagedIdentity/userAssignedIdentities': ['2023-01-31'],
  'Microsoft.Search/searchServices': ['2023-11-01', '2024-06-01-preview'],
  'Microsoft.CognitiveServices/accounts': ['2023-05-01', '2024-10-01'],
  'Microsoft.CognitiveServices/accounts/deployments': ['2023-05-01', '2024-10-01'],
  'Microsoft.Storage/storageAccounts': ['2023-01-01', '2023-05-01'],
  'Microsoft.Storage/storageAccounts/tableServices': ['2023-01-01', '2023-05-01'],
  'Microsoft.Storage/storageAccounts/tableServices/tables': ['2023-01-01', '2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices': ['2023-01-01', '2023-05-01'],
  'Microsoft.Storage/storageAccounts/blobServices/containers': ['2023-01-01', '2023-05-01'],
  'Microsoft.Web/serverfarms': ['2022-09-01', '2023-12-01'],
  'Microsoft.Web/sites': ['2022-09-01', '2023-12-01'],
  'Microsoft.BotService/botServices': ['2022-09-15'],
  'Microsoft.BotService/botServices/channels': ['2022-09-15'],
  'Microsoft.Authorization/roleAssignments': ['2022-04-01'],
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': ['2022-09-01', '2023-12-01'],
  'Microsoft.Network/privateEndpoints': ['2023-11-01'],
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups': ['2023-11-01'],
};

const ROLE = {
  searchIndexDataReader: '1407120a-92aa-4202-b7e9-c0e197c71c8f',
  searchIndexDataContributor: '8ebe5a00-799e-43f5-93ac-243d3dce84a7',
  searchServiceContributor: '7ca78c08-252a-4471-8644-bb5ff32d4ba0',
  cognitiveServicesOpenAIUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
};

interface Resource {
  symbol: string;
  type: string;
  apiVersion: string;
  /** The resource's body text, from its `{` to the matching `}`. */
  body: string;
}

function blockFrom(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  throw new Error('unbalanced braces');
}

function resources(): Resource[] {
  const out: Resource[] = [];
  for (const m of bicep.matchAll(/^resource (\w+) '([^'@]+)@([^']+)' = (?:if \(.*\) )?\{$/gm)) {
    out.push({ symbol: m[1]!, type: m[2]!, apiVersion: m[3]!, body: blockFrom(bicep, m.index! + m[0].length - 1) });
  }
  return out;
}

const params = [...bicep.matchAll(/^param (\w+) (\w+)(?: = (.+))?$/gm)].map((m) => ({
  name: m[1]!,
  type: m[2]!,
  default: m[3] ?? null,
}));
const vars = [...bicep.matchAll(/^var (\w+) =/gm)].map((m) => m[1]!);
const outputs = new Map([...bicep.matchAll(/^output (\w+) (\w+) = (.+)$/gm)].map((m) => [m[1]!, m[3]!]));
const all = resources();
const bySymbol = new Map(all.map((r) => [r.symbol, r]));

function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]!));
}

function envFileVars(rel: string): Set<string> {
  return new Set([...read(rel).matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!));
}

describe('infra/main.bicep', () => {
  it('uses only known resource types and API versions', () => {
    expect(all.length).toBeGreaterThanOrEqual(20);
    for (const r of all) expect(KNOWN_API_VERSIONS[r.type] ?? [], `${r.type}@${r.apiVersion}`).toContain(r.apiVersion);
  });

  it('has balanced brackets and resolves every parent/scope/dependsOn reference', () => {
    for (const [open, close] of [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ] as const) {
      expect(code.split(open).length, `${open}${close}`).toBe(code.split(close).length);
    }
    for (const r of all) {
      for (const m of r.body.matchAll(/^\s*(?:parent|scope): (\w+)$/gm))
        expect(bySymbol.has(m[1]!), `${r.symbol} -> ${m[1]}`).toBe(true);
      for (const m of r.body.matchAll(/dependsOn: \[([^\]]*)\]/g)) {
        for (const dep of m[1]!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean))
          expect(bySymbol.has(dep), dep).toBe(true);
      }
    }
    // Every `symbol.property` names a declared resource, parameter or variable (or a Bicep namespace).
    const declared = new Set([...bySymbol.keys(), ...params.map((p) => p.name), ...vars, 'az', 'sys']);
    for (const m of code.matchAll(/(?<![\w.'$])([a-z]\w*)\.(?:id|name|properties|identity|\w+)\b/g)) {
      expect(declared.has(m[1]!), `unknown symbol ${m[1]}`).toBe(true);
    }
  });

  it('uses every parameter and variable', () => {
    for (const name of [...params.map((p) => p.name), ...vars]) {
      const uses = code.match(new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g'))?.length ?? 0;
      expect(uses, name).toBeGreaterThan(1);
    }
  });

  it('is keyless: local auth off, no key listing, no secret in outputs or app settings', () => {
    expect(bicep).not.toMatch(/listKeys|listAdminKeys|listQueryKeys|listConnectionStrings|@secure\(\)/);
    expect(bySymbol.get('search')!.body).toMatch(/disableLocalAuth: true/);
    expect(bySymbol.get('openAI')!.body).toMatch(/disableLocalAuth: true/);
    expect(bySymbol.get('storage')!.body).toMatch(/allowSharedKeyAccess: false/);
    for (const [name, value] of outputs)
      expect(`${name} = ${value}`, name).not.toMatch(/key|secret|password|connectionstring/i);
    const settings = [...bySymbol.get('web')!.body.matchAll(/^\s*\{ name: '([A-Z_]+)', value: (.+) \}$/gm)].map(
      (m) => m[1]!,
    );
    expect(settings.length).toBeGreaterThan(10);
    expect(settings.filter((s) => /KEY|SECRET|PASSWORD/.test(s))).toEqual([]);
  });

  it('grants roles instead of keys: the app reads Search, calls OpenAI, writes Tables; the admin manages the index', () => {
    const assignments = all.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    const grants = assignments.map((r) => ({
      role: Object.entries(ROLE).find(([key]) => r.body.includes(`roles.${key})`))?.[1],
      principal: /principalId: ([\w.]+)/.exec(r.body)?.[1],
      scope: /scope: (\w+)/.exec(r.body)?.[1],
    }));
    const has = (role: string, principal: string, scope: string) =>
      grants.some((g) => g.role === role && g.principal === principal && g.scope === scope);
    expect(has(ROLE.searchIndexDataReader, 'web.identity.principalId', 'search')).toBe(true);
    expect(has(ROLE.cognitiveServicesOpenAIUser, 'web.identity.principalId', 'openAI')).toBe(true);
    expect(has(ROLE.storageTableDataContributor, 'web.identity.principalId', 'storage')).toBe(true);
    expect(has(ROLE.searchServiceContributor, 'adminPrincipalId', 'search')).toBe(true);
    expect(has(ROLE.searchIndexDataContributor, 'adminPrincipalId', 'search')).toBe(true);
    expect(has(ROLE.cognitiveServicesOpenAIUser, 'adminPrincipalId', 'openAI')).toBe(true);
    for (const [key, id] of Object.entries(ROLE)) expect(bicep).toContain(`${key}: '${id}'`);
    // Deterministic names, so a re-deployment updates instead of failing on duplicates.
    for (const r of assignments) expect(r.body).toMatch(/name: guid\(/);
  });

  it('runs the bot on Linux Node 24 LTS with a managed identity, registered as a UserAssignedMSI bot with the Teams channel', () => {
    const web = bySymbol.get('web')!.body;
    expect(web).toMatch(/linuxFxVersion: 'NODE\|24-lts'/);
    expect(web).toMatch(/type: 'SystemAssigned, UserAssigned'/);
    expect(web).toMatch(/httpsOnly: true/);
    expect(web).toMatch(/healthCheckPath: '\/healthz'/);
    const bot = bySymbol.get('bot')!.body;
    expect(bot).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(bot).toMatch(/msaAppMSIResourceId: botIdentity.id/);
    expect(bot).toMatch(/endpoint: 'https:\/\/\$\{web.properties.defaultHostName\}\/api\/messages'/);
    expect(bySymbol.get('teamsChannel')!.body).toMatch(/channelName: 'MsTeamsChannel'/);
    expect(bySymbol.get('search')!.body).toMatch(/semanticSearch: semanticSearch/);
    expect(bySymbol.get('embeddingDeployment')!.body).toMatch(/dependsOn: \[chatDeployment\]/);
  });

  it("sets app settings that the app's own config loader turns into the Azure engine with keyless auth", () => {
    const web = bySymbol.get('web')!.body;
    const env: Record<string, string> = {};
    for (const m of web.matchAll(/^\s*\{ name: '([A-Z_]+)', value: (.+) \}$/gm)) {
      const literal = /^'([^']*)'$/.exec(m[2]!);
      // Expressions become plausible values of the same shape.
      env[m[1]!] = literal
        ? literal[1]!
        : m[1]!.endsWith('ENDPOINT')
          ? 'https://example.invalid'
          : m[1]!.endsWith('DIMENSIONS')
            ? '1536'
            : m[1] === 'AZURE_OPENAI_REASONING_MODEL'
              ? 'false'
              : 'x';
    }
    const config = loadConfig(env);
    expect(config.retrievalEngine).toBe('azure');
    expect(config.azureSearch).toMatchObject({ apiKey: null, semanticConfiguration: 'x' });
    expect(config.azureOpenAI).toMatchObject({ apiKey: null, embeddingDeployment: 'x', embeddingDimensions: 1536 });
    expect(config.bot).toMatchObject({ type: 'UserAssignedMSI', password: '' });
    // Citation links are built from the public URL only (never a request's Host header): without it answers carry no links.
    expect(config.publicBaseUrl).toMatch(/^https:\/\/\$\{baseName\}-app\.azurewebsites\.net$/);
    expect(config.azureStorage).toEqual({
      tableEndpoint: 'https://x.table.core.windows.net',
      feedbackTable: 'x',
      auditTable: 'x',
      stateTable: 'x',
      reviewTable: 'x',
    });
    // The reasoning default of the chat model reaches the app: API version and completion budget follow it.
    expect(loadConfig({ ...env, AZURE_OPENAI_REASONING_MODEL: 'true' }).azureOpenAI!.apiVersion).toBe(
      '2025-04-01-preview',
    );
  });

  it('deploys current models by default: no deprecated chat model, a stable deployment name, reasoning settings on', () => {
    const param = (name: string) => params.find((p) => p.name === name)?.default;
    // gpt-4o 2024-11-20 retires 2026-10-01 and cannot be newly deployed (issue 21).
    expect(`${param('chatModelName')} ${param('chatModelVersion')}`).toBe("'gpt-5.1' '2025-11-13'");
    expect(param('chatIsReasoningModel')).toBe('true');
    expect(bySymbol.get('chatDeployment')!.body).toMatch(/^\s*name: chatDeploymentName$/m);
    const file = JSON.parse(read('infra/main.parameters.json')).parameters as Record<string, { value: unknown }>;
    expect(file.chatModelName!.value).toBe('gpt-5.1');
    expect(file.chatIsReasoningModel!.value).toBe(true);
    expect(bicep).toMatch(/output AZURE_OPENAI_REASONING_MODEL string = string\(chatIsReasoningModel\)/);
  });

  it('state and start-up that work on App Service: audit table, data dir on local disk, compiled JavaScript with a heap sized to the plan', () => {
    const web = bySymbol.get('web')!.body;
    expect(bySymbol.get('auditTable')!.body).toMatch(/name: 'audit'/);
    expect(web).toMatch(/\{ name: 'AZURE_STORAGE_AUDIT_TABLE', value: auditTable.name \}/);
    // /home is an SMB share: SQLite there fails, so nothing of ours is kept on it.
    expect(web).not.toMatch(/'\/home/);
    expect(web).toMatch(/appCommandLine: 'node --max-old-space-size=\$\{heapMb\} bin\/start.js'/);
    expect(web).toMatch(/\{ name: 'CURBSIDE_LAUNCH', value: 'dist' \}/);
    const sizes = /@allowed\(\[([^\]]+)\]\)\s*@description\(.*\)\s*param appServiceSku/
      .exec(bicep)![1]!
      .split(',')
      .map((s) => s.trim().replace(/'/g, ''));
    const heap = /var heapMbBySku = \{([^}]+)\}/.exec(bicep)![1]!;
    for (const sku of sizes) expect(heap, sku).toMatch(new RegExp(`\\b${sku}: \\d{4,5}\\b`));
  });

  it('infrastructure options: storage SKU (LRS default), M365 channel, FTP basic auth off, telemetry agent, private endpoints and diagnostics off by default', () => {
    const param = (name: string) => params.find((p) => p.name === name)?.default;
    expect(param('storageSku')).toBe("'Standard_LRS'");
    expect(bySymbol.get('storage')!.body).toMatch(/sku: \{ name: storageSku \}/);
    expect(bySymbol.get('m365Channel')!.body).toMatch(/channelName: 'M365Extensions'/);
    expect(bySymbol.get('ftpBasicAuth')!.body).toMatch(/name: 'ftp'[\s\S]*allow: false/);
    const web = bySymbol.get('web')!.body;
    expect(web).toMatch(/ftpsState: 'Disabled'/);
    // A connection string alone sends nothing: the App Service Node.js agent does.
    expect(web).toMatch(/APPLICATIONINSIGHTS_CONNECTION_STRING/);
    expect(web).toMatch(/\{ name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: '~3' \}/);
    expect(param('enablePrivateEndpoints')).toBe('false');
    expect(param('enableDiagnostics')).toBe('false');
    const endpoints = all.filter((r) => r.type === 'Microsoft.Network/privateEndpoints');
    expect(endpoints.map((r) => /privateLinkServiceId: (\w+)\.id/.exec(r.body)?.[1]).sort()).toEqual([
      'openAI',
      'search',
      'storage',
    ]);
    const conditional = (symbol: string, flag: string) =>
      new RegExp(`^resource ${symbol} '[^']+' = if \\(${flag}`, 'm');
    for (const r of endpoints) expect(bicep).toMatch(conditional(r.symbol, 'enablePrivateEndpoints'));
    for (const s of ['searchDiagnostics', 'openAIDiagnostics', 'botDiagnostics'])
      expect(bicep).toMatch(conditional(s, 'enableDiagnostics'));
    for (const s of ['search', 'openAI', 'storage'])
      expect(bySymbol.get(s)!.body).toMatch(/publicNetworkAccess: (toLower\()?publicAccess/);
  });
});

describe('infra/main.parameters.json', () => {
  const file = JSON.parse(read('infra/main.parameters.json')) as { parameters: Record<string, { value: unknown }> };
  it('sets only declared parameters, every required one, and allowed values', () => {
    const declared = new Map(params.map((p) => [p.name, p]));
    for (const name of Object.keys(file.parameters)) expect(declared.has(name), name).toBe(true);
    for (const p of params) if (p.default === null) expect(file.parameters[p.name], p.name).toBeDefined();
    for (const m of bicep.matchAll(/@allowed\(\[([^\]]+)\]\)\s*(?:@\w+\([^)]*\)\s*)*param (\w+)/g)) {
      const allowed = m[1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
      const value = file.parameters[m[2]!]?.value;
      if (value !== undefined) expect(allowed, m[2]).toContain(value);
    }
  });
});

describe('m365agents.yml', () => {
  const yml = YAML.parse(read('m365agents.yml'));
  const uses = (stage: string) => (yml[stage] as { uses: string }[]).map((a) => a.uses);

  it('provisions the Teams app and the Azure resources, then builds and zip-deploys the bot', () => {
    expect(uses('provision')).toEqual([
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
      'teamsApp/extendToM365',
    ]);
    const arm = yml.provision[1].with;
    expect(arm.templates[0].path).toBe('./infra/main.bicep');
    expect(fs.existsSync(path.join(REPO_ROOT, arm.templates[0].parameters))).toBe(true);
    expect(uses('deploy')).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    const npmRun = (yml.deploy[1].with.args as string).split(' ');
    expect(npmRun[0]).toBe('run');
    expect(scripts[npmRun[1]!]).toBeDefined();
    const zip = yml.deploy[2].with;
    expect(fs.existsSync(path.join(REPO_ROOT, zip.ignoreFile))).toBe(true);
    expect(read(zip.ignoreFile)).toMatch(/^node_modules\/$/m);
    expect(fs.existsSync(path.join(REPO_ROOT, yml.provision[2].with.manifestPath))).toBe(true);
  });

  it('references only variables that provision outputs or env/.env.dev defines', () => {
    const env = envFileVars('env/.env.dev');
    const builtIn = new Set(['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME']);
    const known = (v: string) => outputs.has(v) || env.has(v) || builtIn.has(v);
    for (const file of ['m365agents.yml', 'infra/main.parameters.json', 'appPackage/manifest.json']) {
      for (const v of placeholders(read(file))) expect(known(v), `${file}: \${{${v}}}`).toBe(true);
    }
    // What deploy and the manifest need comes from the Bicep outputs.
    for (const v of ['BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_ID', 'BOT_DOMAIN']) expect(outputs.has(v), v).toBe(true);
    // Every output has a line in env/.env.dev, so a fresh clone shows what provision will fill in.
    for (const name of outputs.keys()) expect(env.has(name), name).toBe(true);
  });
});
