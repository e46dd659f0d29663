// Mechanisms the seventh independent writer's misses pointed to (session 12), on variants written for these tests.
import { describe, expect, it } from 'vitest';
import { deidentify } from '../../src/safety/deid.js';
import { normaliseForDetection } from '../../src/safety/normalize.js';
import { expectRedacted } from './expect-redacted.js';

describe('letter-spaced and OCR-damaged fax text', () => {
  it('reads a letter-spaced header as words and numbers', () => {
    expect(normaliseForDetection('N A M E :  J o h n   P a r k e r').text).toBe('NAME: John Parker');
    const out = deidentify(
      'P A T I E N T :  D o r o t h y   K l e i n\nD O B :  0 4 / 2 2 / 1 9 3 8   MR#  0 0 7 7 1 2 3 4\nFax: ( 4 1 3 ) 5 5 5 - 0 1 9 9',
    );
    for (const id of ['D o r o t h y', 'K l e i n', '0 4 / 2 2 / 1 9 3 8', '0 0 7 7 1 2 3 4', '5 5 5 - 0 1 9 9'])
      expect(out.text, out.text).not.toContain(id);
  });

  it("drops OCR's space before punctuation and reads a one or zero between lower-case letters as a letter", () => {
    expect(normaliseForDetection('Referring :  Dr .  Moreau ,  Anne').text).toBe('Referring:  Dr.  Moreau,  Anne');
    expect(normaliseForDetection('pt Mi11er, Ro0ney').text).toBe('pt Miller, Rooney');
    // Codes keep their digits: a UUID, a diabetes type, a gene.
    for (const code of ['9e0d-2a7f', 'T1DM', 'BRCA1', 'HbA1c']) expect(normaliseForDetection(code).text).toBe(code);
  });

  it('leaves short letter runs and spaced arithmetic alone', () => {
    for (const text of ['options A B C or D', 'BP 140 / 90, pain 4 / 10', 'grade 2 of 4'])
      expect(deidentify(text).text).toBe(text);
  });
});

describe('tables with a header row', () => {
  it('reads a month/day under a date column as a date, and leaves doses and strength scores alone', () => {
    const medications =
      '| Drug | Dose | Last dose | Plan |\n| warfarin | 5 mg | 3/14 PM | hold |\n| metoprolol | 25 mg | 3/15 | go |';
    expectRedacted(medications, ['3/14', '3/15'], ['5 mg', 'warfarin', 'Last dose']);
    expectRedacted('| Muscle | Strength | Reflex |\n| deltoid | 4/5 | 2+ |', [], ['4/5']);
  });

  it('reads cells under a person heading as names, and keeps the header labels', () => {
    const table = [
      'Bed | Patient | Procedure | Surgeon | Apgar | Notes',
      '1 | FROST, K | Lap appy | Lowell | 9 | ok',
      '2 | PAGE, LIN | ORIF wrist | Kim | 8 | pain 4/10',
    ].join('\n');
    expectRedacted(table, ['FROST', 'PAGE, LIN', 'Lowell', 'Kim'], ['Apgar', 'Procedure', 'Lap appy', 'pain 4/10']);
  });

  it('leaves a table with no person column and a results row alone', () => {
    const text = 'Test | Result | Units\nWBC | 12 | K/uL\nHgb | 9.1 | g/dL';
    expect(deidentify(text).text).toBe(text);
    expect(deidentify('CBC | WBC 12 | Hgb 9.1 | Plt 240').text).toBe('CBC | WBC 12 | Hgb 9.1 | Plt 240');
    // A bare "Name" column beside results names the test, not a person.
    const labs = 'Name | Value | Units | Date\nSodium | 138 | mmol/L | today\nPotassium | 4.1 | mmol/L | today';
    expect(deidentify(labs).text).toBe(labs);
    expectRedacted('Bed | Name | Dx | Plan\n4 | Lowe, K | CHF | diurese', ['Lowe'], ['CHF', 'diurese']);
  });
});

describe('month/day dates with no year', () => {
  it('reads a zero-padded month, a forward range, study events, acute events and a spoken day after "on the"', () => {
    expectRedacted('OR SCHEDULE  04/17\nroom 3', ['04/17']);
    expectRedacted('off work 3/14-3/16, back 3/17 to 3/20', ['3/14', '3/16', '3/17', '3/20']);
    expectRedacted('Consented 2/3, randomized 2/10 to arm B', ['2/3', '2/10'], ['arm B']);
    expectRedacted('R PCA stroke 5/30, NIHSS 4', ['5/30'], ['NIHSS 4']);
    expectRedacted('signout 6/2 from 5 West; admitted the 29th', ['6/2', '29th'], ['5 West']);
    expectRedacted('recheck on the twenty-first with labs', ['twenty-first'], ['with labs']);
  });

  it('leaves fractions, scores and ordinals of other things alone', () => {
    for (const text of [
      'take 1/2-3/4 tab nightly',
      'pain 05/10 at rest',
      'strength 4/5 to 5/5 after PT',
      'on the third day of admission',
      'on the second try she passed',
      'stroke volume 70, EF 55%',
    ])
      expect(deidentify(text).text).toBe(text);
  });
});

