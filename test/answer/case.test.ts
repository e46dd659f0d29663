import { describe, expect, it } from 'vitest';
import { caseSearchTerms, impliedConditions, readCase, summarizeCase } from '../../src/answer/case.js';
import { caseCkdStage } from '../../src/answer/case-fit.js';

describe('readCase', () => {
  it('reads the short form clinicians type', () => {
    const facts = readCase('67M with T2DM, CKD stage 3a (eGFR 38), A1c 8.4, BP 150/95 on metformin 1000 mg BID');
    expect(facts).toMatchObject({
      age: 67,
      ageOver89: false,
      sex: 'male',
      conditions: ['T2DM', 'CKD'],
      medications: ['metformin'],
    });
    expect(facts.labs).toMatchObject({ eGFR: '38', A1c: '8.4', BP: '150/95' });
    expect(summarizeCase(facts)).toBe('Read as: 67-year-old man; T2DM (A1c 8.4), CKD (eGFR 38); BP 150/95; metformin');
  });

  it.each([
    ['home BP avg 154/92 on three drugs', '154/92'],
    ['blood pressure still running ~150/95', '150/95'],
    ['BP: 138/86 today', '138/86'],
  ])('reads a blood pressure with words between the label and the value: %s', (text, bp) => {
    expect(readCase(text).labs.BP).toBe(bp);
  });

  it.each([
    ['67 yo F with HTN', 67, 'female'],
    ['a 54-year-old woman with MDD', 54, 'female'],
    ['45 y/o male, OSA on CPAP', 45, 'male'],
    ['[AGE over 89]F with AF', 90, 'female'],
  ] as const)('%s', (text, age, sex) => {
    const facts = readCase(text);
    expect(facts.age).toBe(age);
    expect(facts.sex).toBe(sex);
  });

  it('reads a condition named in the plural or after "post-"', () => {
    expect(readCase('pt w/ 3 concussions, asking about dementia risk').conditions).toContain('mTBI');
    expect(readCase('2 blast mTBIs, headaches controlled').conditions).toEqual(['mTBI', 'headache']);
    // A mild TBI told by its definition: an injury to the head with consciousness lost or altered.
    expect(readCase('IED blast 2.5 wks ago with brief LOC, now HA').conditions).toContain('mTBI');
    expect(readCase('fell and hit his head on the curb, dazed for a minute').conditions).toContain('mTBI');
    expect(readCase('blast exposure last year, no LOC, no symptoms').conditions).not.toContain('mTBI');
    expect(readCase('post-stroke depression, what helps?').conditions).toEqual(['stroke', 'MDD']);
    // An abbreviation still has to be written in capitals: "pads" is not PAD.
    expect(readCase('new pads for her shoes').conditions).toEqual([]);
  });

  it('reads an age group as a range, and one patient as one age', () => {
    expect(readCase('screening 9-11 yr olds for lipids?')).toMatchObject({ age: 9, ageTo: 11 });
    expect(readCase('adults ages 50 to 75 at average risk')).toMatchObject({ age: 50, ageTo: 75 });
    expect(readCase('62M with COPD').ageTo).toBeUndefined();
    // Years without "old" or "age" are a duration, not the patient's age.
    expect(readCase('74yo T2DM, life expectancy prob 7-8 yrs')).toMatchObject({ age: 74 });
    expect(readCase('74yo T2DM, life expectancy prob 7-8 yrs').ageTo).toBeUndefined();
    expect(summarizeCase(readCase('kids aged 6-12 with asthma'))).toMatch(/6-12-year-old patient/);
  });

  it('reads "not" right before a condition as its absence, and a urine albumin/creatinine ratio as no creatinine', () => {
    const facts = readCase('55F CKD 3a, NOT diabetic - A1c 5.4, BP 148/92, urine alb/cr 310');
    expect(facts.conditions).toEqual(['CKD']);
    expect(facts.labs).toMatchObject({ UACR: '310' });
    expect(facts.labs.Cr).toBeUndefined();
    expect(readCase('creatinine 2.1, T2DM').labs).toMatchObject({ Cr: '2.1' });
  });

  it('reads a case scored on the PHQ-9 as about depression', () => {
    const q = 'pt on Zoloft 100 since Jan, PHQ-9 went 18 -> 3. she wants to taper off now. too early?';
    expect(impliedConditions(readCase(q), q)).toContain('MDD');
  });

  it('marks ages over 89 and pregnancy', () => {
    expect(readCase('a [AGE over 89]-year-old man').ageOver89).toBe(true);
    const preg = readCase('G2P1 at 28 weeks with gestational hypertension');
    expect(preg.pregnant).toBe(true);
    expect(preg.sex).toBe('female');
    expect(readCase('28F, not pregnant, with migraine').pregnant).toBe(false);
    // A gestational age told as "is N weeks" is a pregnancy; weeks since an event or of age are not.
    expect(readCase('pt is 25 wks, BMI 31, no prior GDM').pregnant).toBe(true);
    expect(readCase("she's 31 weeks, BP 150/100").pregnant).toBe(true);
    expect(readCase('she is 3 weeks post-op from a knee replacement').pregnant).toBe(null);
    expect(readCase('the baby is 6 weeks old').pregnant).toBe(null);
    expect(readCase('pain is 3 weeks in duration').pregnant).toBe(null);
    // Pregnancy as an aim is not a pregnancy under way; the word after it is the topic.
    expect(readCase('29F trying to get pregnant, on lisinopril, what do I change?').pregnant).toBe(false);
    expect(readCase('not planning a pregnancy soon, any counseling re: pregnancy on topiramate?').pregnant).toBe(false);
    expect(readCase('34F wants to conceive next year. anything about pregnancy and metformin?').pregnant).toBe(false);
    expect(readCase('G2P1 at 12 wks, had trouble getting pregnant the first time').pregnant).toBe(true);
  });

  it('expands abbreviations and maps brands to generics', () => {
    const facts = readCase('PTSD, SUD, LBP, knee OA and mTBI; takes Zoloft, Suboxone and HCTZ');
    expect(facts.conditions).toEqual(['PTSD', 'SUD', 'LBP', 'OA', 'mTBI']);
    expect(facts.medications).toEqual(['sertraline', 'buprenorphine naloxone', 'hydrochlorothiazide']);
  });

  it('does not read a stage before a sex word as an age ("CKD4 lady", "stage 3 male")', () => {
    expect(readCase('CKD4 lady on dialysis soon, bicarb 17').age).toBeNull();
    expect(readCase('stage 3 male, HTN').age).toBeNull();
    expect(readCase('GOLD 3 man with COPD').age).toBeNull();
    expect(readCase('72 lady, CKD 4').age).toBe(72);
    expect(readCase('aged 72 male').age).toBe(72);
  });

  it('reads a CKD stage glued to the abbreviation ("CKD3b", "CKDG4") as CKD with that stage', () => {
    for (const [text, stage] of [
      ['59F DM2 on metformin, CKD3b, A1c 9 - next?', 3],
      ['70M CKDG4, HTN', 4],
      ['CKD 2, HTN', 2],
    ] as const) {
      const facts = readCase(text);
      expect(facts.conditions).toContain('CKD');
      expect(caseCkdStage(facts, text)).toBe(stage);
    }
  });

  it('skips negated conditions', () => {
    expect(readCase('58F, no history of diabetes, has HTN').conditions).toEqual(['HTN']);
  });

  it('reads vitals and scores', () => {
    expect(readCase('HR 110, SpO2 88%, K 5.6, Cr 1.9, PHQ-9 of 21, BMI 41, LDL 195').labs).toMatchObject({
      HR: '110',
      SpO2: '88',
      K: '5.6',
      Cr: '1.9',
      'PHQ-9': '21',
      BMI: '41',
      LDL: '195',
    });
  });
});

describe('summarizeCase / caseSearchTerms', () => {
  it('returns "" when nothing was read', () => {
    expect(summarizeCase(readCase('What does the guideline say?'))).toBe('');
  });

  it('steers retrieval with full names, classes and lab-driven terms', () => {
    const terms = caseSearchTerms(readCase('72F with T2DM, eGFR 25, A1c 9.1, on Jardiance and lisinopril'));
    expect(terms).toEqual(
      expect.arrayContaining([
        'type 2 diabetes',
        'empagliflozin',
        'SGLT2 inhibitor',
        'lisinopril',
        'ACE inhibitor',
        'chronic kidney disease',
        'severe renal impairment dose adjustment',
        'glycemic target hemoglobin A1c',
        'older adults',
      ]),
    );
  });
});
