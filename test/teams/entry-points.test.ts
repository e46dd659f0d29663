// `npm start` and `npm run dev` as a user runs them: real processes, real ports, stopped with a signal; nothing left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { npmScriptNodeArgs } from '../support/npm-script.js';

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function run(entry: 'start' | 'dev'): {
  child: ChildProcess;
  output: () => string;
  waitFor: (re: RegExp) => Promise<RegExpExecArray>;
} {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-entry-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, npmScriptNodeArgs(entry), {
    cwd: REPO_ROOT, // as `npm start` / `npm run dev` run (the Playground's log goes to devTools/, gitignored)
    env: {
      ...process.env,
      CURBSIDE_INDEX: inject('guidelineIndex'),
      CURBSIDE_DATA_DIR: dataDir,
      PORT: '0',
      PLAYGROUND_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  const listeners: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    child,
    output: () => out,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m) resolve(m);
        };
        listeners.push(check);
        check();
        child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before printing ${re}:\n${out}`)));
      }),
  };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
const reachable = (url: string) =>
  fetch(url).then(
    (r) => r.status,
    () => 0,
  );

describe('entry points', () => {
  it('npm start serves the bot and stops cleanly on SIGTERM', async () => {
    const bot = run('start');
    const [, url] = await bot.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/messages/);
    expect(await reachable(`${url}/readyz`)).toBe(200);
    const done = exited(bot.child);
    bot.child.kill('SIGTERM');
    expect(await done).toBe(0);
    expect(await reachable(`${url}/healthz`)).toBe(0);
  });

  it('npm run dev starts the bot and the Agents Playground, prints where to open it, and stops both on SIGINT', async () => {
    const dev = run('dev');
    const [, botUrl] = await dev.waitFor(/Curbside bot:\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/messages/);
    const [, playgroundUrl] = await dev.waitFor(/Agents Playground:\s+(http:\/\/localhost:\d+)/);
    expect(await (await fetch(`${playgroundUrl}/_debug/ping`)).text()).toContain('pong');
    // The Playground shows the bot as Curbside (its built-in configuration says "Test Bot").
    const testConfig = (await (await fetch(`${playgroundUrl}/_internal/v1/testConfig`)).json()) as {
      config: { bot: { name: string } };
    };
    expect(testConfig.config.bot.name).toBe('Curbside');
    expect(await reachable(`${botUrl}/readyz`)).toBe(200);
    const done = exited(dev.child);
    dev.child.kill('SIGINT');
    expect(await done).toBe(0);
    expect(await reachable(`${playgroundUrl}/_debug/ping`)).toBe(0);
    expect(await reachable(`${botUrl}/healthz`)).toBe(0);
  });
});
