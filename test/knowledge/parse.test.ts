// parseFile on real guideline files from ../shared and on generated good and bad files in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFile, UnreadableDocumentError, type ParsedDocument } from '../../src/knowledge/parse.js';
import { blankPdf, encryptedPdf, textPdf } from './pdf-fixtures.js';

const GUIDELINES = path.resolve(__dirname, '../../../shared/guidelines');
const HYPERTENSION = path.join(GUIDELINES, 'va-dod/VADoDHypertensionCPG508Corrected792020.pdf');
const PTSD = path.join(GUIDELINES, 'va-dod/VADoDPTSDCPGFinal012418.pdf');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-parse-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

async function unreadable(file: string, options?: Parameters<typeof parseFile>[2]): Promise<UnreadableDocumentError> {
  try {
    await parseFile(file, dir, options);
  } catch (err) {
    expect(err).toBeInstanceOf(UnreadableDocumentError);
    return err as UnreadableDocumentError;
  }
  throw new Error(`${path.basename(file)} parsed, but it should have been refused`);
}

describe('VA/DoD hypertension guideline (real PDF)', () => {
  let doc: ParsedDocument;
  beforeAll(async () => {
    doc = await parseFile(HYPERTENSION, GUIDELINES);
  });

  it('takes its metadata from index.json and its docId from the path under the root', () => {
    expect(doc.meta).toMatchObject({
      version: 'Version 4.0 – 2020',
      year: 2020,
      source: 'VADoDHypertensionCPG508Corrected792020.pdf',
    });
    expect(doc.meta.title).toMatch(/Hypertension in the Primary Care Setting/);
    expect(doc.meta.publisher).toMatch(/Veterans Affairs/);
    expect(new Set(doc.passages.map((p) => p.docId))).toEqual(
      new Set(['va-dod/VADoDHypertensionCPG508Corrected792020.pdf']),
    );
  });

  it('extracts each of the 28 numbered recommendations once, from the summary table', () => {
    const recs = doc.passages.filter((p) => p.kind === 'recommendation');
    expect(recs.map((r) => r.recommendation)).toEqual(Array.from({ length: 28 }, (_, i) => String(i + 1)));
    expect(recs.every((r) => r.strength !== null && r.page !== null && r.page >= 23 && r.page <= 25)).toBe(true);
  });

  it('reads number, strength, full text, topic and page of known recommendations', () => {
    const rec = (n: string) => doc.passages.find((p) => p.kind === 'recommendation' && p.recommendation === n)!;
    // Checked against the PDF: recommendation 6 is printed on page 23, 10 on page 24, 28 on page 25.
    expect(rec('6')).toMatchObject({
      strength: 'Weak for',
      page: 23,
      text: 'For all patients, including those with type 2 diabetes, we suggest treating to a systolic blood pressure goal of <130 mm Hg.',
    });
    expect(rec('6').section).toMatch(
      /Recommendations > Treatment Goals and General Approaches to Hypertension Management > a\. Blood Pressure Goals$/,
    );
    expect(rec('10')).toMatchObject({ strength: 'Strong for', page: 24 });
    expect(rec('10').text).toMatch(/^We recommend offering pharmacist-led medication management/);
    expect(rec('28')).toMatchObject({ strength: 'Weak for', page: 25 });
    expect(rec('28').text).toMatch(/we suggest adding spironolactone in those patients without contraindications\.$/);
    expect(rec('16').strength).toBe('Neither for nor against');
  });

  it('keeps the discussion as text passages under the recommendation it discusses, without repeating the recommendation', () => {
    const discussion = doc.passages.filter((p) => p.kind === 'text' && p.section?.endsWith('Recommendation 4'));
    expect(discussion.length).toBeGreaterThan(0);
    expect(discussion[0]!.page).toBe(30);
    expect(discussion[0]!.text).toMatch(/^Out-of-office blood pressure monitoring methods comprise/);
    const restated = doc.passages.filter(
      (p) => p.kind === 'text' && p.text.includes('We suggest using out-of-office blood pressure monitoring methods'),
    );
    expect(restated).toEqual([]);
  });

  it('drops running headers, page footers and contents-page dot leaders', () => {
    for (const p of doc.passages) {
      expect(p.text).not.toMatch(/Page \d+ of 134/);
      expect(p.text).not.toMatch(/\.{6,}/);
      expect(p.text).not.toContain(
        'VA/DoD Clinical Practice Guideline for the Diagnosis and Management of Hypertension in the Primary Care Setting\n',
      );
    }
    // Back matter (reference list, literature-search strings) is not searchable content.
    expect(
      doc.passages.filter((p) =>
        /(^|> )(?:[A-Z]+[.:] |Appendix [A-Z]: )?(References|Literature Review Search Terms)/.test(p.section ?? ''),
      ),
    ).toEqual([]);
    expect(doc.passages.some((p) => /Ann Intern Med\. \d{4}/.test(p.text))).toBe(false);
  });

  it('gives every passage a page within the PDF and a size near the chunk target', () => {
    for (const p of doc.passages) {
      expect(p.page).toBeGreaterThanOrEqual(1);
      expect(p.page).toBeLessThanOrEqual(134);
      expect(p.text.length).toBeLessThanOrEqual(1500);
    }
    expect(new Set(doc.passages.map((p) => p.id)).size).toBe(doc.passages.length);
  });

  it('yields identical passage ids when the same file is parsed again', async () => {
    const again = await parseFile(HYPERTENSION, GUIDELINES);
    expect(again.passages.map((p) => p.id)).toEqual(doc.passages.map((p) => p.id));
  });
});

