// Running headers/footers, page numbers and contents-page dot leaders: text that repeats on every page or only points
// elsewhere. Kept out of passages so it does not pollute search.
import type { PdfLine, PdfPage } from './pdf.js';

/** Share of the page height at the top and bottom where running headers and footers live. */
const MARGIN_SHARE = 0.09;

const PAGE_NUMBER = /^(?:page\s+)?[ivxlc\d]{1,5}(?:\s*(?:of|\/)\s*\d{1,5})?$/i;
/** "June 2020 Page 116 of 150": a footer even when its date differs from the other pages'. */
const PAGE_OF = /\bpage\s+\d{1,5}\s+of\s+\d{1,5}\b/i;
/** A contents entry: title, a run of dots (or dotted spacing), then a page number. */
export const DOT_LEADER = /(?:\.\s?){5,}\s*\d{1,4}\s*$/;

function repeatKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

function inMargin(line: PdfLine, page: PdfPage): boolean {
  return line.y > page.height * (1 - MARGIN_SHARE) || line.y < page.height * MARGIN_SHARE;
}

/** Returns a predicate telling running headers/footers and bare page numbers apart from content. */
export function boilerplateDetector(pages: PdfPage[]): (line: PdfLine, page: PdfPage) => boolean {
  const pagesByKey = new Map<string, Set<number>>();
  for (const page of pages) {
    for (const line of page.lines) {
      if (!inMargin(line, page)) continue;
      const key = repeatKey(line.text);
      let set = pagesByKey.get(key);
      if (!set) pagesByKey.set(key, (set = new Set()));
      set.add(page.page);
    }
  }
  const minPages = Math.max(3, Math.ceil(pages.length * 0.2));
  const repeated = new Set([...pagesByKey].filter(([, set]) => set.size >= minPages).map(([key]) => key));
  return (line, page) =>
    inMargin(line, page) &&
    (repeated.has(repeatKey(line.text)) || PAGE_NUMBER.test(line.text.trim()) || PAGE_OF.test(line.text));
}

export function isContentsLine(text: string): boolean {
  return DOT_LEADER.test(text);
}
