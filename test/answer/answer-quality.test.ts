// Extractive answer quality: recommendations ranked to the case (intent, therapy on board, population), supporting
// text, follow-up suggestions, follow-up detection, the evidence gate on dosing words, and searches per answer.
// Ranking is checked on passages written here in guideline style; the pipeline runs over a real SQLite index built
// from guideline markdown this test writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { readCase } from '../../src/answer/case.js';
import {
  asksOpenChoice,
  groupMismatch,
  intentFit,
  populationMismatches,
  questionIntent,
  therapyFit,
} from '../../src/answer/case-fit.js';
import { composeExtractive, looksLikeProse, rankForCase } from '../../src/answer/extractive.js';
import { questionFromRecommendation, suggestFollowUps } from '../../src/answer/follow-ups.js';
import { createPipeline } from '../../src/answer/pipeline.js';
import { isFollowUp } from '../../src/answer/rewrite.js';
import { assessEvidence } from '../../src/answer/scope.js';
import type { Passage } from '../../src/knowledge/passage.js';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import type { Retriever } from '../../src/retrieval/retriever.js';
import { PassageStore } from '../../src/retrieval/store.js';

let counter = 0;
function passage(text: string, extra: Partial<Passage> = {}): Passage {
  counter++;
  return {
    id: `p${counter}`,
    docId: extra.docId ?? 'copd.pdf',
    title: 'VA/DoD Clinical Practice Guideline for the Management of Chronic Obstructive Pulmonary Disease',
    publisher: 'VA/DoD',
    version: 'Version 3.0 – 2021',
    year: 2021,
    source: extra.docId ?? 'copd.pdf',
    page: 10 + counter,
    section: null,
    recommendation: null,
    strength: null,
    kind: 'text',
    text,
    ...extra,
  };
}
const rec = (n: string, text: string, extra: Partial<Passage> = {}) =>
  passage(text, { kind: 'recommendation', recommendation: n, strength: 'Weak for', ...extra });

// A COPD recommendation table in the guideline's own style; the generic ones come first, as a retriever might rank them.
const COPD = {
  withdrawIcs: rec(
    '12',
    'We suggest considering withdrawal of inhaled corticosteroids in patients with COPD without moderate to severe exacerbations in the last two years.',
  ),
  vaccinate: rec(
    '4',
    'We suggest routine vaccination for influenza and pneumococcal pneumonia for prevention and risk reduction of COPD exacerbations.',
  ),
  firstLine: rec(
    '5',
    'We recommend offering inhaled long-acting muscarinic antagonists as first-line therapy in patients with symptomatic COPD.',
    { strength: 'Strong for' },
  ),
  tripleOnDual: rec(
    '10',
    'In patients with COPD who are on combination therapy with a long-acting antimuscarinic agent/long-acting beta agonist and continue to have COPD exacerbations, we suggest adding an inhaled corticosteroid as a third medication.',
  ),
  addLaba: rec(
    '8',
    'For patients with moderate to severe obstruction who continue to report significant dyspnea or exacerbations despite using a long-acting muscarinic antagonist, we suggest adding a long-acting beta agonist to long-acting muscarinic antagonist therapy.',
  ),
};
const copdHits = () => Object.values(COPD).map((p, i) => ({ passage: p, score: 10 - i }));

