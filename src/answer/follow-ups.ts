// Suggested follow-up questions for the extractive answer, built from the case and the recommendations next to the
// ones quoted: what changes if a lab crosses a threshold the guideline uses, and the neighbouring recommendations'
// own subjects ("Is adding an inhaled corticosteroid as a third medication recommended?"). Never from raw section
// labels. A candidate that would read badly is dropped: fewer suggestions are better than poor ones.
import type { Passage } from '../knowledge/passage.js';
import { caseCkdStage, caseHasPhrase, populationMismatches, stageRanges } from './case-fit.js';
import { readCase } from './case.js';
import { askingSentence, coverage, passageStems, topicTerms } from './scope.js';
import type { CaseFacts } from './types.js';

const MAX_FOLLOW_UPS = 3;
const MAX_LENGTH = 110;

/** Lower eGFR bound of each CKD stage (KDIGO G1-G4). */
const STAGE_FLOOR: Record<number, number> = { 1: 90, 2: 60, 3: 30, 4: 15 };

const num = (v: string | undefined) => (v === undefined ? NaN : Number(v.split('/')[0]));

/** "What if ..." questions from case facts, offered only when the retrieved guideline text draws that line. */
function caseFollowUps(facts: CaseFacts, texts: string[]): string[] {
  const out: string[] = [];
  const any = (re: RegExp) => texts.some((t) => re.test(t));
  // A recommendation whose CKD stage range ends at the case's stage (or starts at the next) draws a line the
  // patient may cross: ask what changes below that stage's lower eGFR bound.
  const stage = caseCkdStage(facts, '');
  if (stage !== null && stage < 5) {
    const crossed = texts.some((t) => stageRanges(t).some(([lo, hi]) => hi === stage || lo === stage + 1));
    if (crossed) out.push(`What changes if eGFR falls below ${STAGE_FLOOR[stage]}?`);
  }
  const a1c = num(facts.labs.A1c);
  if (a1c >= 7 && any(/\badd-on\b/i)) out.push('Which add-on agent if A1c stays above target?');
  const sex = facts.sex;
  const childbearingAge = facts.age === null || (facts.age >= 15 && facts.age <= 49);
  if (sex === 'female' && childbearingAge && !facts.pregnant && any(/\bpregnan/i))
    out.push('What changes if she is pregnant or planning pregnancy?');
  if (facts.age !== null) {
    for (const t of texts) {
      const m = /\b(60|65|75) years (and|or) (over|older)\b/i.exec(t);
      if (m && facts.age < Number(m[1])) {
        out.push(`What if the patient is ${m[1]} or older?`);
        break;
      }
    }
  }
  return out;
}

const LEAD_IN = /^(?:(?:in|for|among) [^.]{3,220}?, )?(?:we|the work group) (?:recommend|suggest)s? /i;
const VERB =
  /^(?:(against) )?(?:(?:the )?(?:use of|offering|using|initiating|starting|considering|providing|adding)\s+)?/i;

