// PDF text extraction with pdfjs-dist. Rebuilds lines from positioned text items and keeps every item's position so
// table parsers (recommendation tables) can work by column, and every line keeps its page.
// pdf.js is loaded on first use: it costs ~170 MB of memory, which a server answering questions should not carry.
// Ingest runs it on parser threads (parse-pool.ts), where containPdfJsLeaks() is installed.

/** One run of text as placed on the page (PDF user space: y grows upwards). */
export interface PdfItem {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Glyph size in points. */
  size: number;
  /** Document-local font id (e.g. "g_d0_f3"): equal ids mean equal fonts within one document. */
  font: string;
  /** Position in the page's content stream. Tagged (accessible) PDFs draw table cells one after another, so
   * consecutive items of one column belong to one cell. */
  order: number;
}

/** Text rotated by 90° (vertical table labels); `y` is where the run starts, it extends upwards by `width`. */
export interface PdfRotatedItem extends PdfItem {
  /** +1: reads bottom to top; -1: reads top to bottom. */
  direction: 1 | -1;
}

export interface PdfLine {
  text: string;
  /** Left edge of the first item. */
  x: number;
  /** Baseline. */
  y: number;
  /** Largest glyph size on the line. */
  size: number;
  /** Font of the longest item on the line. */
  font: string;
  items: PdfItem[];
}

export interface PdfPage {
  /** 1-based page index: the page a reader lands on. */
  page: number;
  width: number;
  height: number;
  lines: PdfLine[];
  rotated: PdfRotatedItem[];
}

export type PdfFailure = 'encrypted' | 'corrupt';

export class PdfReadError extends Error {
  constructor(
    readonly failure: PdfFailure,
    message: string,
  ) {
    super(message);
  }
}

interface RawTextItem {
  str: string;
  transform: number[];
  width: number;
  fontName: string;
  hasEOL?: boolean;
}

/** Groups horizontal items into lines: same baseline (within a fraction of the glyph size), then left to right.
 * Raised small print (superscripts) joins its line: digits stay attached ("m2"), lone footnote marks are dropped. */
export function buildLines(items: PdfItem[]): PdfLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const item of sorted) {
    const current = groups.at(-1);
    const anchor = current?.[0];
    const tolerance = anchor ? Math.max(1.5, Math.max(anchor.size, item.size) * 0.4) : 0;
    if (current && anchor && Math.abs(anchor.y - item.y) <= tolerance) current.push(item);
    else groups.push([item]);
  }
  const lines: PdfLine[] = [];
  for (const group of groups) {
    group.sort((a, b) => a.x - b.x);
    const main = group.reduce((a, b) => (b.text.trim().length > a.text.trim().length ? b : a));
    let text = '';
    let prevEnd = Number.NEGATIVE_INFINITY;
    let afterSuperscript = false;
    for (const item of group) {
      const superscript = item.size < main.size * 0.8 && item.y > main.y + 0.5;
      if (superscript && /^\s*[a-z*†‡§]\s*$/i.test(item.text)) continue;
      // A visible gap between runs is a word break even when the PDF has no space character there; so is a word
      // right after an exponent ("m2 for").
      const gap = item.x - prevEnd;
      const wordAfterExponent = afterSuperscript && /^[A-Za-z]/.test(item.text);
      if (
        text &&
        !superscript &&
        !/\s$/.test(text) &&
        !/^\s/.test(item.text) &&
        (gap > item.size * 0.15 || wordAfterExponent)
      )
        text += ' ';
      text += superscript ? item.text.trim() : item.text;
      prevEnd = Math.max(prevEnd, item.x + item.width);
      afterSuperscript = superscript;
    }
    text = text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    lines.push({
      text,
      x: group[0]!.x,
      y: main.y,
      size: Math.max(...group.filter((i) => i.text.trim()).map((i) => i.size), 0) || main.size,
      font: main.font,
      items: group,
    });
  }
  return lines;
}

export interface PdfDocument {
  pages: PdfPage[];
  /** The document-information title, when the producer set a meaningful one. */
  title: string | null;
}

/** Reads every page of a PDF. Throws PdfReadError for encrypted or corrupt files. */
export async function readPdf(data: Uint8Array): Promise<PdfDocument> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    data,
    // No fonts, no eval, no network: we only need the text layer.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    // pdfjs does not export PasswordException; its errors are told apart by name.
    const name = (err as Error)?.name;
    const detail = (err as Error)?.message ?? String(err);
    if (name === 'PasswordException') throw new PdfReadError('encrypted', 'the PDF is password-protected (encrypted)');
    if (name === 'InvalidPDFException')
      throw new PdfReadError('corrupt', `the PDF is corrupt or truncated (${detail})`);
    throw new PdfReadError('corrupt', `the PDF could not be opened (${detail})`);
  }
  try {
    const info = (await doc.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    const rawTitle = typeof info?.Title === 'string' ? info.Title.replace(/[\s_]+/g, ' ').trim() : '';
    // Producers often leave a file name or "Microsoft Word - x.docx" as the title: that is no title.
    const title = rawTitle.length >= 8 && !/\.(docx?|pdf|indd)$|^microsoft word/i.test(rawTitle) ? rawTitle : null;
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [, , width, height] = page.view as [number, number, number, number]; // the page box: x0 y0 x1 y1
      const content = await page.getTextContent();
      const horizontal: PdfItem[] = [];
      const rotated: PdfRotatedItem[] = [];
      (content.items as RawTextItem[]).forEach((raw, order) => {
        if (typeof raw.str !== 'string' || raw.str === '') return;
        const [a, b, c, d, x, y] = raw.transform as [number, number, number, number, number, number]; // a PDF text matrix
        // Symbol-font bullets (Wingdings, Symbol) arrive as private-use code points: show them as bullets.
        const text = raw.str.replace(/[\uE000-\uF8FF]/g, '•');
        const item = {
          text,
          x,
          y,
          width: raw.width,
          size: Math.hypot(a, b) || Math.hypot(c, d),
          font: raw.fontName,
          order,
        };
        if (Math.abs(b) < 1e-3 && Math.abs(c) < 1e-3 && a > 0) horizontal.push(item);
        else if (Math.abs(a) < 1e-3 && Math.abs(d) < 1e-3) rotated.push({ ...item, direction: b > 0 ? 1 : -1 });
        // Other angles (diagonal watermarks) carry no guideline text.
      });
      pages.push({ page: n, width, height, lines: buildLines(horizontal), rotated });
      page.cleanup();
    }
    return { pages, title };
  } catch (err) {
    // A file that opens but breaks inside a page (damaged content stream, unbalanced arrays) is corrupt, not a crash.
    if (err instanceof PdfReadError) throw err;
    throw new PdfReadError('corrupt', `the PDF is damaged (${(err as Error)?.message ?? String(err)})`);
  } finally {
    await doc.destroy();
  }
}

/**
 * pdf.js 5.x prefetches page dictionaries into a cache and, when the file is damaged, lets those prefetches reject
 * with nobody listening (Catalog.getPageDict). The failure that matters still reaches readPdf through the promise it
 * awaits; the stray copy would be reported as an unhandled rejection and crash the thread. Install on a parser thread
 * (where only parsing runs): pdf.js's stray rejections are dropped, anything else still crashes the thread as usual.
 */
export function containPdfJsLeaks(): void {
  process.on('unhandledRejection', (reason) => {
    if (/[\\/]pdfjs-dist[\\/]/.test((reason as Error)?.stack ?? '')) return;
    throw reason;
  });
}
