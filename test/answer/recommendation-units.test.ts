// The recommendation-unit answer path on the REAL guideline index: chat text read on the corpus's own terms (typos,
// defined abbreviations, ordinary words never demanded), refusal only on positive evidence, the fitting population
// leading, and the bottom line first. Each check is a pattern from outside-written sets, phrased anew here.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPipeline, type AnswerPipeline } from '../../src/answer/pipeline.js';
import {
  conditionsNotInCase,
  missingPopulationConditions,
  rankByApplicability,
  unknownConcepts,
  unknownProcedures,
  unknownVaccines,
} from '../../src/answer/select.js';
import { askedAbout } from '../../src/answer/scope.js';
import { medicalTerms } from '../../src/safety/name-data.js';
import { readCase } from '../../src/answer/case.js';
import { populationMismatches } from '../../src/answer/case-fit.js';
import { withOverrides, ANSWER_TUNING } from '../../src/answer/tuning.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { RecommendationUnitIndex } from '../../src/retrieval/recommendation-units.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { stem } from '../../src/retrieval/stem.js';

let store: PassageStore;
let retriever: LocalRetriever;
let units: RecommendationUnitIndex;
let pipeline: AnswerPipeline;

beforeAll(async () => {
  store = PassageStore.open(inject('guidelineIndex'), { readonly: true });
  retriever = new LocalRetriever(store);
  units = await retriever.recommendationUnits();
  pipeline = createPipeline({ config: loadConfig({}), retriever, model: null });
});
afterAll(() => store.close());

describe('recommendation units', () => {
  it('groups every numbered recommendation with the discussion filed under "Recommendation N"', () => {
    expect(units.units.length).toBeGreaterThan(600);
    const rec = units.units.find(
      (u) => u.statement.source === 'VADoDAsthmaCPGFinal121019.pdf' && u.statement.recommendation === '12',
    );
    expect(rec).toBeDefined();
    expect(rec!.discussion.length).toBeGreaterThan(0);
    expect(rec!.discussion.every((p) => /Recommendations? .*\b12\b/.test(p.section ?? ''))).toBe(true);
  });

  it('corrects typos to the nearest library word and leaves library words alone', () => {
    expect(units.correct('spirometery')).toBe('spirometry');
    expect(units.correct('trazadone')).toBe('trazodone');
    expect(units.correct('pregancy')).toBe('pregnancy');
    expect(units.correct('insulin')).toBeNull();
  });

  it('learns abbreviations from the guidelines\' own "term (ABBR)" definitions', () => {
    expect(units.abbreviations.get('mme')?.join(' ')).toMatch(/morphine milligram equivalent/);
    expect(units.abbreviations.get('ics')?.join(' ')).toMatch(/inhaled corticosteroid/);
  });

  it('does not demand every word: a question with chat words, typos and shorthand still finds its recommendation', async () => {
    const a = await pipeline.answer({
      question:
        'pt w/ persistant asthma sx most days, not on a controller yet - what would the guideline suggest to start?',
    });
    expect(a.refused).toBe(false);
    expect(a.citations[0]?.source).toBe('VADoDAsthmaCPGFinal121019.pdf');
    expect(a.answer).not.toMatch(/no passage mentions/);
  });
});