describe('ranking recommendations to the case', () => {
  const question = '62-year-old woman with COPD, 2 exacerbations last year on LAMA: what should I add?';

  it('reads drug classes written as abbreviations as the therapy on board', () => {
    expect(readCase(question).medications).toEqual(['long-acting muscarinic antagonist']);
  });

  it('puts the escalation from the therapy the patient is on first, above generic and other-population statements', () => {
    const ranked = rankForCase({ question, hits: copdHits() }).map((s) => s.passage.recommendation);
    expect(ranked[0]).toBe('8');
    // For patients without exacerbations, and for patients already on dual therapy: below the one that fits.
    expect(ranked.indexOf('12')).toBeGreaterThan(ranked.indexOf('8'));
    expect(ranked.indexOf('10')).toBeGreaterThan(ranked.indexOf('8'));
    const answer = composeExtractive({ question, hits: copdHits() });
    expect(answer.passages[0]!.recommendation).toBe('8');
  });

  it('tells a choice among treatments from a question a statement of insufficient evidence may answer', () => {
    for (const q of [
      'Which drugs are recommended for PTSD?',
      'what med options are left per the guideline?',
      "What's next?",
      'what should we add for the BP?',
      'What is first-line for him?',
    ])
      expect(asksOpenChoice(q), q).toBe(true);
    for (const q of [
      'What can I tell him per the guideline?',
      "what's the VA/DoD position?",
      'What does the evidence say?',
      'what about if she is pregnant?',
    ])
      expect(asksOpenChoice(q), q).toBe(false);
  });

  it('reads the intent of the asking sentence', () => {
    expect(questionIntent('COPD on LAMA. What should I add?')).toBe('escalate');
    expect(questionIntent('Still uncontrolled on lisinopril 40 mg. Options?')).toBe('escalate');
    expect(questionIntent('First-line drug for newly diagnosed hypertension?')).toBe('initial');
    expect(questionIntent('new COPD dx, nothing on board. Spiriva vs Serevent to start?')).toBe('initial');
    expect(questionIntent('On metformin with eGFR 28. Can he continue it?')).toBe('continue');
    expect(questionIntent('averaging 3 hours a night on CPAP. Worth continuing?')).toBe('continue');
    // What is asked can sit before the question, after a verb of asking or wanting.
    expect(
      questionIntent("Controlled 8 months on Advair. Mum wants to know if he can stop it. What's the right move?"),
    ).toBe('continue');
    expect(intentFit('initial', COPD.firstLine.text)).toBe(1);
    expect(intentFit('escalate', COPD.firstLine.text)).toBe(-1);
    // For "which to start?", a step-up after a drug failed and a step-down of a stable regimen are both the opposite.
    const stepUp = 'For patients with asthma not controlled by inhaled corticosteroids alone, we suggest adding LABA.';
    expect(intentFit('initial', stepUp)).toBe(-1);
    expect(intentFit('initial', 'In controlled asthma on a stable regimen, we suggest stepping down ICS.')).toBe(-1);
    // A strong recommendation to offer a drug is where the guidelines put the first-line choice.
    expect(intentFit('initial', 'For moderate-severe AUD, we recommend offering naltrexone or topiramate.')).toBe(1);
    expect(intentFit('initial', 'For moderate-severe AUD, we suggest offering acamprosate or disulfiram.')).toBe(0);
    expect(
      intentFit(
        'initial',
        'For patients for whom first-line pharmacotherapy is contraindicated or ineffective, we suggest gabapentin.',
      ),
    ).toBe(-1);
  });

  it('matches the therapy a statement starts from against the medication list', () => {
    const onLama = readCase('COPD on tiotropium');
    expect(therapyFit(onLama, COPD.addLaba.text)).toBe(1);
    expect(therapyFit(onLama, COPD.tripleOnDual.text)).toBe(-1);
    expect(therapyFit(readCase('COPD, no inhalers yet'), COPD.addLaba.text)).toBe(0);
  });

  it('reads "adolescents and adults" as everyone from adolescence on, not as a group an adult is outside', () => {
    const q = '31M, no symptoms, wants every STI test going. Should I add syphilis screening?';
    const facts = readCase(q);
    const has = () => false;
    const both = 'We recommend against screening for the infection in asymptomatic adolescents and adults.';
    expect(populationMismatches(facts, q, both, has)).toBe(0);
    expect(groupMismatch(q, both, facts)).toBe(false);
    expect(groupMismatch(q, 'We recommend screening sexually active adolescents for the infection.', facts)).toBe(true);
  });

  it('counts population mismatches: stage range, age band, setting, "without X" the case has', () => {
    const q = '70-year-old with CKD, eGFR 22, on metformin. Continue?';
    const facts = readCase(q);
    const has = () => false;
    expect(
      populationMismatches(facts, q, 'We suggest metformin in patients with stage 1 to 3 chronic kidney disease.', has),
    ).toBe(1);
    expect(
      populationMismatches(
        facts,
        q,
        'In selected patients with stage 3 and 4 chronic kidney disease, we suggest a protein intake of 0.6 g/kg/day.',
        has,
      ),
    ).toBe(0);
    expect(
      populationMismatches(
        readCase('45-year-old with hypertension'),
        '45-year-old with hypertension',
        'For patients 60 years and over, we recommend a goal of <150 mm Hg.',
        has,
      ),
    ).toBe(1);
    expect(
      populationMismatches(
        readCase('outpatient T2DM'),
        'outpatient T2DM',
        'We suggest basal insulin for non-critically ill hospitalized patients.',
        has,
      ),
    ).toBe(1);
    expect(
      populationMismatches(
        readCase('T2DM admitted to the ward'),
        'T2DM admitted to the ward',
        'We suggest basal insulin for non-critically ill hospitalized patients.',
        has,
      ),
    ).toBe(0);
  });
});

