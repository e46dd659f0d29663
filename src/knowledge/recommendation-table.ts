// VA/DoD guidelines print every recommendation once in a summary table (columns: Topic / Sub-topic, #, Recommendation,
// Strength, Category) in the "Recommendations" chapter. This reads that table by column position, so each numbered
// recommendation becomes one citable unit with its number, strength, topic and the page it is printed on.
import type { PdfItem, PdfLine, PdfPage, PdfRotatedItem } from './pdf.js';

export interface TableRecommendation {
  /** As printed, without the trailing dot: "12". */
  number: string;
  text: string;
  /** Normalised: "Strong for", "Weak for", "Weak against", "Strong against", "Neither for nor against". */
  strength: string | null;
  /** The strength cell as printed (e.g. "N/A", "Not applicable"). */
  strengthAsPrinted: string | null;
  /** e.g. "Reviewed, New-added". */
  category: string | null;
  topic: string | null;
  subtopic: string | null;
  /** 1-based PDF page where the recommendation's row starts. */
  page: number;
}

export interface RecommendationTable {
  recommendations: TableRecommendation[];
  /** Pages the summary table occupies. */
  pages: number[];
  /** Per table page, the y below which lines belong to the table (the header's lowest baseline). */
  regions: Map<number, { top: number; bottom: number }>;
}

// Matched against the label with all spaces removed: some PDFs letter-space their cells ("W eak for").
const STRENGTHS: [RegExp, string][] = [
  [/^strongfor/, 'Strong for'],
  [/^weakfor/, 'Weak for'],
  [/^weakagainst/, 'Weak against'],
  [/^strongagainst/, 'Strong against'],
  [/^neitherfornoragainst/, 'Neither for nor against'],
  // Older guidelines print "N/A" / "Not applicable" for insufficient-evidence statements, which newer ones call
  // "Neither for nor against": the same grade under another label.
  [/^(n\/a|notapplicable)$/, 'Neither for nor against'],
];

/** Maps a printed VA/DoD strength label to its canonical form, or null when it is not one. */
export function normaliseStrength(printed: string): string | null {
  const squashed = printed.toLowerCase().replace(/[*†‡]/g, '').replace(/\s+/g, '');
  for (const [pattern, value] of STRENGTHS) if (pattern.test(squashed)) return value;
  return null;
}

// Some guidelines split a recommendation into lettered parts ("28a", "28b").
const NUMBER_ONLY = /^(\d{1,3}[a-z]?)\.?$/;
const NUMBER_AND_TEXT = /^(\d{1,3}[a-z]?)\.?\s+(\S.*)$/;
const LETTERED_TOPIC = /^([A-Z])\.\s+\S/;
const LETTERED_SUBTOPIC = /^([a-z])\.\s+\S/;