describe('abbreviations read in context', () => {
  const stems = (q: string) => units.inContext(units.queryTerms(q)).map((t) => t.stem);

  it("expands a guideline's own abbreviation only where the rest of the question points to a guideline using it", () => {
    // The sleep guideline defines PM as portable monitoring; next to an amputation it is PM&R.
    const amputation = 'planning a below-knee amputation for PAD, should PM&R see him before surgery?';
    expect(stems(amputation)).not.toContain('portabl');
    expect(units.search(amputation, 5).some((h) => /Sleep/.test(h.unit.statement.source))).toBe(false);
    expect(stems('OSA suspected, is PM enough for the diagnosis or does he need a sleep lab study?')).toContain(
      'portabl',
    );
    // The curated lexicon's names hold everywhere.
    expect(stems('persistent asthma with obstruction, is a chest CT part of the workup?')).toContain('tomographi');
  });

  it("reads the chat names of a treatment plan in the guidelines' words", () => {
    const stemsOf = (q: string) => units.queryTerms(q).map((t) => t.stem);
    expect(stemsOf('OK to set up a 5 day detox and nothing after?')).toEqual(
      expect.arrayContaining([stem('withdrawal'), stem('management')]),
    );
    expect(stemsOf('can I just do phentermine by itself for a few months?')).toContain(stem('monotherapy'));
    expect(stemsOf('psych suggested an add-on to the SSRI')).toContain(stem('augmentation'));
    expect(stemsOf('3 concussions, worried about dementia later. What can I tell him?')).toContain(stem('counseling'));
    expect(stemsOf('could he use BrainHQ or Lumosity at home meanwhile?')).toEqual(
      expect.arrayContaining([stem('computer'), stem('training')]),
    );
  });

  it('reads lower-case chart shorthand as shorthand: "pt" is the patient, "PT" may be physical therapy', () => {
    expect(units.queryTerms('pt has knee OA, next step?').map((t) => t.stem)).not.toContain('physic');
    expect(units.queryTerms('knee OA, has done PT and NSAIDs, next step?').map((t) => t.stem)).toContain('physic');
    // Small counts of a unit, as guidelines write them: "1 hr GCT then 3 hr" is "one-hour ... three-hour".
    const counts = units
      .queryTerms('1 hr GCT then 3 hr OGTT, or straight to the 2 hr test? pt has 12 tests')
      .map((t) => t.stem);
    expect(counts).toEqual(expect.arrayContaining([stem('one'), stem('three'), stem('two')]));
    expect(counts).not.toContain(stem('twelve'));
    // Read as the word it shortens: "under 4 hrs a night" is the statement's "<4 hours per night".
    const hours = units.queryTerms('uses CPAP under 4 hrs a night, worth continuing?');
    expect(hours.map((t) => t.stem)).toContain(stem('hours'));
    expect(hours.map((t) => t.stem)).not.toContain(stem('hazard'));
    // "hr" is hours after a number, a heart rate before one.
    expect(units.queryTerms('CPAP about 4 hr a night').map((t) => t.stem)).toContain(stem('hours'));
    expect(units.queryTerms('COPD flare, hr 118, sat 87%').map((t) => t.stem)).not.toContain(stem('hours'));
    // "med" and "meds" are medications, as typed in a hurry.
    expect(units.queryTerms('refuses talk therapy, what med then?').map((t) => t.stem)).toContain(stem('medication'));
    // "vit" is a vitamin ("vit B12 level", "vit D").
    expect(units.queryTerms('low vit B12 on metformin?').map((t) => t.stem)).toContain(stem('vitamin'));
    expect(units.queryTerms('start oral bicarb for her acidosis?').map((t) => t.stem)).toContain(stem('bicarbonate'));
    // The paired STI test as ordered; "CT" alone stays computed tomography.
    expect(units.queryTerms('add a GC/CT NAAT to her labs?').map((t) => t.stem)).toContain(stem('chlamydia'));
    expect(units.queryTerms('chest CT for the nodule?').map((t) => t.stem)).not.toContain(stem('chlamydia'));
    // A supplement by its shop name.
    expect(units.queryTerms('would fish oil help his mood?').map((t) => t.stem)).toContain(stem('fatty'));
  });
});

