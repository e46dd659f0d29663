// 80 notes written by a writer who did not read the de-identifier (EHR banners, HL7, fax sheets, chat, and UK, Canadian,
// Australian, Indian, Spanish, Icelandic formats), with exact gold spans and clinical strings that must survive. Its first
// run caught 231/288 identifiers (80.2%) and kept 145/152 clinical strings; the mechanisms its misses pointed to
// (international phone numbers and postcodes, national ID labels, spelt-out ages, eponym pairs, drug-list context,
// dictionary surnames after a title or given name) are in the detector now. A regression floor, not a generalisation
// figure: the dev notes are (`npx curbside eval safety`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deidentify } from '../../src/safety/deid.js';

interface Note {
  id: string;
  text: string;
  spans: { start: number; end: number; type: string; text: string }[];
  keep: string[];
}
const notes: Note[] = readFileSync(path.join(__dirname, 'deid-independent.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

/** Every visible character of the gold span lies inside some redaction (whatever its type). */
function caught(note: Note, found: { start: number; end: number }[], span: Note['spans'][number]): boolean {
  for (let i = span.start; i < span.end; i++) {
    if (/[\s\u200b-\u200f\u202a-\u202e\u2060\ufeff]/.test(note.text[i]!)) continue;
    if (!found.some((e) => e.start <= i && i < e.end)) return false;
  }
  return true;
}

describe('independent de-identification notes', () => {
  const results = notes.map((note) => ({ note, found: deidentify(note.text).entities }));

  it('removes at least 90% of the identifiers and keeps at least 97% of the clinical strings', () => {
    const spans = results.flatMap(({ note, found }) => note.spans.map((s) => caught(note, found, s)));
    const keeps = results.flatMap(({ note, found }) =>
      note.keep.map((k) => {
        const at = note.text.indexOf(k);
        return at < 0 || !found.some((e) => e.start < at + k.length && e.end > at);
      }),
    );
    expect(spans.length).toBe(288);
    expect(spans.filter(Boolean).length / spans.length).toBeGreaterThanOrEqual(0.9);
    expect(keeps.filter(Boolean).length / keeps.length).toBeGreaterThanOrEqual(0.97);
  });

  it.each([
    ['international phone numbers', 'PHONE'],
    ['fax numbers', 'FAX'],
    ['dates', 'DATE'],
    ['licences', 'LICENSE'],
  ])('catches every one of its %s', (_label, type) => {
    for (const { note, found } of results) for (const s of note.spans.filter((x) => x.type === type)) expect(caught(note, found, s), `${note.id}: ${s.text}`).toBe(true);
  });
});
