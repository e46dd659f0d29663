import fs from 'node:fs';
import { parseFile } from './src/knowledge/parse.js';
function buildPdf(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => { offsets.push(Buffer.byteLength(out, 'latin1')); out += `${i + 1} 0 obj\n${body}\nendobj\n`; });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` + offsets.map(o => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
const stream = (s: string) => `<< /Length ${Buffer.byteLength(s, 'latin1')} >>\nstream\n${s}\nendstream`;
fs.writeFileSync('/tmp/h1/t/blank.pdf', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>']));
const pageText = (n: number) => `BT /F1 10 Tf 72 750 Td (Synthetic Guideline for Testing) Tj ET BT /F1 16 Tf 72 700 Td (${n}. Heading number ${n}) Tj ET BT /F1 11 Tf 72 670 Td (Body text on page ${n} says something useful about care.) Tj ET BT /F1 10 Tf 72 30 Td (Page ${n} of 3) Tj ET`;
const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [4 0 R 6 0 R 8 0 R] /Count 3 >>', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
for (let n = 1; n <= 3; n++) { objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${objs.length + 2} 0 R >>`); objs.push(stream(pageText(n))); }
fs.writeFileSync('/tmp/h1/t/text.pdf', buildPdf(objs));
fs.writeFileSync('/tmp/h1/t/enc.pdf', buildPdf(objs.concat([`<< /Filter /Standard /V 1 /R 2 /O <${'11'.repeat(32)}> /U <${'22'.repeat(32)}> /P -4 >>`]), `/Encrypt ${objs.length + 1} 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] `));
for (const f of ['blank', 'text', 'enc']) {
  try { const d = await parseFile(`/tmp/h1/t/${f}.pdf`, '/tmp/h1/t'); console.log(f, JSON.stringify(d.meta), d.passages.map(p => `p${p.page} {${p.section}} ${p.text}`)); }
  catch (e) { console.log(f, 'ERR', (e as Error).message); }
}
