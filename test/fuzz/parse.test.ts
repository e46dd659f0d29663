// Property-based tests of the ingest parsers on hostile files: truncated and bit-flipped PDFs, random bytes behind a PDF
// header, huge lines, control characters, nested and unbalanced markup, broken front matter. Every file either parses into
// passages or is refused with UnreadableDocumentError: never another exception, never a hang (each case has a deadline).
// PDFs go through the ParserPool, as ingest does: pdf.js runs on a parser thread, and a stray rejection it leaves behind
// on a damaged file must neither crash the thread nor reach this one (vitest would report it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFile, UnreadableDocumentError } from '../../src/knowledge/parse.js';
import { ParserPool } from '../../src/knowledge/parse-pool.js';
import { textPdf } from '../knowledge/pdf-fixtures.js';

let dir: string;
let n = 0;
let pool: ParserPool;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-fuzz-parse-'));
  pool = new ParserPool(1);
});
afterAll(async () => {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Parses `data` as a file with extension `ext`; resolves to 'parsed' or 'refused', rethrows anything else. */
async function outcome(data: Buffer | string, ext: string): Promise<'parsed' | 'refused'> {
  const file = path.join(dir, `case-${++n}${ext}`);
  fs.writeFileSync(file, data);
  try {
    const doc = ext === '.pdf' ? await pool.parse(file, dir) : await parseFile(file, dir, { timeoutMs: 10_000 });
    for (const p of doc.passages) {
      expect(typeof p.text).toBe('string');
      expect(p.text.trim().length).toBeGreaterThan(0);
    }
    return 'parsed';
  } catch (err) {
    if (err instanceof UnreadableDocumentError) return 'refused';
    throw err;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const PDF = textPdf([
  {
    heading: 'Recommendations',
    body: ['1. We recommend metformin as first-line therapy.', 'Strong for. Reviewed, New-added.'],
  },
  { heading: 'Discussion', body: ['Metformin lowers A1c by about 1 percent.', 'Monitor eGFR at least yearly.'] },
]);

describe('PDF parser on damaged files', () => {
  it('truncated, bit-flipped or spliced PDFs are parsed or refused, never crash or hang', async () => {
    const damage = fc.oneof(
      fc.integer({ min: 8, max: PDF.length - 1 }).map((cut) => PDF.subarray(0, cut)),
      fc
        .array(fc.tuple(fc.integer({ min: 0, max: PDF.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 30,
        })
        .map((flips) => {
          const copy = Buffer.from(PDF);
          for (const [at, byte] of flips) copy[at] = byte;
          return copy;
        }),
      fc.uint8Array({ maxLength: 4000 }).map((bytes) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(bytes)])),
      fc
        .tuple(
          fc.integer({ min: 0, max: PDF.length }),
          fc.constantFrom(
            '<<<<<<<<',
            '[[[[[[[[',
            ' 9999999999 0 R ',
            '/Length -1',
            'stream\n',
            'endobj endobj',
            '(\\\\\\(',
          ),
        )
        .map(([at, junk]) => Buffer.concat([PDF.subarray(0, at), Buffer.from(junk, 'latin1'), PDF.subarray(at)])),
    );
    await fc.assert(
      fc.asyncProperty(damage, async (data) => void (await outcome(data, '.pdf'))),
      { numRuns: 120, timeout: 20_000 },
    );
  }, 240_000);

  // Found by this test: damaged page trees on which pdf.js rejected a prefetch nobody awaited (offset, new byte).
  const strayRejections: [number, number][][] = [
    [
      [192, 170],
      [197, 109],
      [410, 148],
      [493, 243],
      [595, 143],
      [713, 196],
      [723, 154],
      [751, 193],
      [772, 57],
      [1166, 240],
    ],
    [
      [193, 129],
      [318, 12],
      [332, 132],
      [647, 5],
      [671, 200],
      [1054, 179],
      [1120, 255],
    ],
  ];
  it.each(strayRejections.map((flips, i) => [i, flips] as const))(
    'damaged page tree %i: parsed or refused, no stray rejection',
    async (_, flips) => {
      const copy = Buffer.from(PDF);
      for (const [at, byte] of flips) copy[at] = byte;
      expect(['parsed', 'refused']).toContain(await outcome(copy, '.pdf'));
    },
  );

  it('deeply nested PDF objects are refused or parsed, not a stack overflow', async () => {
    const nested = Buffer.concat([
      PDF.subarray(0, PDF.length - 200),
      Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
      PDF.subarray(PDF.length - 200),
    ]);
    expect(['parsed', 'refused']).toContain(await outcome(nested, '.pdf'));
  }, 60_000);
});

describe('Markdown and text parsers on hostile files', () => {
  const control = fc.string({
    maxLength: 50,
    unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  });
  const markup = fc.constantFrom(
    '# ',
    '## ',
    '###### ',
    '---\n',
    '```\n',
    '> ',
    '- ',
    '* ',
    '1. ',
    '| a | b |\n|---|---|\n',
    '<div>',
    '</div>',
    '<!--',
    '-->',
    '[x](',
    ')',
    '**',
    '__',
    '\\',
    '\r\n',
    '\u2028',
    '\ufeff',
    '\ud800',
  );
  const line = fc.oneof(
    fc.string({ maxLength: 80 }),
    control,
    markup,
    fc.integer({ min: 1, max: 200_000 }).map((len) => 'w'.repeat(len)),
    fc.integer({ min: 1, max: 300 }).map((d) => '>'.repeat(d) + ' deep quote'),
    fc.integer({ min: 1, max: 200 }).map((d) => `${'<b>'.repeat(d)}x${'</b>'.repeat(d)}`),
  );
  const frontMatter = fc.constantFrom(
    '',
    '---\ntitle: "T"\n---\n',
    '---\ntitle: [unclosed\n---\n',
    '---\n: : :\n---\n',
    '---\n',
    '---\ntitle: &a [*a, *a]\n---\n',
  );
  const doc = fc.tuple(frontMatter, fc.array(line, { maxLength: 60 })).map(([fm, lines]) => fm + lines.join('\n'));

  for (const ext of ['.md', '.txt']) {
    it(`${ext}: huge lines, control characters, nested and broken markup are parsed or refused`, async () => {
      await fc.assert(
        fc.asyncProperty(doc, async (text) => void (await outcome(text, ext))),
        { numRuns: 150, timeout: 20_000 },
      );
    }, 240_000);
  }

  it('invalid UTF-8 and binary junk in a .md file is refused, not indexed as garbage text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 64, maxLength: 3000 }),
        async (bytes) => void (await outcome(Buffer.from(bytes), '.md')),
      ),
      { numRuns: 100, timeout: 20_000 },
    );
  });
});
