import { describe, expect, it } from 'vitest';
import {
  askingSentence,
  asksForDose,
  assessEvidence,
  negatedTerms,
  outOfScope,
  passageStems,
  termPresent,
  topicTerms,
} from '../../src/answer/scope.js';
import { looksLikeProse } from '../../src/answer/extractive.js';
import { fuseRankings } from '../../src/answer/pipeline.js';
import { isFollowUp, rewriteDeterministic } from '../../src/answer/rewrite.js';
import type { Passage } from '../../src/knowledge/passage.js';

function passage(text: string, title = 'Guideline for the Management of Hypertension'): Passage {
  return {
    id: text.slice(0, 8),
    docId: title,
    title,
    publisher: null,
    version: null,
    year: 2020,
    source: 'x.pdf',
    page: 1,
    section: null,
    recommendation: null,
    strength: null,
    kind: 'text',
    text,
  };
}

describe('out-of-scope requests', () => {
  it.each([
    ['write a python script to sort a list', 'non-clinical'],
    ['Write me a haiku about asthma', 'non-clinical'],
    ['what is the capital of France?', 'non-clinical'],
    ['Hello!', 'greeting'],
    ['Please write a prescription for [NAME] for lisinopril 10 mg', 'prescription'],
    ['Can you e-prescribe sertraline for her?', 'prescription'],
    ['Send a refill order for [NAME]', 'prescription'],
  ])('%s -> %s', (text, kind) => {
    expect(outOfScope(text)).toBe(kind);
  });

  it.each([
    'Should I start metformin in a 55-year-old with an A1c of 8%?',
    'What does the guideline say about renal function and metformin?',
    'Is CBT-I recommended before hypnotics for chronic insomnia?',
    'Prescribing opioids for chronic low back pain: what is recommended?',
    'admitting her for cellulitis, not ICU, home regimen 70/30 bid. how should i write her insulin orders while inpt?',
  ])('keeps clinical questions in scope: %s', (text) => {
    expect(outOfScope(text)).toBeNull();
  });

  it('recognises dose questions', () => {
    expect(asksForDose('What is the starting dose of sertraline?')).toBe(true);
    expect(asksForDose('How many mg of metformin can I give?')).toBe(true);
    expect(asksForDose('Which antidepressant first?')).toBe(false);
    // A strategy question that mentions a dose is not a request for an amount.
    expect(asksForDose('Not controlled on ICS: increase the ICS dose or add a LABA?')).toBe(false);
  });
});

describe('evidence relative to the question', () => {
  it('counts synonyms and abbreviations as the same topic', () => {
    const e = assessEvidence('first-line drug for HTN', [
      passage('Thiazide diuretics are recommended as initial drugs for high blood pressure.'),
    ]);
    expect(e.sufficient).toBe(true);
  });

  it('is insufficient when the question topic is absent from every passage', () => {
    const hits = [
      passage('We recommend thiazide diuretics.'),
      passage('Blood pressure flare-ups in clinic are common.'),
    ];
    const e = assessEvidence('What is the first-line treatment for a gout flare?', hits);
    expect(e.sufficient).toBe(false);
    expect(e.missing).toContain('gout');
  });

  it('is insufficient with no passages at all', () => {
    expect(assessEvidence('anything about asthma', []).sufficient).toBe(false);
  });

  it('ignores framing words that every guideline contains', () => {
    expect(
      topicTerms('What is the best first-line treatment option for this patient with asthma?').map((t) => t.label),
    ).toEqual(['asthma']);
  });

  it('treats words that ask for a judgement ("useful", "worth", "necessary") as framing, not as the topic', () => {
    expect(topicTerms('Is N-acetylcysteine useful?').map((t) => t.label)).toEqual(['acetylcysteine']);
    expect(topicTerms('Is CPAP worth continuing?').map((t) => t.label)).toEqual(['cpap']);
    expect(
      topicTerms('Cannabis for PTSD symptoms?')
        .map((t) => t.label)
        .sort(),
    ).toEqual(['cannabis', 'ptsd']);
  });

  it('joins irregular plurals to their singular ("feet" is covered by "foot")', () => {
    const e = assessEvidence('How often should the feet be assessed in diabetes?', [
      passage('In diabetes, perform a comprehensive foot risk assessment annually.'),
    ]);
    expect(e.sufficient).toBe(true);
  });
});

