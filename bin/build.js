// `npm run build` (and `prepare`, which `npm ci` runs): compiles src/ into dist/ with tsconfig.build.json, from a
// clean dist/ so no module deleted from src/ lingers, then writes the stamp launch.js compares src/ against.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP } from './launch.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // A production install (--omit=dev) has no compiler: the commands still run, through tsx.
  process.stderr.write(
    'curbside build: typescript is not installed; skipped (commands will run the sources through tsx).\n',
  );
  process.exit(0);
}
const started = Date.now();
process.stderr.write('curbside build: compiling src/ into dist/ (tsc -p tsconfig.build.json, about 30 s)...\n');
fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (result.status !== 0) {
  process.stderr.write(
    `curbside build: tsc failed (exit ${result.status ?? result.signal}); dist/ is incomplete and commands will run the sources through tsx.\n`,
  );
  process.exit(result.status ?? 1);
}
fs.writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
process.stderr.write(`curbside build: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
