// Microsoft 365 Agents Playground (devDependency): a local Teams-like client, used by `npm run dev` and the end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';

const PLAYGROUND_BIN = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

/** Starts the Playground and resolves with the port it listens on (it picks another one when the asked port is taken). */
export function startPlayground(botUrl: string, port: number, cwd = REPO_ROOT): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [PLAYGROUND_BIN, 'start', '--disable-telemetry', '-p', String(port), '-e', `${botUrl}/api/messages`, '-c', 'msteams'],
      { cwd, env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Listening on (\d+)/.exec(output);
      if (m) {
        child.stdout?.off('data', onData);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Agents Playground exited (code ${code}) before listening:\n${output.slice(-2000)}`)));
  });
}