describe('follow-up rewrite (deterministic)', () => {
  const history = [
    { role: 'user' as const, text: 'First-line treatment for hypertension in a 60-year-old woman?' },
    { role: 'assistant' as const, text: 'Thiazides or ACE inhibitors...' },
  ];
  it('carries the earlier topic into a follow-up', () => {
    expect(isFollowUp('and if she is pregnant?', history)).toBe(true);
    // An acknowledgement before a conditional or a question carries the conversation on.
    expect(isFollowUp('ok if meds are a wash, is mirror box therapy worth doing?', history)).toBe(true);
    expect(isFollowUp('thanks, so what about exercise?', history)).toBe(true);
    expect(rewriteDeterministic('and if she is pregnant?', history)).toMatch(/pregnant.*hypertension/);
    expect(rewriteDeterministic('what about if eGFR < 30?', history)).toMatch(/eGFR.*hypertension/);
  });

  it('leaves a new standalone question alone', () => {
    const q = 'Is CBT-I recommended for chronic insomnia in adults?';
    expect(isFollowUp(q, history)).toBe(false);
    expect(rewriteDeterministic(q, history)).toBe(q);
  });

  it('has nothing to carry on the first turn', () => {
    expect(rewriteDeterministic('and if she is pregnant?', [])).toBe('and if she is pregnant?');
  });

  it('follows a chain of follow-ups back to the turn that set the topic', () => {
    const chain = [
      ...history,
      { role: 'user' as const, text: 'and if she is pregnant?' },
      { role: 'assistant' as const, text: '...' },
    ];
    expect(rewriteDeterministic('what about postpartum?', chain)).toMatch(/hypertension/);
  });
});

describe('reading the question', () => {
  it('separates what the case rules out from what it asks about, clause by clause', () => {
    const q = '72-year-old man with hypertension, no diabetes, systolic 162 mm Hg. What blood pressure goal?';
    expect(negatedTerms(q).map((t) => t.label)).toEqual(['diabetes']);
    expect(topicTerms(q).map((t) => t.label)).toContain('hypertension');
    expect(topicTerms(q).map((t) => t.label)).not.toContain('diabetes');
    expect(negatedTerms('Chronic low back pain, no red flags. Opioids?').map((t) => t.label)).toEqual(['red', 'flags']);
    // Words of degree do not use up the negation's window; "in the absence of" negates like "without".
    expect(negatedTerms('honestly not a big symptom burden').map((t) => t.label)).toContain('burden');
    expect(negatedTerms('to exclude asthma in the absence of airway obstruction').map((t) => t.label)).toContain(
      'obstruction',
    );
  });

  it('finds a named drug in a passage that names its class', () => {
    const [lisinopril] = topicTerms('lisinopril');
    const p = passage(
      'We recommend against combining angiotensin-converting enzyme inhibitors with angiotensin receptor blockers.',
    );
    expect(termPresent(lisinopril!, passageStems(p))).toBe(true);
  });

  it('takes the last question in a case message as the asking sentence', () => {
    expect(askingSentence('64M with T2DM on metformin. eGFR 42. What add-on agent?')).toBe('What add-on agent?');
    expect(askingSentence('Metformin in CKD stage 3')).toBe('Metformin in CKD stage 3');
  });

  it('tells running text from abbreviation lists, reference lists and table debris', () => {
    expect(
      looksLikeProse('Thiazide diuretics lower blood pressure and reduce cardiovascular events in older adults.'),
    ).toBe(true);
    expect(
      looksLikeProse(
        'Abbreviations: CHF: congestive heart failure; CV: cardiovascular; GI: gastrointestinal; HbA1c: hemoglobin A1c',
      ),
    ).toBe(false);
    expect(
      looksLikeProse('12. Smith J, et al. Trial of X. JAMA. 2015. 13. Jones K, et al. Trial of Y. NEJM. 2016.'),
    ).toBe(false);
  });
});

