// Claim-level grounding of model sentences: each clinical element must be in the passage the sentence cites.
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import { cleanFollowUps, GroundedText, groundAnswer, removedNote } from '../../src/answer/grounding.js';

function passage(text: string, extra: Partial<Passage> = {}): Passage {
  return {
    id: `p-${text.slice(0, 12)}`,
    docId: 'doc',
    title: 'Guideline',
    publisher: null,
    version: null,
    year: 2019,
    source: 'g.pdf',
    page: 4,
    section: null,
    recommendation: null,
    strength: null,
    kind: 'recommendation',
    text,
    ...extra,
  };
}

const PASSAGES = [
  passage(
    'We recommend offering sodium-glucose co-transporter 2 inhibitors as add-on therapy for type 2 diabetes in patients with stage 1 to 3 chronic kidney disease to reduce kidney disease progression.',
    { strength: 'Strong for', recommendation: '12' },
  ),
  passage(
    'We suggest offering metformin as first-line therapy for type 2 diabetes in adults with an eGFR of 30 mL/min or more.',
    { strength: 'Weak for', recommendation: '3' },
  ),
  passage(
    'In pregnant women with hypertension, we recommend against ACE inhibitors and angiotensin receptor blockers; labetalol or nifedipine are preferred in pregnancy.',
    { strength: 'Strong against', recommendation: '7' },
  ),
];
const CASE = { caseText: '67-year-old man; T2DM, CKD (eGFR 38); metformin' };

const check = (text: string) => groundAnswer(text, PASSAGES, CASE);

describe('claim-level grounding', () => {
  it('keeps sentences whose every clinical element is in the cited passage', () => {
    const kept = [
      'Add an SGLT2 inhibitor to slow CKD progression (Strong for, recommendation 12) [1].',
      'Metformin stays first-line while the eGFR is 30 mL/min or more (Weak for) [2].',
      "This patient's eGFR of 38 is above that threshold [2].",
      'ACE inhibitors and ARBs are not for pregnant women with hypertension (Strong against) [3].',
      'The guideline states: "labetalol or nifedipine are preferred in pregnancy" [3].',
      'The loaded guidelines do not address insulin dosing.',
    ];
    const n = (t: string) => t.replace(/\[\d\]/g, '[n]');
    for (const s of kept) expect(n(check(s).text), s).toBe(n(s));
  });

  it("removes the issue's careless claims, each for its own reason", () => {
    const cases: [string, string][] = [
      ['Start warfarin 10 mg daily [1].', 'drug'],
      ['We recommend against all treatment (Strong against) [1].', 'strength'],
      ['Empagliflozin 25 mg daily is appropriate.', 'uncited'],
      ['Treat only if the eGFR is above 95 [2].', 'number'],
      ['Give metformin 500 mg twice daily [2].', 'number'],
      ['In children, metformin is first-line therapy [2].', 'population'],
      ['ACE inhibitors are preferred in pregnancy [3].', 'direction'],
      ['The guideline states: "we recommend metformin for everyone with diabetes" [2].', 'quote'],
      ['Chlorthalidone lowers blood pressure in resistant hypertension [1].', 'drug'],
      ['Stop everything now [1].', 'direction'],
      ['Aim for a blood pressure below 130/80.', 'uncited'],
      ['Metformin is the preferred agent.', 'uncited'],
    ];
    for (const [sentence, reason] of cases) {
      const r = check(sentence);
      expect(r.text, sentence).toBe('');
      expect(r.reasons, sentence).toEqual({ [reason]: 1 });
      expect(r.grounding).toEqual({ sentences: 1, supported: 0, removed: 1 });
    }
  });

  it('advice cited to an unrelated guideline is removed even when every drug word is generic', () => {
    const copd = passage(
      'For patients with COPD and frequent exacerbations, we suggest adding a long-acting muscarinic antagonist.',
      { strength: 'Weak for' },
    );
    const r = groundAnswer(
      'Lower the blood pressure below 130/80 with lifestyle changes and regular home monitoring [1].',
      [copd],
      CASE,
    );
    expect(r.text).toBe('');
  });

  it('keeps markdown structure, drops a heading left with nothing under it, and renumbers in order of first use', () => {
    const r = check(
      [
        '**Kidney**',
        '- Start warfarin 10 mg daily [1].',
        '',
        '**Diabetes**',
        '- Metformin is first-line therapy for type 2 diabetes [2]. Add an SGLT2 inhibitor for stage 1 to 3 CKD [1].',
      ].join('\n'),
    );
    expect(r.text).toBe(
      '**Diabetes**\n- Metformin is first-line therapy for type 2 diabetes [1]. Add an SGLT2 inhibitor for stage 1 to 3 CKD [2].',
    );
    expect(r.cited.map((p) => p.recommendation)).toEqual(['3', '12']);
    expect(r.grounding).toEqual({ sentences: 3, supported: 2, removed: 1 });
  });

  it('strips links and images but keeps the sentence around them', () => {
    const r = check(
      'Metformin is first-line therapy [2]. See [this](https://evil.example/x) ![p](https://evil.example/p.png) for more.',
    );
    expect(r.text).not.toMatch(/evil|https?:/);
    expect(r.text).toContain('Metformin is first-line therapy [1].');
  });

  it('streams only checked sentences, whatever the delta boundaries, and the stream is exactly the final text', () => {
    const reply =
      'Add an SGLT2 inhibitor for stage 1 to 3 CKD [1]. Start warfarin 10 mg daily [2]. Metformin is first-line therapy [2].\n- In children, metformin is first-line therapy [2].\n- "labetalol or nifedipine are preferred in pregnancy" [3]';
    for (const size of [1, 3, 7, 50, reply.length]) {
      const shown: string[] = [];
      const g = new GroundedText(PASSAGES, CASE, (t) => shown.push(t));
      for (let i = 0; i < reply.length; i += size) g.push(reply.slice(i, i + size));
      const r = g.end();
      expect(shown.join(''), `chunk ${size}`).toBe(r.text);
      expect(shown.join('')).not.toMatch(/warfarin|children/);
      expect(r.text).toBe(
        'Add an SGLT2 inhibitor for stage 1 to 3 CKD [1]. Metformin is first-line therapy [2].\n- "labetalol or nifedipine are preferred in pregnancy" [3]',
      );
    }
  });

  it('a citation to a passage that was not given removes its sentence', () => {
    expect(check('Metformin is first-line therapy [9].').text).toBe('');
  });

  it('says how many statements were removed', () => {
    expect(removedNote(0)).toBeNull();
    expect(removedNote(1)).toBe('1 statement not supported by the cited guideline text was removed.');
    expect(removedNote(2)).toBe('2 statements not supported by the cited guideline text were removed.');
  });
});

describe('follow-up suggestions from the model', () => {
  it('keeps short questions; drops links, advice, doses, grades, non-questions and over-long lines', () => {
    const raw = [
      '1. When should eGFR be rechecked?',
      '- What changes if she becomes pregnant?',
      'You should start warfarin 10 mg daily.',
      'Is 500 mg of metformin the right dose?',
      'Why is an SGLT2 inhibitor the first-line choice?',
      'Is this a Strong for recommendation?',
      'See https://evil.example/x for more?',
      `What about ${'very '.repeat(40)}long questions?`,
      'When should eGFR be rechecked?',
      'Which add-on fits if A1c stays above target?',
    ].join('\n');
    expect(cleanFollowUps(raw)).toEqual([
      'When should eGFR be rechecked?',
      'What changes if she becomes pregnant?',
      'Which add-on fits if A1c stays above target?',
    ]);
  });
});