describe('evidence decision', () => {
  it('names a subject the library never mentions, and only that', () => {
    const lengths = { word: 6, medical: 5 };
    expect(unknownConcepts('should we switch her to zilebesiran injections?', units, lengths)).toEqual(['zilebesiran']);
    expect(unknownConcepts('is the wieght loss med recomended for him?', units, lengths)).toEqual([]);
    expect(unknownConcepts('nonhealing wound, any retitration advice?', units, lengths)).toEqual([]);
  });

  it('takes a medical word of the dictionary for itself, not for a typo of a library word', () => {
    const lengths = { word: 6, medical: 5 };
    // "croup" is one letter from "group"; the medical dictionary says it is a word of its own.
    expect(unknownConcepts('what dexamethasone dose for croup?', units, lengths, medicalTerms())).toEqual(['croup']);
    expect(unknownConcepts('what dexamethasone dose for croup?', units, lengths)).toEqual([]);
    // Chat shorthand in the dictionary ("meds") stays shorthand.
    expect(unknownConcepts('she would rather avoid meds', units, lengths, medicalTerms())).toEqual([]);
  });

  it('knows a name of several words only when the library uses them together', () => {
    const lengths = { word: 6, medical: 5 };
    // Prostate, specific and antigen each occur; "prostate specific antigen" never does.
    expect(unknownConcepts('he wants a PSA test', units, lengths)).toEqual(['psa']);
    expect(unknownConcepts('his BP is up, and his HbA1c', units, lengths)).toEqual([]);
    // A combination product's generics are names of their own.
    expect(unknownConcepts('could I try Adderall for the fatigue?', units, lengths)).toEqual([]);
  });

  it('reads the sentence a question points back to as part of what is asked', async () => {
    expect(askedAbout('Sports medicine is offering a genicular nerve block. Does the guideline support it?')).toMatch(
      /genicular/,
    );
    expect(askedAbout('Knee OA for years. Which topical agent first?')).not.toMatch(/years/);
    // What another clinician proposes is what the message asks about.
    expect(askedAbout('Cardiology is talking about starting mavacamten. Is she a candidate?')).toMatch(/mavacamten/);
    const a = await pipeline.answer({
      question:
        '4 yo, barking cough and hoarse voice since last night, no stridor at rest. Dexamethasone dose for croup?',
    });
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/croup/i);
  });

  it('refuses a question about two unknown products and says which', async () => {
    const a = await pipeline.answer({
      question: 'Zorblatix vs Quenvaxity for her refractory migraines, which one does the guideline prefer?',
    });
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/zorblatix/i);
    expect(a.citations).toEqual([]);
  });
});

describe('a drug asked about that no guideline names', () => {
  it('refuses when the message asks about it, in the question or the sentence before it', async () => {
    const a = await pipeline.answer({
      question: "68F, early Alzheimer's, her neurologist is considering Leqembi. Is she a candidate for it?",
    });
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/leqembi/i);
  });

  it('reads every question of the message, not only the last one', async () => {
    const a = await pipeline.answer({
      question: 'restless legs at night, ferritin 40. Leqembi or gabapentin first? should we give iron?',
    });
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/leqembi/i);
  });

  it('answers when the drug is only part of the case', async () => {
    const a = await pipeline.answer({
      question: '70M on Leqembi per neurology, BP 152/94 on two readings, no CKD. Which first-line antihypertensive?',
    });
    expect(a.refused).toBe(false);
    expect(a.citations[0]?.source).toMatch(/Hypertension/);
  });
});

describe('a procedure the library knows by its words but never names', () => {
  it('names "site + act" phrases the guidelines never use together, allowing one word between', () => {
    const gap = ANSWER_TUNING.evidence.procedureGap;
    expect(unknownProcedures('does the guideline cover renal denervation for him?', units, gap)).toEqual([
      'renal denervation',
    ]);
    // A word between the site and the act, and a site no guideline names at all.
    expect(unknownProcedures('IR offers genicular nerve ablation, any guidance?', units, gap)).toEqual([
      'genicular nerve ablation',
    ]);
    expect(unknownProcedures('is an epidural injection reasonable for his sciatica?', units, gap)).toEqual([]);
    expect(unknownProcedures('spinal manipulation for acute LBP?', units, gap)).toEqual([]);
    // Tests are not procedures: "renal imaging" is left to retrieval.
    expect(unknownProcedures('does he need renal imaging?', units, gap)).toEqual([]);
  });
});