describe('VA/DoD PTSD guideline (real PDF, 2017 table layout)', () => {
  it('reads lettered sub-recommendations and maps "N/A" to "Neither for nor against"', async () => {
    const doc = await parseFile(PTSD, GUIDELINES);
    const recs = doc.passages.filter((p) => p.kind === 'recommendation');
    expect(recs).toHaveLength(41);
    const rec = (n: string) => recs.find((r) => r.recommendation === n)!;
    expect(rec('28a')).toMatchObject({ strength: 'Weak against', page: 35 });
    expect(rec('28a').text).toMatch(/prazosin/);
    expect(rec('13')).toMatchObject({ strength: 'Neither for nor against', page: 34 });
    expect(rec('17').text).toBe(
      'We recommend sertraline, paroxetine, fluoxetine, or venlafaxine as monotherapy for PTSD for patients diagnosed with PTSD who choose not to engage in or are unable to access trauma-focused psychotherapy.',
    );
    // The table's footnotes below the last row are not part of recommendation 40.
    expect(rec('40').text).toMatch(/to prevent harm\.$/);
  });
});

describe('generated text PDF', () => {
  it('keeps the page number of every passage and the heading as its section, without header, footer or references', async () => {
    const file = write(
      'synthetic/guide.pdf',
      textPdf([
        {
          heading: '1. Screening',
          body: ['Screen adults for the condition every year.', 'Use a validated questionnaire.'],
        },
        { heading: '2. Treatment', body: ['Offer first-line therapy to every patient with the condition.'] },
        { heading: '3. Follow-up', body: ['Review treatment response after four weeks.'] },
        { heading: 'References', body: ['1. Smith J. A trial of first-line therapy. Journal. 2019.'] },
      ]),
    );
    const doc = await parseFile(file, dir);
    expect(doc.passages.map((p) => [p.page, p.section, p.text])).toEqual([
      [1, '1. Screening', 'Screen adults for the condition every year. Use a validated questionnaire.'],
      [2, '2. Treatment', 'Offer first-line therapy to every patient with the condition.'],
      [3, '3. Follow-up', 'Review treatment response after four weeks.'],
    ]);
    expect(doc.passages[0]!.docId).toBe('synthetic/guide.pdf');
  });
});

