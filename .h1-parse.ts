import { parseFile } from './src/knowledge/parse.js';
const t0 = Date.now();
const doc = await parseFile(process.argv[2], process.argv[3]);
const ms = Date.now() - t0;
const recs = doc.passages.filter(p => p.kind === 'recommendation');
const texts = doc.passages.filter(p => p.kind === 'text');
console.log(JSON.stringify(doc.meta), `ms=${ms} passages=${doc.passages.length} recs=${recs.length} text=${texts.length} avgLen=${Math.round(texts.reduce((a,p)=>a+p.text.length,0)/Math.max(1,texts.length))} warnings=${JSON.stringify(doc.warnings)}`);
if (process.env.SHOW) for (const p of doc.passages.slice(Number(process.env.FROM ?? 0), Number(process.env.TO ?? 30))) console.log(`--- ${p.id} ${p.kind} p${p.page} rec=${p.recommendation} [${p.strength}] {${p.section}}\n${p.text}`);
