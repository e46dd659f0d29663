// Turns the lines of a guideline PDF into structured content: headings (section path), paragraphs with their page,
// the recommendation table's rows, and the recommendations restated in the discussion ("Recommendation" / "N. text" /
// "(Strength | Category)" / "Discussion"). Boilerplate (running headers, footers, contents pages) is left out.
import { boilerplateDetector, isContentsLine } from './boilerplate.js';
import type { Block } from './chunk.js';
import type { PdfLine, PdfPage } from './pdf.js';
import { findTableRegions, renderTable } from './pdf-tables.js';
import { extractRecommendationTable, normaliseStrength, type RecommendationTable } from './recommendation-table.js';

export interface ExtractedRecommendation {
  number: string;
  text: string;
  strength: string | null;
  page: number;
  section: string | null;
  /** Where it was read: the summary table, or its restatement in the discussion when the table lacks it. */
  from: 'table' | 'discussion';
}

export interface GuidelineContent {
  blocks: Block[];
  recommendations: ExtractedRecommendation[];
  /** First large heading on the first pages, a fallback title. */
  titleGuess: string | null;
  /** Publisher named on the cover, when recognisable. */
  publisher: string | null;
  /** "Version 4.0 – 2020" style version line, when printed. */
  version: string | null;
  year: number | null;
  warnings: string[];
}

const BULLET = /^[•·▪♦○◦●■□✓➢►\-–]\s*/;
const LIST_START = /^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[ivx]{1,4}[.)])\s+\S/;
const DISCUSSION_MARKER = /^(Recommendations?|Discussion)$/;
const RESTATED = /^(\d{1,3}[a-z]?)\.\s+(\S.*)$/;
const STRENGTH_NOTE = /^\(\s*((?:Strong|Weak|Neither|N\/A|Not applicable)[^|)]*?)\s*(?:\|[^)]*)?\)$/i;
/**
 * Back matter that answers no clinical question and crowds search: reference lists, literature-search strings, member
 * lists, abbreviation lists, and the tables that reprint earlier editions' recommendations (citing those would quote
 * superseded wording).
 */
const BACK_MATTER =
  /^(?:(?:appendix\s+[a-z0-9]+|[ivxlc]+)[.:]\s*)?(?:references|bibliography|literature\s+(?:review\s+)?search\s+(?:terms|strategy|strategies)(?:\s+and\s+strategy)?|search\s+strateg(?:y|ies)|participant\s+list|guideline\s+(?:work\s+group|development\s+team|panel)|(?:\d{4}\s+)?recommendation\s+categorization\s+table|evidence\s+tables?|abbreviations?(?:\s+list)?|acronyms)$/i;
const VERSION_LINE = /Version\s+(\d+(?:\.\d+)?)\s*[–—-]\s*((?:[A-Z][a-z]+\s+)?(\d{4}))/;

function roundSize(size: number): number {
  return Math.round(size * 2) / 2;
}

/** The font size carrying the most characters: the body text. */
function bodySize(pages: PdfPage[]): number {
  const chars = new Map<number, number>();
  for (const page of pages)
    for (const line of page.lines)
      chars.set(roundSize(line.size), (chars.get(roundSize(line.size)) ?? 0) + line.text.length);
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 11;
}

interface Paragraph {
  text: string;
  page: number;
  lastLine: PdfLine;
  listItem: boolean;
}

function joinLine(text: string, next: string): string {
  if (!text) return next;
  // Word-processor PDFs rarely hyphenate automatically: a line-end hyphen is a real compound hyphen ("non-" "invasive").
  if (/[A-Za-z]-$/.test(text) && /^[a-z]/.test(next)) return text + next;
  return `${text} ${next}`;
}

