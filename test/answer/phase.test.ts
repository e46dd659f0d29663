// The phase of a complaint (acute, subacute, chronic), read from the case's own word or from how long it has lasted,
// and matched against the phase a statement is written for. Phrasings are ours, in the shapes clinicians type.
import { describe, expect, it } from 'vitest';
import { caseLifeExpectancy, casePhase, lifeExpectancyFit, phaseFit } from '../../src/answer/case-fit.js';

describe('the phase of the complaint', () => {
  it.each([
    ['neck pain x4 days after a fall', 'acute'],
    ['her knee started hurting 2 wks ago', 'acute'],
    ['cough for 6 weeks, nonsmoker', 'subacute'],
    ['sciatica ~7 mo, PT done', 'chronic'],
    ['daily headaches for >1 yr', 'chronic'],
    ['chronic neck pain, on gabapentin', 'chronic'],
    ['acute gout flare in the R toe', 'acute'],
    ['3+ yrs of neck pain, no radicular sx', 'chronic'],
    // Headache days a month decide episodic (< 15) from chronic (>= 15), whatever the duration says.
    ['migraine ~8 HA days/month for 2 years', 'episodic'],
    ['migraines 20 days a month, on topiramate', 'chronic'],
    // A conversation: the latest message that tells a phase wins.
    ['acute LBP x 1 wk after yardwork\nwhat if its been going on for like 8 months instead?', 'chronic'],
    ['chronic LBP x 3 yrs\nand is PT still worth it?', 'chronic'],
  ])('%s -> %s', (text, phase) => expect(casePhase(text)).toBe(phase));

  it.each([
    ['a disease name is not a phase', '70F with chronic kidney disease and COPD, A1c 7.9'],
    [
      "the time since an event or a test is not the complaint's duration",
      's/p knee replacement 4 mo ago, new swelling',
    ],
    ['a lab from months ago', 'eGFR 41 three months ago, A1c 3 months ago 8.2'],
    ['durations that disagree', 'back pain x3 days, knee pain for 2 years'],
    ['no duration at all', '55M with hypertension on lisinopril'],
    ['a bare duration of a drug', 'on sertraline 2 years, sleeping badly'],
  ])('%s: none', (_label, text) => expect(casePhase(text)).toBeNull());

  it("reads no phase in a condition's name ('chronic multisymptom illness', 'chronic fatigue syndrome')", () => {
    const longStanding = 'deployed 1991, fatigue and joint pain for 25 yrs, CMI per his PCP. any drug trial worth it?';
    expect(phaseFit(longStanding, 'We suggest against X for patients with chronic multisymptom illness.')).toBe(0);
    expect(phaseFit(longStanding, 'We suggest against Y for patients with chronic fatigue syndrome.')).toBe(0);
    expect(phaseFit(longStanding, 'For acute pain we suggest Z.')).toBe(-1);
  });

  it("prefers the statement written for the case's phase and marks down the other", () => {
    const acute =
      'For patients with acute low back pain, there is insufficient evidence to recommend for or against acupuncture.';
    const chronic = 'For patients with chronic low back pain, we suggest acupuncture.';
    const both = 'For patients with acute or chronic low back pain, we suggest against opioids.';
    expect(phaseFit('back went out 10 days ago lifting boxes - acupuncture?', acute)).toBe(1);
    expect(phaseFit('back went out 10 days ago lifting boxes - acupuncture?', chronic)).toBe(-1);
    expect(phaseFit('back went out 10 days ago lifting boxes - acupuncture?', both)).toBe(0);
    expect(phaseFit('low back pain, acupuncture?', chronic)).toBe(0);
    expect(
      phaseFit('CKD stage 3 for years, acute LBP x2d', 'In patients with chronic kidney disease, we recommend ...'),
    ).toBe(0);
  });
});

describe('a follow-up about another person', () => {
  it('is told apart from one about the same patient', async () => {
    const { aboutAnotherPerson } = await import('../../src/answer/rewrite.js');
    expect(aboutAnotherPerson('what about his wife? she hurt her back 5 days ago, same question')).toBe(true);
    expect(aboutAnotherPerson('and her 16 yo daughter?')).toBe(true);
    expect(aboutAnotherPerson("same q for the patient's elderly mother")).toBe(true);
    expect(aboutAnotherPerson('and if she is pregnant?')).toBe(false);
    expect(aboutAnotherPerson('what about his eGFR of 28?')).toBe(false);
  });
});

describe('life expectancy', () => {
  const short = 'We suggest a target HbA1c range of 8.0-9.0% for patients with life expectancy <5 years.';
  const middle = 'We recommend a range of HbA1c 7.0-8.5% for patients with a life expectancy of 5-10 years.';
  const long =
    'We suggest a target HbA1c range of 6.0-7.0% for patients with a life expectancy greater than 10- 15 years.';
  it('reads the band a statement is written for and the one the case is in', () => {
    const hospice = '80M T2DM, metastatic lung ca, hospice referral, A1c 8.8 - what target?';
    expect(caseLifeExpectancy(hospice)).toBe('short');
    expect(lifeExpectancyFit(caseLifeExpectancy(hospice), short)).toBe(1);
    expect(lifeExpectancyFit(caseLifeExpectancy(hospice), long)).toBe(-1);
    expect(lifeExpectancyFit(caseLifeExpectancy('life expectancy ~7 yrs per cards, A1c goal?'), middle)).toBe(1);
    expect(lifeExpectancyFit(caseLifeExpectancy('life expectancy prob 7-8 yrs. A1c goal?'), middle)).toBe(1);
    // Guidelines also put the years first: "5-10 years life expectancy".
    expect(lifeExpectancyFit('middle', 'appropriate for ... comorbid conditions, or 5-10 years life expectancy')).toBe(
      1,
    );
    expect(lifeExpectancyFit(caseLifeExpectancy('healthy 52F, life expectancy over 20 years, A1c goal?'), long)).toBe(
      1,
    );
  });
  it('reads a younger patient with no life-limiting illness as expecting more than 10-15 years', () => {
    expect(caseLifeExpectancy('44F T2DM x1 yr, metformin, A1c 7.6, how low should we go?', 44, 60)).toBe('long');
    expect(caseLifeExpectancy('44F T2DM, metastatic breast ca, A1c 7.6, target?', 44, 60)).toBe('short');
    expect(caseLifeExpectancy('72M T2DM, A1c 7.6, target?', 72, 60)).toBeNull();
    expect(caseLifeExpectancy('44F T2DM, A1c 7.6, target?', 44, 0)).toBeNull();
  });
  it('says nothing when the case or the statement gives no life expectancy', () => {
    expect(caseLifeExpectancy('58M T2DM on metformin, A1c 8.1, what target?')).toBeNull();
    expect(lifeExpectancyFit(caseLifeExpectancy('58M T2DM on metformin, A1c 8.1'), short)).toBe(0);
    expect(
      lifeExpectancyFit(caseLifeExpectancy('hospice pt, A1c 9'), 'We recommend metformin as first-line therapy.'),
    ).toBe(0);
  });
});
