// Hand-written PDFs for parser tests: the smallest valid files that exercise one behaviour each.

/** Assembles a PDF from object bodies (object n is objects[n-1]), with a correct cross-reference table. */
export function buildPdf(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
}

/** One blank page: valid structure, no text objects at all (what a scanned image-only PDF looks like to a text parser). */
export function blankPdf(): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
  ]);
}

export interface SyntheticPage {
  heading: string;
  body: string[];
}

/**
 * A text PDF in Helvetica: each page has a running header, a 16 pt heading, 11 pt body lines and a "Page N of M" footer.
 * Body strings must not contain parentheses or backslashes (PDF string syntax).
 */
export function textPdf(pages: SyntheticPage[], runningHeader = 'Synthetic Guideline for Testing'): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const kids: string[] = [];
  pages.forEach((page, i) => {
    const n = i + 1;
    let content = `BT /F1 10 Tf 72 750 Td (${runningHeader}) Tj ET\n`;
    content += `BT /F1 16 Tf 72 680 Td (${page.heading}) Tj ET\n`;
    page.body.forEach((line, k) => {
      content += `BT /F1 11 Tf 72 ${650 - k * 14} Td (${line}) Tj ET\n`;
    });
    content += `BT /F1 10 Tf 72 30 Td (Page ${n} of ${pages.length}) Tj ET\n`;
    const pageObj = objects.length + 1;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageObj + 1} 0 R >>`,
    );
    objects.push(stream(content));
    kids.push(`${pageObj} 0 R`);
  });
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages.length} >>`;
  return buildPdf(objects);
}

/** A text PDF with a standard-security /Encrypt dictionary whose user password is not empty. */
export function encryptedPdf(): Buffer {
  const plain = textPdf([{ heading: 'Secret', body: ['Hidden text.'] }]).toString('latin1');
  const objects = [...plain.matchAll(/\d+ 0 obj\n([\s\S]*?)\nendobj\n/g)].map((m) => m[1]!);
  objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${'11'.repeat(32)}> /U <${'22'.repeat(32)}> /P -4 >>`);
  return buildPdf(objects, `/Encrypt ${objects.length} 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] `);
}

/** Pages from raw content streams, with Helvetica as /F1. */
export function contentPdf(pageContents: string[]): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const kids: string[] = [];
  for (const content of pageContents) {
    const pageObj = objects.length + 1;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageObj + 1} 0 R >>`,
    );
    objects.push(stream(content));
    kids.push(`${pageObj} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pageContents.length} >>`;
  return buildPdf(objects);
}

/** Places one run of 10 pt text. */
export function text(x: number, y: number, s: string, size = 10): string {
  return `BT /F1 ${size} Tf ${x} ${y} Td (${s}) Tj ET\n`;
}
