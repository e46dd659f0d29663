// "Next step?" for a patient already on a first-line drug and above target: the add-on / intensification statements
// lead; statements that only assess, interpret or set targets for the lab, and the first-line statement for the drug
// already on board, come after. Checked on statements written here in guideline style, ranked in the order a
// retriever returned them (the interpreting and target statements first, as the retriever ranks them on lab words).
import { describe, expect, it } from 'vitest';
import { readCase } from '../../src/answer/case.js';
import {
  assessesOnly,
  caseHasPhrase,
  decisionFit,
  escalationContext,
  intentFit,
  populationMismatches,
  questionIntent,
  repeatsTherapy,
  therapyOnBoard,
} from '../../src/answer/case-fit.js';
import { composeExtractive, rankForCase } from '../../src/answer/extractive.js';
import { caseSearchTerms } from '../../src/answer/case.js';
import { topicTerms } from '../../src/answer/scope.js';
import type { Passage } from '../../src/knowledge/passage.js';

let counter = 0;
function rec(docId: string, n: string, text: string): Passage {
  counter++;
  return {
    id: `n${counter}`,
    docId,
    title: `VA/DoD Clinical Practice Guideline for ${docId}`,
    publisher: 'VA/DoD',
    version: null,
    year: 2020,
    source: docId,
    page: counter,
    section: null,
    recommendation: n,
    strength: 'Strong for',
    kind: 'recommendation',
    text,
  };
}

const DM = {
  interpret: rec(
    'diabetes',
    '6',
    'We recommend assessing patient characteristics such as race, ethnicity, chronic kidney disease, and non-glycemic factors when interpreting HbA1c, fructosamine and other glycemic biomarker results in type 2 diabetes.',
  ),
  target: rec(
    'diabetes',
    '4',
    'We recommend setting an HbA1c target range for type 2 diabetes based on absolute risk reduction of microvascular complications, life expectancy and patient preferences.',
  ),
  firstLine: rec(
    'ckd',
    '16',
    'We suggest offering metformin as a first-line therapy for the treatment of type 2 diabetes in patients with stage 1 to 3 chronic kidney disease to reduce all-cause mortality.',
  ),
  addOn: rec(
    'ckd',
    '17',
    'We recommend offering sodium-glucose co-transporter 2 inhibitors as an option for add-on therapy for the treatment of type 2 diabetes in patients with stage 1 to 3 chronic kidney disease.',
  ),
};
const hits = (list: Passage[]) => list.map((passage, i) => ({ passage, score: 10 - i }));

describe('next step for a patient on first-line therapy and above target', () => {
  const question = '67M, T2DM on metformin, eGFR 38, A1c 8.4 - next step?';
  const order = [DM.interpret, DM.target, DM.firstLine, DM.addOn];

  it('reads "next step?" as escalation', () => {
    expect(questionIntent(question)).toBe('escalate');
    expect(questionIntent('A1c 9.1 on metformin. What now?')).toBe('escalate');
    expect(questionIntent('T2DM on metformin, A1c 8.9. next?')).toBe('escalate');
    // Taking a drug away, in chart words: a continue-or-stop question.
    expect(questionIntent('no flares in 3 yrs, thrush again. ok to pull the ICS?')).toBe('continue');
    expect(questionIntent('can we wean her off the gabapentin?')).toBe('continue');
    expect(questionIntent('should I d/c the PPI?')).toBe('continue');
  });

  it('leads with the add-on statement, the interpreting and target statements after it', () => {
    const facts = readCase(question);
    const ranked = rankForCase({ question, facts, caseTerms: caseSearchTerms(facts), hits: hits(order) }).map(
      (s) => s.passage.recommendation,
    );
    expect(ranked[0]).toBe('17');
    expect(ranked.indexOf('6')).toBeGreaterThan(ranked.indexOf('17'));
    expect(ranked.indexOf('4')).toBeGreaterThan(ranked.indexOf('17'));
    const answer = composeExtractive({ question, facts, caseTerms: caseSearchTerms(facts), hits: hits(order) });
    expect(answer.text).toMatch(/\*\*Best match:\*\*[^\n]*recommendation 17/);
  });

  it('keeps a question about the drug itself on that drug (not read as a drug already taken)', () => {
    const q = 'Can metformin still be first-line for a diabetic with stage 3 chronic kidney disease?';
    expect(questionIntent(q)).not.toBe('escalate');
    const ranked = rankForCase({ question: q, hits: hits([DM.addOn, DM.interpret, DM.firstLine]) }).map(
      (s) => s.passage.recommendation,
    );
    expect(ranked[0]).toBe('16');
  });
});

