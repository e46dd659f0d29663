// `npm run package [-- --env <name>]`: builds appPackage/build/appPackage.<env>.zip from appPackage/manifest.json with the
// ${{VAR}} placeholders filled from env/.env.<env> (+ env/.env.<env>.user, then the process environment), validated offline
// against the manifest schema it declares. Default env: playground (fixed ids, works with no Azure resources).
import fs from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { REPO_ROOT } from '../config.js';
import { zipSync } from 'fflate';

export interface PackageResult {
  env: string;
  zipPath: string;
  manifest: Record<string, unknown>;
  files: string[];
}

export class PackageError extends Error {}

/** Parses a dotenv file: KEY=VALUE lines, # comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    vars[m[1]!] = value;
  }
  return vars;
}

export function loadEnvironment(
  env: string,
  root = REPO_ROOT,
  processEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const file = path.join(root, 'env', `.env.${env}`);
  if (!fs.existsSync(file))
    throw new PackageError(
      `No environment file ${path.relative(root, file)} (known: ${knownEnvironments(root).join(', ')})`,
    );
  const vars = parseEnvFile(fs.readFileSync(file, 'utf8'));
  const user = `${file}.user`;
  if (fs.existsSync(user)) Object.assign(vars, parseEnvFile(fs.readFileSync(user, 'utf8')));
  for (const key of Object.keys(vars)) {
    const override = processEnv[key];
    if (override !== undefined && override !== '') vars[key] = override;
  }
  return vars;
}

function knownEnvironments(root: string): string[] {
  const dir = path.join(root, 'env');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /^\.env\.[^.]+$/.test(f))
        .map((f) => f.slice(5))
    : [];
}

/** Fills ${{VAR}}; variables that may be empty are listed in `optional`. Throws naming every missing one. */
export function substitute(
  template: string,
  vars: Record<string, string>,
  optional: readonly string[] = ['APP_NAME_SUFFIX'],
): string {
  const missing = new Set<string>();
  const out = template.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => {
    const value = vars[name];
    if ((value === undefined || value === '') && !optional.includes(name)) missing.add(name);
    return value ?? '';
  });
  if (missing.size) {
    throw new PackageError(
      `Missing values for ${[...missing].join(', ')}: set them in env/.env.<env> (Agents Toolkit provision writes TEAMS_APP_ID/BOT_ID) or in the environment.`,
    );
  }
  return out;
}

/**
 * Relative files the manifest points at (icons, declarative agents, plugin manifests, API specs), followed through the JSON
 * files it references (agent -> plugin -> OpenAPI), so the zip holds exactly what it needs.
 */
function referencedFiles(manifest: Record<string, unknown>, dir: string): string[] {
  const files = new Set<string>();
  const icons = manifest.icons as Record<string, string> | undefined;
  for (const value of Object.values(icons ?? {})) files.add(value);
  const visit = (node: unknown, key = '') => {
    if (Array.isArray(node)) node.forEach((n) => visit(n, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, k);
    else if (
      typeof node === 'string' &&
      /^(file|apiSpecificationFile|apiResponseRenderingTemplateFile|url)$/.test(key) &&
      !/^[a-z]+:/i.test(node) &&
      !node.includes('${{')
    ) {
      if (key !== 'url' || /\.(json|ya?ml)$/i.test(node)) files.add(node);
    }
  };
  visit(manifest);
  for (const rel of files) {
    const file = path.join(dir, rel);
    if (/\.json$/i.test(rel) && fs.existsSync(file)) visit(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return [...files];
}

/**
 * The Teams app (bot, message extension, custom engine agent) is `manifest.json`. The Microsoft 365 Copilot declarative agent
 * with the API plugin needs a package of its own (a manifest holds either kind of Copilot agent, not both):
 * `apiPlugin.app-manifest.json`, zipped as `copilotAgent.<env>.zip`.
 */
export const PACKAGES = {
  teams: { manifest: 'manifest.json', zip: 'appPackage', built: 'manifest' },
  copilot: { manifest: 'apiPlugin.app-manifest.json', zip: 'copilotAgent', built: 'copilotAgent.manifest' },
} as const;

export async function buildAppPackage(
  env: string,
  root = REPO_ROOT,
  processEnv: NodeJS.ProcessEnv = process.env,
  kind: keyof typeof PACKAGES = 'teams',
): Promise<PackageResult> {
  const dir = path.join(root, 'appPackage');
  const spec = PACKAGES[kind];
  const vars = loadEnvironment(env, root, processEnv);
  const manifestText = substitute(fs.readFileSync(path.join(dir, spec.manifest), 'utf8'), vars);
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as never);
  if (errors.length)
    throw new PackageError(
      `appPackage/${spec.manifest} is not valid for ${String(manifest.$schema)}:\n  ${errors.join('\n  ')}`,
    );
  const entries: { name: string; data: Buffer }[] = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
  ];
  for (const rel of referencedFiles(manifest, dir)) {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) throw new PackageError(`manifest.json references ${rel}, which is not in appPackage/`);
    const data = fs.readFileSync(file);
    // Files the manifest references may carry placeholders too (plugin and agent manifests).
    entries.push({
      name: rel,
      data: /\.json$/i.test(rel) ? Buffer.from(substitute(data.toString('utf8'), vars)) : data,
    });
  }
  const buildDir = path.join(dir, 'build');
  fs.mkdirSync(buildDir, { recursive: true });
  const zipPath = path.join(buildDir, `${spec.zip}.${env}.zip`);
  // A fixed date keeps the zip byte-identical for identical inputs.
  const files = Object.fromEntries(entries.map((e) => [e.name, new Uint8Array(e.data)] as const));
  fs.writeFileSync(zipPath, zipSync(files, { level: 9, mtime: new Date('2024-01-01T00:00:00') }));
  fs.writeFileSync(path.join(buildDir, `${spec.built}.${env}.json`), JSON.stringify(manifest, null, 2));
  return { env, zipPath, manifest, files: entries.map((e) => e.name) };
}