describe('supporting text', () => {
  const boxes =
    'a. If the answer is "Yes" to Box 9, then Box 10 connects to Box 11 b. If the answer is No to Box 9, the patient should continue current therapy and be reassessed at the next visit.';
  const discussion =
    'Recommendation 8 rests on trials in which adding a long-acting beta agonist to long-acting muscarinic antagonist therapy reduced dyspnea and exacerbations in patients with moderate to severe obstruction.';

  it('never quotes algorithm boxes or mid-sentence fragments as prose', () => {
    expect(looksLikeProse(boxes)).toBe(false);
    expect(
      looksLikeProse(
        'and those who are in the community receiving care from community-based clinicians in the program.',
      ),
    ).toBe(false);
    expect(looksLikeProse(discussion)).toBe(true);
  });

  it('quotes the discussion paragraph behind the lead recommendation, or nothing', () => {
    const question = 'COPD on LAMA with exacerbations: what should I add?';
    const withDiscussion = composeExtractive({
      question,
      hits: [COPD.addLaba, passage(boxes), passage(discussion)].map((p, i) => ({ passage: p, score: 5 - i })),
    });
    expect(withDiscussion.text).toMatch(/\*\*Supporting text\*\*/);
    expect(withDiscussion.text).toContain('Recommendation 8 rests on trials');
    expect(withDiscussion.text).not.toMatch(/Box 10/);
    const boxesOnly = composeExtractive({
      question,
      hits: [COPD.addLaba, passage(boxes)].map((p, i) => ({ passage: p, score: 5 - i })),
    });
    expect(boxesOnly.text).not.toMatch(/Supporting text/);
    // Algorithm module text does not either, even when it names the recommendation.
    const moduleText = passage(
      'If on LAMA monotherapy with persistent dyspnea, add a LABA (see Recommendation 8) and reassess at the next visit.',
      { section: 'Algorithm > Module B: Management' },
    );
    const fromModule = composeExtractive({
      question,
      hits: [COPD.addLaba, moduleText].map((p, i) => ({ passage: p, score: 5 - i })),
    });
    expect(fromModule.text).not.toMatch(/Supporting text/);
    // Discussion text from another guideline does not support this recommendation.
    const elsewhere = composeExtractive({
      question,
      hits: [COPD.addLaba, passage(discussion, { docId: 'asthma.pdf' })].map((p, i) => ({ passage: p, score: 5 - i })),
    });
    expect(elsewhere.text).not.toMatch(/Supporting text/);
  });
});

