// Tables inside guideline text come out row by row, each cell whole, even when cells wrap over several lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFile } from '../../src/knowledge/parse.js';
import { contentPdf, text } from './pdf-fixtures.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-tables-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tables in PDF text', () => {
  it('renders a dosing table cell by cell, in drawing order, and leaves prose and bullet lists alone', async () => {
    // Drawn the way accessible PDFs draw tables: each cell's lines together, cells left to right, rows top to bottom.
    let page = text(72, 700, 'Table 2. Dosing of example drugs', 12);
    page += text(72, 670, 'Drug') + text(200, 670, 'Initial dose') + text(380, 670, 'Renal impairment');
    page +=
      text(72, 646, 'Examplol') +
      text(200, 652, '10 mg once') +
      text(200, 640, 'daily') +
      text(380, 652, 'Reduce dose by') +
      text(380, 640, '50 percent');
    page +=
      text(72, 616, 'Samplozide') + text(200, 622, '25 mg twice') + text(200, 610, 'daily') + text(380, 616, 'Avoid');
    page += text(72, 586, 'Testamine') + text(200, 586, '5 mg at bedtime') + text(380, 586, 'No change');
    page += text(72, 540, 'Prose after the table explains how to titrate these drugs slowly.', 11);
    page += text(90, 510, '-', 11) + text(108, 510, 'A bullet item stays a bullet item.', 11);
    const file = path.join(dir, 'table.pdf');
    fs.writeFileSync(file, contentPdf([page]));
    const doc = await parseFile(file, dir);
    const all = doc.passages.map((p) => p.text).join('\n');
    expect(all).toContain('Drug | Initial dose | Renal impairment');
    expect(all).toContain('Examplol | 10 mg once daily | Reduce dose by 50 percent');
    expect(all).toContain('Samplozide | 25 mg twice daily | Avoid');
    expect(all).toContain('Testamine | 5 mg at bedtime | No change');
    expect(all).toContain('Prose after the table explains how to titrate these drugs slowly.');
    expect(all).not.toMatch(/\| A bullet item/);
  });
});

describe('recommendation table in a generated PDF', () => {
  it('reads number, wrapped text, two-line strength cell and the topic row of each recommendation', async () => {
    let page = text(72, 720, 'VI. Recommendations', 14);
    page +=
      text(72, 690, '#', 11) +
      text(150, 690, 'Recommendation', 11) +
      text(420, 690, 'Strength', 11) +
      text(490, 690, 'Category', 11);
    page += text(72, 668, 'A. Screening', 10);
    // Row 1: number, two text lines, strength, category (drawn cell after cell).
    page +=
      text(72, 650, '1.') +
      text(100, 650, 'We recommend screening adults for the example') +
      text(100, 638, 'condition once a year.');
    page += text(420, 650, 'Strong for') + text(490, 650, 'Reviewed,') + text(490, 638, 'New-added');
    page += text(72, 616, 'B. Treatment', 10);
    page +=
      text(72, 598, '2.') +
      text(100, 598, 'There is insufficient evidence to recommend for') +
      text(100, 586, 'or against example therapy.');
    page +=
      text(420, 598, 'Neither for') +
      text(420, 586, 'nor against') +
      text(490, 598, 'Reviewed,') +
      text(490, 586, 'New-added');
    page += text(72, 562, '3.') + text(100, 562, 'We suggest against routine imaging.');
    page += text(420, 562, 'Weak against') + text(490, 562, 'Amended');
    page += text(72, 520, 'a For additional information, see the grading section.', 8);
    page += text(72, 480, 'Text after the table is ordinary prose about the example condition.', 11);
    const file = path.join(dir, 'recs.pdf');
    fs.writeFileSync(file, contentPdf([page]));
    const doc = await parseFile(file, dir);
    const recs = doc.passages.filter((p) => p.kind === 'recommendation');
    expect(recs.map((r) => [r.recommendation, r.strength, r.page, r.section, r.text])).toEqual([
      [
        '1',
        'Strong for',
        1,
        'VI. Recommendations > A. Screening',
        'We recommend screening adults for the example condition once a year.',
      ],
      [
        '2',
        'Neither for nor against',
        1,
        'VI. Recommendations > B. Treatment',
        'There is insufficient evidence to recommend for or against example therapy.',
      ],
      ['3', 'Weak against', 1, 'VI. Recommendations > B. Treatment', 'We suggest against routine imaging.'],
    ]);
    const prose = doc.passages
      .filter((p) => p.kind === 'text')
      .map((p) => p.text)
      .join('\n');
    expect(prose).toContain('Text after the table is ordinary prose');
    expect(prose).not.toContain('We recommend screening adults');
  });
});
