// The emergency taxonomy, its context handling and its export for the answer pipeline. The variant file is a regression
// set written by the team (fresh phrasings of the failure patterns seen on sealed data), not a measure of generalisation:
// the dev case sets in ../shared/eval/cases-dev are (see `npx curbside eval safety`).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRedFlags, loadRedFlagSuite } from '../../src/eval/safety-eval.js';
import {
  DEFAULT_EMERGENCY_CASE_FILES,
  emergencyTableRows,
  evaluateEmergencyCases,
  loadEmergencyCases,
} from '../../src/eval/red-flag-eval.js';
import {
  analyseRedFlags,
  detectRedFlags,
  EMERGENCIES,
  emergencyTopicTerms,
  fitsEmergency,
  RED_FLAG_TUNING,
  urgentMessage,
} from '../../src/safety/red-flags.js';

const VARIANTS_FILE = path.join(__dirname, 'red-flag-variants.json');
const ids = (text: string) => detectRedFlags(text).map((f) => f.id);

describe('variant regression set (team-written phrasings of the sealed-set failure patterns)', () => {
  const cases = loadRedFlagSuite(VARIANTS_FILE);
  const evaluation = evaluateRedFlags(cases);

  it('is a real set: emergencies and non-emergencies of every failure pattern', () => {
    expect(evaluation.positives).toBeGreaterThanOrEqual(50);
    expect(evaluation.negatives).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.text, c.expect] as const))('%s -> %j', (text, expected) => {
    const got = ids(text);
    if (expected.length === 0) expect(got).toEqual([]);
    else for (const id of expected) expect(got).toContain(id);
  });
});

describe('the failures seen on sealed data', () => {
  it('crushing substernal chest pain with sweating and a low-normal BP is ACS', () => {
    expect(ids('crushing substernal chest pain with sweating and BP 92/60')).toContain('acs');
  });
  it('facial droop and arm weakness told by a relative is a stroke', () => {
    expect(ids("her daughter says her face started drooping on one side and she couldn't raise her arm")).toContain(
      'stroke',
    );
  });
  it('a DKA picture without the word DKA', () => {
    expect(ids('type 1, vomiting all night, breathing fast and deep, glucose 510, ketones large')).toContain('dka_hhs');
  });
  it('"plans to use it on himself" with a firearm named earlier is suicidal intent with a plan', () => {
    expect(ids('He bought a handgun last week. His brother says he plans to use it on himself.')).toContain('suicide');
  });
  it('"needed narcan once last year" is history, as "in 2019" is', () => {
    expect(ids('needed narcan once last year, stable on buprenorphine')).toEqual([]);
    expect(ids('needed narcan in 2019, stable on buprenorphine')).toEqual([]);
  });
  it('a patient on an insulin drip in the CCU after a STEMI is under emergency care: no banner', () => {
    const a = analyseRedFlags(
      'in the CCU after a STEMI, now on an insulin drip for glucose 300; when to start basal insulin?',
    );
    expect(a.flags).toEqual([]);
  });
  it('an opioid overdose gets the overdose banner with naloxone, not a bare airway banner', () => {
    const flags = detectRedFlags('found him blue and barely breathing after using fentanyl');
    expect(flags.map((f) => f.id)).toContain('overdose');
    expect(flags.map((f) => f.id)).not.toContain('airway');
    expect(urgentMessage(flags)).toMatch(/naloxone/i);
  });
});

describe('context', () => {
  it.each([
    ['history', 'OD in 2019, clean since'],
    ['history', 'stroke years ago, residual left arm weakness'],
    ['history', 'hx of DKA twice as a teenager'],
    ['negated', 'denies chest pain, diaphoresis or radiation'],
    ['negated', 'no facial droop, no slurred speech'],
    ['resolved', 'chest pressure last year that resolved with rest, stress test was normal'],
    ['hypothetical', 'if someone overdoses on fentanyl, how much naloxone?'],
    ['education', 'warning signs of stroke for a handout: face droop, arm weakness, slurred speech'],
    ['under care', 'pt in the ED with slurred speech and right-sided weakness, tPA window?'],
    ['under care', 'code team at the bedside, pulseless, which drug next?'],
  ])('%s: %s -> no banner', (_kind, text) => {
    expect(ids(text)).toEqual([]);
  });

  it('a current emergency relayed by phone or nurse line is an emergency', () => {
    expect(ids('called the nurse line: his face is drooping and his speech is slurred right now')).toContain('stroke');
    expect(ids('mom on the phone, his lips are blue and the inhaler is not helping')).toContain('airway');
  });

  it('a negation does not reach an item in a later clause', () => {
    expect(ids('denies fever, reports crushing chest pain with diaphoresis')).toContain('acs');
  });

  it('the framing is reported when a flag is withheld', () => {
    expect(analyseRedFlags('in the ICU with septic shock on pressors, steroid dose?').because).toBe(
      'under-emergency-care',
    );
    expect(analyseRedFlags('hypothetically, glucose 40 and confused: what does the guideline say?').flags).toEqual([]);
  });
});

