import fs from 'node:fs';
import path from 'node:path';
import { readPdf } from './src/knowledge/pdf.js';
import { extractGuidelineContent } from './src/knowledge/pdf-guideline.js';
const dir = '/work/shared/guidelines/va-dod';
for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.pdf'))) {
  const { pages } = await readPdf(new Uint8Array(fs.readFileSync(path.join(dir, f))));
  const restated = new Map<string, string>();
  for (const page of pages) page.lines.forEach((line, i) => {
    if (!/^\((Strong|Weak|Neither|N\/A|Not applicable)[^|]*\|/i.test(line.text)) return;
    for (let k = i - 1; k >= Math.max(0, i - 14); k--) { const m = /^(\d{1,3}[a-z]?)\.\s/.exec(page.lines[k].text); if (m) { if (!restated.has(m[1])) restated.set(m[1], page.lines.slice(k, i).map(l => l.text).join(' ').replace(/^\d+[a-z]?\.\s/, '')); break; } }
  });
  const c = extractGuidelineContent(pages);
  const words = (s: string) => new Set(s.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean));
  for (const r of c.recommendations) {
    const t = restated.get(r.number); if (!t) continue;
    const a = words(r.text), b = words(t);
    const inter = [...a].filter(w => b.has(w)).length;
    const j = inter / (a.size + b.size - inter);
    if (j < 0.85) console.log(`${f} #${r.number} j=${j.toFixed(2)}\n  TABLE: ${r.text}\n  TEXT:  ${t}`);
  }
}
