// Word (.docx, through mammoth) and HTML (through turndown) guidelines: headings become the section path, numbered
// recommendations keep their number and strength, page furniture is left out, and a local protocol is cited as one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile, UnreadableDocumentError } from '../../src/knowledge/parse.js';
import { writeProtocolDocx, writeProtocolHtml, type ProtocolContent } from '../support/office-docs.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-office-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const protocol: ProtocolContent = {
  title: 'Ward 7 anticoagulation protocol',
  scope:
    'Adults admitted to the cardiology ward with atrial fibrillation, including those started on anticoagulants elsewhere.',
  topic: 'Stroke prevention',
  recommendations: [
    {
      number: '1',
      text: 'Offer apixaban to patients with atrial fibrillation and a CHA2DS2-VASc score of 2 or more.',
      strength: 'Strong for',
    },
    {
      number: '2',
      text: 'Do not use aspirin alone for stroke prevention in atrial fibrillation.',
      strength: 'Strong against',
    },
  ],
};

describe('Word and HTML guidelines', () => {
  it('reads a .docx: its headings as the section path and its numbered recommendations with their strengths', async () => {
    const file = path.join(dir, 'anticoagulation.docx');
    await writeProtocolDocx(file, protocol);
    const doc = await parseFile(file, dir);
    expect(doc.meta.title).toBe('Ward 7 anticoagulation protocol');
    const recs = doc.passages.filter((p) => p.kind === 'recommendation');
    expect(recs.map((r) => [r.recommendation, r.strength, r.section])).toEqual([
      ['1', 'Strong for', 'Recommendations > Stroke prevention'],
      ['2', 'Strong against', 'Recommendations > Stroke prevention'],
    ]);
    expect(recs[0]!.text).toBe(
      'Offer apixaban to patients with atrial fibrillation and a CHA2DS2-VASc score of 2 or more. (Strong for)',
    );
    expect(doc.passages.find((p) => p.kind === 'text')).toMatchObject({ section: 'Scope', text: protocol.scope });
  });

  it('reads an intranet page: ordered-list recommendations under a Recommendations heading, without navigation, footer or script', async () => {
    const file = path.join(dir, 'anticoagulation.html');
    writeProtocolHtml(file, protocol);
    const doc = await parseFile(file, dir);
    expect(doc.meta.title).toBe('Ward 7 anticoagulation protocol');
    expect(doc.passages.filter((p) => p.kind === 'recommendation').map((r) => [r.recommendation, r.strength])).toEqual([
      ['1', 'Strong for'],
      ['2', 'Strong against'],
    ]);
    const all = doc.passages.map((p) => p.text).join('\n');
    expect(all).not.toMatch(/Home|Cookie|track\(\)|color:red/);
  });

  it('cites a local protocol as "Local protocol: <organisation>, <date>" from the index.json beside it', async () => {
    const local = fs.mkdtempSync(path.join(dir, 'local-'));
    const file = path.join(local, 'protocol.docx');
    await writeProtocolDocx(file, protocol);
    fs.writeFileSync(
      path.join(local, 'index.json'),
      JSON.stringify([
        {
          file: 'protocol.docx',
          local: true,
          organisation: 'St Elsewhere Hospital',
          published: '2026-05-01',
          sets: ['cardiology'],
        },
      ]),
    );
    const doc = await parseFile(file, local);
    expect(doc.meta).toMatchObject({
      publisher: 'St Elsewhere Hospital',
      version: 'Local protocol: St Elsewhere Hospital, 2026-05-01',
      year: 2026,
    });
    expect(doc.library).toEqual({
      published: '2026-05-01',
      organisation: 'St Elsewhere Hospital',
      sets: ['cardiology'],
    });
    expect(doc.passages.every((p) => p.version === 'Local protocol: St Elsewhere Hospital, 2026-05-01')).toBe(true);
  });

  it('a file named .docx that is not a Word document is one clear reason, not a crash', async () => {
    const file = path.join(dir, 'broken.docx');
    fs.writeFileSync(file, 'this is plain text, not a zip archive');
    const err = await parseFile(file, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableDocumentError);
    expect((err as UnreadableDocumentError).reason).toMatch(/^not a readable Word document/);
  });

  it('a numbered list outside a Recommendations heading stays text', async () => {
    const file = path.join(dir, 'steps.html');
    fs.writeFileSync(
      file,
      '<h1>Discharge checklist</h1><h2>Steps</h2><ol><li>Book a follow-up appointment with the clinic.</li><li>Give the written plan to the patient.</li></ol>',
    );
    const doc = await parseFile(file, dir);
    expect(doc.passages.filter((p) => p.kind === 'recommendation')).toEqual([]);
    expect(doc.passages[0]!.section).toBe('Steps');
  });
});
