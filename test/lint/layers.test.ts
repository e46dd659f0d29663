// The layer rules in .dependency-cruiser.cjs (run by `npm run lint`, so by CI) fail on a violation: a small source tree
// that breaks each rule once is checked with the project's own configuration, and so is the same tree without them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-layers-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A tree with tsconfig and node_modules (so package imports resolve), and the given files under src/. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(temp, 'tree-'));
  fs.copyFileSync(path.join(REPO_ROOT, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, 'src', rel)), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', rel), text);
  }
  return root;
}

function cruise(root: string): { status: number | null; output: string } {
  const cli = path.join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [cli, 'src', '--config', path.join(REPO_ROOT, '.dependency-cruiser.cjs')], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

const allowed = {
  'cli/main.ts': "import { answer } from '../answer/pipeline.js';\nexport const main = answer;\n",
  'answer/pipeline.ts': "import { stem } from '../retrieval/stem.js';\nexport const answer = stem;\n",
  'retrieval/stem.ts': 'export const stem = (w: string) => w;\n',
  'teams/bot.ts': "import type { TurnContext } from 'botbuilder';\nexport type Turn = TurnContext;\n",
};

describe('layer rules', () => {
  it('pass a tree that keeps the layers', () => {
    const result = cruise(tree(allowed));
    expect(result.output).toMatch(/no dependency violations found/);
    expect(result.status).toBe(0);
  });

  it('fail on a door imported by the core or by ops/, a cycle, a Teams SDK type outside the Teams door, and the core upside down', () => {
    const result = cruise(
      tree({
        ...allowed,
        'retrieval/stem.ts':
          "import { main } from '../cli/main.js';\nexport const stem = (w: string) => w + String(main);\n",
        'ops/audit.ts': "import type { Turn } from '../teams/bot.js';\nexport type Audited = Turn;\n",
        'safety/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'safety/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
        'answer/render.ts': "import type { Activity } from 'botbuilder';\nexport type Rendered = Activity;\n",
        'knowledge/parse.ts': "import { answer } from '../answer/pipeline.js';\nexport const parse = answer;\n",
      }),
    );
    expect(result.status).not.toBe(0);
    const rules = [
      'core-imports-no-door',
      'azure-ops-import-no-door',
      'no-circular',
      'teams-sdk-stays-in-the-teams-door',
      'core-order-knowledge',
    ];
    for (const rule of rules) {
      expect(result.output, rule).toContain(rule);
    }
  });
});
