import { describe, expect, it } from 'vitest';
import { chunkBlocks, splitSentences, type Block } from '../../src/knowledge/chunk.js';
import { normaliseStrength } from '../../src/knowledge/recommendation-table.js';
import { gradeOf, splitGradedStatements } from '../../src/knowledge/markdown.js';

const sentence = (i: number) => `Sentence number ${i} explains one point about blood pressure control in older adults.`;

describe('splitSentences', () => {
  it('does not split at abbreviations, initials or decimals', () => {
    expect(
      splitSentences(
        'Use ACE inhibitors, e.g. lisinopril 2.5 mg daily. Smith J. et al. found no harm (p. 12). The dose was 10 mg vs. 20 mg. Done.',
      ),
    ).toEqual([
      'Use ACE inhibitors, e.g. lisinopril 2.5 mg daily.',
      'Smith J. et al. found no harm (p. 12).',
      'The dose was 10 mg vs. 20 mg.',
      'Done.',
    ]);
  });

  it('keeps a citation bracket with the sentence it closes', () => {
    expect(splitSentences('Risk rises with age.[12,13] Treatment lowers it.')).toEqual([
      'Risk rises with age.[12,13]',
      'Treatment lowers it.',
    ]);
  });

  // A fuzzed .txt file (a 100 kB line of letters, then "1. F") took a minute: the abbreviation check retried a regex from
  // every letter of the run. It is linear now; 1 MB here would take hours the old way, not the milliseconds it does.
  it('splits text with a very long run of letters before a stop in one pass', () => {
    const run = 'w'.repeat(1_000_000);
    expect(splitSentences(`${run}\n1. Next item! Done.`)).toEqual([`${run}\n1.`, 'Next item!', 'Done.']);
  });
});

describe('chunkBlocks', () => {
  it('packs paragraphs of one section up to the target and never crosses a section', () => {
    const blocks: Block[] = [
      ...Array.from({ length: 30 }, (_, i) => ({
        text: sentence(i),
        page: 1 + Math.floor(i / 10),
        section: 'A. Screening',
      })),
      { text: 'Short text under another heading.', page: 4, section: 'B. Treatment' },
    ];
    const chunks = chunkBlocks(blocks);
    expect(chunks.at(-1)).toEqual({ text: 'Short text under another heading.', page: 4, section: 'B. Treatment' });
    const screening = chunks.filter((c) => c.section === 'A. Screening');
    expect(screening.length).toBeGreaterThan(1);
    for (const c of screening) expect(c.text.length).toBeLessThanOrEqual(1500);
    // All the text is kept, in order.
    expect(screening.map((c) => c.text).join('\n')).toBe(
      blocks
        .slice(0, 30)
        .map((b) => b.text)
        .join('\n'),
    );
  });

  it('starts a chunk at a boundary block and keeps the page where each chunk starts', () => {
    const chunks = chunkBlocks([
      { text: 'Background paragraph.', page: 5, section: 'X' },
      { text: 'Discussion of recommendation 4.', page: 6, section: 'X', boundary: true },
    ]);
    expect(chunks).toEqual([
      { text: 'Background paragraph.', page: 5, section: 'X' },
      { text: 'Discussion of recommendation 4.', page: 6, section: 'X' },
    ]);
  });

  it('cuts an oversized paragraph at sentence ends, repeating a short overlap', () => {
    const long = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkBlocks([{ text: long, page: 2, section: 'S' }], { target: 1000, max: 1500, overlap: 150 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const [i, c] of chunks.entries()) {
      expect(c.text.length).toBeLessThanOrEqual(1500);
      expect(c.text).toMatch(/^Sentence number \d+/);
      expect(c.text).toMatch(/adults\.$/);
      if (i > 0) {
        // The first sentence of each piece is the last sentence of the previous one.
        const first = splitSentences(c.text)[0];
        expect(splitSentences(chunks[i - 1]!.text).at(-1)).toBe(first);
      }
    }
  });

  it('cuts a single sentence longer than the limit at word boundaries', () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkBlocks([{ text: words, page: null, section: null }]);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(1500);
    expect(
      chunks
        .map((c) => c.text)
        .join(' ')
        .split(' ')
        .filter((w) => w.startsWith('word')).length,
    ).toBeGreaterThanOrEqual(600);
  });
});

describe('strength labels', () => {
  it('normalises VA/DoD strength cells as printed', () => {
    expect(normaliseStrength('Strong For')).toBe('Strong for');
    expect(normaliseStrength('W eak for')).toBe('Weak for');
    expect(normaliseStrength('Weak against')).toBe('Weak against');
    expect(normaliseStrength('Neither for nor against')).toBe('Neither for nor against');
    expect(normaliseStrength('N/A')).toBe('Neither for nor against');
    expect(normaliseStrength('Not applicable')).toBe('Neither for nor against');
    expect(normaliseStrength('Reviewed, New-added')).toBeNull();
  });

  it('reads USPSTF grades', () => {
    expect(gradeOf('The USPSTF recommends screening. (B recommendation)')).toBe('Grade B');
    expect(gradeOf('Evidence is insufficient. (I statement)')).toBe('I statement');
    expect(gradeOf('Offer counseling. Grade: C')).toBe('Grade C');
    expect(gradeOf('The grade definitions follow.')).toBeNull();
  });

  it('cuts a paragraph with several graded statements into one statement per grade', () => {
    expect(
      splitGradedStatements(
        'Screen children for obesity (B recommendation). Evidence is insufficient for hypertension screening (I statement). See also the resources.',
      ),
    ).toEqual([
      { text: 'Screen children for obesity (B recommendation).', strength: 'Grade B' },
      {
        text: 'Evidence is insufficient for hypertension screening (I statement). See also the resources.',
        strength: 'I statement',
      },
    ]);
  });
});
