import fs from 'node:fs';
import path from 'node:path';
import { parseFile } from './src/knowledge/parse.js';
const dir = '/work/shared/guidelines/va-dod';
const counts = new Map<string, number>();
for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.pdf'))) {
  const d = await parseFile(path.join(dir, f), '/work/shared/guidelines');
  for (const p of d.passages) { const top = (p.section ?? '(none)').split(' > ')[0].replace(/^[IVX]+\.\s*|^Appendix [A-Z]:\s*/, ''); counts.set(top, (counts.get(top) ?? 0) + 1); }
}
console.log([...counts].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([k, v]) => `${v}\t${k}`).join('\n'));
