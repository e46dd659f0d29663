// VA/DoD recommendation extraction checked against the guidelines themselves, one row per PDF.
//   node --import tsx scripts/recommendation-report.ts [folder-or-pdf ...] [--json]
// Default folder: <guidelines>/va-dod.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { checkRecommendations, type RecommendationCheck } from '../src/knowledge/recommendation-report.js';

function pdfsUnder(target: string): string[] {
  const stat = fs.statSync(target);
  if (stat.isFile()) return [target];
  return fs
    .readdirSync(target)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort()
    .map((f) => path.join(target, f));
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const targets = argv.filter((a) => !a.startsWith('--'));
  const roots = targets.length
    ? targets
    : loadConfig()
        .guidelinesPaths.map((p) => path.join(p, 'va-dod'))
        .filter((p) => fs.existsSync(p));
  const checks: RecommendationCheck[] = [];
  for (const file of roots.flatMap(pdfsUnder)) checks.push(await checkRecommendations(file));
  if (json) {
    process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
    return;
  }
  const rows = checks.map((c) => [
    c.file,
    c.tablePages.length ? `${c.tablePages[0]}-${c.tablePages.at(-1)}` : '-',
    String(c.expected.length),
    String(c.restated.length),
    String(c.extracted.length),
    String(c.withStrength),
    c.strengthMismatches.join('; ') || '-',
    c.missing.join(',') || '-',
    c.extra.join(',') || '-',
    c.exact ? 'yes' : 'NO',
  ]);
  const header = [
    'guideline',
    'table pp.',
    'expected (table #)',
    'restated in text',
    'extracted',
    'with strength',
    'strength ≠ restatement',
    'missing',
    'extra',
    'exact',
  ];
  const out = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  const exact = checks.filter((c) => c.exact).length;
  const total = (k: 'expected' | 'extracted') => checks.reduce((n, c) => n + c[k].length, 0);
  out.push(
    '',
    `${exact}/${checks.length} guidelines exact; ${total('extracted')} recommendations extracted, ${total('expected')} expected.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
