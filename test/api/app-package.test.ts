// The Microsoft 365 Copilot API plugin files in appPackage/: valid against the official schemas bundled with
// @microsoft/app-manifest (offline), consistent with each other, and the shipped OpenAPI file is the generated one.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { APP_PACKAGE_OPENAPI, appPackageOpenApiText } from '../../src/api/app-package.js';
import { AppManifestUtils } from '@microsoft/app-manifest';

const require = createRequire(import.meta.url);
// ajv-draft-04 comes with the MCP SDK's ajv; the Copilot manifest schemas are draft-04.
const AjvDraft04 = require('ajv-draft-04') as new (opts: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};
const schemasDir = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'copilot',
);

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;
const appPackage = (name: string) => readJson(path.join(REPO_ROOT, 'appPackage', name));

function validate(schemaFile: string, data: unknown): unknown[] {
  const ajv = new AjvDraft04({ strict: false, allErrors: true, logger: false });
  const check = ajv.compile(readJson(schemaFile));
  return check(data) ? [] : (check.errors ?? []);
}

describe('appPackage API plugin', () => {
  const plugin = appPackage('apiPlugin.json');
  const agent = appPackage('declarativeAgent.json');
  const openapi = appPackage('openapi.json');

  it('apiPlugin.json is valid against the plugin manifest schema it declares', () => {
    expect(plugin.schema_version).toBe('v2.2');
    expect(validate(path.join(schemasDir, 'plugin', 'v2.2', 'schema.json'), plugin)).toEqual([]);
  });

  it('the schema check is not vacuous: a manifest with a bad field fails it', () => {
    const broken = { ...plugin, namespace: 'has spaces', functions: [{ ...plugin.functions[0], name: 'bad-name!' }] };
    expect(validate(path.join(schemasDir, 'plugin', 'v2.2', 'schema.json'), broken).length).toBeGreaterThan(0);
  });

  it('declarativeAgent.json is valid and points at the plugin', () => {
    expect(validate(path.join(schemasDir, 'declarative-agent', agent.version, 'schema.json'), agent)).toEqual([]);
    expect(agent.actions.map((a: { file: string }) => a.file)).toEqual(['apiPlugin.json']);
  });

  it('ships in its own app manifest (a Teams app holds a declarative agent or a custom engine agent, not both)', async () => {
    // Toolkit placeholders -> plausible values of the right shape (URLs stay URLs, ids become GUIDs).
    const text = fs
      .readFileSync(path.join(REPO_ROOT, 'appPackage', 'apiPlugin.app-manifest.json'), 'utf8')
      .replace(/"\$\{\{APP_[A-Z_]+_URL\}\}"/g, '"https://example.org/curbside"')
      .replace(/\$\{\{APP_NAME_SUFFIX\}\}/g, '-dev')
      .replace(/"\$\{\{[A-Z0-9_]+\}\}"/g, '"00000000-0000-4000-8000-000000000000"');
    const manifest = JSON.parse(text);
    expect(await AppManifestUtils.validateAgainstSchema(manifest)).toEqual([]);
    expect(manifest.copilotAgents.declarativeAgents[0].file).toBe('declarativeAgent.json');
  });

  it('every plugin function is an operation of the referenced OpenAPI file', () => {
    const runtime = plugin.runtimes[0];
    expect(runtime.spec.url).toBe('openapi.json');
    const operationIds = Object.values(openapi.paths).flatMap((ops: any) =>
      Object.values(ops).map((op: any) => op.operationId),
    );
    const functions = plugin.functions.map((f: { name: string }) => f.name);
    expect(new Set(functions)).toEqual(new Set(operationIds));
    expect(new Set(runtime.run_for_functions)).toEqual(new Set(functions));
  });

  it('the shipped openapi.json is exactly what the generator produces', () => {
    // On failure: node --import tsx scripts/write-openapi.ts
    expect(fs.readFileSync(APP_PACKAGE_OPENAPI, 'utf8')).toBe(appPackageOpenApiText());
  });

  it('uses only OpenAPI 3.0 schema features (no 3.1 null types, no const)', () => {
    const text = JSON.stringify(openapi);
    expect(openapi.openapi).toMatch(/^3\.0\./);
    expect(text).not.toContain('"type":"null"');
    expect(text).not.toContain('"const"');
    expect(text).not.toContain('"$schema"');
  });
});
