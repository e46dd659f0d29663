import { describe, expect, it } from 'vitest';
import { asksForDose, assessEvidence, outOfScope, topicTerms } from '../../src/answer/scope.js';
import { isFollowUp, rewriteDeterministic } from '../../src/answer/rewrite.js';
import type { Passage } from '../../src/knowledge/passage.js';

function passage(text: string, title = 'Guideline for the Management of Hypertension'): Passage {
  return {
    id: text.slice(0, 8), docId: title, title, publisher: null, version: null, year: 2020, source: 'x.pdf', page: 1,
    section: null, recommendation: null, strength: null, kind: 'text', text,
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
  ])('keeps clinical questions in scope: %s', (text) => {
    expect(outOfScope(text)).toBeNull();
  });

  it('recognises dose questions', () => {
    expect(asksForDose('What is the starting dose of sertraline?')).toBe(true);
    expect(asksForDose('How many mg of metformin can I give?')).toBe(true);
    expect(asksForDose('Which antidepressant first?')).toBe(false);
  });
});

describe('evidence relative to the question', () => {
  it('counts synonyms and abbreviations as the same topic', () => {
    const e = assessEvidence('first-line drug for HTN', [passage('Thiazide diuretics are recommended as initial drugs for high blood pressure.')]);
    expect(e.sufficient).toBe(true);
  });

  it('is insufficient when the question topic is absent from every passage', () => {
    const hits = [passage('We recommend thiazide diuretics.'), passage('Blood pressure flare-ups in clinic are common.')];
    const e = assessEvidence('What is the first-line treatment for a gout flare?', hits);
    expect(e.sufficient).toBe(false);
    expect(e.missing).toContain('gout');
  });

  it('is insufficient with no passages at all', () => {
    expect(assessEvidence('anything about asthma', []).sufficient).toBe(false);
  });

  it('ignores framing words that every guideline contains', () => {
    expect(topicTerms('What is the best first-line treatment option for this patient with asthma?').map((t) => t.label)).toEqual(['asthma']);
  });
});

describe('follow-up rewrite (deterministic)', () => {
  const history = [
    { role: 'user' as const, text: 'First-line treatment for hypertension in a 60-year-old woman?' },
    { role: 'assistant' as const, text: 'Thiazides or ACE inhibitors...' },
  ];
  it('carries the earlier topic into a follow-up', () => {
    expect(isFollowUp('and if she is pregnant?', history)).toBe(true);
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
    const chain = [...history, { role: 'user' as const, text: 'and if she is pregnant?' }, { role: 'assistant' as const, text: '...' }];
    expect(rewriteDeterministic('what about postpartum?', chain)).toMatch(/hypertension/);
  });
});
