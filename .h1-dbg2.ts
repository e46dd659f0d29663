import fs from 'node:fs';
import { readPdf } from './src/knowledge/pdf.js';
const { pages } = await readPdf(new Uint8Array(fs.readFileSync(process.argv[2])));
const p = pages[Number(process.argv[3]) - 1];
console.log(p.width, p.height);
for (const l of p.lines) if (/Page|June/.test(l.text)) console.log(l.x, l.y, l.text);
import { boilerplateDetector } from './src/knowledge/boilerplate.js';
const det = boilerplateDetector(pages);
for (const l of p.lines) if (/Page|June/.test(l.text)) console.log('bp?', det(l, p), JSON.stringify(l.text), l.items.map(i => i.text));
const keys = new Map<string, number>();
for (const pg of pages) for (const l of pg.lines) if (/Page \d/.test(l.text)) { const k = l.text.toLowerCase().replace(/\d+/g, '#'); keys.set(k, (keys.get(k) ?? 0) + 1); }
console.log(keys);
