import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLINICAL_PHRASES, evaluateClinicalSurvival, evaluateDeid } from '../../src/eval/safety-eval.js';
import { DEID_CACHE_SETTINGS, deidentify, redactionCounts } from '../../src/safety/deid.js';
import { loadSyntheaPatients, renderNotes } from '../../src/eval/synthea-notes.js';
import { DEFAULT_FIXTURES_DIR } from '../../src/eval/safety-eval.js';

describe('de-identification on notes rendered from the Synthea fixtures', () => {
  const evaluation = evaluateDeid();

  it('reads 25 patients (15 C-CDA + 10 FHIR) and renders notes with exact ground truth', () => {
    const patients = loadSyntheaPatients(DEFAULT_FIXTURES_DIR);
    expect(patients.length).toBe(25);
    expect(patients.every((p) => p.given.length > 0 && p.family && p.street && p.city && p.birthDate.year > 1900)).toBe(
      true,
    );
    const notes = renderNotes(patients.slice(0, 2));
    for (const note of notes)
      for (const e of note.entities) expect(note.text.slice(e.start, e.end).trim().length).toBeGreaterThan(0);
    expect(evaluation.notes).toBeGreaterThanOrEqual(200);
  });

  it('finds every identifier type with high recall', () => {
    for (const row of evaluation.rows) expect(row.recall, row.type).toBeGreaterThanOrEqual(0.99);
    const all = evaluation.rows.find((r) => r.type === 'ALL')!;
    expect(all.recall).toBeGreaterThanOrEqual(0.99);
  });

  it('redacts little that is not an identifier', () => {
    const all = evaluation.rows.find((r) => r.type === 'ALL')!;
    expect(all.precision).toBeGreaterThanOrEqual(0.98);
  });
});

describe('clinical facts survive', () => {
  it('keeps every clinical phrase of the check list unchanged', () => {
    const result = evaluateClinicalSurvival();
    expect(result.altered).toEqual([]);
    expect(result.phrases).toBe(CLINICAL_PHRASES.length);
  });

  it('keeps the case while removing the identifiers around it', () => {
    const text =
      'Mr. Hodkiewicz, 67M (DOB 03/14/1958), MRN 44812093, T2DM, A1c 8.4, BP 150/95, eGFR 38, HR 110, SpO2 88%, on metformin 1000 mg BID.';
    const { text: out, entities } = deidentify(text);
    expect(out).toBe(
      'Mr. [NAME], 67M (DOB [DATE]), MRN [MRN], T2DM, A1c 8.4, BP 150/95, eGFR 38, HR 110, SpO2 88%, on metformin 1000 mg BID.',
    );
    expect(redactionCounts(entities)).toEqual([
      { type: 'NAME', count: 1 },
      { type: 'DATE', count: 1 },
      { type: 'MRN', count: 1 },
    ]);
  });
});

