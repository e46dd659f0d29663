// Surnames that are also English words and open a sentence with no cue ("Rath has a pacemaker"): found from a name cue
// elsewhere in the message, or from a predicate only a patient takes. Ordinary and clinical subjects of the same predicates
// stay untouched.
import { describe, expect, it } from 'vitest';
import { deidentify } from '../../src/safety/deid.js';

const redacted = (text: string) => deidentify(text).text;
const names = (text: string) =>
  deidentify(text)
    .entities.filter((e) => e.type === 'NAME')
    .map((e) => text.slice(e.start, e.end));

describe('a name found with a cue marks its bare mentions in the same message', () => {
  it('redacts a sentence-initial bare surname when the full name appears earlier or later in the message', () => {
    expect(redacted('Cris Rath, 67M, on apixaban. Rath has a pacemaker.')).toBe(
      '[NAME], 67M, on apixaban. [NAME] has a pacemaker.',
    );
    expect(redacted('Rath is anxious about the procedure. Spoke with Cris Rath today.')).toBe(
      '[NAME] is anxious about the procedure. Spoke with [NAME] today.',
    );
    expect(redacted('Mr. Keeling came in today. Keeling feels dizzy.')).toBe(
      'Mr. [NAME] came in today. [NAME] feels dizzy.',
    );
  });
});

describe('a sentence-initial word that takes a predicate only a patient takes', () => {
  // English words (rath, keeling, wolf, frost) and surnames that are common words (Stone, Mills): none has another cue here.
  it.each([
    ['Rath has a pacemaker, serial number unknown. Denies LOC.', 'Rath'],
    ['Keeling has a pacemaker. What is the MRI guidance?', 'Keeling'],
    ['Stone has a history of AF and is on no anticoagulant.', 'Stone'],
    ['Mills has poorly controlled diabetes.', 'Mills'],
    ['Wolf is on warfarin for a mechanical valve.', 'Wolf'],
    ['Frost underwent a CABG in 2019.', 'Frost'],
    ['Lamb was admitted with pneumonia last week.', 'Lamb'],
    ['Crane takes metformin 1 g twice daily.', 'Crane'],
    ['67F with CKD, and Hood has stage 3 CKD now.', 'Hood'],
  ])('redacts the subject of "%s"', (text, name) => {
    expect(names(text)).toEqual([name]);
    expect(redacted(text)).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('redacts every later mention once the predicate has found the name', () => {
    expect(redacted('Rath has a pacemaker. Is an MRI safe for Rath?')).toBe(
      '[NAME] has a pacemaker. Is an MRI safe for [NAME]?',
    );
  });

  it('keeps drugs, diseases and clinical subjects of the same predicates', () => {
    const kept = [
      'Metformin has a low risk of hypoglycemia.',
      'Warfarin is on the formulary. Warfarin is cheaper than apixaban.',
      'Heart failure has a poor prognosis without treatment.',
      'Aspirin has a role in secondary prevention of stroke.',
    ];
    for (const text of kept) expect(deidentify(text).entities, text).toEqual([]);
  });

  it('keeps body parts, specimens, devices and documents that "have" a finding', () => {
    const kept = [
      'Abdomen has a mass in the RUQ.',
      'Toe has an ulcer.',
      'Wrist has a fracture.',
      'Uterus has a fibroid.',
      'Stool has blood and mucus.',
      'Site has erythema and pus.',
      'Device has a low battery.',
      'Formulary has apixaban but not rivaroxaban.',
      'Protocol has warfarin bridging.',
      'Rash has a raised border.',
      'Wound has purulent drainage.',
    ];
    for (const text of kept) expect(deidentify(text).entities, text).toEqual([]);
  });

  it('keeps people and animals named by what they are', () => {
    const kept = [
      'Toddler has a fever and rash.',
      'Newborn has jaundice.',
      'Twin has asthma.',
      'Sibling had leukemia.',
      'Fetus has a heart defect.',
      'Dog has ringworm.',
      'Everyone at home has diarrhea.',
      'Mother has a pacemaker.',
    ];
    for (const text of kept) expect(deidentify(text).entities, text).toEqual([]);
  });

  it('does not read a perfect or passive, a plural subject, or a later noun as a patient predicate', () => {
    const kept = [
      'Tamoxifen has been approved for this use in women aged 35 years or older.',
      'Sputum has grown pseudomonas.',
      'Pain has improved since the dose of gabapentin went up.',
      'Studies had to report sensitivity for depression.',
      'Investigators developed criteria for heart failure.',
      'Vaccine has a risk of syncope.',
      'Morning has the worst pain.',
      'Something has to be done about his pain.',
    ];
    for (const text of kept) expect(deidentify(text).entities, text).toEqual([]);
  });
});
