// Checks VA/DoD recommendation extraction against the guidelines themselves (the report: scripts/recommendation-report.ts).
// For each PDF: the recommendations extracted (as the parser stores them) next to the number the guideline's summary
// table prints, read independently: the number tokens that start lines in the table's "#" column (plain text, no cell
// parsing), and the restatements "N. ... (Strength | Category)" in the discussion chapters.
import fs from 'node:fs';
import path from 'node:path';
import { extractGuidelineContent } from './pdf-guideline.js';
import { readPdf, type PdfPage } from './pdf.js';
import { normaliseStrength } from './recommendation-table.js';

export interface RecommendationCheck {
  file: string;
  tablePages: number[];
  /** Numbers printed at the start of lines in the table's number column. */
  expected: string[];
  /** Numbers restated in the discussion with a "(Strength | Category)" line. */
  restated: string[];
  /** Extracted recommendations whose strength differs from the one printed with their restatement. */
  strengthMismatches: string[];
  extracted: string[];
  withStrength: number;
  missing: string[];
  extra: string[];
  exact: boolean;
}

const NUMBER_TOKEN = /^(\d{1,3}[a-z]?)\.?(?:\s|$)/;

function isHeaderLine(text: string): boolean {
  return /\bRecommendation\b/.test(text) && /\bStrength/.test(text) && !/\.{5,}/.test(text) && text.length < 90;
}

/** Independent count: number tokens at the start of table lines, in the dominant number column. */
export function printedTableNumbers(pages: PdfPage[]): { pages: number[]; numbers: string[] } {
  let run: PdfPage[] = [];
  for (const page of pages) {
    const header = page.lines.find((l) => isHeaderLine(l.text));
    if (header) {
      run.push(page);
      continue;
    }
    if (run.length) {
      const numbers = numbersIn(run);
      if (numbers.length) return { pages: run.map((p) => p.page), numbers };
      run = [];
    }
  }
  return { pages: run.map((p) => p.page), numbers: numbersIn(run) };
}

function numbersIn(run: PdfPage[]): string[] {
  const candidates: { x: number; token: string }[] = [];
  for (const page of run) {
    const header = page.lines.find((l) => isHeaderLine(l.text))!;
    for (const line of page.lines) {
      if (line.y >= header.y) continue;
      const m = NUMBER_TOKEN.exec(line.text);
      if (m) candidates.push({ x: Math.round(line.x / 3) * 3, token: m[1]! });
    }
  }
  // The number column is the x position most number tokens start at (within a few points: "9" vs "10").
  const counts = new Map<number, number>();
  for (const c of candidates) counts.set(c.x, (counts.get(c.x) ?? 0) + 1);
  const bestX = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  return [...new Set(candidates.filter((c) => Math.abs(c.x - bestX) <= 6).map((c) => c.token))];
}

/** Restated recommendations in the discussion: number -> strength printed in its "(Strength | Category)" line. */
function restatedStrengths(pages: PdfPage[]): Map<string, string | null> {
  const found = new Map<string, string | null>();
  for (const page of pages) {
    const lines = page.lines;
    lines.forEach((line, i) => {
      const note = /^\(((?:Strong|Weak|Neither|N\/A|Not applicable)[^|]*)\|/i.exec(line.text);
      if (!note) return;
      // Walk up to the "N." that starts this restatement.
      for (let k = i - 1; k >= Math.max(0, i - 12); k--) {
        const m = /^(\d{1,3}[a-z]?)\.\s/.exec(lines[k]!.text);
        if (m) {
          if (!found.has(m[1]!)) found.set(m[1]!, normaliseStrength(note[1]!));
          break;
        }
      }
    });
  }
  return found;
}

export async function checkRecommendations(file: string): Promise<RecommendationCheck> {
  const { pages } = await readPdf(new Uint8Array(fs.readFileSync(file)));
  const printed = printedTableNumbers(pages);
  const content = extractGuidelineContent(pages);
  const extracted = content.recommendations.map((r) => r.number);
  const expected = printed.numbers;
  const restated = restatedStrengths(pages);
  const strengthMismatches = content.recommendations
    .filter((r) => restated.has(r.number) && restated.get(r.number) !== r.strength)
    .map((r) => `${r.number} (${r.strength ?? 'none'} vs ${restated.get(r.number) ?? 'unreadable'})`);
  const missing = expected.filter((n) => !extracted.includes(n));
  const extra = extracted.filter((n) => !expected.includes(n));
  return {
    file: path.basename(file),
    tablePages: printed.pages,
    expected,
    restated: [...restated.keys()],
    strengthMismatches,
    extracted,
    withStrength: content.recommendations.filter((r) => r.strength).length,
    missing,
    extra,
    exact:
      missing.length === 0 &&
      extra.length === 0 &&
      strengthMismatches.length === 0 &&
      new Set(extracted).size === extracted.length &&
      expected.length > 0,
  };
}
