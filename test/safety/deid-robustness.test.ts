// The de-identifier on input it was not fitted to: the misses and over-redactions reported on sealed notes (issue 13),
// written as a clinician or an attacker would type them.
import { describe, expect, it } from 'vitest';
import { deidentify } from '../../src/safety/deid.js';
import { mapSpan, normaliseForDetection } from '../../src/safety/normalize.js';

/** The identifier must be gone from the output, and the rest of the message (the clinical part) must stay. */
function expectRedacted(text: string, identifiers: string[], kept: string[] = []) {
  const out = deidentify(text).text;
  for (const id of identifiers) expect(out, `${id} should be redacted in: ${out}`).not.toContain(id);
  for (const k of kept) expect(out, `${k} should survive in: ${out}`).toContain(k);
}

describe('names in every order and case', () => {
  it.each([
    [
      'EHR banner order "Last, First |"',
      'Sanford, Augustus | MRN 44439282 | DOB 03/04/1951',
      ['Sanford', 'Augustus'],
      [],
    ],
    ['ALL-CAPS LAST, FIRST', 'OKAFOR, CHIDINMA  72F  admitted for CHF', ['OKAFOR', 'CHIDINMA'], ['72F', 'CHF']],
    ['Last, First M.', 'Becker, Arlen A. seen today for HTN', ['Becker', 'Arlen'], ['HTN']],
    [
      'lower case first last',
      'pt arlen becker 67M with ckd, ok to start jardiance?',
      ['arlen', 'becker'],
      ['67M', 'jardiance'],
    ],
    ['hyphenated surname', 'Ms. Nguyen-Hart, 48F, on apixaban', ['Nguyen-Hart'], ['48F', 'apixaban']],
    [
      'hyphenated surname without a title',
      'Chidinma Okafor-Bello 54F with CKD 3b',
      ['Okafor-Bello', 'Chidinma'],
      ['54F', 'CKD 3b'],
    ],
    ['apostrophe surname', "Mrs. O'Connor called back about her INR", ["O'Connor"], ['INR']],
    [
      'an eponym as a surname, with a title',
      'Mr. Parkinson is a 71-year-old with COPD',
      ['Parkinson'],
      ['71-year-old', 'COPD'],
    ],
    ['a relative named in passing', 'his wife Maria called to ask about the dose', ['Maria'], ['his wife']],
    ['a provider named in passing', 'discussed with Dr. Steuber from cardiology', ['Steuber'], ['cardiology']],
    ['police officer with a rank', 'Police notified (Sgt. Grant); pt left AMA', ['Grant'], ['AMA']],
    ['initials before age and sex', 'CR (59 yo M) seen today, hx Bell palsy', ['CR'], ['59 yo M', 'Bell palsy']],
    [
      'HL7 name components',
      'PID|1||3277911^^^HOSP^MR||OMALLEY^SEAN^P||20090806|M',
      ['OMALLEY', 'SEAN', '3277911', '20090806'],
      [],
    ],
    ['census-list row', '1. Parkinson  389A  MRN 001056999  24M  GERD', ['Parkinson', '001056999'], ['24M', 'GERD']],
    [
      'self-introduction in lower case',
      'hello this is patience young, pls update my chart',
      ['patience young'],
      ['update my chart'],
    ],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));
});

