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
const load = (file: string): Note[] =>
  readFileSync(path.join(__dirname, file), 'utf8')
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

// A second writer's 70 notes (mostly US: banners, hospice, social work, portal messages) were first run after the first
// set's fixes: 256/322 identifiers (79.5%) and 157/169 clinical strings; that is the generalisation figure.
// A third writer's 60 notes (UK, Irish, Canadian, Australian, Indian, Nigerian, Kenyan formats) were first run after the
// second set's fixes: 187/260 (71.9%), keep 201/212. Fixed since: uncued national phone numbers, hospital-number labels
// and record-number shapes, regulators' registration numbers, surname particles, letters with no accent to strip
// (ø, ł), dotted dates, "on the 14th", eponym anatomy ("circle of Willis") and graded eponym pairs ("Hunt and Hess 2"):
// 214/260, keep 208/212. Address spans count their commas, so ADDRESS reads lower than what is left readable.
describe.each([
  ['deid-independent.jsonl', 288, 0.9, 0.97, ['PHONE', 'FAX', 'DATE', 'LICENSE']],
  ['deid-independent-2.jsonl', 322, 0.83, 0.94, ['FAX', 'LICENSE', 'EMAIL', 'SSN']],
  ['deid-independent-3.jsonl', 260, 0.82, 0.98, ['ID', 'PHONE', 'LICENSE', 'EMAIL', 'URL']],
  // A fourth writer's 60 notes (45 styles: GP letters, WhatsApp family messages, Irish, South African, Filipino,
  // Pakistani, German addresses) were run after the third set's fixes: 192/277 (69.3%), keep 125/138. Since: national ID
  // labels, trunk-0 numbers, address parts, initials after a title, apostrophe surnames, nicknames in quotes, ages after
  // a name, weekday dates, care homes: 216/277 (78.0%); a nickname's quotes inside the name span (tuned on the fifth
  // set): 220/277.
  ['deid-independent-4.jsonl', 277, 0.77, 0.9, ['AGE', 'EMAIL', 'URL']],
  // A fifth writer's 60 notes (60 styles, mostly US chat, sign-out, pharmacy and prior-auth, plus eight countries) were
  // first run during the fourth set's fixes: 264/356 (74.2%), keep 163/172; 265 before them and 266 after; 269 with
  // nicknames' quotes inside the name span, 272 with home-care, community-health and rehabilitation providers after a
  // proper name (both tuned on this set); 285 with a postal address redacted as one span (state and commas inside); 290
  // with a middle initial's period, 'dela' and quoted nicknames between given name and surname; 304 with a surname
  // before a credential, internal extensions, ages in other languages, hyphenated ID codes and more date shapes; 309
  // with specialty practices after a proper name or a place name; 318 with rural route boxes, lower-case towns between a
  // street and a postcode and address fields read to their end; 323 with lower-case given names after a relation word or
  // before an unknown surname; 328 with hospital initials, saint-named places and names after a role word; 334 with
  // local phone groups, dates in other languages, tail numbers and lower-case streets after "at"; 337 with medical-
  // dictionary names beside a relation word or an age, and family words (mama, nana); 339 with names before an ID or
  // plan label after a person cue; 343 with dictated house numbers, lower-case middle-initial names and lower-case
  // facilities; 346 with "pt" and an initial and workplaces. Keep 164 -> 168/172 with drugs after a condition and "on".
  // A floor.
  ['deid-independent-5.jsonl', 356, 0.96, 0.97, ['LICENSE', 'EMAIL', 'FAX', 'URL', 'SSN', 'IP', 'ZIP']],
  // A sixth writer's 45 notes (session 11; 33 styles: fax OCR, dictation, HL7/FHIR fragments, pipe tables, prior-auth,
  // Vietnamese, Nigerian, Kenyan, Filipino, Polish and Arabic names) were first run after the fifth set's fixes: 267/323
  // fully covered (82.7%, states excluded; 275 with the value gone), keep 187/188. Since (tuned on this set): dates and
  // phone numbers damaged by scanning repaired before detection (spaces inside the shape, a bullet for a hyphen, the
  // letter O for a zero), dictated dates ("March third nineteen fifty-two", "the twenty-eighth of March"), a brand before
  // a q-interval ("Keytruda q3wk"), a surname no list holds before a comma and a name found ("Obuya, Wanjiru"):
  // 279/323 (86.4%; 289 with the value gone), keep 188/188; with ages over 89 told after a name before a dash or in a
  // table cell, and spoken after "she is" ("ninety two"): 282/323 (87.3%; 292); with compounded relations
  // ("great-granddaughter Bella"): 283/323 (87.6%; 293); with month.day.year dotted dates: 284/323 (87.9%; 294); with
  // HL7 PID/NK1/GT1/IN1 fields and FHIR name, address and birth-date elements read by their field: 287/323 (88.9%; 296);
  // with "Associates" and "Inn" as facility heads: 288/323 (89.2%; 298); with a town after a service word ("infusion
  // center in Worcester"): 289/323 (89.5%; 299). Left: surname-first names with an unknown given name, short dates with no year or
  // cue ("POLST signed 4/10"), organisations with no facility word, a name in Chinese characters.
  // A floor.
  ['deid-independent-6.jsonl', 323, 0.88, 0.99, ['EMAIL', 'URL', 'SSN', 'IP', 'ACCOUNT', 'HEALTH_PLAN', 'DEVICE']],
  // A seventh writer's 45 notes (session 12; e-prescriptions, home health, SNF and PACU boards, OCR fax sheets, dictation,
  // research enrolment, Teams chat, Canadian, UK and Australian formats) were first run after the sixth set's fixes:
  // 327/374 fully covered (87.4%), keep 178/180; the generalisation figure. Since (tuned on this set): letter-spaced fax
  // lines read as words and numbers, OCR's space before punctuation and 1/0 for l/o inside a word; pipe tables read by
  // their header (person columns are names, header cells are labels); month/day dates zero-padded, as a forward range,
  // after study or acute events and "handoff"; "admitted the 3rd", "on the fourteenth"; surnames that are eponyms or
  // words after a title or staff role and a given name, particle-joined surnames, @-mentions; imaging centres, SNFs
  // after a place name, state universities, agencies after their label, pharmacy branches, a hospital before its
  // ED/ICU, "upon" towns; study and specimen numbers, Canadian health cards, plates in groups, local numbers after
  // "at"; author-pair scales before a score kept: 371/374 (99.2%), keep 180/180. Left: "Winona Two Bulls" (a surname of
  // number and English words), "Children's Mercy Kansas City" (no facility word), "Baby Boy" (kept: the surname goes).
  // A floor.
  [
    'deid-independent-7.jsonl',
    374,
    0.99,
    1,
    ['DATE', 'PHONE', 'FAX', 'ZIP', 'MRN', 'ID', 'HEALTH_PLAN', 'VEHICLE', 'ADDRESS', 'AGE_OVER_89'],
  ],
  // An eighth writer's 45 notes (session 13; HL7 and CSV/TSV pastes, Slack threads, OCR fax covers, lower-case and
  // all-caps chat, correctional, military, poison-centre, ambulance, dental, transplant and dialysis notes; Irish,
  // Scottish, Singaporean, Filipino, Nigerian, South African, French and Spanish formats) were first run after the
  // seventh set's fixes: 333/401 fully covered (83.0%), keep 187/192; the generalisation figure. Since (tuned on this
  // set): HL7 names as one span over family, given and middle (XPN; XCN staff in PV1, PD1, ORC, OBR) and the XAD street
  // line with its other designation; dotted chat handles ("@dr.wolf", "@priya.s") and unknown lower-case ones; "LAST,
  // FIRST" after a person field, in mixed case ("DOMINGUEZ-HART, Luis A."), hyphenated ("KIM, SEO-YEON") and lower case
  // at a list item; lower-case particles ("maria de los angeles rivera", "dr. van den berg"); extensions in other
  // languages ("poste 221"), DSN, pager and spoken extensions; CDL, NHIS, NRIC, badge, donor and ambulance report
  // numbers; facility heads (Dental, Polyclinic, Institute, Medical Facility, NHS Trust, Children's, Unit after an
  // unknown name), a facility's last head as its head, head-first hospitals ("University Hospital Galway", "Clínica San
  // Rafael"), the institution in a heading, counties ("Lancaster Co."), lower-case saints' hospitals and practices;
  // charting relations ("dtr"), roles in a parenthesis, double-barrelled census parts, sign-off initials, surnames after
  // a quoted nickname; device-placement dates. Keeps: a factor's variant ("Factor V Leiden"), "Fr." after a number,
  // products joined by "+", "SN" glued to a model, NCT registrations: 386/401 (96.3%), keep 192/192. Left: OCR
  // letter-spaced names and dates with O for zero ("M c CARTHY , J O A N N E", "O3 / 11 / 2O25"), facilities with no
  // head or only an English word ("MERCY GENERAL", "Banner Desert", "CHUM"), a Scottish flat ("Flat 2/1") and a rural
  // "County Road 12 N" house line, a plate after a state and a make, a CSV row's surname that is a word ("Bell"), a TSV
  // insurance column, "POD1 (4/10)", "SW Major Tillman", "Ma. Guadalupe Rosas", initials "A.P-I." and "A. dlF". A floor.
  [
    'deid-independent-8.jsonl',
    401,
    0.96,
    1,
    ['MRN', 'PHONE', 'FAX', 'LICENSE', 'AGE_OVER_89', 'ZIP', 'ID', 'SSN', 'DEVICE', 'EMAIL', 'ACCOUNT', 'URL', 'IP'],
  ],
  // A ninth writer's 45 notes (session 14; CSV, TSV and pipe exports, HL7 ADT/ORU, fixed-width lab and microbiology
  // reports, clinician text threads and e-mail, Spanish-English notes, military, hospice, dialysis, trial screening
  // logs) were first run after the eighth set's fixes: 478/574 fully covered (83.3%), keep 296/303; the generalisation
  // figure. Since (tuned on this set): CSV tables under a header of labels (quoted cells kept whole) and snake_case
  // headings; columns of initials, coordinators, subject, screening and member numbers, clinics and ages over 89; a
  // chat export's speaker after a line's timestamp; a date's weekday and clock time in its span; two or three title-case
  // words after a person's field label or a relation word, though the dictionaries list them ("Patient: Eustace
  // Pennywhistle", "partner Dev Raman"); centres, programmes, laboratories, pavilions, funeral homes and rehab or PT
  // practices after a proper name; a facility after its field's label ("Receiving facility:", "Unit:", "site="), its
  // branch after "at", its laboratory and its town after a dash; the head that ends a facility's name; Spanish regional
  // hospitals; ORC/OBR order numbers; military APO/FPO addresses; portal activation codes;
  // "Exp.:" record numbers, "12/feb/2026", "el 19 de febrero", "el martes 24"; month/day after recheck, reassess,
  // starts and cultures (not "2/2" bottles); spelt-out names; initials after a verifying "by". Keeps: a numbered plan
  // item with a dose ("1. Cefazolin 2 g IV"), a brand after "therapy with" or listed with a known drug ("Lucentis and
  // Vabysmo"), "McDonald 2017 criteria", a scale after a facility phrase ("Dutch Lipid Clinic Network score"), a
  // robot's model ("Da Vinci Xi system"), "March. 1-hour": 559/574 (97.4%), keep 303/303. Left: "Kessler Drug &
  // Compounding" (no head), "Blue Ridge Lipid and Preventive Cardiology", "Grace Ridge ED", "Riverside Women's Health at
  // Foxglove Crossing", "Room In The Inn", "Gunnar Ås", "Võ Thị Thu", "Jess M., RN", "Ifeoma Chukwuemeka" after a dash,
  // "Tad" and "TZ" in an e-mail, "Tamarack Pike" (a street with no number), "(2/10)" after a time, and
  // two HL7 addresses whose gold span runs over the state (a state stays, as Safe Harbor allows). A floor.
  ['deid-independent-9.jsonl', 574, 0.97, 1, ['MRN', 'PHONE', 'ID', 'EMAIL', 'SSN', 'AGE', 'URL']],
  // A tenth writer's 35 notes (session 15; pharmacy labels, wound photo logs, bed boards, pager logs, run sheets, OCR-
  // damaged faxes, full-width and mixed-script referrals, voicemail, telehealth, correctional, forensic and disability
  // forms) were first run after the ninth set's fixes: 432/502 fully covered (86.1%), keep 203/211. Since (tuned on
  // this set): a time after "at" joins a whole date, a time before "on" its date; two full dates joined by a dash; CJK
  // year-month-day dates; padded month/day ("12/02"); a name in its own script beside the romanised one; OCR's l for 1
  // in number tokens and 0 for O among capitals or opening a word; pager digits, "x4-2291", paging-log TO/FROM numbers
  // and a pager before its holder; the ʻokina inside names. Keeps: dressings and devices ("Prevalon boot", "Mepilex
  // Border"), "X eligibility", "Pt on X + Y"; a title before the given name ("Dr. Pita Fonoti (neurosurg)"): 465/502
  // (92.6%), keep 208/211. A floor.
  ['deid-independent-10.jsonl', 502, 0.92, 0.98, ['PHONE', 'URL', 'MRN', 'AGE', 'SSN', 'EMAIL']],
  // An eleventh writer's 35 notes in 35 styles (session 15; NHS, Canadian, Australian, Indian and South African letters,
  // HL7, JSON, CSV, SMS with emoji, spoken-number dictation, OCR faxes; names that are eponyms or ordinary words) were
  // first run after the tenth set's fixes: 449/518 fully covered (86.7%), keep 288/295. Not yet worked on; a floor.
  ['deid-independent-11.jsonl', 518, 0.86, 0.97, ['PHONE', 'EMAIL', 'URL', 'FAX', 'SSN', 'IP', 'DEVICE', 'VEHICLE']],
  // A twelfth writer's 35 notes in 35 styles (session 16; ED triage, HL7, CSV, SMS and Teams threads, dictation, EOB,
  // school and court forms, ambulance run sheet; Irish, Nigerian, Filipino, UK and New Zealand letters; names that are
  // words or places, unicode tricks) were first run after the eleventh set's: 563/693 fully covered (81.2%), keep
  // 257/259; the generalisation figure. Since (tuned on this set): towns of the gazetteer after a place preposition;
  // a role in parentheses or an EMT/RDH credential after a person ("K. Marsh (Paramedic", "D. Ybarra (EMT)"); "Vander"
  // as a surname particle; a place's name before its ED, ICU or SNF after a place preposition: 568/693 (82.0%); a
  // month/day under a table's date column ("Last taken"): 574/693 (82.8%), keep 257/259. A floor.
  ['deid-independent-12.jsonl', 693, 0.81, 0.99, ['ACCOUNT', 'FAX', 'SSN', 'EMAIL', 'URL', 'IP']],
  // A thirteenth writer's 40 notes in 40 styles (session 17; ED, SBAR and ICU handovers, lab and pharmacy printouts,
  // FHIR JSON, e-prescriptions, chat, OCR fax, dictation, ambulance PCR, death and workplace-injury forms; Irish,
  // Scottish, Canadian First Nations and Torres Strait letters) were first run after the twelfth set's fixes: 591/675
  // fully covered (87.6%), keep 265/270; the generalisation figure. Since (tuned on this set): a street's "Ext" and
  // post-directional, USPS space/lot/trailer units, British street types ("Wynd"), two roads at a crossroads;
  // "04MAR24", an ISO time's seconds and UTC offset, "Jan-Feb 2024", a month's short name after "in"/"since", month/day
  // after recheck/expected/scheduled/booked; "SSN (last 4)", "Chart D-11208", "PCR# ...", a register's "Reg. No.",
  // PPSN and medical card, a FHIR Patient's id, a record number dictated digit by digit; a given name the dictionaries
  // hold framed by a title or a credential ("Dr. Amadou Diallo", "Dev Patel, PA-C", "Lindqvist, Annika MD"), "Jr.",
  // witness/adjuster/worker cues, a handover row "9 - VOLKOV - ?PE", a critical call's "called to X by Y, read back",
  // a letter's "jb/tz" typist reference, a lower-case relative before a phone number; employers after "works as X at"
  // and in an Employer field, "Place of death:", nursing stations, First Nations, rescue missions, county fire agencies,
  // "X General", "X Women's Health", a gazetteer town after a facility, "to Badu Island": 640/675 (94.8%), keep
  // 265/270. Left: the OCR letter-spaced fax (w13-0030); lower-case chat names ("rocky", "chioma", "grace", "doctor
  // grant"); chain pharmacies ("Costco Pharmacy", "walgreens"), which the code keeps by design; month/day with no cue
  // ("LP 3/3", "okeke 3/4"); debatable spans: a ward's name ("Rosewood Ward"), a former employer in passing
  // ("Caterpillar"). A floor.
  [
    'deid-independent-13.jsonl',
    675,
    0.94,
    0.98,
    ['ACCOUNT', 'AGE', 'ADDRESS', 'ZIP', 'FAX', 'EMAIL', 'LICENSE', 'IP', 'SSN', 'DEVICE', 'VEHICLE', 'URL'],
  ],
  // Writer 14 (session 17, blind, run after writer 13's fixes; not yet worked on): 40 notes in 40 styles (outpatient
  // specialties, housing, court and police liaison, pharmacy and lab exports, Spanish and French mixed in, one-line
  // chats), 542 identifiers. First run 460/542 (84.9%), keep 216/230: LOCATION 69/104, NAME 149/166, ID 31/39; lost
  // keep strings include drug label lines, an NDC code, a state (Kerala), eponyms ("Wilson disease", "Ottawa ankle
  // rules"), contact-lens and car model names. A floor at the first run.
  ['deid-independent-14.jsonl', 542, 0.84, 0.93, ['EMAIL', 'VEHICLE', 'SSN', 'AGE', 'URL', 'IP', 'DEVICE']],
] as const)('independent de-identification notes (%s)', (file, total, recallFloor, keepFloor, complete) => {
  const results = load(file).map((note) => ({ note, found: deidentify(note.text).entities }));

  it(`removes at least ${recallFloor * 100}% of ${total} identifiers and keeps at least ${keepFloor * 100}% of the clinical strings`, () => {
    const spans = results.flatMap(({ note, found }) => note.spans.map((s) => caught(note, found, s)));
    const keeps = results.flatMap(({ note, found }) =>
      note.keep.map((k) => {
        const at = note.text.indexOf(k);
        return at < 0 || !found.some((e) => e.start < at + k.length && e.end > at);
      }),
    );
    expect(spans.length).toBe(total);
    expect(spans.filter(Boolean).length / spans.length).toBeGreaterThanOrEqual(recallFloor);
    expect(keeps.filter(Boolean).length / keeps.length).toBeGreaterThanOrEqual(keepFloor);
  });

  it.each(complete)('catches every %s identifier', (type) => {
    for (const { note, found } of results)
      for (const s of note.spans.filter((x) => x.type === type))
        expect(caught(note, found, s), `${note.id}: ${s.text}`).toBe(true);
  });
});
