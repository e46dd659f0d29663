// Notes written fresh for the de-identifier in styles and formats the dev set's tuning half does not show (lower-case
// chat, Slavic and particle surnames, phone and date spellings, plan and licence labels, facility names). Each case failed
// before the change that fixed its mechanism (issue 13, de-id part); they stay as regression tests.
import { describe, expect, it } from 'vitest';
import { deidentify } from '../../src/safety/deid.js';
import { expectRedacted } from './expect-redacted.js';

type Case = [label: string, text: string, identifiers: string[], kept: string[]];

describe('lower-case names in chat', () => {
  it.each<Case>([
    [
      'a given name no dictionary knows',
      'seeing jaquelyn today, 34 yo G2P1, bp 150/100',
      ['jaquelyn'],
      ['34 yo G2P1', 'bp 150/100'],
    ],
    ['a possessive', "fyi shemika's mom called again, says she's still febrile", ['shemika'], ['febrile']],
    [
      'given name and a surname that is also an eponym',
      'patient lavina reichert needs a refill of lisinopril',
      ['lavina', 'reichert'],
      ['lisinopril'],
    ],
    [
      'given name and an unlisted surname',
      'hey - marcelino bode 67m w/ copd exac, on pred 40',
      ['marcelino', 'bode'],
      ['67m', 'copd exac', 'pred 40'],
    ],
    ['as a sentence subject', 'ok so gertrude has had 3 falls this month', ['gertrude'], ['3 falls']],
    [
      'at the end of a request',
      'dr gulgowski wants a renal consult for wilber',
      ['gulgowski', 'wilber'],
      ['renal consult'],
    ],
    ['a possessive before a lab', "eliseo's a1c is 9.1, what next?", ['eliseo'], ['a1c is 9.1']],
    ['in parentheses after a relation', 'daughter (lakisha) at bedside', ['lakisha'], ['daughter', 'at bedside']],
    ['after a bed number', "can u check on bed 4, thurman? he's agitated", ['thurman'], ['bed 4', 'agitated']],
    ['a relative after a title', 'mr. wunsch and his wife jeanie came in today', ['wunsch', 'jeanie'], ['his wife']],
    ['a dosing question', "can you help with dosing for elvira, she's 80 and on warfarin", ['elvira'], ['warfarin']],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('keeps lower-case clinical shorthand and three-letter words', () => {
    const text = 'pls check min dose, abx per id, ok to start apixaban? tia vs migraine, cr 1.4, f/u 2 wks';
    expect(deidentify(text).entities).toEqual([]);
  });
});

describe('surnames that only look medical by their ending', () => {
  it.each<Case>([
    [
      '-ic after a title without a period',
      'Mrs Adelina Kuhic re: refill of Eliquis',
      ['Adelina', 'Kuhic'],
      ['Eliquis'],
    ],
    ['-ic after a title', 'Mr. Predovic is a 60 yo with afib', ['Predovic'], ['60 yo', 'afib']],
    ['-ic in an upper-case banner', 'MACEJKOVIC, TONY  55M  pneumonia', ['MACEJKOVIC', 'TONY'], ['55M', 'pneumonia']],
    [
      '-ic after a given name',
      'Lorenzo Macejkovic presents with chest pain',
      ['Lorenzo', 'Macejkovic'],
      ['chest pain'],
    ],
    ['a particle joined to the surname', 'Pt Dominique DuBuque, 70F', ['Dominique', 'DuBuque'], ['70F']],
    [
      'a nickname in quotes after its label',
      'Nickname "Bubba", real name Alfonzo Heathcote',
      ['Bubba', 'Alfonzo', 'Heathcote'],
      [],
    ],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('still keeps medical words with those endings', () => {
    const text = 'Hx of a hypertensive crisis; Hemolytic anemia; Dr. Smith suspects Addisonian crisis on Tuesday';
    const out = deidentify(text).text;
    expect(out).toContain('hypertensive crisis');
    expect(out).toContain('Hemolytic anemia');
    expect(out).toContain('Addisonian crisis');
  });
});

describe('phone numbers with looser separators (North American numbering plan)', () => {
  it.each<Case>([
    ['no separator after the area code', 'Best # (617)5550199', ['(617)5550199'], ['Best #']],
    ['a space, then seven digits', 'home ph: 617 5550142', ['617 5550142'], []],
    ['a slash after the area code', 'reach her at 617/555-0142', ['617/555-0142'], []],
    ['spaces around the dash', 'Tel (617) 555 - 0142', ['(617) 555 - 0142'], []],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('leaves blood pressures, doses and counts that are not phone numbers', () => {
    const text = 'BP 150/100 HR 88, plt 150 000, NDC 0002-1433-80, 120/180 1000 mL over 2 h';
    expect(deidentify(text).entities.filter((e) => e.type === 'PHONE')).toEqual([]);
  });
});

describe('dates in more written forms', () => {
  it.each<Case>([
    ['a day name before month/day', 'visit on Thurs 3/14, then Tuesday 3/5 at 14:00', ['3/14', '3/5'], ['14:00']],
    ['scheduled for month/day', 'surgery scheduled for 03/14', ['03/14'], ['surgery']],
    ['compact YYYYMMDD after a label', 'DOS 20240314', ['20240314'], ['DOS']],
    ['"March the 14th"', 'date of injury: March the 14th', ['March the 14th'], []],
    ['a two-digit year after an apostrophe', "since early March '24; last seen Mar '23", ["March '24", "Mar '23"], []],
    ['a day of the month on its own', 'admitted on the 3rd.', ['3rd'], ['admitted']],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('keeps ordinals that count things', () => {
    const out = deidentify('on the 3rd day of abx, by the 2nd dose, on the 4th of the 6 cycles').text;
    expect(out).toContain('3rd day');
    expect(out).toContain('2nd dose');
    expect(out).toContain('4th of the 6 cycles');
  });
});

describe('plan, licence and card numbers with other labels', () => {
  it.each<Case>([
    [
      'a bare ID label on an insurance line',
      'Ins: BCBS MA  ID XYZ123456789  Grp 12345',
      ['XYZ123456789', '12345'],
      ['BCBS'],
    ],
    ['digit groups printed apart', 'Insurance ID # WX 9923 4410', ['9923 4410'], []],
    ['an issuer prefix before the groups', 'Subscriber #: ZGP 448 20193 (Harvard Pilgrim)', ['448 20193'], []],
    ['a board abbreviation before the number', 'Board cert # ABIM 123456', ['123456'], []],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('does not take a dose after a plan number', () => {
    const out = deidentify('member ID 88441122 on metformin 500 1000 mg').text;
    expect(out).not.toContain('88441122');
    expect(out).toContain('1000 mg');
  });
});

describe('nicknames, initials and newborn labels', () => {
  it.each<Case>([
    [
      'a nickname in parentheses after a surname that is an English word',
      'Frank (prefers Skip) 44 yo — fever',
      ['Frank', 'Skip'],
      ['44 yo', 'fever'],
    ],
    ['a nickname the medical dictionary lists', 'Tremblay (prefers Chip) 4 yo — fever', ['Tremblay', 'Chip'], ['4 yo']],
    [
      '"goes by" a dictionary word',
      'saw Jean-Luc Tremblay today — goes by Chip, age 22.',
      ['Jean-Luc', 'Tremblay', 'Chip'],
      ['age 22'],
    ],
    ['a legal name in parentheses', 'Rusty (legal name Russell Hale), 40M', ['Rusty', 'Russell', 'Hale'], ['40M']],
    ['quoted after "goes by"', "pt goes by 'Dot'", ['Dot'], []],
    [
      'an initial the note vocabulary lists',
      'call back (978) 902-4831 x2907 re K. Bell 13 y/o s/p fall, PEWS 2',
      ['K. Bell', '(978) 902-4831 x2907'],
      ['13 y/o', 'PEWS 2'],
    ],
    ['surname, comma, initial before an age', 're Hale, T 13 y/o', ['Hale'], ['13 y/o']],
    ['a newborn registered as Baby Boy', 're Baby Boy Hale 2 days old', ['Hale'], ['2 days old']],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('keeps what a disease or preference is called', () => {
    for (const text of [
      'hemoglobin known as HgbS. This mutation',
      'a disorder known as Crohn disease',
      'she prefers Spanish and prefers Ensure shakes',
      'Vitamin K. Bell palsy on the left',
    ]) {
      expect(deidentify(text).entities, text).toEqual([]);
    }
  });
});

describe('towns named by an event or an origin', () => {
  it.each<Case>([
    [
      'a town that is also a medical word',
      'EMS report: 24M pedestrian struck, MVC in Framingham, ~47 mph.',
      ['Framingham'],
      ['24M', '~47 mph'],
    ],
    ['a town that is an English word', 'restrained driver, MVC in Reading, GCS 15', ['Reading'], ['GCS 15']],
    ['an eponym town', 'pt from Barre, 54M with chest pain', ['Barre'], ['54M', 'chest pain']],
    ['a two-word town', 'crash near Oak Bluffs.', ['Oak Bluffs'], []],
    ['a day after the town stays', 'MVC in Boston Saturday night', ['Boston'], ['Saturday night']],
    ['visiting from', 'visiting from Peabody for the holidays', ['Peabody'], ['holidays']],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('keeps places that are not towns', () => {
    for (const text of [
      'fall in the bathroom at 3 am',
      'pt from ED, 54M',
      'Patient is from Mexico',
      'incident in ICU overnight',
    ]) {
      expect(
        deidentify(text).entities.filter((e) => e.type === 'CITY'),
        text,
      ).toEqual([]);
    }
  });
});

describe('facility names of organisations', () => {
  it.each<Case>([
    [
      'a clinical word leading an organisation head',
      'Lab Results — Total Health Care',
      ['Total Health Care'],
      ['Lab Results'],
    ],
    ['an alliance', 'f/u at Cambridge Health Alliance', ['Cambridge Health Alliance'], []],
    ['health services, Inc', 'records from Harbor Health Services Inc', ['Harbor Health Services'], []],
    [
      '"of" a town after the head',
      'Family Health Center of Worcester, Inc. called',
      ['Family Health Center of Worcester'],
      ['called'],
    ],
    ['abbreviated head', 'Mercy Med Ctr ED', ['Mercy Med Ctr'], ['ED']],
    ['a town after a dash', 'MetroWest Medical Center - Framingham', ['MetroWest Medical Center', 'Framingham'], []],
    ['a town after a comma, before the state', 'Emerson Hospital, Concord MA', ['Emerson Hospital', 'Concord'], []],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('keeps departments, generic services and research funders', () => {
    for (const text of [
      'refer to the Mental Health Center and the Anticoagulation Clinic',
      'Behavioral Health Services will call',
      'Source of funding: Southeast Institute for Advanced Lung Studies',
      'seen in Cardiology Clinic, Dept of Medicine',
    ]) {
      expect(
        deidentify(text).entities.filter((e) => e.type === 'LOCATION' || e.type === 'CITY'),
        text,
      ).toEqual([]);
    }
  });
});

describe('month/day after a medication change or a report', () => {
  it.each<Case>([
    [
      'after a dose with a decimal',
      'Started Ozempic 0.5 mg 12/14. Best # for her is 617-555-0142.',
      ['12/14', '617-555-0142'],
      ['Ozempic 0.5 mg'],
    ],
    ['after a weight-based dose and frequency', 'Started Motrin 10 mg/kg q6h 7/18.', ['7/18'], ['10 mg/kg q6h']],
    ['after puffs and a frequency', 'Started Flovent HFA 44 mcg 2 puffs BID 3/7.', ['3/7'], ['2 puffs BID']],
    ['after a report label', 'EMS report 6/27: 24M pedestrian struck', ['6/27'], ['24M']],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('keeps fractions of doses and ratios', () => {
    for (const text of [
      'started 1/2 tab of metoprolol',
      'started at 2/3 of the dose.',
      'increased to 1/2 tablet',
      'stopped lisinopril, BP 120/80.',
    ]) {
      expect(deidentify(text).entities, text).toEqual([]);
    }
  });
});

describe('lower-case surname first and English-word given names', () => {
  it.each<Case>([
    [
      'lower-case "last, first" at the start of a line',
      'schowalter, raymond - 54 yo w/ copd',
      ['schowalter', 'raymond'],
      ['54 yo', 'copd'],
    ],
    [
      'an English-word given name before a Census surname',
      "can you look at rich cronin's labs? k 5.9",
      ['rich', 'cronin'],
      ['k 5.9'],
    ],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('keeps lower-case English words that are also names', () => {
    for (const text of [
      'may need pt eval, will recheck bmp',
      'rich diet, dawn phenomenon',
      'gay marriage, lives w/ partner',
    ]) {
      expect(deidentify(text).entities, text).toEqual([]);
    }
  });
});

describe('a payer name right before a member number that starts with letters', () => {
  it.each<Case>([
    ['Aetna', 'Aetna W123456789', ['W123456789'], ['Aetna']],
    ['BCBS', 'BCBS XXP123456789 active', ['XXP123456789'], ['active']],
    ['after a label', 'Ins: Fallon Health mbr F89350372', ['F89350372'], []],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));
});

describe('initials, apostrophe surnames, nicknames in quotes, ages after names, weekdays, care homes', () => {
  it.each<Case>([
    ['an initial after a title', 'GP: Dr A. Fraser, tel to follow', ['A', 'Fraser'], ['GP']],
    ['an initial after a role acronym', 'Clopixol depot. AMHP T. Ibekwe.', ['T', 'Ibekwe'], ['AMHP']],
    [
      'an apostrophe surname the Census spells without it',
      "Workers comp: Lachlan O'Brien, claim to follow",
      ["O'Brien", 'Lachlan'],
      [],
    ],
    [
      'a nickname in quotes between names, then an age',
      "Resident: Dorothy 'Dot' Hargreaves, 97. Night: agitated",
      ['Dorothy', 'Dot', 'Hargreaves', '97'],
      ['agitated'],
    ],
    [
      'a nickname in parentheses, then an age',
      'Dental chart Maximilian von Hohenberg (Max), 90, bisphosphonate hx',
      ['Maximilian', 'Max', '90'],
      ['bisphosphonate'],
    ],
    [
      'a credential in parentheses after a name',
      'Spoke with Mary Jones (RN) re dressing',
      ['Mary', 'Jones'],
      ['RN', 'dressing'],
    ],
    ['a weekday before a day of the month', 'your appt Weds 12th re Mounjaro review', ['Weds 12th'], ['Mounjaro']],
    ['a weekday before a day and month', 'Ward 12 list Tues 4/3\nBed 1 stable', ['4/3'], ['Bed 1']],
    [
      'a care home written in lower case',
      'Mum fell again at Rosewood Lodge care home, they rang',
      ['Rosewood Lodge'],
      ['fell'],
    ],
  ])('%s', (_label, text, ids, kept) => expectRedacted(text, ids, kept));

  it('redacts a name with its nickname as one span, quotes and parentheses included', () => {
    expect(deidentify('Re: Ms. Constance "Connie" Albright, DOB').text).toBe('Re: Ms. [NAME], DOB');
    expect(deidentify("Mr. Cornelius 'Neil' Abernathy-Jones, chair 9").text).toBe('Mr. [NAME], chair 9');
    expect(deidentify('Bluey Thompson (Reginald), 90, of').text).toBe('Bluey [NAME], [AGE over 89], of');
    // Two people, one in parentheses after the other's title, stay two spans with the parenthesis kept.
    expect(deidentify('Mr Smith (Dr Jones) said').text).toBe('Mr [NAME] (Dr [NAME]) said');
  });

  it('reads a home-care agency, a community health centre or a rehabilitation provider after a proper name', () => {
    expect(deidentify('Agency: Holmes County Home Care, call to confirm').text).toBe(
      'Agency: [LOCATION], call to confirm',
    );
    expect(deidentify('Seen at Koreatown Community Health on').text).toBe('Seen at [LOCATION] on');
    for (const text of [
      'Refer to Cardiac Rehabilitation',
      'Consult Home Health for wound care',
      'Vestibular Rehabilitation',
    ])
      expect(deidentify(text).entities, text).toEqual([]);
  });

  it("keeps a possessive eponym the medical dictionary lists, but not a person's possessive", () => {
    expect(deidentify("Hx AF on Pradaxa, Addison's. BG 142.").entities).toEqual([]);
    expect(deidentify("Dx: Koch's abdomen, on RIPE").entities).toEqual([]);
    expect(deidentify("Addison's mom called back").text).toBe("[NAME]'s mom called back");
  });

  it('redacts a postal address as one span: unit, street, town, state or province and postcode', () => {
    expect(deidentify('Lives 918 Tamarack Rd Apt 2C, Fort Wayne, IN 46805 with son').text).toBe(
      'Lives [ADDRESS] with son',
    );
    expect(deidentify('Home: Suite 7, 61 Birchwood Ave, Laval QC H7N 2K4').text).toBe('Home: [ADDRESS]');
    expect(deidentify('Pt located in Missoula, MT during the call').text).toBe('Pt located in [CITY] during the call');
    // A state alone, or a clinical abbreviation after a town with no postcode, stays.
    expect(deidentify('Moved from Ohio last year, EF 40%').entities).toEqual([]);
  });

  it('ends a name at a line break', () => {
    expect(deidentify('PID|1||^^^^|TREMAINE^JO\nOBR|1|NM|Chloride||101').text).toBe(
      'PID|1||^^^^|[NAME]^[NAME]\nOBR|1|NM|Chloride||101',
    );
  });

  it("takes a middle initial's period, a Filipino particle and a quoted nickname between given name and surname", () => {
    expect(deidentify('Re: Kowalski, Andrew K.  DOB 3/3/1970').text).toBe('Re: [NAME]  DOB [DATE]');
    expect(deidentify('2) DUBROVSKY, MARTHA L. 81F').text).toBe('2) [NAME] 81F');
    expect(deidentify('Patient: Ma. Teresa dela Rosa, 61/F').text).toBe('Patient: [NAME], 61/F');
    expect(deidentify('Client: Carolina "Caro" Villanueva-Ruiz, 29').text).toBe('Client: [NAME], 29');
    expect(deidentify("Mr Desmond 'Des' Abernethy-Clark, ward 4").text).toBe('Mr [NAME], ward 4');
    expect(deidentify('Intake: Chad "Chip" Okwuosa, 40').text).toBe('Intake: [NAME], 40');
  });

  it('reads a surname the medical dictionary lists after a given name and before a credential, not a town before a state', () => {
    expect(deidentify('Prescriber: Anjali Westphal, MD  NPI 1234567893').text).toBe(
      'Prescriber: [NAME], MD  NPI [LICENSE]',
    );
    // The town is a town (the gazetteer's), not a surname before a credential.
    expect(deidentify('Moved from Philadelphia, PA in May').entities.map((e) => e.type)).toEqual(['CITY']);
  });

  it('redacts an internal extension, ages in other languages or in parentheses after a name', () => {
    expect(deidentify('Paged overnight, cb ext 3-5508 if worse').text).toBe('Paged overnight, cb [PHONE] if worse');
    expect(deidentify('Call desk ext 4471 for results').text).toBe('Call desk [PHONE] for results');
    expect(deidentify('Sra. Carmen Ibarra Soto, 94 años, vive sola').text).toBe(
      'Sra. [NAME], [AGE over 89] años, vive sola',
    );
    expect(deidentify('Mr. Alfred Penhallow (93), lives alone').text).toBe('Mr. [NAME] ([AGE over 89]), lives alone');
  });

  it('redacts hyphenated codes after an ID or chart label, a CURP and a dotted UHID', () => {
    expect(deidentify('Enrolled: cohort ID ALPHA-K-2207, consented').text).toBe('Enrolled: cohort ID [ID], consented');
    expect(deidentify('Tribal clinic chart RVH-55120, vaccines up to date').text).toBe(
      'Tribal clinic chart [ID], vaccines up to date',
    );
    expect(deidentify('CURP BAMJ450817MDFRRN03 on file').text).toBe('CURP [ID] on file');
    expect(deidentify('UHID: KGH.0033172').text).toBe('UHID: [ID]');
  });

  it('redacts a lower-case weekday with its day, "the" before a day of a month, and month/day after before or s/p', () => {
    expect(deidentify('she was seen wednesday the 9th by the NP').text).toBe('she was seen [DATE] by the NP');
    expect(deidentify('Born on the 14th of June, 1931').text).toBe('Born on [DATE]');
    expect(deidentify('labs drawn before 3/14 were normal').text).toBe('labs drawn before [DATE] were normal');
    expect(deidentify('s/p R THA 10/02, on apixaban').text).toBe('s/p R THA [DATE], on apixaban');
    expect(deidentify('take 1 tab before 1/2 tab at night').entities).toEqual([]);
  });

  it('reads a specialty practice after a proper name or a place name, never a department', () => {
    expect(deidentify('Referred to Bellamy Cardiology for echo').text).toBe('Referred to [LOCATION] for echo');
    expect(deidentify('Fax to Pine Hollow Orthopaedics today').text).toBe('Fax to [LOCATION] today');
    expect(deidentify('GP: Dr Okafor, Thornbury Surgery').text).toBe('GP: Dr [NAME], [LOCATION]');
    for (const text of [
      'Consult Cardiology re: AF',
      'Refer to Plastic Surgery',
      'Mohs Surgery next week',
      'started Kerendia. Cardiology to see Monday',
      'Call Neurology in am',
    ])
      expect(deidentify(text).entities, text).toEqual([]);
  });

  it('redacts a rural route box, a lower-case street with its town, and an address field to its end', () => {
    expect(deidentify('Seen at home, RR 4 Box 37, Ashland, KY 41101. Stable.').text).toBe(
      'Seen at home, [ADDRESS]. Stable.',
    );
    expect(deidentify('addr 512 avenida flores apt 9, tucson az 85705 ph 520 555 0100').text).toBe(
      'addr [ADDRESS] ph [PHONE]',
    );
    expect(deidentify('Anschrift: Gartenweg 7, 10115 Berlin\nDiagnose: Gicht').text).toBe(
      'Anschrift: [ADDRESS]\nDiagnose: Gicht',
    );
    expect(deidentify('Domicilio: Av. Juárez 88, Col. Roma, 06700 Ciudad de México, CDMX. Tel 55').text).toMatch(
      /^Domicilio: \[ADDRESS\]\.? Tel 55$/,
    );
    // The field ends at a sentence end; a field with no number is left alone.
    expect(deidentify('Address: 40 Harbour Rd, Unit 2. Barthel index 60, needs PT').text).toBe(
      'Address: [ADDRESS]. Barthel index 60, needs PT',
    );
    expect(deidentify('Address: on file').entities).toEqual([]);
  });

  it('reads a lower-case given name after a relation word, and before a surname no dictionary knows', () => {
    expect(deidentify('niece hazel @ bedside, ok to d/c?').text).toBe('niece [NAME] @ bedside, ok to d/c?');
    expect(deidentify('brother basil called twice').text).toBe('brother [NAME] called twice');
    expect(deidentify('violet okonkwo is asking for pain meds').text).toBe('[NAME] is asking for pain meds');
    for (const text of [
      'son will call back later',
      'wife says he stopped the statin',
      // A typo of a word is no surname.
      'pls ask mark tomorow about the refill',
    ])
      expect(deidentify(text).entities, text).toEqual([]);
  });

  it('reads hospital initials, a saint-named place after a preposition, and a name after a role word', () => {
    expect(deidentify('Transferred from HCMC to BIDMC for ECMO').text).toBe(
      'Transferred from [LOCATION] to [LOCATION] for ECMO',
    );
    expect(deidentify("I'm at St. Cloud til 5").text).toBe("I'm at [LOCATION] til 5");
    expect(deidentify("Seen at St Brigid's ED overnight").text).toBe('Seen at [LOCATION] ED overnight');
    expect(deidentify('Supervisor Rusty says he was dizzy').text).toBe('Supervisor [NAME] says he was dizzy');
    for (const text of ['GMC reg checked', 'Interpreter Services called'])
      expect(deidentify(text).entities, text).toEqual([]);
    expect(deidentify("switched to St. John's wort").entities.filter((e) => e.type === 'LOCATION')).toEqual([]);
  });

  it('redacts local phone groups after a label, dates in other languages, a tail number, a date after a clinic, a lower-case street after "at"', () => {
    expect(deidentify('Tel 44 2233 9081. Next').text).toBe('Tel [PHONE]. Next');
    expect(deidentify('Ingreso 3 de marzo de 2025.').text).toBe('Ingreso [DATE].');
    expect(deidentify('Aufnahme am 14. März 2025').text).toBe('Aufnahme am [DATE]');
    expect(deidentify('Transport: LifeFlight 2 tail N55TX.').text).toBe('Transport: LifeFlight 2 tail [VEHICLE].');
    expect(deidentify('Seen at Harbor Clinic 11/03.').text).toBe('Seen at [LOCATION] [DATE].');
    expect(deidentify("we're at 880 south elm avenue in brookhollow, thanks").text).toBe(
      "we're at [ADDRESS] in [CITY], thanks",
    );
    for (const text of ['mass in the tail of pancreas 2.3 cm', 'meet at 7 am walk', 'BP 142/88 at 10 am daily'])
      expect(deidentify(text).entities, text).toEqual([]);
  });

  it('reads a name the medical dictionary lists after a relation word or right before an age in another language', () => {
    expect(deidentify('Emergency contact Bastian, cell 555-0100').text).toBe('Emergency contact [NAME], cell [PHONE]');
    expect(deidentify('Pt Dang Van Studer, 91 tuoi').text).toBe('Pt [NAME], [AGE over 89] tuoi');
    expect(deidentify('mama hazel fell again').text).toBe('mama [NAME] fell again');
    expect(deidentify('Parkinson, 92 yo with tremor').text).toBe('Parkinson, [AGE over 89] yo with tremor');
  });

  it('keeps a drug after a condition and "on", after ", on", or before "side effects"', () => {
    for (const text of [
      'Hx AF on Xaltrivo, stable',
      'COPD, on Brevantra. Doing well',
      'Discussed Orvenza side effects',
    ])
      expect(deidentify(text).entities, text).toEqual([]);
    expect(deidentify('Pt on Gomez list').text).toBe('Pt on [NAME] list');
  });

  it('reads a name before an ID or plan label after a person cue, not an organisation', () => {
    expect(deidentify('Patient: Ozzie (Oswald) Pembleton  Medicare 3345 11223 1').text).toBe(
      'Patient: [NAME]  Medicare [HEALTH_PLAN]',
    );
    expect(deidentify('interpreter Mai Pham ID 4471 present').text).toBe('interpreter [NAME] ID 4471 present');
    expect(deidentify('Harvard Pilgrim ID# 130808001').text).toBe('Harvard Pilgrim ID# [HEALTH_PLAN]');
  });

  it('reads dictated and lower-case forms: a spoken house number, a name with a middle initial, a facility no dictionary knows', () => {
    expect(deidentify('patient lives at twelve oh five birch hollow lane comma').text).toBe(
      'patient lives at [ADDRESS] comma',
    );
    expect(deidentify('dictating on ada m okoro date of birth').text).toBe('dictating on [NAME] date of birth');
    expect(deidentify('pcp @ lakeshire clinic').text).toBe('pcp @ [LOCATION]');
    for (const text of [
      'will b fine tomorrow',
      'seen at memory clinic today',
      'f/u at the clinic',
      'from anticoag clinic',
      'at rheum clinic',
    ])
      expect(deidentify(text).entities, text).toEqual([]);
  });

  it('reads a given name and initial after "pt" in lower case, and a workplace after a proper name', () => {
    expect(deidentify('pt gus t in bay 3, sob').text).toBe('pt [NAME] in bay 3, sob');
    expect(deidentify('Exposure at Alcoa Refinery, 10 yrs').text).toBe('Exposure at [LOCATION], 10 yrs');
    for (const text of ['pt will b seen', 'works near the Power Plant', 'Paper Mill dust'])
      expect(deidentify(text).entities, text).toEqual([]);
  });

  it('keeps headings after a relation word and a society acronym after a specialty', () => {
    for (const text of [
      'Federal Partner Engagement',
      'Testing of HCP Exposed to an HBsAg-Positive Source',
      'the American College of Cardiology (ACC)/American Heart Association (AHA) equations; the ACC/AHA calculator',
    ])
      expect(deidentify(text).entities, text).toEqual([]);
  });

  it('keeps contractions, vitamin letters, dose schedules and generic homes', () => {
    for (const text of [
      "I'm worried we'll miss it",
      'on vitamin D. Continue metformin',
      'Hep B. Will need vaccine',
      'warfarin Mon 1/2 tab, Tue 1 tab',
      'she lives in a care home now',
    ]) {
      expect(deidentify(text).entities, text).toEqual([]);
    }
  });
});
