// A statement's threshold on a measure ("SaO2 ≤88%", "eGFR <60", "BMI ≥30") against the case's own value: a case
// outside every bound is not in the statement's population. Phrasings are ours, in the shapes guidelines print.
import { describe, expect, it } from 'vitest';
import {
  caseSite,
  groupMismatch,
  limbFit,
  populationMismatches,
  sexOrSmokingMismatch,
  siteFit,
  statementAgeBands,
  thresholdMismatches,
} from '../../src/answer/case-fit.js';
import { readCase } from '../../src/answer/case.js';
import { outsideGuideline } from '../../src/answer/select.js';

const mismatches = (question: string, statement: string) => thresholdMismatches(readCase(question), statement);

describe('measure thresholds in a statement', () => {
  it('a resting saturation above every upper bound is outside an oxygen statement', () => {
    const ltot =
      'We recommend long-term oxygen for chronic stable resting severe hypoxemia (PaO2 <55 mm Hg and/or SaO2 ≤88%) or moderate hypoxemia (SaO2 >88% and ≤90%).';
    expect(mismatches('COPD, resting sat 94% RA, desats to 86% walking', ltot)).toEqual(['SpO2']);
    expect(mismatches('COPD, resting SpO2 87% on room air', ltot)).toEqual([]);
  });

  it('reads long names, parenthesised abbreviations and words for the comparison', () => {
    const ckd = 'In patients with an estimated glomerular filtration rate <60 mL/minute/1.73 m², we suggest ...';
    expect(mismatches('59M, eGFR 78, BP 150/92', ckd)).toEqual(['eGFR']);
    expect(mismatches('70F eGFR 41', ckd)).toEqual([]);
    const obesity = 'For adults with a body mass index (BMI) of at least 30 kg/m², we suggest offering ...';
    expect(mismatches('45F BMI 27, prediabetes', obesity)).toEqual(['BMI']);
    expect(mismatches('45F BMI 34, prediabetes', obesity)).toEqual([]);
  });

  it('reads the apnea-hypopnea index of a sleep study', () => {
    const oral =
      'In patients with mild to moderate obstructive sleep apnea (apnea-hypopnea index <30 per hour), we suggest ...';
    expect(mismatches('OSA on home sleep test, AHI 41, cannot tolerate CPAP', oral)).toEqual(['AHI']);
    expect(mismatches('OSA, HST AHI 18, mask intolerance', oral)).toEqual([]);
  });

  it('says nothing when the case gives no value or the statement no threshold', () => {
    expect(mismatches('COPD pt, short of breath', 'SaO2 ≤88%')).toEqual([]);
    expect(mismatches('eGFR 78', 'We suggest offering statins to patients with diabetes.')).toEqual([]);
  });
});

describe('age bands a statement is written for', () => {
  it('reads "N years and older", ranges, "≥N years" and "over age N"', () => {
    expect(statementAgeBands('adults 65 years and older with hypertension')).toEqual([[65, Infinity]]);
    expect(statementAgeBands('adults aged 50 to 74 years')).toEqual([[50, 74]]);
    expect(statementAgeBands('older adults (≥65 years)')).toEqual([[65, Infinity]]);
    expect(statementAgeBands('insufficient evidence for surgery in patients over age 65')).toEqual([[66, Infinity]]);
    expect(statementAgeBands('children younger than the age of 12')).toEqual([[0, 11]]);
    // A duration is not an age.
    expect(statementAgeBands('for patients with a life expectancy >10 years')).toEqual([]);
  });
});

describe('demographic groups a statement is written for', () => {
  const group = 'In African American patients with hypertension, we recommend against ACE inhibitor monotherapy.';
  it('marks a statement for a group the case does not place the patient in', () => {
    expect(groupMismatch('59M on lisinopril 40, BP 154/92, next step?', group)).toBe(true);
    expect(groupMismatch('59M, African American, on lisinopril 40, BP 154/92, next step?', group)).toBe(false);
    expect(groupMismatch('59M on lisinopril 40', 'For adults with hypertension, we recommend ...')).toBe(false);
  });
});

describe('the condition a management guideline is written for', () => {
  const mdd = 'VA/DoD Clinical Practice Guideline for the Management of Major Depressive Disorder (MDD)';
  const sud = 'VA DoD Clinical Practice Guideline for the Management of Substance Use Disorders';
  it('is outside when the case names other conditions only', () => {
    expect(outsideGuideline(mdd, new Set(['amputation']))).toBe(true);
    expect(outsideGuideline(mdd, new Set(['amputation', 'MDD']))).toBe(false);
    // A specific form is inside the general guideline.
    expect(outsideGuideline(sud, new Set(['OUD']))).toBe(false);
  });
  it('says nothing without case conditions, or for screening guidelines', () => {
    expect(outsideGuideline(mdd, new Set())).toBe(false);
    expect(outsideGuideline('Final recommendation statement: depression in adults: screening.', new Set(['HTN']))).toBe(
      false,
    );
  });
});

describe('age bounds a statement is written for', () => {
  const none = () => false;
  const fit = (q: string, statement: string) => populationMismatches(readCase(q), q, statement, none);
  const young = 'We recommend universal lipid screening for children 11 years or younger.';
  it('places a bound age inside "N years or younger" and an age group that overlaps it', () => {
    expect(fit('11-year-old boy, lipids?', young)).toBe(0);
    expect(fit('12-year-old boy, lipids?', young)).toBe(1);
    expect(fit('lipid screening in 9-11 yr olds?', young)).toBe(0);
    expect(fit('lipid screening in 12-17 yr olds?', young)).toBe(1);
  });
});

