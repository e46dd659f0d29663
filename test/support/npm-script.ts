// The node arguments of an npm script ("node --max-old-space-size=256 ... bin/start.js" -> [flags..., script]), so
// tests start `npm start` / `npm run dev` exactly as package.json does (launcher, heap budget, warning flags) without
// npm in between. bin/start.js runs dist/ when it is current (CI after `npm ci`), else the sources through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/config.js';

export function npmScriptNodeArgs(script: 'start' | 'dev'): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts[script]!.trim().split(/\s+/);
  if (words[0] !== 'node')
    throw new Error(`package.json script "${script}" does not start with node: ${pkg.scripts[script]}`);
  return words.slice(1).map((w) => (w.startsWith('-') ? w : path.join(REPO_ROOT, w)));
}
