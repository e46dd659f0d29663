// The Teams app package: manifest valid offline against its declared schema after ${{VAR}} substitution, icons of the sizes
// Teams requires, and `npm run package` producing a readable zip with exactly what the manifest references.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { buildAppPackage, PackageError, parseEnvFile, substitute } from '../../src/teams/package.js';

const appDir = path.join(REPO_ROOT, 'appPackage');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-apppkg-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A copy of appPackage/ and env/ so building does not write into the working tree. */
function copyProject(): string {
  const root = fs.mkdtempSync(path.join(temp, 'root-'));
  fs.cpSync(appDir, path.join(root, 'appPackage'), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build`),
  });
  fs.cpSync(path.join(REPO_ROOT, 'env'), path.join(root, 'env'), { recursive: true });
  return root;
}

describe('manifest', () => {
  const template = fs.readFileSync(path.join(appDir, 'manifest.json'), 'utf8');
  const vars = parseEnvFile(fs.readFileSync(path.join(REPO_ROOT, 'env', '.env.playground'), 'utf8'));
  const manifest = JSON.parse(substitute(template, vars)) as Record<string, any>;

  it('is valid against the bundled schema it declares (>= 1.22)', async () => {
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.22);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(await AppManifestUtils.validateAgainstSchema(manifest as never)).toEqual([]);
  });

  it('rejects an invalid manifest (the validator is really checking)', async () => {
    const broken = { ...manifest, bots: [{ ...manifest.bots[0], scopes: ['everywhere'] }] };
    expect((await AppManifestUtils.validateAgainstSchema(broken as never)).length).toBeGreaterThan(0);
  });

  it('declares the bot in all scopes, commands, the message extension for Copilot, and a custom engine agent', () => {
    const bot = manifest.bots[0];
    expect(bot.scopes).toEqual(expect.arrayContaining(['personal', 'team', 'groupChat', 'copilot']));
    expect(bot.commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual([
      'help',
      'sources',
      'reset',
      'about',
    ]);
    const command = manifest.composeExtensions[0].commands[0];
    expect(command.id).toBe('searchGuidelines');
    expect(command.semanticDescription.length).toBeGreaterThan(50);
    expect(command.samplePrompts.length).toBeGreaterThanOrEqual(1);
    expect(command.parameters[0].semanticDescription.length).toBeGreaterThan(20);
    const agent = manifest.copilotAgents.customEngineAgents[0];
    expect(agent).toMatchObject({ type: 'bot', id: bot.botId });
    expect(agent.disclaimer.text).toMatch(/not a substitute/);
  });

  it('names every missing variable instead of writing a broken manifest', () => {
    expect(() => substitute(template, { ...vars, BOT_ID: '', TEAMS_APP_ID: '' })).toThrow(
      /BOT_ID.*TEAMS_APP_ID|TEAMS_APP_ID.*BOT_ID/,
    );
  });
});

describe('icons', () => {
  /** Width, height and colour type from a PNG's IHDR chunk (the signature, then IHDR first, as the format requires). */
  const pngHeader = (file: string) => {
    const png = fs.readFileSync(path.join(appDir, file));
    expect(
      png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      `${file} is a PNG`,
    ).toBe(true);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png[25] };
  };

  it('color.png is 192x192 and outline.png is 32x32 with an alpha channel, as Teams requires', () => {
    expect(pngHeader('color.png')).toMatchObject({ width: 192, height: 192 });
    // Colour type 6 = RGBA: the outline icon is white on transparent.
    expect(pngHeader('outline.png')).toEqual({ width: 32, height: 32, colourType: 6 });
  });
});

/** The zip's entries, each checked against its CRC by fflate. */
const readZip = (zip: Buffer) =>
  Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => ({ name, data: Buffer.from(data) }));

describe('npm run package', () => {
  it('writes appPackage/build/appPackage.<env>.zip with the substituted manifest and icons', async () => {
    const root = copyProject();
    const result = await buildAppPackage('playground', root, {});
    expect(result.zipPath).toBe(path.join(root, 'appPackage', 'build', 'appPackage.playground.zip'));
    const entries = readZip(fs.readFileSync(result.zipPath));
    expect(entries.map((e) => e.name).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const zipped = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString()) as Record<string, any>;
    expect(JSON.stringify(zipped)).not.toContain('${{');
    expect(zipped.bots[0].botId).toBe(
      parseEnvFile(fs.readFileSync(path.join(root, 'env', '.env.playground'), 'utf8')).BOT_ID,
    );
    expect(
      entries.find((e) => e.name === 'color.png')!.data.equals(fs.readFileSync(path.join(appDir, 'color.png'))),
    ).toBe(true);
  });

  it('builds the Copilot declarative agent package with the plugin and the OpenAPI file it references', async () => {
    const root = copyProject();
    const result = await buildAppPackage('playground', root, {}, 'copilot');
    expect(path.basename(result.zipPath)).toBe('copilotAgent.playground.zip');
    const entries = readZip(fs.readFileSync(result.zipPath));
    expect(entries.map((e) => e.name).sort()).toEqual([
      'apiPlugin.json',
      'color.png',
      'declarativeAgent.json',
      'manifest.json',
      'openapi.json',
      'outline.png',
    ]);
    for (const e of entries.filter((x) => x.name.endsWith('.json'))) expect(e.data.toString()).not.toContain('${{');
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString()) as Record<
      string,
      any
    >;
    expect(manifest.copilotAgents.declarativeAgents[0].file).toBe('declarativeAgent.json');
  });

  it('fails clearly for an environment that is not provisioned yet, and takes ids from the process environment', async () => {
    const root = copyProject();
    await expect(buildAppPackage('local', root, {})).rejects.toThrow(PackageError);
    const ids = {
      TEAMS_APP_ID: '11111111-2222-3333-4444-555555555555',
      BOT_ID: '66666666-7777-8888-9999-000000000000',
      BOT_DOMAIN: 'abc.devtunnels.ms',
    };
    const result = await buildAppPackage('local', root, ids);
    expect(result.manifest.id).toBe(ids.TEAMS_APP_ID);
  });

  it('runs as the npm script and the zip opens with a standard unzip', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/package-app.ts'), '--env', 'playground'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/appPackage\.playground\.zip: manifest\.json, color\.png, outline\.png \(manifest valid\)/);
    const unzip = ['/usr/bin/unzip', '/bin/unzip'].find((p) => fs.existsSync(p));
    if (unzip) {
      const listing = execFileSync(unzip, ['-t', path.join(appDir, 'build', 'appPackage.playground.zip')], {
        encoding: 'utf8',
      });
      expect(listing).toMatch(/No errors detected/);
    }
  });
});
