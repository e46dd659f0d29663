import fs from 'node:fs';
import path from 'node:path';
import { parseFile } from './src/knowledge/parse.js';
const dir = '/work/shared/guidelines/va-dod';
const re = new RegExp(process.argv[2]);
for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.pdf'))) {
  const d = await parseFile(path.join(dir, f), '/work/shared/guidelines');
  for (const p of d.passages) if (re.test(p.text) || (process.argv[3] === 'short' && p.text.length < 60)) console.log(`${f} p${p.page} {${p.section}} :: ${p.text.slice(0, 300)}`);
}