describe('suggested follow-ups', () => {
  it('phrases a recommendation as a question about its subject, and drops ones that would read badly', () => {
    expect(questionFromRecommendation(COPD.tripleOnDual.text)).toBe(
      'When is adding an inhaled corticosteroid recommended?',
    );
    expect(
      questionFromRecommendation(
        'We suggest against the use of trazodone for the treatment of chronic insomnia disorder.',
      ),
    ).toBe('Why do the guidelines advise against trazodone?');
    expect(
      questionFromRecommendation(
        'There is insufficient evidence to recommend for or against acupuncture for headache.',
      ),
    ).toBeNull();
    expect(
      questionFromRecommendation(
        'We recommend individual, manualized trauma-focused psychotherapy over other interventions.',
      ),
    ).toBeNull();
  });

  it('builds from the case and the neighbouring recommendations, never from section labels', () => {
    const question = '64M with T2DM and CKD, eGFR 42, A1c 8.1, on metformin. What add-on agent?';
    const facts = readCase(question);
    const sglt2 = rec(
      '17',
      'We recommend offering sodium-glucose co-transporter 2 inhibitors as an option for add-on therapy for the treatment of type 2 diabetes in patients with stage 1 to 3 chronic kidney disease.',
      { docId: 'ckd.pdf', section: 'a. Population(s)' },
    );
    const glp1 = rec(
      '18',
      'We suggest offering glucagon-like peptide-1 receptor agonists as an option for add-on therapy for type 2 diabetes in patients with chronic kidney disease.',
      { docId: 'ckd.pdf', section: 'Description of CKD' },
    );
    const ua = rec('31', 'We suggest urate-lowering therapy for gout flares in patients with hyperuricemia.', {
      docId: 'ckd.pdf',
    });
    const out = suggestFollowUps(facts, question, [sglt2], [sglt2, glp1, ua]);
    expect(out.length).toBeGreaterThan(0);
    expect(out.length).toBeLessThanOrEqual(3);
    expect(out).toContain('What changes if eGFR falls below 30?');
    expect(out.some((q) => /glucagon-like peptide-1/.test(q))).toBe(true);
    for (const q of out) {
      expect(q).toMatch(/\?$/);
      expect(q).not.toMatch(/population|description of|^What does the/i);
      expect(q).not.toMatch(/urate/); // off the question's topic
    }
    // A neighbouring statement for another population (COPD without exacerbations) is not offered to a patient with them.
    const copdQuestion = '62-year-old woman with COPD, 2 exacerbations last year on LAMA: what should I add?';
    const copd = suggestFollowUps(readCase(copdQuestion), copdQuestion, [COPD.addLaba], Object.values(COPD));
    expect(copd).toContain('When is adding an inhaled corticosteroid recommended?');
    expect(copd.some((q) => /withdrawal/.test(q))).toBe(false);
    // No eGFR line in the recommendations: no eGFR follow-up.
    expect(suggestFollowUps(facts, question, [glp1], [glp1])).not.toContain('What changes if eGFR falls below 30?');
  });
});

describe('follow-up detection', () => {
  const ptsd = [{ role: 'user' as const, text: 'Veteran with PTSD and nightmares: which psychotherapy first?' }];

  it('treats a message with its own clinical topic as a new question', () => {
    expect(isFollowUp('Which adults should be screened for lung cancer?', ptsd)).toBe(false);
    expect(isFollowUp('What about lung cancer screening?', ptsd)).toBe(false);
    expect(isFollowUp('58M with COPD on LAMA: what should I add?', ptsd)).toBe(false);
  });

  it('carries context for elliptical and anaphoric messages', () => {
    expect(isFollowUp('and if she is pregnant?', ptsd)).toBe(true);
    expect(isFollowUp('what about prazosin?', ptsd)).toBe(true);
    expect(isFollowUp('is it safe in CKD?', ptsd)).toBe(true);
    expect(isFollowUp('And if he also has CKD?', ptsd)).toBe(true);
    expect(isFollowUp('options?', ptsd)).toBe(true);
    expect(isFollowUp('and if she is pregnant?', [])).toBe(false);
  });

  it('reads the next step of the care told earlier as its continuation', () => {
    expect(isFollowUp('would Lyrica be a reasonable next thing to try?', ptsd)).toBe(true);
    expect(isFollowUp('is there another option we could use instead of sertraline?', ptsd)).toBe(true);
    // A new condition still opens a new question.
    expect(isFollowUp('next step for hypertension in pregnancy?', ptsd)).toBe(false);
  });
});

