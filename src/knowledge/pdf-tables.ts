// Tables inside guideline text (dosing tables, criteria, algorithm boxes). Rebuilt line by line they interleave the
// wrapped lines of neighbouring cells ("37.5 mg once or ... 75 mg weekly ... twice daily"). Accessible (tagged) PDFs
// draw a table cell after cell, row after row, so drawing order gives whole cells; a jump back to the left starts a row.
import type { PdfItem, PdfLine } from './pdf.js';

export interface TableRegion {
  /** Baselines of the first and last line of the region. */
  top: number;
  bottom: number;
  lines: PdfLine[];
}

/** Gaps between neighbouring text runs on a line that are wide enough to separate table columns. */
function columnGaps(line: PdfLine): number[] {
  const items = line.items.filter((i) => i.text.trim()).sort((a, b) => a.x - b.x);
  const gaps: number[] = [];
  for (let i = 1; i < items.length; i++) {
    const gap = items[i]!.x - (items[i - 1]!.x + items[i - 1]!.width);
    if (gap > Math.max(8, line.size * 1.2)) gaps.push(gap);
  }
  return gaps;
}

/** A line reads as a table row: three or more columns, or two columns far apart (a bullet and its text are not). */
export function isTabularLine(line: PdfLine): boolean {
  const gaps = columnGaps(line);
  return gaps.length >= 2 || (gaps.length === 1 && gaps[0]! > line.size * 4);
}

/** Runs of at least three tabular lines, with the wrapped single-column lines between them. */
export function findTableRegions(lines: PdfLine[]): TableRegion[] {
  const regions: TableRegion[] = [];
  let current: PdfLine[] = [];
  let tabular = 0;
  let sinceTabular = 0;
  const close = () => {
    // Trailing non-tabular lines are text after the table.
    const trimmed = sinceTabular > 0 ? current.slice(0, current.length - sinceTabular) : current;
    if (tabular >= 3) regions.push({ top: trimmed[0]!.y, bottom: trimmed.at(-1)!.y, lines: trimmed });
    current = [];
    tabular = 0;
    sinceTabular = 0;
  };
  for (const line of lines) {
    const isRow = isTabularLine(line);
    const previous = current.at(-1);
    const near = previous ? previous.y - line.y <= Math.max(previous.size, line.size) * 3 : false;
    if (current.length && !near) close();
    if (isRow) {
      current.push(line);
      tabular++;
      sinceTabular = 0;
    } else if (current.length && sinceTabular < 3) {
      current.push(line);
      sinceTabular++;
    } else if (current.length) {
      close();
    }
  }
  if (current.length) close();
  return regions;
}

interface Cell {
  minX: number;
  maxX: number;
  last: PdfItem;
  text: string;
}

/** Renders a table region as rows of " | "-separated cells, in drawing order. */
export function renderTable(region: TableRegion): string[] {
  const items = region.lines.flatMap((l) => l.items).sort((a, b) => a.order - b.order);
  const cells: Cell[] = [];
  let pendingSpace = false;
  for (const item of items) {
    if (!item.text.trim()) {
      pendingSpace = true;
      continue;
    }
    const cell = cells.at(-1);
    const text = item.text.replace(/\s+/g, ' ');
    if (cell) {
      const last = cell.last;
      const sameLine = Math.abs(item.y - last.y) < Math.max(1, last.size * 0.3);
      const gap = item.x - (last.x + last.width);
      const continuesLine = sameLine && gap > -last.size && gap < Math.max(8, last.size * 1.2);
      const lineBelow = item.y < last.y - 1 && last.y - item.y < Math.max(item.size, last.size) * 2.2;
      const underCell = item.x >= cell.minX - item.size * 2 && item.x <= cell.maxX + item.size;
      if (continuesLine || (lineBelow && underCell)) {
        const glue =
          (pendingSpace || !continuesLine || gap > item.size * 0.15) &&
          !cell.text.endsWith(' ') &&
          !text.startsWith(' ');
        const hyphenJoin = !continuesLine && /[A-Za-z]-$/.test(cell.text) && /^[a-z]/.test(text);
        cell.text += hyphenJoin ? text : glue ? ` ${text}` : text;
        cell.minX = Math.min(cell.minX, item.x);
        cell.maxX = Math.max(cell.maxX, item.x + item.width);
        cell.last = item;
        pendingSpace = false;
        continue;
      }
    }
    cells.push({ minX: item.x, maxX: item.x + item.width, last: item, text });
    pendingSpace = false;
  }
  const rows: string[][] = [];
  let previous: Cell | null = null;
  for (const cell of cells) {
    const text = cell.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    // Moving back to the left starts a new row.
    if (!previous || cell.minX < previous.minX - 2) rows.push([]);
    rows.at(-1)!.push(text);
    previous = cell;
  }
  return rows.map((r) => r.join(' | '));
}