describe('markdown with YAML front matter', () => {
  const summary = `---
title: "Screening for widget deficiency: recommendation statement."
developer: "U.S. Preventive Services Task Force - Independent Expert Panel"
released: "2006 Feb (revised 2013 Sep 3)"
source: "test"
---

# Screening for widget deficiency: recommendation statement.

## Bibliographic Source(s)

Task Force. Ann Intern Med. 2013.

## Major Recommendations

Summary of Recommendations and Evidence

The USPSTF recommends screening for widget deficiency in adults aged 50 to 75 years. (A recommendation)

The USPSTF concludes that the current evidence is insufficient to assess screening in adults older than 75 years. (I statement)

Clinical Considerations

Widget deficiency is common in older adults and is easily treated.

## Source(s) of Funding

The funding agency paid for everything.
`;

  it('reads title, developer and the latest release year, and turns graded statements into recommendations', async () => {
    const doc = await parseFile(write('uspstf.md', summary), dir);
    expect(doc.meta).toEqual({
      title: 'Screening for widget deficiency: recommendation statement.',
      publisher: 'U.S. Preventive Services Task Force - Independent Expert Panel',
      version: '2006 Feb (revised 2013 Sep 3)',
      year: 2013,
      source: 'uspstf.md',
    });
    const recs = doc.passages.filter((p) => p.kind === 'recommendation');
    expect(recs.map((r) => [r.strength, r.section, r.page])).toEqual([
      ['Grade A', 'Major Recommendations > Summary of Recommendations and Evidence', null],
      ['I statement', 'Major Recommendations > Summary of Recommendations and Evidence', null],
    ]);
    expect(recs[0]!.text).toMatch(/^The USPSTF recommends screening for widget deficiency/);
    const texts = doc.passages.filter((p) => p.kind === 'text');
    expect(
      texts.some(
        (p) =>
          p.section === 'Major Recommendations > Clinical Considerations' &&
          p.text.startsWith('Widget deficiency is common'),
      ),
    ).toBe(true);
    // Administrative fields stay out of search.
    expect(doc.passages.some((p) => p.text.includes('funding agency') || p.text.includes('Ann Intern Med'))).toBe(
      false,
    );
  });

  it('parses a real NGC summary: the I statement becomes a recommendation passage', async () => {
    const doc = await parseFile(path.join(GUIDELINES, 'ngc-federal/ngc-10008.md'), GUIDELINES);
    expect(doc.meta.year).toBe(2013);
    const recs = doc.passages.filter((p) => p.kind === 'recommendation');
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ strength: 'I statement', docId: 'ngc-federal/ngc-10008.md' });
    expect(recs[0]!.text).toMatch(/ankle–brachial index/);
  });

  it('without front matter, takes the title from the first heading and sections from the others', async () => {
    const doc = await parseFile(
      write('plain.md', '# Gout flares\n\n## Treatment\n\nOffer colchicine or an NSAID early in a flare.\n'),
      dir,
    );
    expect(doc.meta).toMatchObject({ title: 'Gout flares', publisher: null, year: null });
    expect(doc.passages.map((p) => [p.section, p.text])).toEqual([
      ['Treatment', 'Offer colchicine or an NSAID early in a flare.'],
    ]);
  });

  it('fails with a clear reason on malformed front matter', async () => {
    const err = await unreadable(write('broken.md', '---\ntitle: "unclosed\n  - : :\n---\n\nText.\n'));
    expect(err.reason).toMatch(/front matter/);
  });
});

describe('plain text', () => {
  it('parses UTF-8 text into passages titled by the first line', async () => {
    const doc = await parseFile(
      write('notes/plain.txt', 'Anticoagulation notes\n\nWarfarin dosing depends on the INR – target 2.0–3.0.\n'),
      dir,
    );
    expect(doc.meta.title).toBe('Anticoagulation notes');
    expect(doc.passages.map((p) => p.text).join('\n')).toContain('target 2.0–3.0');
    expect(doc.passages[0]!.docId).toBe('notes/plain.txt');
  });

  it('refuses Latin-1 text, naming the offending byte', async () => {
    const err = await unreadable(
      write('latin1.txt', Buffer.from('Caf\xe9 au lait spots: refer to genetics.\n', 'latin1')),
    );
    expect(err.reason).toMatch(/not valid UTF-8/);
    expect(err.reason).toContain('0xE9 at offset 3');
  });
});

describe('bad input fails with one clear reason', () => {
  it('a truncated PDF', async () => {
    const head = fs.readFileSync(HYPERTENSION).subarray(0, 200_000);
    expect((await unreadable(write('truncated.pdf', head))).reason).toMatch(/corrupt or truncated/);
  });

  it('random bytes named .pdf', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect((await unreadable(write('random.pdf', bytes))).reason).toMatch(/not a PDF/);
    const withHeader = Buffer.concat([Buffer.from('%PDF-1.7\n'), bytes]);
    expect((await unreadable(write('random-header.pdf', withHeader))).reason).toMatch(/corrupt or truncated/);
  });

  it('a valid PDF with no text objects (image-only)', async () => {
    expect((await unreadable(write('blank.pdf', blankPdf()))).reason).toMatch(/no text layer.*OCR/);
  });

  it('an encrypted PDF', async () => {
    expect((await unreadable(write('encrypted.pdf', encryptedPdf()))).reason).toMatch(/password-protected/);
  });

  it('an empty file', async () => {
    expect((await unreadable(write('empty.md', ''))).reason).toMatch(/empty/);
  });

  it('a file over the size limit is refused before it is read', async () => {
    const big = path.join(dir, 'huge.pdf');
    // A sparse 200 MB file: reading it would take seconds; refusing it by size takes none.
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, 200 * 1024 * 1024);
    fs.closeSync(fd);
    expect((await unreadable(big)).reason).toBe('the file is 200 MB, over the 100 MB limit');
    const small = write('small-limit.md', '---\ntitle: "x"\n---\n\nSome text that is long enough.\n');
    expect((await unreadable(small, { maxBytes: 10 })).reason).toMatch(/over the 0\.0 MB limit/);
  });

  it('an unsupported extension', async () => {
    expect((await unreadable(write('slides.pptx', 'x'))).reason).toMatch(/unsupported file type "\.pptx"/);
  });
});