describe('evidence gate', () => {
  it('does not count dosing abbreviations or generic verbs against coverage', () => {
    const passages = [
      rec(
        '16',
        'We suggest offering metformin as a first-line therapy for the treatment of type 2 diabetes in patients with stage 1 to 3 chronic kidney disease.',
        { docId: 'ckd.pdf' },
      ),
    ];
    const e = assessEvidence('T2DM on metformin 1000 mg BID, CKD: should I change it?', passages);
    expect(e.missing).toEqual([]);
    expect(e.sufficient).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Through the pipeline, over a real index.

function guideline(title: string, sections: Record<string, string>): string {
  const body = Object.entries(sections)
    .map(([h, text]) => `## ${h}\n\n${text}\n`)
    .join('\n');
  return `---\ntitle: "${title}"\nreleased: "2021"\n---\n\n# ${title}\n\n${body}`;
}

const KB: Record<string, string> = {
  'ptsd.md': guideline('Management of Posttraumatic Stress Disorder', {
    Psychotherapy:
      'For patients with PTSD, we recommend individual, manualized trauma-focused psychotherapy such as prolonged exposure or cognitive processing therapy. (A recommendation)',
    Nightmares:
      'For nightmares associated with PTSD, there is insufficient evidence to recommend prazosin. (I statement)',
  }),
  'lung.md': guideline('Screening for Lung Cancer', {
    Screening:
      'Annual screening for lung cancer with low-dose computed tomography is recommended in adults aged 55 to 80 years who have a 30 pack-year smoking history and currently smoke or have quit within the past 15 years. (B recommendation)',
  }),
  'dm.md': guideline('Management of Type 2 Diabetes in Chronic Kidney Disease', {
    Metformin:
      'We suggest offering metformin as first-line therapy for type 2 diabetes in patients with stage 1 to 3 chronic kidney disease. (B recommendation)',
    'Add-on':
      'We recommend sodium-glucose co-transporter 2 inhibitors as add-on therapy for type 2 diabetes in chronic kidney disease. (A recommendation)',
  }),
};

let dir: string;
let store: PassageStore;
let local: LocalRetriever;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-quality-test-'));
  const kb = path.join(dir, 'kb');
  fs.mkdirSync(kb);
  for (const [name, text] of Object.entries(KB)) fs.writeFileSync(path.join(kb, name), text);
  store = PassageStore.open(path.join(dir, 'index.sqlite'));
  await ingestPaths(store, [kb], { workers: 1 });
  local = new LocalRetriever(store);
});

afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The real retriever, counting its searches. */
function counting(): { retriever: Retriever; searches: () => number } {
  let n = 0;
  const retriever: Retriever = {
    engine: local.engine,
    search: (q, o) => {
      n++;
      return local.search(q, o);
    },
    listGuidelines: () => local.listGuidelines(),
    check: () => local.check(),
    close: async () => {},
  };
  return { retriever, searches: () => n };
}

describe('pipeline', () => {
  const config = loadConfig({});

  it('answers a new question after an unrelated one instead of refusing it', async () => {
    const { retriever } = counting();
    const p = createPipeline({ config, retriever, model: null });
    const history = [
      { role: 'user' as const, text: 'Veteran with PTSD: which psychotherapy first?' },
      { role: 'assistant' as const, text: 'Trauma-focused psychotherapy [1].' },
    ];
    const a = await p.answer({ question: 'Which adults should be screened for lung cancer?', history });
    expect(a.refused).toBe(false);
    expect(a.citations[0]!.quote).toMatch(/low-dose computed tomography/);
    expect(a.case.conditions).not.toContain('PTSD');
  });

  it('does not refuse a case written with dosing abbreviations', async () => {
    const { retriever } = counting();
    const p = createPipeline({ config, retriever, model: null });
    const a = await p.answer({
      question: '64M with T2DM and CKD stage 3 on metformin 1000 mg BID. Should I change anything?',
    });
    expect(a.refused).toBe(false);
    expect(a.citations.some((c) => /metformin/.test(c.quote))).toBe(true);
  });

  it('searches once for a one-sentence question and at most twice for a case', async () => {
    const one = counting();
    await createPipeline({ config, retriever: one.retriever, model: null }).answer({
      question: 'First-line therapy for PTSD?',
    });
    expect(one.searches()).toBe(1);
    const two = counting();
    await createPipeline({ config, retriever: two.retriever, model: null }).answer({
      question: '64M with T2DM and CKD stage 3 on metformin. What add-on agent?',
    });
    expect(two.searches()).toBeLessThanOrEqual(2);
  });
});