describe('the body site a statement is written for', () => {
  const knee =
    'We suggest offering topical capsaicin for patients with pain associated with osteoarthritis of the knee.';
  const hip =
    'There is insufficient evidence to recommend for or against topical capsaicin for osteoarthritis of the hip.';
  it('takes the first site of the latest message that names one', () => {
    expect(caseSite('OA of the hip, no NSAIDs - capsaicin, or is the evidence just for knees?')).toBe('hip');
    expect(caseSite('hip OA, asks about gel shots like his buddy got in his knee')).toBe('hip');
    expect(caseSite('hip OA, failed PT\nand for her knee?')).toBe('knee');
    expect(caseSite('COPD, short of breath')).toBeNull();
  });

  it('favours the statement for the case site and lowers one written only for another', () => {
    const q = "OA of the hip, can't take oral NSAIDs. Would capsaicin cream help or is that just for knees?";
    expect(siteFit(q, hip)).toBe(1);
    expect(siteFit(q, knee)).toBe(-1);
    expect(siteFit(q, 'We recommend exercise for osteoarthritis.')).toBe(0);
    expect(siteFit('COPD, short of breath', knee)).toBe(0);
  });
});

describe('a statement for people without symptoms', () => {
  const screening =
    'We recommend against routine screening for preterm delivery using the fetal fibronectin test in asymptomatic women.';
  const mismatches = (q: string) => populationMismatches(readCase(q), q, screening, () => false);

  it('does not fit a case that presents a complaint', () => {
    expect(mismatches('GA 29+3, c/o tightening q10-15 min, cervix 1 cm. Worth sending a fetal fibronectin?')).toBe(1);
    expect(mismatches('31 wks, presents with cramping and pelvic pressure; fFN?')).toBe(1);
  });

  it('fits a case with no complaint, or one that denies symptoms', () => {
    expect(mismatches('G2P1 at 24 weeks, routine visit. Should we screen with fetal fibronectin?')).toBe(0);
    expect(mismatches('26 wks, no contractions, no complaints. fFN for screening?')).toBe(0);
  });
});

describe('the limb an amputation case is about', () => {
  const upper = 'Management of Upper Limb Amputation Rehabilitation. We suggest offering peer support services.';
  const lower = 'Management of Lower Limb Amputation. We suggest offering peer support interventions.';

  it('reads the level of the amputation as its limb', () => {
    expect(limbFit('new L transradial amputee, should he meet a peer visitor?', upper)).toBe(1);
    expect(limbFit('new L transradial amputee, should he meet a peer visitor?', lower)).toBe(-1);
    expect(limbFit('s/p R BKA 6 wks ago, when to start prosthetic training?', lower)).toBe(1);
    expect(limbFit('above-elbow amputation after a blast, prosthesis options?', lower)).toBe(-1);
  });

  it('says nothing when the case or the statement names no limb', () => {
    expect(limbFit('amputee with phantom pain, options?', upper)).toBe(0);
    expect(limbFit('transfemoral amputee, back pain', 'We suggest exercise for chronic low back pain.')).toBe(0);
  });
});

describe('a statement for pregnant women', () => {
  const prenatal = 'We recommend first-trimester ultrasound for all pregnant women to establish the gestational age.';
  const mismatches = (q: string) => populationMismatches(readCase(q), q, prenatal, () => false);

  it('does not fit a woman who is only planning, or avoiding, a pregnancy', () => {
    expect(mismatches('32F T2DM, not trying to get pregnant right now. anything to cover re: pregnancy?')).toBe(1);
    expect(mismatches('30F hoping to conceive, what should I tell her about pregnancy?')).toBe(1);
  });

  it('fits a pregnancy under way, and a postpartum woman is not ruled out by it', () => {
    expect(mismatches('G1 at 20 wks, what scans?')).toBe(0);
    expect(mismatches('28F, 2 wks postpartum and breastfeeding, not pregnant again')).toBe(0);
  });

  it('reads a statement for women planning a pregnancy as theirs, not as one for pregnant women', () => {
    const planning =
      'We recommend that females with diabetes who are planning pregnancy be educated about management during the pregnancy.';
    const fit = (q: string) => populationMismatches(readCase(q), q, planning, () => false);
    expect(fit("34F T2DM on metformin. and what if she's planning to get pregnant next year?")).toBe(0);
    expect(fit('32F T2DM, not trying to get pregnant right now. anything to cover re: pregnancy?')).toBe(1);
  });
});

describe('sex and smoking history of a statement', () => {
  const men =
    'The USPSTF recommends 1-time screening for AAA with ultrasonography in men aged 65 to 75 years who have ever smoked.';
  const neverWomen = 'The USPSTF recommends against routine screening for AAA in women who have never smoked.';
  it('a statement for the other sex, or the other smoking history, is a population the patient is not in', () => {
    const q = '68F former smoker, ~20 pk-yr, no symptoms. AAA ultrasound?';
    expect(sexOrSmokingMismatch(readCase(q), q, men)).toBe(true);
    expect(sexOrSmokingMismatch(readCase(q), q, neverWomen)).toBe(true);
    const never = '70F, never smoked, AAA screening?';
    expect(sexOrSmokingMismatch(readCase(never), never, neverWomen)).toBe(false);
  });
  it('"not pregnant or breastfeeding" names no sex', () => {
    const q = '41M mild MDD, asking about St Johns wort';
    const text = 'For patients with mild MDD who are not pregnant or breastfeeding, we suggest St. John’s wort.';
    expect(sexOrSmokingMismatch(readCase(q), q, text)).toBe(false);
  });
});
