// The serving process compiles regular expressions at once instead of interpreting them first (REGEXP_ENGINE_SETTINGS).
// The setting is applied from code at run time, so a Node version that stopped honouring run-time V8 flags would lose it
// silently: V8's own trace shows whether an expression was interpreted (bytecode) or compiled (native code).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/ops/regexp-engine.ts'),
).href;

function trace(apply: boolean): string {
  const script = [
    `import { applyRegExpEngineSettings } from ${JSON.stringify(MODULE)};`,
    apply ? 'applyRegExpEngineSettings();' : '',
    "console.log('--- ready');",
    "const re = new RegExp('\\\\b(?:crushing|squeezing)\\\\schest\\\\spain', 'i');",
    "for (let i = 0; i < 3; i++) re.test('crushing chest pain since noon');",
  ].join('\n');
  const out = execFileSync(
    process.execPath,
    ['--trace-regexp-tier-up', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: 30_000 },
  );
  // Only what the expression below the marker did (the loader runs expressions of its own before).
  return out.slice(out.indexOf('--- ready'));
}

describe('applyRegExpEngineSettings', () => {
  it('makes V8 compile an expression at once instead of interpreting it first', () => {
    expect(trace(false)).toMatch(/needs tier-up compilation/);
    const applied = trace(true);
    expect(applied).toMatch(/native code size/);
    expect(applied).not.toMatch(/needs tier-up compilation/);
  });
});
