// `npm run package [-- --env <name>] [--copilot]`: builds appPackage/build/appPackage.<env>.zip (src/teams/package.ts).
import path from 'node:path';
import { REPO_ROOT } from '../src/config.js';
import { buildAppPackage } from '../src/teams/package.js';

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--env');
  const env = at >= 0 ? argv[at + 1] : (process.env.TEAMSFX_ENV ?? 'playground');
  if (!env) {
    process.stderr.write('Usage: npm run package -- [--env playground|local|dev] [--copilot]\n');
    return 2;
  }
  try {
    const result = await buildAppPackage(env, REPO_ROOT, process.env, argv.includes('--copilot') ? 'copilot' : 'teams');
    process.stdout.write(
      `${path.relative(process.cwd(), result.zipPath)}: ${result.files.join(', ')} (manifest valid)\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`package: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