export function extractGuidelineContent(pages: PdfPage[]): GuidelineContent {
  const warnings: string[] = [];
  const isBoilerplate = boilerplateDetector(pages);
  const table: RecommendationTable | null = extractRecommendationTable(pages, isBoilerplate);
  const tablePages = new Set(table?.pages ?? []);
  const body = bodySize(pages);

  // Heading sizes: larger than body text and used on at least two pages (a size used once is the cover title).
  const sizePages = new Map<number, Set<number>>();
  // The cover page's large print is a title, not a heading level; very short documents have no cover.
  for (const page of pages.length > 2 ? pages.slice(1) : pages) {
    for (const line of page.lines) {
      const size = roundSize(line.size);
      if (size < body + 1 || line.text.length > 160 || isContentsLine(line.text)) continue;
      if (!sizePages.has(size)) sizePages.set(size, new Set());
      sizePages.get(size)!.add(page.page);
    }
  }
  const minHeadingPages = pages.length > 20 ? 3 : pages.length > 2 ? 2 : 1;
  // A size carrying a large share of the text is body text of another kind, not a heading level.
  const charsBySize = new Map<number, number>();
  for (const page of pages)
    for (const line of page.lines)
      charsBySize.set(roundSize(line.size), (charsBySize.get(roundSize(line.size)) ?? 0) + line.text.length);
  const totalChars = [...charsBySize.values()].reduce((a, b) => a + b, 0);
  const headingSizes = [...sizePages]
    .filter(([size, set]) => set.size >= minHeadingPages && (charsBySize.get(size) ?? 0) <= totalChars * 0.15)
    .map(([size]) => size)
    .sort((a, b) => b - a)
    .slice(0, 3);
  const levelOf = (line: PdfLine): number => {
    const size = roundSize(line.size);
    const level = headingSizes.indexOf(size);
    if (level < 0 || line.text.length > 160 || !/[A-Za-z]{2}/.test(line.text) || isContentsLine(line.text)) return -1;
    // A full sentence is prose in larger print, not a heading.
    if (line.text.length > 40 && /[a-z]{2}\.$/.test(line.text)) return -1;
    return level;
  };

  let titleGuess: string | null = null;
  let version: string | null = null;
  let year: number | null = null;
  for (const page of pages.slice(0, 3)) {
    for (const line of page.lines) {
      const v = VERSION_LINE.exec(line.text);
      if (v && !version) {
        version = `Version ${v[1]} – ${v[2]}`;
        year = Number(v[3]);
      }
    }
  }
  const first = pages[0];
  const cover = (first?.lines ?? []).map((l) => l.text).join(' ');
  const publisher =
    /Department of Veterans Affairs/i.test(cover) && /Department of Defense/i.test(cover)
      ? 'U.S. Department of Veterans Affairs / Department of Defense'
      : null;
  if (first?.lines.length) {
    const largest = Math.max(...first.lines.map((l) => l.size));
    const titleLines = first.lines.filter((l) => l.size >= largest - 0.5);
    const candidate = titleLines
      .map((l) => l.text)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (candidate.length >= 8 && candidate.length <= 300) titleGuess = candidate;
  }

  const blocks: Block[] = [];
  const stack: string[] = [];
  const restated: ExtractedRecommendation[] = [];
  let tableSection: string | null = null;
  let recLabel: string | null = null; // "Recommendation 4": the discussion below belongs to it
  let collecting = false; // between a "Recommendation" marker and its "Discussion" marker
  let collected: Paragraph[] = [];
  let boundaryNext = false;
  let paragraph: Paragraph | null = null;

  const section = () => {
    const path = recLabel ? [...stack.filter(Boolean), recLabel] : stack.filter(Boolean);
    return path.length ? path.join(' > ') : null;
  };
  const emit = (p: Paragraph) => {
    // A lone symbol ("&" on a cover page) carries nothing to search or cite.
    if ((p.text.match(/[A-Za-z0-9]/g) ?? []).length < 2) return;
    if (stack.some((h) => h && BACK_MATTER.test(h))) return;
    if (collecting) {
      collected.push(p);
      return;
    }
    blocks.push({ text: p.text, page: p.page, section: section(), boundary: boundaryNext });
    boundaryNext = false;
  };
  const flushParagraph = () => {
    if (paragraph) emit(paragraph);
    paragraph = null;
  };
  /** Reads the collected restatement: "N. text" paragraphs, each followed by "(Strength | Category)". */
  const closeRestatement = () => {
    if (!collecting) return;
    collecting = false;
    const numbers: string[] = [];
    let current: ExtractedRecommendation | null = null;
    const leftovers: Paragraph[] = [];
    for (const p of collected) {
      const m = RESTATED.exec(p.text);
      const note = STRENGTH_NOTE.exec(p.text);
      if (m) {
        current = { number: m[1]!, text: m[2]!, strength: null, page: p.page, section: section(), from: 'discussion' };
        restated.push(current);
        numbers.push(m[1]!);
      } else if (note && current) {
        current.strength = normaliseStrength(note[1]!);
        current = null;
      } else if (current && !note) {
        current.text = `${current.text} ${p.text}`;
      } else leftovers.push(p);
    }
    collected = [];
    if (numbers.length)
      recLabel = numbers.length === 1 ? `Recommendation ${numbers[0]}` : `Recommendations ${numbers.join(', ')}`;
    for (const p of leftovers) emit(p);
    boundaryNext = true;
  };

  for (const page of pages) {
    const region = table?.regions.get(page.page);
    const contentsPage =
      page.lines.filter((l) => isContentsLine(l.text)).length >= Math.max(3, page.lines.length * 0.3);
    if (contentsPage) continue;
    let previousOnPage: PdfLine | null = null;
    let headingRun: { line: PdfLine; level: number } | null = null;
    const content = page.lines.filter(
      (line) =>
        !isBoilerplate(line, page) &&
        !isContentsLine(line.text) &&
        !(region && line.y <= region.top && line.y >= region.bottom),
    );
    const tables = findTableRegions(content);
    const tableOf = new Map(tables.flatMap((t) => t.lines.map((l) => [l, t] as const)));
    for (const line of content) {
      const inTable = tableOf.get(line);
      if (inTable) {
        if (inTable.lines[0] === line) {
          flushParagraph();
          // Each row is its own block; rows pack into chunks like paragraphs do.
          for (const row of renderTable(inTable)) emit({ text: row, page: page.page, lastLine: line, listItem: false });
        }
        headingRun = null;
        previousOnPage = line;
        continue;
      }
      const text = line.text;

      if (DISCUSSION_MARKER.test(text) && roundSize(line.size) <= body + 1.5) {
        flushParagraph();
        if (text === 'Discussion') closeRestatement();
        else {
          closeRestatement();
          collecting = true;
          recLabel = null;
        }
        headingRun = null;
        previousOnPage = line;
        continue;
      }

      const level = levelOf(line);
      if (level >= 0) {
        flushParagraph();
        const text = line.text.replace(/\s*[*†‡]+$/, ''); // footnote marks on headings
        // A heading wrapped over two lines continues the heading above it.
        if (headingRun && headingRun.level === level && headingRun.line.y - line.y <= line.size * 2) {
          stack[level] = `${stack[level]} ${text}`;
        } else {
          closeRestatement();
          stack.length = level;
          stack[level] = text;
          recLabel = null;
          boundaryNext = true;
        }
        headingRun = { line, level };
        previousOnPage = line;
        continue;
      }
      headingRun = null;

      const startsItem = BULLET.test(text) || LIST_START.test(text) || STRENGTH_NOTE.test(text);
      const p = paragraph as Paragraph | null;
      let continues = false;
      if (p && !startsItem) {
        if (p.page === page.page && previousOnPage) {
          const gap = previousOnPage.y - line.y;
          continues =
            gap > 0 &&
            gap <= Math.max(line.size, p.lastLine.size) * 1.75 &&
            Math.abs(line.size - p.lastLine.size) < 1.5;
        } else if (p.page !== page.page && previousOnPage === null) {
          // First line of a page continues an unfinished sentence from the previous page.
          continues = !/[.:;!?)]$/.test(p.text) && Math.abs(line.size - p.lastLine.size) < 1.5;
        }
      }
      if (continues && p) {
        p.text = joinLine(p.text, text);
        p.lastLine = line;
      } else {
        flushParagraph();
        paragraph = { text, page: page.page, lastLine: line, listItem: startsItem };
      }
      previousOnPage = line;
    }
    if (tablePages.has(page.page) && tableSection === null) tableSection = section();
  }
  flushParagraph();
  closeRestatement();

  // The table is the primary source; a restated recommendation it lacks is kept from the discussion.
  const recommendations: ExtractedRecommendation[] = [];
  const inTable = new Set<string>();
  const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const restatedText = new Map(restated.map((r) => [r.number, r.text]));
  for (const r of table?.recommendations ?? []) {
    inTable.add(r.number);
    const path = [tableSection, r.topic, r.subtopic].filter((s): s is string => Boolean(s));
    // Some PDFs draw table text without space characters ("patientswith"); when the discussion restates the same
    // letters, its spacing is the better copy of the very same text.
    const discussion = restatedText.get(r.number);
    const text = discussion && squash(discussion) === squash(r.text) ? discussion : r.text;
    recommendations.push({
      number: r.number,
      text,
      strength: r.strength,
      page: r.page,
      section: path.join(' > ') || null,
      from: 'table',
    });
    if (!r.strength) warnings.push(`recommendation ${r.number}: unrecognised strength "${r.strengthAsPrinted ?? ''}"`);
  }
  const seen = new Set<string>();
  for (const r of restated) {
    if (inTable.has(r.number) || seen.has(r.number)) continue;
    seen.add(r.number);
    recommendations.push(r);
  }
  if (!table && restated.length === 0 && pages.length > 20) warnings.push('no recommendation table found');

  return { blocks, recommendations, titleGuess, publisher, version, year, warnings };
}