describe('identifier formats', () => {
  const cases: [string, string][] = [
    ['DOB 03/14/1962', 'DOB [DATE]'],
    ['born March 14, 1962', 'born [DATE]'],
    ['seen 2024-05-06 in clinic', 'seen [DATE] in clinic'],
    ['call (555) 123-4567 or 555.123.4567', 'call [PHONE] or [PHONE]'],
    ['fax: 555-222-3333', 'fax: [FAX]'],
    ['MRN: 12345678', 'MRN: [MRN]'],
    ['SSN 999-12-3456', 'SSN [SSN]'],
    ['email jane.doe@example.org today', 'email [EMAIL] today'],
    ['portal https://mychart.example.org/x?id=4', 'portal [URL]'],
    ['from 10.20.30.40', 'from [IP]'],
    ['a 94-year-old woman', 'a [AGE over 89]-year-old woman'],
    ['an 89-year-old man', 'an 89-year-old man'],
    ["she's 93 and lives alone", "she's [AGE over 89] and lives alone"],
    ["she's 95% sure", "she's 95% sure"],
    ['NHI ZAC1234 on file', 'NHI [ID] on file'],
    ['call 01 808 5000 or (02) 9691 3636', 'call [PHONE] or [PHONE]'],
    ['Address: Flat 2/1, 17 Byres Road, Glasgow G12 8TT', 'Address: [ADDRESS]'],
    ['lives at 12 Elm Street, Springfield, IL 62704', 'lives at [ADDRESS]'],
    ['VIN 1HGCM82633A004352', 'VIN [VEHICLE]'],
    ["Driver's license S12345678", "Driver's license [LICENSE]"],
    ['pacemaker serial number ABX123456', 'pacemaker serial number [DEVICE]'],
    ['Medicaid ID 1EG4TE5MK73', 'Medicaid ID [HEALTH_PLAN]'],
    ['account # 4432199', 'account # [ACCOUNT]'],
    ['saw mr becker today; becker says his wife Linda helps', 'saw mr [NAME] today; [NAME] says his wife [NAME] helps'],
    ['BECKER, ARLEN seen today', '[NAME] seen today'],
    ['Thanks,\nJane Smith, MD', 'Thanks,\n[NAME], MD'],
    ['Otelia Hodkiewicz is a 45 yo F with HTN', '[NAME] is a 45 yo F with HTN'],
    ["Parkinson disease and Cushing's syndrome", "Parkinson disease and Cushing's syndrome"],
    // Towns of the gazetteer after a place preposition; not an eponym, not an English word.
    ['her brother moved near Tacoma last spring', 'her brother moved near [CITY] last spring'],
    // Boston is in the full English list (a card game), not among the common words.
    ['flew home to Boston on Sunday', 'flew home to [CITY] on Sunday'],
    ['in Wilson disease and in Mobile homes', 'in Wilson disease and in Mobile homes'],
    // An initial and a surname before a role in parentheses or a credential; "Vander" is a surname particle.
    [
      'handed over to T. Brennan (Charge Nurse) at shift change',
      'handed over to [NAME] (Charge Nurse) at shift change',
    ],
    ['paged S. VanderWal RN twice', 'paged [NAME] RN twice'],
    // A place's name before the unit it has; not a unit's qualifier.
    ['brought by EMS to Harborview West ED overnight', 'brought by EMS to [LOCATION] ED overnight'],
    ['sent down to Peds ED for fluids', 'sent down to Peds ED for fluids'],
    // An employer or a school after its field's label, with its company suffix.
    ['Employer: Okonkwo Cold Storage LLC\nShift: nights', 'Employer: [LOCATION]\nShift: nights'],
    ['School: Whitmore Elementary\nGrade: 3', 'School: [LOCATION]\nGrade: 3'],
    // A title decides even when a code that looks like a product strength follows (a property-test counterexample).
    ['Mr. Hodkiewicz Z9 called', 'Mr. [NAME] Z9 called'],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(deidentify(input).text).toBe(expected);
  });
});

