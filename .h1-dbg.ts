import fs from 'node:fs';
import { readPdf } from './src/knowledge/pdf.js';
const { pages } = await readPdf(new Uint8Array(fs.readFileSync(process.argv[2])));
for (const n of process.argv.slice(3).map(Number)) { const p = pages[n-1]; for (const l of p.lines) if (/^\d/.test(l.text) || /Strength/.test(l.text)) console.log(n, l.x.toFixed(1), l.y.toFixed(1), l.items[0].size.toFixed(1), JSON.stringify(l.items[0].text), l.text.slice(0,60)); }
