// Picks what a command runs: the compiled JavaScript in dist/ (built by `npm ci` through the `prepare` script, or by
// `npm run build`), or, when dist/ is missing or older than src/, the TypeScript sources through tsx, so edited
// sources run without a build step (at the cost of a slower start: tsx compiles every module on load).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written by bin/build.js after a successful compile: its mtime is the build time. */
export const BUILD_STAMP = path.join(ROOT, 'dist', '.built');

/** The newest .ts file under dir (mtime ms), or 0. ~100 stat calls: about a millisecond. */
function newestSource(dir) {
  let newest = { mtime: 0, file: '' };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = newestSource(full);
      if (sub.mtime > newest.mtime) newest = sub;
    } else if (entry.name.endsWith('.ts')) {
      const mtime = fs.statSync(full).mtimeMs;
      if (mtime > newest.mtime) newest = { mtime, file: full };
    }
  }
  return newest;
}

/** Why dist/ cannot be used for `entry` (e.g. "cli/main"), or null when it is current. */
export function distProblem(entry) {
  const compiled = path.join(ROOT, 'dist', `${entry}.js`);
  if (!fs.existsSync(compiled) || !fs.existsSync(BUILD_STAMP)) return 'dist/ is not built';
  const built = fs.statSync(BUILD_STAMP).mtimeMs;
  const newest = newestSource(path.join(ROOT, 'src'));
  if (newest.mtime > built) return `dist/ is older than ${path.relative(ROOT, newest.file)}`;
  return null;
}

/**
 * Imports src/<entry> from dist/ when current, else through tsx with one line on stderr saying so.
 * CURBSIDE_LAUNCH=dist skips the freshness check (the start-up benchmark measures the build while sources change).
 */
export async function launch(entry, name) {
  const problem = process.env.CURBSIDE_LAUNCH === 'dist' ? null : distProblem(entry);
  if (!problem) return import(pathToFileURL(path.join(ROOT, 'dist', `${entry}.js`)).href);
  process.stderr.write(
    `${name}: ${problem}; running the TypeScript sources through tsx (slower start). \`npm run build\` refreshes dist/.\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(ROOT, 'src', `${entry}.ts`)).href);
}