describe('surnames that are also words, eponyms or joined particles', () => {
  it('takes the word after a given name that a title, a staff role or "patient" introduces', () => {
    expectRedacted('Discussed with Dr. Helen Parkinson today', ['Helen', 'Parkinson']);
    expectRedacted('handed over to RN Dana Graves at 7', ['Dana', 'Graves']);
    expectRedacted('note on patient Walter Major, 71M', ['Walter', 'Major']);
    expectRedacted('seen by Dr. Omar el-Sayed and Dr. Huda al-Amin', ['Omar', 'el-Sayed', 'Huda', 'al-Amin']);
  });

  it('takes a lower-case word no dictionary knows between a relation and a person verb', () => {
    expectRedacted('wife niamh says he fell twice', ['niamh'], ['fell twice']);
  });

  it('keeps eponyms and the disease after a relation word', () => {
    expectRedacted(
      'patient with Graves disease, mother has Parkinson disease',
      [],
      ['Graves disease', 'Parkinson disease'],
    );
    expectRedacted('RN notes Whipple procedure went well; husband says ok', [], ['Whipple procedure', 'husband says']);
  });
});

describe('chat mentions', () => {
  it('reads an @-mention of a known or unknown name as a person, not a group or a service', () => {
    expectRedacted('@Marisol pls see bed 4; cc @Okonkwo', ['Marisol', 'Okonkwo'], ['bed 4']);
    const text = '@team @everyone @cardiology @oncall @pharmacy, email me at x@y.org';
    expect(deidentify(text).text).toContain('@team @everyone @cardiology @oncall @pharmacy');
  });
});

describe('facilities and towns', () => {
  it('reads imaging centres, post-acute homes by a place name, a state university and health-science networks', () => {
    expectRedacted('prior CT at Eagle Ridge Imaging', ['Eagle Ridge']);
    expectRedacted('from Twin Willows SNF with UTI', ['Twin Willows'], ['UTI']);
    expectRedacted('transfer to University of Kansas Hospital', ['University of Kansas']);
    expectRedacted('referral - Niagara Health Sciences', ['Niagara']);
    expectRedacted('Lives in Cedar Falls, walks daily', ['Cedar Falls'], ['walks daily']);
  });

  it('keeps a department, a need and an imaging department', () => {
    for (const text of [
      'Needs SNF vs home with VNA',
      'Breast Imaging called',
      'Diagnostic Radiology report',
      'the SNF',
    ])
      expect(deidentify(text).text).toBe(text);
  });
});

describe('towns after a street line or a facility', () => {
  it('reads a town and ZIP inside a quoted message, and a British town joined by "upon"', () => {
    expectRedacted('she wrote "new address 12 Elm St #4, Santa Rosa 95401"', ['Santa Rosa', '95401']);
    expectRedacted('Royal Infirmary, Kingston upon Hull\nseen today', ['Kingston upon Hull'], ['seen today']);
  });
});

describe('labelled numbers: study, specimen, health card, plate, local phone', () => {
  it('reads study and specimen numbers, a provincial health card, a plate in groups and a local number after "at"', () => {
    expectRedacted('randomised, subject # HF-2207-11; Case: P23-44190', ['HF-2207-11', 'P23-44190']);
    expectRedacted('HCN 1234-567-890-AB  DOB 1950-01-02', ['1234-567-890-AB']);
    expectRedacted('left in car rego XY 34 ZQ', ['XY 34 ZQ']);
    expectRedacted('son Ray at 727-0186 anytime', ['727-0186'], ['anytime']);
  });

  it('leaves a case summary, clock and dose ranges and small numbers alone', () => {
    for (const text of ['Case: 67M with chest pain', 'seen at 930-1030 today', 'titrate at 250-1000 mg', 'reg 2 of 4'])
      expect(deidentify(text).text).toBe(text);
  });
});

describe('organisations by their label, branch or unit', () => {
  it("reads an agency's name after its label, a pharmacy's branch and a hospital before its unit", () => {
    expectRedacted('Agency: Bright Horizons Home Care, visits M/W/F', ['Bright Horizons']);
    expectRedacted('Meijer Pharmacy Kalamazoo called; Pharmacy: Rite Aid Brockton', ['Kalamazoo', 'Brockton']);
    expectRedacted('Kapiolani NICU accepted', ['Kapiolani'], ['NICU accepted']);
  });

  it('keeps a chain, a service and a unit named by its kind', () => {
    for (const text of [
      'CVS Pharmacy called',
      'Pharmacy: Stop & Shop Pharmacy',
      'would benefit from Home Care',
      'Neuro ICU bed',
      'Peds ED',
    ])
      expect(deidentify(text).text).toBe(text);
  });
});

describe('scales named for two authors, and people named beside a role', () => {
  it('keeps a hyphenated eponym pair before its score, and takes a double-barrelled surname with a title or age', () => {
    expectRedacted(
      'hirsutism, Ferriman-Gallwey 16; knee Kellgren-Lawrence 3',
      [],
      ['Ferriman-Gallwey 16', 'Kellgren-Lawrence 3'],
    );
    expectRedacted('Mrs. Smith-Jones 45 seen', ['Smith-Jones']);
  });

  it('takes a surname before a role in parentheses, and keeps a brand before its generic', () => {
    expectRedacted('reimbursed through Carla Redcloud (coordinator)', ['Carla', 'Redcloud'], ['coordinator']);
    expectRedacted('started Xarelto (rivaroxaban) and Jardiance (empagliflozin)', [], ['Xarelto', 'Jardiance']);
    // A product after an English word and a parenthesis is still no name (guideline text).
    expectRedacted('reviewed abstracts using an online platform (Abstrackr) against criteria', [], ['Abstrackr']);
  });
});