describe('rank fusion', () => {
  it('puts a passage found by both lists first and keeps every passage once', () => {
    const a = passage('alpha text'),
      b = passage('bravo text'),
      c = passage('charlie text');
    const fused = fuseRankings([
      [
        { passage: a, score: 9 },
        { passage: b, score: 8 },
      ],
      [
        { passage: b, score: 0.2 },
        { passage: c, score: 0.1 },
      ],
    ]);
    expect(fused.map((h) => h.passage.text)).toEqual(['bravo text', 'alpha text', 'charlie text']);
  });
});

describe('one stemmer', () => {
  it("is the index's Porter stemmer: related forms meet, unrelated words stay apart", async () => {
    const { stem } = await import('../../src/answer/scope.js');
    const { stem: indexStem } = await import('../../src/retrieval/stem.js');
    for (const w of ['treatment', 'diabetes', 'hypertension', 'psychosocial']) expect(stem(w)).toBe(indexStem(w));
    expect(stem('feet')).toBe(stem('foot'));
    expect(stem('flares')).toBe(stem('flare'));
    expect(stem('insulin')).not.toBe(stem('insulinoma'));
    expect(stem('psychosis')).not.toBe(stem('psychosocial'));
    expect(stem('hyperthermia')).not.toBe(stem('hyperthyroidism'));
  });
});

describe('a message that brings its own patient starts a new case', () => {
  const history = [
    { role: 'user' as const, text: '52M with COPD on tiotropium, still breathless. Add a LABA?' },
    { role: 'user' as const, text: 'Veteran with PTSD and insomnia, prazosin for nightmares?' },
  ];
  it('"my patient says he ..." does not inherit the earlier turns', () => {
    expect(
      isFollowUp('My patient says he has a gun at home and plans to kill himself tonight. What should I do?', history),
    ).toBe(false);
    expect(isFollowUp('new pt, she is 8 weeks pregnant with OUD - buprenorphine?', history)).toBe(false);
  });
  it('a terse message naming only its subject, or the same question for another condition, leans on the conversation', () => {
    expect(isFollowUp('gabapentin?', history)).toBe(true);
    expect(isFollowUp('ldl goal?', history)).toBe(true);
    expect(isFollowUp('how about with heart failure?', history)).toBe(true);
    expect(isFollowUp('another thing for the same pt: is a statin indicated as well as the BP drug?', history)).toBe(
      true,
    );
    expect(isFollowUp('What about lung cancer screening for a 60 year old smoker?', history)).toBe(false);
  });
  it('a child introduced with an age in months or weeks is a new patient too', () => {
    expect(isFollowUp('A 5-month-old girl is brought in with wheeze; her mother asks about inhalers.', history)).toBe(
      false,
    );
    expect(isFollowUp('an 18 month old toddler with fever: does his rash need a workup?', history)).toBe(false);
    expect(isFollowUp('A six-year-old with asthma uses his inhaler daily: step up?', history)).toBe(false);
    expect(isFollowUp('a previously healthy, full-term infant has his first fever: workup?', history)).toBe(false);
    expect(isFollowUp('and her baby?', history)).toBe(true);
  });
  it('a turn that leans on the earlier one still does', () => {
    expect(isFollowUp('and if he also has CKD?', history)).toBe(true);
    expect(isFollowUp('what about for his insomnia?', history)).toBe(true);
  });
});
