import fs from 'node:fs';
import path from 'node:path';
import { parseFile } from './src/knowledge/parse.js';
const root = '/work/shared/guidelines';
const files: string[] = [];
for (const d of fs.readdirSync(root)) for (const f of fs.readdirSync(path.join(root, d))) if (/\.(pdf|md)$/.test(f)) files.push(path.join(root, d, f));
const sel = files.filter(f => f.includes(process.argv[2] ?? ''));
let total = 0, recs = 0, t0 = Date.now();
for (const f of sel) {
  const t = Date.now();
  const doc = await parseFile(f, root);
  const r = doc.passages.filter(p => p.kind === 'recommendation').length;
  total += doc.passages.length; recs += r;
  if (f.endsWith('.pdf') || process.env.V) console.log(`${path.basename(f)}\t${Date.now()-t}ms\tpassages=${doc.passages.length}\trecs=${r}\tyear=${doc.meta.year}\t${doc.warnings.join('; ')}`);
}
console.log(`files=${sel.length} passages=${total} recs=${recs} seconds=${(Date.now()-t0)/1000}`);
