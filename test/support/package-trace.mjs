// `node --import ./test/support/package-trace.mjs ...`: appends the name of every npm package the process loads
// (one per line) to $CURBSIDE_PACKAGE_TRACE, so a test can assert what a command does NOT load at start-up.
import fs from 'node:fs';
import { register } from 'node:module';

if (process.env.CURBSIDE_PACKAGE_TRACE && !globalThis.curbsidePackageTrace) {
  globalThis.curbsidePackageTrace = true;
  register(import.meta.url, { data: { file: process.env.CURBSIDE_PACKAGE_TRACE } });
}

let traceFile = null;
const seen = new Set();

export function initialize(data) {
  traceFile = data?.file ?? null;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const name = traceFile && /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(result.url)?.[1];
  if (name && !seen.has(name)) {
    seen.add(name);
    fs.appendFileSync(traceFile, `${name}\n`);
  }
  return result;
}
