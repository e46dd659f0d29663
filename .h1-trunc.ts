import fs from 'node:fs';
import { parseFile } from './src/knowledge/parse.js';
const src = fs.readFileSync('/work/shared/guidelines/va-dod/VADoDHypertensionCPG508Corrected792020.pdf');
for (const frac of [0.001, 0.01, 0.1, 0.5, 0.9, 0.999]) {
  fs.writeFileSync('/tmp/h1/t/trunc.pdf', src.subarray(0, Math.floor(src.length * frac)));
  const t = Date.now();
  try { const d = await parseFile('/tmp/h1/t/trunc.pdf', '/tmp/h1/t'); console.log(frac, 'OK', d.passages.length, d.warnings, Date.now() - t); }
  catch (e) { console.log(frac, 'ERR', (e as Error).message, Date.now() - t); }
}
fs.writeFileSync('/tmp/h1/t/rand.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({length: 5000}, () => Math.floor(Math.random() * 256)))]));
try { await parseFile('/tmp/h1/t/rand.pdf', '/tmp/h1/t'); } catch (e) { console.log('rand', (e as Error).message); }
