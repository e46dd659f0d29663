import fs from 'node:fs';
import path from 'node:path';
import { parseFile } from './src/knowledge/parse.js';
const dir = '/work/shared/guidelines/va-dod';
let n = 0, bad: Record<string, number> = {};
const lens: number[] = [];
for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.pdf'))) {
  const d = await parseFile(path.join(dir, f), '/work/shared/guidelines');
  for (const p of d.passages) {
    n++;
    if (p.kind === 'text') lens.push(p.text.length);
    if (/Page \d+ of \d+/.test(p.text)) bad.pageof = (bad.pageof ?? 0) + 1;
    if (/VA\/DoD Clinical Practice Guideline for the/.test(p.text) && p.text.length < 200) bad.header = (bad.header ?? 0) + 1;
    if (/\.{5,}/.test(p.text)) { bad.dots = (bad.dots ?? 0) + 1; if (process.env.SHOWDOTS) console.log(f, p.page, p.text.slice(0, 200)); }
    if (p.text.length < 60) bad.short = (bad.short ?? 0) + 1;
    if (!p.section) bad.nosection = (bad.nosection ?? 0) + 1;
  }
}
lens.sort((a, b) => a - b);
console.log(n, bad, 'p10', lens[Math.floor(lens.length * 0.1)], 'median', lens[Math.floor(lens.length / 2)], 'p90', lens[Math.floor(lens.length * 0.9)], 'max', lens.at(-1));