describe('thresholds from RED_FLAG_TUNING', () => {
  it('SpO2 below the threshold flags, at the threshold does not, a stated baseline does not', () => {
    const t = RED_FLAG_TUNING.vitals.spo2Low;
    expect(ids(`SpO2 ${t - 1}% on room air`)).toContain('airway');
    expect(ids(`SpO2 ${t}% on room air`)).toEqual([]);
    expect(ids(`COPD, SpO2 ${t - 2}% at baseline`)).toEqual([]);
  });
  it('glucose below the hypoglycaemia threshold flags', () => {
    const t = RED_FLAG_TUNING.glucose.lowMgdl;
    expect(ids(`BG ${t - 1} mg/dL`)).toContain('hypoglycemia');
    expect(ids(`BG ${t + 5} mg/dL`)).toEqual([]);
  });
  it('high glucose needs ketones or acidosis for DKA', () => {
    const t = RED_FLAG_TUNING.glucose.dkaMgdl;
    expect(ids(`glucose ${t + 50}, pH 7.1`)).toContain('dka_hhs');
    expect(ids(`glucose ${t + 50}, ketones negative, feels fine`)).toEqual([]);
  });
  it('SBP below the threshold with infection is sepsis; an insulin premix ratio is not a BP', () => {
    expect(ids(`pneumonia, BP ${RED_FLAG_TUNING.vitals.sbpLow - 5}/50`)).toContain('sepsis');
    expect(ids('on 70/30 insulin, cellulitis improving')).toEqual([]);
  });
  it('RR above the threshold in an asthma attack flags', () => {
    expect(ids(`asthma attack, RR ${RED_FLAG_TUNING.vitals.rrHigh + 4}`)).toContain('airway');
  });
  it('seizure duration at the threshold is status epilepticus', () => {
    expect(ids(`seizure lasting ${RED_FLAG_TUNING.seizureMinutes} minutes`)).toContain('status_epilepticus');
  });
});

describe('taxonomy and export', () => {
  it('covers the time-critical presentations of issue 13', () => {
    const categories = EMERGENCIES.map((e) => e.category);
    for (const c of [
      'acs',
      'stroke',
      'anaphylaxis',
      'sepsis',
      'airway',
      'overdose',
      'suicide',
      'homicide',
      'dka_hhs',
      'hypoglycemia',
      'pe',
      'gi_bleed',
      'hypertensive_emergency',
      'obstetric_emergency',
      'alcohol_withdrawal',
      'serotonin_nms',
      'cauda_equina',
      'status_epilepticus',
      'limb_ischemia',
      'meningitis',
    ]) {
      expect(categories).toContain(c);
    }
  });

  it('every flag carries its category, an unhedged action and topic terms', () => {
    for (const e of EMERGENCIES) {
      expect(e.topicTerms.length).toBeGreaterThan(0);
      expect(e.action).not.toMatch(/\bmay\b|\bconsider\b|\bperhaps\b/i);
    }
    const [flag] = detectRedFlags('SI with a plan and access to a gun');
    expect(flag).toMatchObject({ id: 'suicide', category: 'suicide' });
    expect(flag!.topicTerms).toEqual(expect.arrayContaining(['suicide', 'lethal means', 'crisis']));
  });

  it('the suicide message says 988 press 1, 911, do not leave alone, lethal means', () => {
    const m = urgentMessage(detectRedFlags('plans to shoot himself this weekend, has a pistol'));
    expect(m).toMatch(/988/);
    expect(m).toMatch(/press 1/);
    expect(m).toMatch(/911/);
    expect(m).toMatch(/do not leave/i);
    expect(m).toMatch(/lethal means/);
  });

  it('the stroke message names BE-FAST and the last-known-well time', () => {
    const m = urgentMessage(detectRedFlags('sudden right arm weakness and slurred speech'));
    expect(m).toMatch(/BE-FAST/);
    expect(m).toMatch(/last-known-well/);
  });

  it('fitsEmergency keeps only passages on the emergency', () => {
    const flags = detectRedFlags('he has a loaded pistol and plans to use it on himself this weekend');
    expect(emergencyTopicTerms(flags)).toContain('lethal means');
    expect(fitsEmergency('Recommend lethal means safety counseling for patients at risk of suicide.', flags)).toBe(
      true,
    );
    expect(fitsEmergency('We suggest bupropion or an SSRI for MDD.', flags)).toBe(false);
    expect(fitsEmergency('anything', [])).toBe(true);
  });
});

describe('emergencies on cases-dev (eval)', () => {
  const files = DEFAULT_EMERGENCY_CASE_FILES.filter((f) => fs.existsSync(f));
  it.skipIf(files.length === 0)('reads the emergency and not_urgent items and counts per file', () => {
    const results = files.map((f) => evaluateEmergencyCases(f));
    for (const r of results) {
      expect(r.emergencies.total + r.notUrgent.total).toBe(loadEmergencyCases(r.file).length);
      expect(r.emergencies.total).toBeGreaterThan(0);
    }
    const rows = emergencyTableRows(results);
    expect(rows[0]).toHaveProperty('emergencies flagged');
    expect(String(rows[0]!['not-urgent clean'])).toMatch(/^\d+\/\d+$/);
  });
});