/** "We suggest adding a LABA to LAMA for ..." -> "Is adding a LABA to LAMA recommended?"; null when it would read badly. */
export function questionFromRecommendation(text: string): string | null {
  const first = text.split(/(?<=\.)\s/)[0] ?? text;
  const lead = LEAD_IN.exec(first);
  if (!lead) return null; // "There is insufficient evidence ..." and other forms: nothing actionable to ask
  let rest = first.slice(lead[0].length);
  const verb = VERB.exec(rest);
  const against = Boolean(verb?.[1]);
  const adding = /\badding\b/i.test(verb?.[0] ?? '');
  rest = rest.slice(verb?.[0].length ?? 0);
  // The subject ends where its purpose or population begins.
  const cut =
    /\s(?:for|in|as|among|when|if|because|due to|with the|over|that|which|to (?:reduce|improve|prevent|slow|optimize|confirm|support|achieve|guide|inform|help|decrease|increase|enhance|maintain|stratify|assess|detect|evaluate|lower|limit|avoid))\s|[,;(]|\.(?!\d)/i.exec(
      rest,
    );
  // Cut at a comma, the subject is the first item of a list ("sertraline, paroxetine, or ..."): not the subject.
  if (!cut || cut[0] === ',') return null;
  const subject = rest.slice(0, cut.index).trim();
  // Numbers cut from a range or a dose ("a target HbA1c range of 8") read badly; a name like "GLP-1" is fine.
  if (/\d[.,]\d|%|\bof \d|\d\s?(mg|g|ml|mm|units?)\b|\d$/i.test(subject)) return null;
  const words = subject.split(/\s+/).filter(Boolean);
  // A subject must be a whole noun phrase: "individual" or "the following" cut from a list is not one.
  if ((words.length < 2 && readCase(subject).medications.length === 0) || words.length > 9 || /[•·:]/.test(subject))
    return null;
  // "that providers be aware ...", "patients be offered ...": a clause, not a thing to offer.
  if (
    /^(the following|following|one of|one or more|either|any|other|that|providers?|clinicians?|patients?|all|individuals?)\b/i.test(
      subject,
    )
  )
    return null;
  if (/\b(individual|following|other|any|specific|or|and|of|a|an|the|with|either|to|versus|vs)$/i.test(subject))
    return null;
  const phrase = `${adding ? 'adding ' : ''}${subject}`;
  const q = against
    ? `Why do the guidelines advise against ${phrase}?`
    : adding
      ? `When is ${phrase} recommended?`
      : `When should ${phrase} be offered?`;
  return q.length <= MAX_LENGTH ? q : null;
}

/**
 * Up to three follow-ups: case thresholds the guideline draws, then the subjects of neighbouring recommendations in
 * the guidelines quoted (in relevance order), skipping what the answer already quoted.
 */
export function suggestFollowUps(facts: CaseFacts, question: string, cited: Passage[], ranked: Passage[]): string[] {
  const docs = new Set(cited.map((p) => p.docId));
  // A neighbouring recommendation is worth offering only when it is about this question's topic, not just its guideline.
  // The asking sentence's own topic when it has one ("add prazosin?"), and the case's conditions.
  const askTerms = topicTerms(askingSentence(question));
  const conditionTerms = topicTerms(facts.conditions.join(' '));
  const onTopic = (p: Passage) => {
    const stems = passageStems(p);
    return (
      (askTerms.length === 0 || coverage(askTerms, stems) >= 0.5) &&
      (conditionTerms.length === 0 || coverage(conditionTerms, stems) >= 0.5)
    );
  };
  const relevant = ranked.filter((p) => docs.has(p.docId));
  // Thresholds and populations count only when a recommendation draws them, not a passing mention in the text.
  const out = caseFollowUps(
    facts,
    relevant.filter((p) => p.kind === 'recommendation').map((p) => p.text),
  );
  const citedIds = new Set(cited.map((p) => p.id));
  const caseHas = caseHasPhrase(topicTerms(question));
  const citedRecs = new Set(cited.filter((p) => p.recommendation).map((p) => `${p.docId}#${p.recommendation}`));
  for (const p of relevant) {
    if (out.length >= MAX_FOLLOW_UPS) break;
    // A statement written for another population (no exacerbations, another CKD stage, inpatients) is not a next question for this patient.
    if (
      p.kind !== 'recommendation' ||
      !onTopic(p) ||
      populationMismatches(facts, question, p.text, caseHas) > 0 ||
      citedIds.has(p.id) ||
      citedRecs.has(`${p.docId}#${p.recommendation}`)
    )
      continue;
    const q = questionFromRecommendation(p.text);
    if (q && !out.some((o) => o.toLowerCase() === q.toLowerCase())) out.push(q);
  }
  return out.slice(0, MAX_FOLLOW_UPS);
}