describe('a vaccine the library never names', () => {
  const min = ANSWER_TUNING.evidence.vaccineTargetMinLength;
  it('is named by a target no guideline mentions; known targets and other shots pass', () => {
    expect(unknownVaccines('should he also get the RSV vaccine (Arexvy) this fall?', units, min)).toEqual([
      'rsv vaccine',
    ]);
    expect(unknownVaccines('is he due a flu shot?', units, min)).toEqual([]);
    expect(unknownVaccines('pneumococcal vaccination for COPD?', units, min)).toEqual([]);
    expect(unknownVaccines('Tdap vaccine in pregnancy', units, min)).toEqual([]);
    expect(unknownVaccines('a steroid shot for knee OA?', units, min)).toEqual([]);
  });
});

describe('a word the library never names, said twice', () => {
  it('is what the message is about: refused, and named', async () => {
    const a = await pipeline.answer({
      question:
        'more pts on fentanyl cut with zorblatine, with forearm wounds. Does the SUD guideline say anything on zorblatine withdrawal?',
    });
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/zorblatine/i);
  });
  it('said once beside a known name, it is part of the case', async () => {
    const a = await pipeline.answer({
      question: 'CKD 3b, CT with contrast tomorrow. Radiology asks: IV fluids, Zorblatine (NAC) or nothing beforehand?',
    });
    expect(a.refused).toBe(false);
  });
});