describe('addresses and places', () => {
  it.each([
    [
      'street suffix outside the short list',
      'Lives at 803 Lakin Approach, Pembroke MA 02165',
      ['803 Lakin Approach', 'Pembroke', '02165'],
      [],
    ],
    [
      'City ST ZIP without a comma, on its own line',
      '803 Lakin Approach\nPembroke MA 02165-1234',
      ['Lakin Approach', 'Pembroke', '02165-1234'],
      [],
    ],
    [
      'unit form and ZIP+4',
      '12 Old Mill Spur Apt 4B, Worcester, MA 01606-3321',
      ['12 Old Mill Spur', '4B', 'Worcester', '01606-3321'],
      [],
    ],
    ['USPS suffix (Appendix C1)', 'home: 41 Harbor Causeway, Salem, MA 01970', ['41 Harbor Causeway', 'Salem'], []],
    [
      'facility names',
      'transferred from Mercy Clinic to Sturdy Memorial Hospital',
      ['Mercy Clinic', 'Sturdy Memorial'],
      ['transferred'],
    ],
    ['upper-case facility', 'STURDY MEMORIAL HOSPITAL ED census', ['STURDY MEMORIAL'], ['ED census']],
    ['a practice', 'follow up at Brookline Pediatrics next week', ['Brookline'], ['next week']],
    [
      'town after the street line',
      'Pharmacy: Walgreens, 1440 Orchard Blvd, Worcester; 508-555-0110',
      ['1440 Orchard Blvd', 'Worcester', '508-555-0110'],
      [],
    ],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('keeps a department clinic and a generic hospital phrase', () => {
    expectRedacted(
      'refer to the Anticoagulation Clinic; discharged from General Hospital care',
      [],
      ['Anticoagulation Clinic'],
    );
  });
});

describe('a fever and a drug are not an age and a name', () => {
  it('keeps a fever in Fahrenheit and a substance after a quantity word, and still removes the real ones', () => {
    const out = deidentify('took some molly at a rave, now temp 104F and rigid').text;
    expect(out).toContain('molly');
    expect(out).toContain('104F');
    expect(deidentify('febrile to 103F overnight').text).toContain('103F');
    expect(deidentify('Mrs K, 101F, lives alone').text).not.toContain('101');
    expect(deidentify('pt 94F with fever').text).not.toContain('94');
    expect(deidentify('saw molly yesterday about her inhaler').text).not.toContain('molly');
  });
});

describe('IP addresses in every notation', () => {
  it.each([
    ['IPv4 with a port', 'Portal login from 10.0.0.5:8080 flagged', '10.0.0.5'],
    ['IPv4 with leading zeros', 'IP 010.001.002.003 noted', '010.001.002.003'],
    ['IPv4 with a prefix length', 'ip addr 172.16.254.1/24', '172.16.254.1'],
    ['compressed IPv6', 'logged in from 2001:db8::ff00:42:8329 yesterday', '2001:db8::ff00:42:8329'],
    ['IPv6 with a zone id', 'client fe80::1%eth0 seen', 'fe80::1'],
    ['IPv4-mapped IPv6', 'device ::ffff:192.0.2.128 connected', '192.0.2.128'],
    ['bracketed IPv6 with a port', 'address [2001:db8::1]:443 used', '2001:db8::1'],
    ['upper-case IPv6', 'IP address: 2001:DB8:85A3::8A2E:370:7334', '2001:DB8:85A3::8A2E:370:7334'],
  ])('%s', (_label, text, ip) => expectRedacted(text, [ip]));

  it('leaves times, ratios and version-like numbers that are not addresses', () => {
    const out = deidentify('BP 130/80 at 10:30:45, INR 2.5, FiO2 0.4, metoprolol 12.5 mg').text;
    expect(out).toContain('10:30:45');
    expect(out).toContain('12.5 mg');
  });
});

describe('drug brands, eponyms and clinical words are never taken for names', () => {
  it.each([
    'is Procrit 10,000 units weekly ok with eGFR 25?',
    'switching from Aranesp to Procrit, thoughts?',
    'Amitiza vs Linzess for IBS-C in a 60F?',
    'Stiolto Respimat 2 puffs daily not enough, add ICS?',
    'Qsymia for a BMI 38 with HTN?',
    'is he a candidate for Kerendia given eGFR 30?',
    'she is on Dayvigo and still not sleeping',
    'can I give Arexvy and the flu shot together?',
    'Ortho wants to hold apixaban before the TKA',
    'Healthy 34F, G1P0, asking about Tdap timing',
    'Hx Parkinson disease and Crohn disease, Hodgkin lymphoma in remission, Bell palsy 2019, Down syndrome',
    'Glasgow Coma Scale 14, Apgar 8/9 at birth; Babinski negative, Romberg negative',
    "work-up for Bruton's agammaglobulinemia vs CVID",
  ])('%s', (text) => {
    expect(deidentify(text).entities.filter((e) => e.type !== 'AGE')).toEqual([]);
  });
});

describe('normalisation before detection (attack run)', () => {
  it.each([
    ['MRN in full-width digits', 'MRN \uFF14\uFF14\uFF14\uFF13\uFF19\uFF12\uFF18\uFF12', '\uFF14\uFF14\uFF14\uFF13'],
    ['MRN in Arabic-Indic digits', 'MRN \u0664\u0664\u0664\u0663\u0669\u0662\u0668\u0662', '\u0664\u0664\u0664\u0663'],
    [
      'MRN in Eastern Arabic-Indic digits',
      'MRN# \u06F4\u06F4\u06F4\u06F3\u06F9\u06F2\u06F8\u06F2',
      '\u06F4\u06F4\u06F4\u06F3',
    ],
    ['phone with zero-width spaces', 'call 617\u200B-555\u200B-0199 tonight', '0199'],
    ['phone with zero-width joiners inside the digits', 'cell 6\u200D1\u200D7 555 0199', '0199'],
    ['SSN wrapped in right-to-left marks', 'SSN \u200F123-45-6789\u200F on file', '6789'],
    ['SSN with a right-to-left override', 'SSN \u202E123-45-6789\u202C', '6789'],
    ['a name with a Cyrillic letter', 'pt \u0410rlen Becker 67M has AF', 'rlen'],
    ['a name with a Greek letter', 'Mr. Becker\u03BF saw Dr. Steuber', 'Steuber'],
  ])('%s', (_label, text, fragment) => {
    const out = deidentify(text).text;
    expect(out).not.toContain(fragment);
  });

  it('maps spans found in the normalised copy back to the original offsets', () => {
    const text = 'MRN \uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18 and call 617\u200B-555\u200B-0199';
    const { entities } = deidentify(text);
    const values = entities.map((e) => text.slice(e.start, e.end));
    expect(values).toContain('\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18');
    expect(values).toContain('617\u200B-555\u200B-0199');
  });

  it('normalises NFKC, strips invisible characters and folds digits and look-alike letters', () => {
    const n = normaliseForDetection('\uFF21\u200B\u0661\u0430');
    expect(n.text).toBe('A1a');
    expect(mapSpan(n, 0, 3)).toEqual({ start: 0, end: 4 });
    expect(mapSpan(n, 1, 2)).toEqual({ start: 2, end: 3 });
  });

  it('leaves plain ASCII text as it is', () => {
    const n = normaliseForDetection('Pt 67M, BP 150/95');
    expect(n.changed).toBe(false);
    expect(n.text).toBe('Pt 67M, BP 150/95');
  });
});

describe('numbers damaged by scanning and faxing, and dates read aloud', () => {
  it('repairs the number before detection and redacts the damaged original', () => {
    expectRedacted('DOB O7-O2-1931     MRN OO48 1177', ['O7-O2-1931', 'OO48 1177']);
    expectRedacted('seen 03 / 14 / 2024 by cardiology', ['03 / 14 / 2024'], ['cardiology']);
    expectRedacted('FAX ( 413 ) 555- 0192 today', ['413', '555- 0192'], ['today']);
    expectRedacted('call 413•555•0166 after 5', ['413•555•0166']);
  });

  it('leaves clinical numbers, oxygen and a dash between phrases alone', () => {
    const text = 'BP 140 / 90, pain 4 / 10, 2 - 3 times a day, on 2L O2, CO2 24';
    expect(deidentify(text).text).toBe(text);
    expect(normaliseForDetection('seen 4/1/2023 — 48 hours').text).toBe('seen 4/1/2023 - 48 hours');
  });

  it('reads dictated dates, not the verb "may" or an ordinal of something else', () => {
    expectRedacted('born March third nineteen fifty-two, seen on the twenty-eighth of March', [
      'March third',
      'fifty-two',
      'twenty-eighth of March',
    ]);
    expectRedacted('surgery June the fourteenth', ['June the fourteenth'], ['surgery']);
    const text = 'you may first try ibuprofen; second of five children';
    expect(deidentify(text).text).toBe(text);
  });

  it('keeps a brand before a dosing interval', () => {
    expectRedacted('Dr. Keller said stay on Keytruda q3wk', ['Keller'], ['Keytruda q3wk']);
  });
});

describe('surname-first banners with names no list holds', () => {
  it('takes the surname before a comma and a name found, with or without a space before the comma', () => {
    expectRedacted('Obuya, Wanjiru 54F here for f/u', ['Obuya', 'Wanjiru'], ['54F']);
    expectRedacted('RE :  ADEYEMI , OLUWASEUN  K', ['ADEYEMI', 'OLUWASEUN']);
    expectRedacted('BROWN , LILLIAN M  MRN 1234567', ['BROWN', 'LILLIAN']);
  });

  it('leaves a drug list and a credential after a name alone', () => {
    expectRedacted('Metformin, Jardiance and lisinopril continue', [], ['Metformin', 'Jardiance']);
    expectRedacted('drawn at 03:12 by K. Sorensen, MLS. ok', ['Sorensen'], ['MLS']);
  });
});

describe('ages over 89 told without an age word', () => {
  it('reads a spoken age after "she is", and an age after a name before a dash or in a table cell', () => {
    expectRedacted("she's ninety two and lives alone", ['ninety two'], ['lives alone']);
    expectRedacted('Lê Thị Mai, 97 - family wants hospice', ['97'], ['hospice']);
    expectRedacted('| 412B | Le, Thi Bich Ngoc | 91 | DNR |', ['91', 'Ngoc'], ['DNR']);
  });

  it('leaves percentages alone', () => {
    expectRedacted("she's ninety percent sure", [], ['ninety percent']);
    expectRedacted('Smith, 95% sats on RA', ['Smith'], ['95%']);
  });
});

describe('relatives named after a compounded relation word', () => {
  it('reads great-, step- and -in-law relations as relation cues', () => {
    expectRedacted('Her great-granddaughter Bella visits daily', ['Bella'], ['visits daily']);
    expectRedacted('mother-in-law Ngozi called about the refill', ['Ngozi'], ['refill']);
  });
});

describe('dotted dates in either order', () => {
  it('reads month.day.year as well as day.month.year, and leaves lab values alone', () => {
    expectRedacted('DOS 3.28.24 claim denied', ['3.28.24'], ['claim denied']);
    expectRedacted('seen 23.05.24 in clinic', ['23.05.24'], ['clinic']);
    expectRedacted('K 3.8, Na 138, Cr 1.2. Mg 2.1', [], ['K 3.8', 'Cr 1.2', 'Mg 2.1']);
  });
});

describe('practices and shelters named without a hospital word', () => {
  it('reads "Associates" and "Inn" after a proper or place name as a facility', () => {
    expectRedacted('referred by Pioneer Valley Heart Associates for echo', ['Pioneer Valley'], ['echo']);
    expectRedacted('PIONEER VALLEY HEART ASSOC. fax cover', ['PIONEER VALLEY']);
    expectRedacted('Shelter: Pine Street Inn, bed 12', ['Pine Street']);
  });

  it('leaves a profession, a role and the verb alone', () => {
    expectRedacted('Physician Associates can prescribe', [], ['Physician Associates']);
    expectRedacted('she associates the pain with meals', [], ['associates the pain']);
  });
});

describe('the town a service is in', () => {
  it('reads a town after a service word and "in" or "near"', () => {
    expectRedacted('infusion center in Worcester on Fridays', ['Worcester'], ['infusion center', 'Fridays']);
    expectRedacted('the ED in Framingham sent him home', ['Framingham'], ['sent him home']);
  });

  it('leaves languages, months and times of day alone', () => {
    for (const text of ['a clinic in English and Spanish', 'seen in clinic in March', 'office in the morning'])
      expect(deidentify(text).text).toBe(text);
  });
});