describe('statements that assess or set targets', () => {
  it('recognises assessment, monitoring, interpretation and target-setting statements, not treatment ones', () => {
    expect(assessesOnly(DM.interpret.text)).toBe(true);
    expect(assessesOnly(DM.target.text)).toBe(true);
    expect(assessesOnly('For all patients, we suggest treating to a systolic blood pressure goal of <130 mm Hg.')).toBe(
      true,
    );
    expect(
      assessesOnly(
        'For patients with MDD, we suggest using a quantitative measure of depression severity to monitor treatment.',
      ),
    ).toBe(true);
    expect(assessesOnly(DM.addOn.text)).toBe(false);
    expect(
      assessesOnly('We suggest adding a long-acting beta agonist to long-acting muscarinic antagonist therapy.'),
    ).toBe(false);
    expect(
      assessesOnly(
        'Among patients with nasal obstruction as a barrier to positive airway pressure use, we suggest evaluation for nasal surgery.',
      ),
    ).toBe(false);
  });

  it('counts them against a treatment decision only when the case has therapy on board or failed', () => {
    const onTherapy = '58F HTN on amlodipine and lisinopril, BP 152/94. What now?';
    expect(decisionFit(questionIntent(onTherapy), readCase(onTherapy), onTherapy, DM.target.text)).toBe(-1);
    // A diagnostic "what next?" with no therapy in the case: testing and assessment are the answer.
    const diagnostic = 'High pretest probability of sleep apnea but a non-diagnostic home sleep test: what next?';
    expect(
      decisionFit(
        questionIntent(diagnostic),
        readCase(diagnostic),
        diagnostic,
        'We recommend assessing with repeat testing.',
      ),
    ).toBe(0);
  });
});

describe('case facts that are context for a next-step question', () => {
  it('treats the drug on board and the control measure as context, never the drug asked about', () => {
    const q = 'PTSD vet on sertraline 200, partial response. Add quetiapine?';
    const isContext = escalationContext(therapyOnBoard(q, readCase(q)), { onBoard: true });
    const labels = (text: string) => topicTerms(text).map((t) => isContext(t));
    expect(labels('sertraline')).toEqual([true]);
    expect(labels('quetiapine')).toEqual([false]);
    const dm = '67M, T2DM on metformin, eGFR 38, A1c 8.4 - next step?';
    const dmContext = escalationContext(therapyOnBoard(dm, readCase(dm)), { onBoard: true });
    const terms = topicTerms(dm);
    expect(
      terms
        .filter(dmContext)
        .map((t) => t.label)
        .sort(),
    ).toEqual(['a1c', 'metformin']);
    // Without the on-board rule only the control measure is context (a statement that starts from that drug).
    expect(
      terms.filter(escalationContext(therapyOnBoard(dm, readCase(dm)), { onBoard: false })).map((t) => t.label),
    ).toEqual(['a1c']);
  });
});

describe('lines of therapy', () => {
  const AUD = {
    firstLine: rec(
      'sud',
      '12',
      'For patients with moderate-severe alcohol use disorder, we recommend offering one of the following medications: naltrexone (oral or extended-release) or topiramate.',
    ),
    secondLine: rec(
      'sud',
      '14',
      'For patients with moderate-severe alcohol use disorder for whom first-line pharmacotherapy is contraindicated or ineffective, we suggest offering gabapentin.',
    ),
  };
  const question =
    'Man with severe alcohol use disorder who failed naltrexone and topiramate is contraindicated. What medication next?';

  it('reads a statement for when first-line therapy failed as a next step, though it says first-line', () => {
    expect(intentFit('escalate', AUD.secondLine.text)).toBe(1);
    expect(intentFit('initial', AUD.secondLine.text)).toBe(-1);
  });

  it('knows a statement that recommends the drug already failed repeats the step, unless it starts from it', () => {
    const facts = readCase(question);
    expect(repeatsTherapy(therapyOnBoard(question, facts), AUD.firstLine.text)).toBe(true);
    expect(repeatsTherapy(therapyOnBoard(question, facts), AUD.secondLine.text)).toBe(false);
    const copd = 'COPD on tiotropium, still breathless. Next step?';
    expect(
      repeatsTherapy(
        therapyOnBoard(copd, readCase(copd)),
        'For patients who continue to report dyspnea despite using a long-acting muscarinic antagonist, we suggest adding a long-acting beta agonist.',
      ),
    ).toBe(false);
    expect(
      repeatsTherapy(
        therapyOnBoard(copd, readCase(copd)),
        'We recommend offering inhaled long-acting muscarinic antagonists as first-line therapy in patients with symptomatic COPD.',
      ),
    ).toBe(true);
  });

  it('leads with the second-line statement after first-line failure', () => {
    const ranked = rankForCase({ question, hits: hits([AUD.firstLine, AUD.secondLine]) }).map(
      (s) => s.passage.recommendation,
    );
    expect(ranked).toEqual(['14', '12']);
  });

  it('does not fit a statement for several failed trials to a case with one drug tried', () => {
    const one = '52M with major depression, partial response after 8 weeks of sertraline at full dose. What now?';
    const several =
      'For patients with MDD who have not responded to several adequate pharmacologic trials, we suggest ketamine or esketamine as an option for augmentation.';
    const has = caseHasPhrase(topicTerms(one));
    expect(populationMismatches(readCase(one), one, several, has)).toBe(1);
    const two = '52M with major depression, failed sertraline and bupropion. What now?';
    expect(populationMismatches(readCase(two), two, several, caseHasPhrase(topicTerms(two)))).toBe(0);
  });

  it('does not fit a statement about a condition named after its cause to a case without that cause', () => {
    const postStroke =
      'We suggest offering a selective serotonin reuptake inhibitor for treatment of post-stroke depression.';
    const mdd = 'MDD in remission on sertraline for 2 months. OK to stop?';
    expect(populationMismatches(readCase(mdd), mdd, postStroke, caseHasPhrase(topicTerms(mdd)))).toBe(1);
    const stroke = '68M, ischemic stroke 3 months ago, now low mood and anhedonia. Start an SSRI?';
    expect(populationMismatches(readCase(stroke), stroke, postStroke, caseHasPhrase(topicTerms(stroke)))).toBe(0);
  });
});