describe('applicability', () => {
  it('reads the conditions a statement is written for', () => {
    const text =
      'We recommend offering sodium-glucose co-transporter 2 inhibitors as add-on therapy in patients with stage 1 to 3 chronic kidney disease to reduce progression.';
    expect(missingPopulationConditions(text, new Set(['T2DM']))).toEqual(['CKD']);
    expect(missingPopulationConditions(text, new Set(['T2DM', 'CKD']))).toEqual([]);
  });

  it('a statement for patients with a condition the case lacks moves down (and the switch turns that off)', () => {
    const q = '61M T2DM, A1c 8.2 on metformin. Should we add an SGLT2 inhibitor?';
    const isCkd = (r: { unit: { statement: { source: string } } }) =>
      r.unit.statement.source === 'VADoDCKDCPGFinal5082142020.pdf';
    const rank = (overrides: string[]) => {
      const tuning = withOverrides(overrides);
      const ranked = rankByApplicability(units.search(q, 30), q, readCase(q), tuning);
      return ranked.find(isCkd)!.fit;
    };
    // With the check, the CKD-only statement loses exactly the condition weight (times the overall fit scale).
    expect(rank(['fit.condition=0.25', 'fit.scale=1'])).toBeCloseTo(rank(['fit.condition=0', 'fit.scale=1']) - 0.25, 5);
    expect(rank(['fit.condition=0.25', 'fit.scale=2'])).toBeCloseTo(rank(['fit.condition=0', 'fit.scale=2']) - 0.5, 5);
  });

  it('a condition the case rules out does not count against a statement that screens for it', () => {
    // "no prior GDM" is the population of a GDM screening statement, not a reason to pass it over.
    const q = 'which GDM screen should we use, 1 hr GCT then 3 hr, or the 2 hr OGTT? she is 25 wks, no prior GDM';
    const ranked = rankByApplicability(units.search(q, 30), q, readCase(q), ANSWER_TUNING);
    const screening = ranked.filter(
      (r) => /\bscreen/i.test(r.unit.statement.text) && /gestational/i.test(r.unit.statement.text),
    );
    expect(screening.length).toBeGreaterThan(0);
    for (const r of screening) expect(r.fit).toBeGreaterThanOrEqual(0);
    const twoStep = ranked.findIndex((r) => /two-step process/.test(r.unit.statement.text));
    expect(twoStep).toBeGreaterThanOrEqual(0);
    expect(twoStep).toBeLessThan(3);
  });

  it('does not say a statement is written for a condition the case shows by its values rather than names', () => {
    const caveat = (q: string, statement: string) => conditionsNotInCase(readCase(q), q)({ text: statement });
    const htn =
      'For patients with hypertension not controlled on three drugs, we suggest adding a mineralocorticoid antagonist.';
    expect(caveat('59M, home BP avg 154/92 on chlorthalidone, amlodipine, lisinopril. next step?', htn)).toEqual([]);
    expect(caveat('59M, BP 118/76, on no medications, asking about salt', htn)).toEqual(['HTN']);
    const osa = 'For patients with obstructive sleep apnea, we suggest continuing positive airway pressure therapy.';
    expect(caveat('averaging 3 hrs a night on CPAP (AHI 28 at dx). worth continuing?', osa)).toEqual([]);
    const ckd = 'In patients with chronic kidney disease, we suggest a dietary protein intake of 0.6-0.8 g/kg/day.';
    expect(caveat('70F eGFR 41, protein intake?', ckd)).toEqual([]);
    expect(caveat('70F eGFR 78, protein intake?', ckd)).toEqual(['CKD']);
  });

  it('says next to a statement which condition it is written for when the case does not mention it', async () => {
    const a = await pipeline.answer({ question: '61M T2DM, A1c 8.2 on metformin. Should we add an SGLT2 inhibitor?' });
    expect(a.citations.some((c) => c.source === 'VADoDCKDCPGFinal5082142020.pdf' && c.recommendation === '17')).toBe(
      true,
    );
    expect(a.answer).toMatch(/\[\d\] _Written for patients with CKD, which the case does not mention\._/);
    const withCkd = await pipeline.answer({
      question: '61M T2DM and CKD stage 3, A1c 8.2 on metformin. Should we add an SGLT2 inhibitor?',
    });
    expect(withCkd.answer).not.toMatch(/Written for patients with CKD/);
  });

  it('an age band the case falls outside is a population mismatch', () => {
    const text =
      'The USPSTF recommends biennial screening mammography for women aged 50 to 74 years. (B recommendation)';
    const none = () => false;
    expect(populationMismatches(readCase('77F healthy'), '77F healthy', text, none)).toBe(1);
    expect(populationMismatches(readCase('62F healthy'), '62F healthy', text, none)).toBe(0);
  });

  it('the ablation switch rejects an unknown tuning name', () => {
    expect(() => withOverrides(['fit.nosuch=0'])).toThrow(/no tuning number/);
    expect(withOverrides(['fit.population=0']).fit.population).toBe(0);
    expect(ANSWER_TUNING.fit.population).toBeGreaterThan(0);
  });
});

describe('composition', () => {
  it('opens with the recommendation itself: guideline, number, strength and [1], quoted whole', async () => {
    const a = await pipeline.answer({
      question: '45F with chronic low back pain for a year, is acupuncture something the VA/DoD guideline supports?',
    });
    const first = a.answer.split('\n').find((l) => l.includes('[1]'))!;
    expect(first).toMatch(
      /^\*\*[^*]*Low Back Pain \(\d{4}\), Recommendation \d+, (Strong|Weak) (for|against):\*\* ".+" \[1\]$/,
    );
    expect(first).not.toMatch(/Best match/);
    const quoted = /"(.+)"/.exec(first)![1]!;
    expect(a.citations[0]!.quote).toBe(quoted);
    if (a.citations.length > 1) expect(a.answer).toContain('**Related recommendations:**');
    // Bottom line and related recommendations stay short enough to read at a glance.
    const beforeFooter = a.answer.split('\n---\n')[0]!;
    expect(beforeFooter.split(/\s+/).length).toBeLessThan(160);
  });

  it('says once that no newer edition is loaded, instead of a warning per source', async () => {
    const a = await pipeline.answer({ question: 'chronic insomnia in a 50 yo, CBT-I or a hypnotic first?' });
    expect(a.answer.match(/No newer edition/g)?.length).toBe(1);
    expect(a.answer).not.toMatch(/⚠️ published/);
  });
});
