import { parseFile } from './src/knowledge/parse.js';
const doc = await parseFile(process.argv[2], '/work/shared/guidelines');
const pages = process.argv.slice(3).map(Number);
for (const p of doc.passages) if (pages.includes(p.page ?? -1)) console.log(`--- p${p.page} ${p.kind} {${p.section}}\n${p.text}`);