/** Words of a recommendation table's header row (with footnote marks). */
const HEADER_WORD = /^(#|Recommendations?|Strength\S*|Category\S*|Topic|Sub-?|Sub-?topic|topic)$/i;

interface Header {
  /** Lowest baseline of the header row. */
  bottom: number;
  top: number;
  strengthX: number;
  /** Boundary (by item centre) between the Strength and Category columns; Infinity when there is no Category column. */
  categoryBoundary: number;
  hasSubtopicColumn: boolean;
}

const trimmed = (item: PdfItem) => item.text.trim();

function findHeader(page: PdfPage): Header | null {
  const items = page.lines.flatMap((l) => l.items);
  for (const strength of items) {
    if (!/^Strength\b/.test(trimmed(strength))) continue;
    const near = items.filter((i) => Math.abs(i.y - strength.y) <= 16);
    const rec = near.find((i) => /^Recommendations?\b/.test(trimmed(i)) && i.x < strength.x);
    if (!rec) continue;
    // A contents line ("Recommendation Strength .......... 12") is not a table header.
    const line = page.lines.find((l) => l.items.includes(strength));
    if (!line || /\.{5,}/.test(line.text)) continue;
    if (line.text.length > 80) continue;
    const category = near.find((i) => /^Category\b/.test(trimmed(i)) && i.x > strength.x);
    const headerItems = [strength, rec, ...near.filter((i) => HEADER_WORD.test(trimmed(i)))];
    const strengthCentre = strength.x + strength.width / 2;
    return {
      bottom: Math.min(...headerItems.map((i) => i.y)),
      top: Math.max(...headerItems.map((i) => i.y)),
      strengthX: strength.x,
      categoryBoundary: category ? (strengthCentre + category.x + category.width / 2) / 2 : Number.POSITIVE_INFINITY,
      hasSubtopicColumn: near.some((i) => /^Sub-?(topic)?$/i.test(trimmed(i))),
    };
  }
  return null;
}

interface Row {
  number: string;
  text: PdfItem[];
  strength: PdfItem[];
  category: PdfItem[];
  topic: string | null;
  subtopic: string | null;
  page: number;
}

interface Label {
  text: string;
  x: number;
  from: number;
  to: number;
}

/** Joins items in drawing order: same baseline and touching means one word; otherwise a space. */
export function joinItems(items: PdfItem[]): string {
  let text = '';
  let prev: PdfItem | null = null;
  for (const item of items) {
    const part = item.text.replace(/\s+/g, ' ');
    if (!part.trim()) {
      if (text && !text.endsWith(' ')) text += ' ';
      prev = item;
      continue;
    }
    // Raised small print: a footnote mark is dropped, a digit superscript stays attached ("kg/m2").
    const raised = prev !== null && item.size < prev.size * 0.8 && item.y > prev.y + 0.5;
    if (raised && /^\s*[a-z*†‡§]\s*$/i.test(part)) continue;
    if (raised) {
      text += part.trim();
      continue;
    }
    if (!text) text = part.trimStart();
    else if (text.endsWith(' ') || part.startsWith(' ')) text += part;
    else if (prev && Math.abs(prev.y - item.y) < 1 && item.x - (prev.x + prev.width) < item.size * 0.15) text += part;
    // A word broken at a hyphen at the end of a cell line keeps its hyphen ("trauma-" + "focused").
    else if (text.endsWith('-') && /^[a-z]/.test(part)) text += part;
    else text += ` ${part}`;
    prev = item;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Joins rotated runs (vertical table labels), given in drawing order, into labels: a run continues the label when it
 * sits on the same rotated line or on the adjacent one; a jump across the column starts a new label.
 */
function rotatedLabels(items: PdfRotatedItem[]): Label[] {
  const labels: (Label & { lastX: number; lastEnd: number; lastItem: PdfRotatedItem })[] = [];
  for (const item of items) {
    const from = item.direction === 1 ? item.y : item.y - item.width;
    const to = item.direction === 1 ? item.y + item.width : item.y;
    const label = labels.at(-1);
    const text = item.text.replace(/\s+/g, ' ');
    if (label) {
      const dx = Math.abs(item.x - label.lastX);
      const start = item.direction === 1 ? from : to;
      const sameLine = dx <= 0.5;
      const touching = sameLine && Math.abs(start - label.lastEnd) < item.size * 0.15;
      const overlaps = from <= label.to + item.size && to >= label.from - item.size;
      if (sameLine || (dx <= item.size * 1.8 && overlaps)) {
        const hyphenated = label.text.endsWith('-') && /^[a-z]/.test(text);
        const glue = touching || hyphenated || label.text.endsWith(' ') || text.startsWith(' ') ? '' : ' ';
        label.text = `${label.text}${glue}${text}`;
        label.from = Math.min(label.from, from);
        label.to = Math.max(label.to, to);
        label.lastX = item.x;
        label.lastEnd = item.direction === 1 ? to : from;
        continue;
      }
    }
    labels.push({
      text,
      x: item.x,
      from,
      to,
      lastX: item.x,
      lastEnd: item.direction === 1 ? to : from,
      lastItem: item,
    });
  }
  return labels.map(({ text, x, from, to }) => ({ text: cleanLabel(text), x, from, to })).filter((l) => l.text);
}

function cleanLabel(text: string): string {
  return stripContinued(
    text
      .replace(/\s+/g, ' ')
      .replace(/^[\s\-–—•]+/, '')
      .trim(),
  );
}

function stripContinued(text: string): string {
  return text.replace(/\s*\((?:cont\.?|continued)\)\s*$/i, '').trim();
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function mode(values: number[]): number | null {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [v, c] of counts)
    if (c > bestCount || (c === bestCount && best !== null && v < best)) [best, bestCount] = [v, c];
  return best;
}

function parseTablePages(
  tablePages: { page: PdfPage; header: Header }[],
  isBoilerplate: (line: PdfLine, page: PdfPage) => boolean,
): { rows: Row[]; regions: Map<number, { top: number; bottom: number }> } {
  const rows: Row[] = [];
  const regions = new Map<number, { top: number; bottom: number }>();
  let topic: string | null = null;
  let subtopic: string | null = null;

  for (const { page, header } of tablePages) {
    const lines = page.lines.filter((l) => l.y < header.bottom - 1 && !isBoilerplate(l, page));
    const leftItemsOf = (line: PdfLine) => line.items.filter((i) => i.text.trim() && i.x < header.strengthX - 10);
    const leftLines = lines.map((line) => ({ line, items: leftItemsOf(line) })).filter((l) => l.items.length);
    if (!leftLines.length) continue;
    const isNumber = (t: string) => NUMBER_ONLY.test(t) || NUMBER_AND_TEXT.test(t);
    const numberX = mode(leftLines.filter((l) => isNumber(trimmed(l.items[0]!))).map((l) => l.items[0]!.x));
    if (numberX === null) continue;
    const textX = mode(leftLines.filter((l) => l.items[0]!.x > numberX + 5).map((l) => l.items[0]!.x)) ?? numberX + 20;

    // The table ends at print of another size (footnotes below it, body text after it).
    const numberLines = leftLines.filter((l) => isNumber(trimmed(l.items[0]!)));
    const rowSize = median(numberLines.map((l) => l.items[0]!.size));
    const gaps = leftLines
      .slice(1)
      .map((l, i) => leftLines[i]!.line.y - l.line.y)
      .filter((g) => g > 0);
    const spacing = median(gaps) || rowSize * 1.2;
    const textSize =
      median(leftLines.filter((l) => Math.abs(l.items[0]!.x - textX) <= 2).map((l) => l.line.size)) || rowSize;
    const [smallest, largest] = [Math.min(rowSize, textSize), Math.max(rowSize, textSize)];
    let bottom = header.bottom;
    for (const l of leftLines) {
      const size = l.line.size;
      const firstItem = l.items[0]!;
      // Footnotes: smaller print, or a line opening with a footnote mark ("*For additional information…", "a See…").
      if (size < smallest - 0.6) break;
      if (/^[*†‡§]/.test(l.line.text) || (/^[a-z]$/.test(trimmed(firstItem)) && firstItem.size < textSize * 0.8)) break;
      if (isNumber(trimmed(l.items[0]!))) {
        bottom = l.line.y;
        continue;
      }
      // Larger print back at the left margin is body text or a heading; lettered topic rows are part of the table.
      const lineText = l.line.text;
      if (
        size > largest + 0.6 &&
        l.items[0]!.x < textX - 4 &&
        !LETTERED_TOPIC.test(lineText) &&
        !LETTERED_SUBTOPIC.test(lineText)
      )
        break;
      bottom = l.line.y;
    }
    const tableBottom = bottom - spacing * 0.9;
    regions.set(page.page, { top: header.top + rowSize * 2, bottom: tableBottom });

    const inTable = (i: PdfItem) => i.y < header.bottom - 1 && i.y >= tableBottom;
    const horizontal = lines.flatMap((l) => l.items).filter(inTable);
    const rotated = page.rotated.filter((i) => i.x < textX && i.y < header.bottom + 5 && i.y + i.width >= tableBottom);
    const stream: (PdfItem & { rotatedDirection?: 1 | -1 })[] = [
      ...horizontal,
      ...rotated.map((r) => ({ ...r, rotatedDirection: r.direction })),
    ].sort((a, b) => a.order - b.order);

    // Label columns: with two clusters of rotated-label x positions, the right one is the sub-topic column.
    const allLabels = rotatedLabels(rotated);
    const labelXs = allLabels.map((l) => l.x);
    const subtopicSplit =
      header.hasSubtopicColumn && labelXs.length && Math.max(...labelXs) - Math.min(...labelXs) > 20
        ? (Math.min(...labelXs) + Math.max(...labelXs)) / 2
        : Number.POSITIVE_INFINITY;

    let current: Row | null = rows.at(-1) ?? null;
    let pendingRotated: PdfRotatedItem[] = [];
    let pendingLeft: PdfItem[] = [];
    const flushRotated = () => {
      if (!pendingRotated.length) return;
      for (const label of rotatedLabels(pendingRotated).sort((a, b) => a.x - b.x)) {
        if (!label.text) continue;
        if (LETTERED_SUBTOPIC.test(label.text) || label.x > subtopicSplit) subtopic = label.text;
        else [topic, subtopic] = [label.text, null];
      }
      pendingRotated = [];
    };
    const flushLeft = () => {
      if (!pendingLeft.length) return;
      // One topic row per line: "D. Treatment of PTSD" then "a. Treatment Selection".
      const byLine: PdfItem[][] = [];
      for (const item of pendingLeft) {
        const line = byLine.at(-1);
        if (line && Math.abs(line[0]!.y - item.y) < 1) line.push(item);
        else byLine.push([item]);
      }
      let merged: string[] = [];
      const apply = (text: string) => {
        if (LETTERED_SUBTOPIC.test(text)) subtopic = text;
        else if (text) [topic, subtopic] = [text, null];
      };
      for (const line of byLine) {
        const text = cleanLabel(joinItems(line));
        // A lettered line starts a new topic; an unlettered one continues a wrapped topic label.
        if (merged.length && (LETTERED_TOPIC.test(text) || LETTERED_SUBTOPIC.test(text))) {
          apply(merged.join(' '));
          merged = [];
        }
        merged.push(text);
      }
      if (merged.length) apply(merged.join(' '));
      pendingLeft = [];
    };
    for (const item of stream) {
      if ('rotatedDirection' in item && item.rotatedDirection !== undefined) {
        flushLeft();
        pendingRotated.push({ ...item, direction: item.rotatedDirection });
        continue;
      }
      const text = trimmed(item);
      const centre = item.x + item.width / 2;
      if (!text) {
        if (current && pendingLeft.length === 0 && pendingRotated.length === 0) current.text.push(item);
        continue;
      }
      if (centre >= header.categoryBoundary) {
        if (current) current.category.push(item);
        continue;
      }
      if (item.x >= header.strengthX - 10) {
        if (current) current.strength.push(item);
        continue;
      }
      const nearNumberColumn = Math.abs(item.x - numberX) <= 12;
      const only = NUMBER_ONLY.exec(text);
      const withText = NUMBER_AND_TEXT.exec(text);
      if (nearNumberColumn && (only || withText)) {
        flushRotated();
        flushLeft();
        current = {
          number: (only ?? withText)![1]!,
          text: [],
          strength: [],
          category: [],
          topic,
          subtopic,
          page: page.page,
        };
        rows.push(current);
        if (withText) current.text.push({ ...item, text: withText[2]! });
        continue;
      }
      if (
        item.x < textX - 4 &&
        (pendingLeft.length ||
          !current ||
          current.page !== page.page ||
          LETTERED_TOPIC.test(text) ||
          LETTERED_SUBTOPIC.test(text) ||
          item.x < numberX - 12)
      ) {
        flushRotated();
        pendingLeft.push(item);
        continue;
      }
      flushRotated();
      flushLeft();
      if (current) current.text.push(item);
    }
    flushRotated();
    flushLeft();
  }
  return { rows, regions };
}

/**
 * Finds the first run of pages carrying a recommendation table header that yields rows, and reads every row.
 * `isBoilerplate` tells running headers/footers apart so they never enter a cell.
 */
export function extractRecommendationTable(
  pages: PdfPage[],
  isBoilerplate: (line: PdfLine, page: PdfPage) => boolean,
): RecommendationTable | null {
  let run: { page: PdfPage; header: Header }[] = [];
  const tryRun = (): RecommendationTable | null => {
    if (!run.length) return null;
    const { rows, regions } = parseTablePages(run, isBoilerplate);
    const withStrength = rows.filter((r) => normaliseStrength(joinItems(r.strength)) !== null);
    if (withStrength.length === 0) return null;
    const recommendations = rows.map((row) => {
      const printed = joinItems(row.strength) || null;
      return {
        number: row.number,
        text: joinItems(row.text),
        strength: printed ? normaliseStrength(printed) : null,
        strengthAsPrinted: printed,
        category: joinItems(row.category) || null,
        topic: row.topic,
        subtopic: row.subtopic,
        page: row.page,
      };
    });
    return { recommendations, pages: run.map((t) => t.page.page), regions };
  };
  for (const page of pages) {
    const header = findHeader(page);
    if (header) {
      run.push({ page, header });
      continue;
    }
    const table = tryRun();
    if (table) return table;
    run = [];
  }
  return tryRun();
}