describe('robustness (property-based)', () => {
  const identifiers = fc.constantFrom(
    '555-867-5309',
    '(617) 555-0134',
    'jdoe42@example.com',
    '999-45-6789',
    '03/14/1962',
    'March 14, 1962',
    'MRN 88442211',
    '192.168.10.1',
    'https://example.org/p/123',
    'Mr. Hodkiewicz',
  );
  const filler = fc.string({
    maxLength: 60,
    unit: fc.constantFrom('a', 'b', ' ', '.', ',', '\n', '\t', '\u0000', '\u001b', 'Z', '9', '-', '/', ':', 'é', '🙂'),
  });

  it('never leaves an inserted identifier visible', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, identifiers), { minLength: 1, maxLength: 6 }), filler, (parts, tail) => {
        const text = parts.map(([f, id]) => `${f} ${id} `).join('') + tail;
        const out = deidentify(text).text;
        for (const [, id] of parts) {
          const secret = id.replace(/^(?:MRN|Mr\.) /, '');
          expect(out.includes(secret)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns consistent offsets for arbitrary input, including control characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const { text: out, entities } = deidentify(text);
        let last = 0;
        for (const e of entities) {
          expect(e.start).toBeGreaterThanOrEqual(last);
          expect(e.end).toBeGreaterThan(e.start);
          expect(e.end).toBeLessThanOrEqual(text.length);
          last = e.end;
        }
        expect(typeof out).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('handles very large and adversarial inputs without catastrophic backtracking', () => {
    const inputs = [
      'a'.repeat(200_000),
      '1'.repeat(200_000),
      '1-'.repeat(100_000),
      'Aaaa '.repeat(40_000),
      'x@'.repeat(100_000),
      '1/'.repeat(100_000),
      ('Mr. ' + 'A'.repeat(50) + ' ').repeat(2_000),
      ':'.repeat(100_000) + 'a',
      ('12 Aaaa '.repeat(5) + '\n').repeat(5_000),
    ];
    for (const input of inputs) {
      const result = deidentify(input);
      expect(result.entities.every((e) => e.end <= input.length)).toBe(true);
    }
  });
});

describe('names that open a sentence with no other cue (names absent from the Synthea fixtures)', () => {
  const redacted = (text: string) => deidentify(text).text;

  it('takes a sentence-initial word followed by a verb only a person does for a name, even when it is an English word', () => {
    expect(redacted('Pike asks whether to stop aspirin before surgery.')).toBe(
      '[NAME] asks whether to stop aspirin before surgery.',
    );
    expect(redacted('Sparrow denies chest pain. BP 150/95.')).toBe('[NAME] denies chest pain. BP 150/95.');
    expect(redacted('Moss prefers oral therapy.')).toBe('[NAME] prefers oral therapy.');
    expect(redacted('67M with T2DM. Quill smokes 1 ppd.')).toBe('67M with T2DM. [NAME] smokes 1 ppd.');
  });

  it('takes a known given name or surname followed by any subject verb for a name', () => {
    expect(redacted('Gus has a pacemaker.')).toBe('[NAME] has a pacemaker.');
    expect(redacted('Hodges was admitted last week.')).toBe('[NAME] was admitted last week.');
    expect(redacted('Lew is on apixaban. Wes Thorne is his son.')).toBe('[NAME] is on apixaban. [NAME] is his son.');
    expect(redacted('Follow-up with Stan Thorne in clinic.')).toBe('Follow-up with [NAME] in clinic.');
  });

  it('keeps sentences that merely start with an ordinary or clinical word', () => {
    const kept = [
      'Laboratory reports show a low sodium.',
      'Dawn was uneventful, no desaturation.',
      'Hope is low for recovery of function.',
      'Nobody smokes at home.',
      'Staff reports agitation at night.',
      'Will start metformin. May return in 2 weeks. Mark the site.',
      'Grace period of 30 days before the next refill.',
      'Compliance was poor. Nutrition is adequate.',
      'Diet is poor and mood is low.',
      'Surgery wants a CT. Pharmacy says it is on backorder. Hospice agrees.',
      'Biopsy returned benign. Pulm states COPD. Endo wants A1c.',
      'Interpreter states she understands. Triage reports chest pain.',
    ];
    for (const text of kept) expect(deidentify(text).entities, text).toEqual([]);
  });
});

describe('placeholders from an earlier pass', () => {
  it('are neither a "name:" label nor a title\'s name, so de-identifying twice changes nothing', () => {
    for (const text of [
      'Aaaa{ SSN 100-10-1000 Aaaa{',
      'dr AA call 201-200-1000 dr AA',
      'MR B" SSN 100-10-1000 MR B"',
      'Pike asks; name: Jo Smith, MRN 44812093',
    ]) {
      const once = deidentify(text).text;
      expect(deidentify(once).text, text).toBe(once);
    }
  });
});

describe('recent results are reused', () => {
  const note =
    'Pt John Smith, MRN 4829173, DOB 3/14/1958, seen at Mercy Clinic, 12 Elm St, Boston MA 02118; call (617) 555-0134. ' +
    '67M with CKD 3b, eGFR 38, A1c 8.4 on metformin; daughter Faith says he has been more tired since Tuesday.';

  it('gives the same result again, as a copy the caller may change, and the same with the cache off', () => {
    const first = deidentify(note);
    first.entities.length = 0;
    const again = deidentify(note);
    expect(again.entities.length).toBeGreaterThan(5);
    expect(again.text).not.toMatch(/Smith|4829173|Mercy|555-0134/);
    const entries = DEID_CACHE_SETTINGS.entries;
    DEID_CACHE_SETTINGS.entries = 0;
    try {
      expect(deidentify(note)).toEqual(again);
    } finally {
      DEID_CACHE_SETTINGS.entries = entries;
    }
  });
});
