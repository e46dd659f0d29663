// Extractive mode: an answer composed only of guideline text, quoted verbatim. The retrieval list is re-ranked for
// this case (topic coverage of the question and case terms, recommendations before discussion text), deduplicated,
// then laid out the way a clinician scans it: a lead line naming the best-matching recommendation, the
// recommendations grouped by guideline with strength and [n], and at most one supporting passage.
import type { Passage } from '../knowledge/passage.js';
import { bodyOf as libraryBodyOf } from '../retrieval/library.js';
import { tokenize } from '../retrieval/lexicon.js';
import type { SearchHit } from '../retrieval/retriever.js';
import { quoteFor } from './citations.js';
import { readCase } from './case.js';
import {
  asksOpenChoice,
  caseHasPhrase,
  decisionFit,
  escalationContext,
  intentFit,
  repeatsTherapy,
  populationMismatches,
  questionIntent,
  recommendsNothing,
  stageFit,
  therapyFit,
  therapyOnBoard,
} from './case-fit.js';
import {
  askingSentence,
  coverage,
  negatedTerms,
  passageStems,
  stem,
  termPresent,
  topicTerms,
  type TopicTerm,
} from './scope.js';
import type { CaseFacts } from './types.js';

export interface ExtractiveAnswer {
  /** Markdown with [n] markers; passage i is [i + 1]. */
  text: string;
  passages: Passage[];
}

export interface ExtractiveInput {
  /** The de-identified question (with the case). */
  question: string;
  /** Extra topic terms from the case (conditions, drugs, labs) that make a passage more relevant. */
  caseTerms?: string[];
  /** The case as read (a follow-up's facts include the earlier turns'); read from the question when absent. */
  facts?: CaseFacts;
  hits: SearchHit[];
  maxRecommendations?: number;
}

export interface Scored {
  passage: Passage;
  rank: number;
  questionCoverage: number;
  caseCoverage: number;
  score: number;
}

/** "VA/DoD Clinical Practice Guideline for the Management of Type 2 Diabetes Mellitus In Primary Care" -> "Type 2 Diabetes Mellitus In Primary Care". */
export function shortTitle(title: string): string {
  const short = title
    .replace(/^.*?\b(guidelines?|cpg)\b\s*(\(cpg\)\s*)?((for|on)\s+)?(the\s+)?/i, '')
    .replace(
      /^(primary care\s+|non-surgical\s+)?(diagnosis|management|treatment|assessment|screening|rehabilitation)\s+(and\s+\w+\s+)?(of\s+|for\s+)?(patients with\s+|individuals with\s+|the\s+)?/i,
      '',
    )
    .replace(/\s+/g, ' ')
    .trim();
  return short.length >= 4 ? short.charAt(0).toUpperCase() + short.slice(1) : title;
}

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(stem));
}

function similar(a: Passage, b: Passage): boolean {
  if (a.docId === b.docId && a.recommendation && b.recommendation) return a.recommendation === b.recommendation;
  const wa = words(a.text);
  const wb = words(b.text);
  const inter = [...wa].filter((w) => wb.has(w)).length;
  // Near-identical text (the same statement printed twice, e.g. in a summary table and in the body).
  return inter / Math.max(1, Math.min(wa.size, wb.size)) > 0.9;
}

/** The terms without those the filter calls context, unless that would leave none. */
function withoutContext(terms: TopicTerm[], isContext: ((t: TopicTerm) => boolean) | null): TopicTerm[] {
  if (!isContext) return terms;
  const kept = terms.filter((t) => !isContext(t));
  return kept.length ? kept : terms;
}

function score(hits: SearchHit[], question: string, allCaseTerms: TopicTerm[], facts: CaseFacts): Scored[] {
  const allQuestionTerms = topicTerms(question);
  const ruledOut = negatedTerms(question);
  const openChoice = asksOpenChoice(question);
  // "Which drugs are recommended for X?" with no other cue asks for the first choice.
  const intent = questionIntent(question) ?? (openChoice ? 'initial' : null);
  // "On metformin, A1c 8.4 - next step?": the lab above target says why to act, and the drug on board is a step
  // already taken; the answer is the next therapy, so neither counts towards a statement's coverage. A statement that
  // starts from that drug ("despite using a LAMA, add ...") keeps the drug as a topic term.
  const escalating = intent === 'escalate';
  const board = escalating ? therapyOnBoard(question, facts) : null;
  const termSets = (onBoard: boolean) => {
    const context = board ? escalationContext(board, { onBoard }) : null;
    return {
      questionTerms: withoutContext(allQuestionTerms, context),
      askTerms: withoutContext(topicTerms(askingSentence(question)), context),
      caseTerms: withoutContext(allCaseTerms, context),
    };
  };
  const forNextTherapy = termSets(true);
  const fromCurrentTherapy = termSets(false);
  const caseHas = caseHasPhrase(allQuestionTerms);
  return hits.map((hit, rank) => {
    const p = hit.passage;
    const stems = passageStems(p);
    const fromTherapy = therapyFit(facts, p.text);
    const { questionTerms, askTerms, caseTerms } = escalating && fromTherapy > 0 ? fromCurrentTherapy : forNextTherapy;
    const questionCoverage = coverage(questionTerms, stems);
    const askCoverage = askTerms.length ? coverage(askTerms, stems) : questionCoverage;
    const caseCoverage = caseTerms.length
      ? caseTerms.filter((t) => termPresent(t, stems)).length / caseTerms.length
      : 0;
    // Engine rank carries retrieval's judgement (field weights, phrase matches); coverage carries this question's.
    const rankPrior = 1 / (1 + rank * 0.25);
    // A passage about something the case rules out ("no diabetes") is about another patient, unless it rules it out
    // too ("without focal neurologic deficits" for a case "without neurologic deficits").
    const aboutRuledOut = ruledOut.filter((t) => termPresent(t, stems));
    const passageRulesOut = aboutRuledOut.length
      ? new Set(negatedTerms(p.text).map((t) => t.label))
      : new Set<string>();
    const ruledOutPenalty = aboutRuledOut.length && !aboutRuledOut.some((t) => passageRulesOut.has(t.label)) ? 0.15 : 0;
    let s = 0.3 * questionCoverage + 0.25 * askCoverage + 0.25 * rankPrior + 0.2 * caseCoverage - ruledOutPenalty;
    if (p.kind === 'recommendation') {
      s += 0.1;
      // Second stage: does the statement answer this kind of question, from this patient's therapy, for this population?
      s += intentFit(intent, p.text) * 0.08;
      // A patient on therapy asking what now: a statement that only assesses, monitors or sets a target is secondary.
      s += decisionFit(intent, facts, question, p.text) * 0.08;
      // ... and one that recommends the drug the patient is already on (or failed) is the step already taken.
      if (board && repeatsTherapy(board, p.text)) s -= 0.06;
      // "Which drugs are recommended?" is answered by a statement that recommends something.
      if (openChoice && recommendsNothing(p.text)) s -= 0.1;
      // A first choice is the strongest recommendation among those that fit ("we recommend" over "we suggest").
      if ((openChoice || intent === 'initial') && /^(strong for|grade a)\b/i.test(p.strength ?? '')) s += 0.04;
      s += stageFit(facts, question, p.text) * 0.06;
      s += fromTherapy * 0.08;
      s -= Math.min(2, populationMismatches(facts, question, p.text, caseHas)) * 0.12;
    }
    return { passage: p, rank, questionCoverage, caseCoverage, score: s };
  });
}

/**
 * Running text a clinician can read as an answer, not an abbreviation list, a reference list, a table of contents
 * or a table flattened into fragments.
 */
export function looksLikeProse(text: string): boolean {
  const t = text.trim();
  if (/^(abbreviations?|references?|bibliography|table of contents)\b/i.test(t)) return false;
  if ((t.match(/\bet al\b/g) ?? []).length >= 2) return false;
  if ((t.match(/\b[A-Z][A-Za-z0-9-]{0,8}: [a-z]/g) ?? []).length >= 4) return false; // "CV: cardiovascular; ..."
  if ((t.match(/\.{4,}|…{2,}/g) ?? []).length >= 2) return false; // dot leaders
  // Algorithm/flow-chart boxes ("Box 10 connects to Box 11", "If the answer is No to Box 9"): steps, not guidance.
  if (
    /\b(connects? to box|(go|proceed|continue) to box|if the answer is (yes|no)|answer is (yes|no) to box)\b/i.test(t)
  )
    return false;
  if ((t.match(/\bbox(es)? \d+[a-z]?\b/gi) ?? []).length >= 2) return false;
  // A chunk that starts mid-sentence is a fragment, not a paragraph to quote.
  if (/^[a-z(),;:]/.test(t)) return false;
  const words = t.split(/\s+/).filter(Boolean);
  const lower = words.filter((w) => /^[a-z]/.test(w)).length;
  return words.length >= 8 && lower / words.length >= 0.45 && /[.;:]/.test(t);
}

function pickDistinct(candidates: Scored[], max: number, floor: number): Scored[] {
  const chosen: Scored[] = [];
  for (const c of candidates) {
    if (chosen.length >= max) break;
    if (c.score < floor) break;
    if (c.passage.kind !== 'recommendation' && !looksLikeProse(c.passage.text)) continue;
    if (chosen.some((x) => similar(x.passage, c.passage))) continue;
    chosen.push(c);
  }
  return chosen;
}

const contentStems = (text: string) => new Set([...words(text)].filter((w) => w.length > 3 && !/^\d+$/.test(w)));

/**
 * The discussion paragraph behind the lead recommendation: same guideline, and either naming the recommendation
 * ("Recommendation 8") or sharing most of its wording. None when no paragraph qualifies: an unrelated passage is
 * worse than none.
 */
function supportFor(lead: Passage, texts: Scored[], top: number): Scored[] {
  const leadStems = contentStems(lead.text);
  const names = lead.recommendation
    ? new RegExp(`\\brecommendations? (\\d+[a-z]?(, | and | to |-))*${lead.recommendation}\\b`, 'i')
    : null;
  const fit = (t: Scored) => {
    if (t.passage.docId !== lead.docId || similar(t.passage, lead) || !looksLikeProse(t.passage.text)) return 0;
    // Algorithm modules, sidebars and appendices are steps and tables, not the discussion of a recommendation.
    if (/\b(algorithm|module [a-z]|sidebar|appendix)\b/i.test(t.passage.section ?? '')) return 0;
    const stems = contentStems(t.passage.text);
    const overlap = [...leadStems].filter((w) => stems.has(w)).length / Math.max(1, leadStems.size);
    const named = names?.test(`${t.passage.section ?? ''} ${t.passage.text}`) ?? false;
    // The discussion of other recommendations ("Recommendations 5, 6" as its section) does not support this one.
    if (!named && /\brecommendations? \d/i.test(t.passage.section ?? '')) return 0;
    if (!named && overlap < 0.5) return 0;
    return t.score + overlap * 0.3 + (named ? 0.2 : 0);
  };
  const best = texts
    .map((t) => ({ t, f: fit(t) }))
    .filter((x) => x.f > 0 && x.t.score >= top * 0.5)
    .sort((a, b) => b.f - a.f)[0];
  return best ? [best.t] : [];
}

function recLabel(p: Passage): string {
  const parts = [p.recommendation ? `Rec ${p.recommendation}` : null, p.strength].filter(Boolean);
  return parts.length ? `**${parts.join(' · ')}**: ` : '';
}

/** Verbatim, cut at a word boundary when very long; quoted so the reader knows it is the guideline's own words. */
function verbatim(p: Passage, focus: string): string {
  return `"${quoteFor(p, focus)}"`;
}

/** The hits re-ranked for this question and case (best first); the model mode gives its passages in this order too. */
export function rankForCase(input: Pick<ExtractiveInput, 'question' | 'caseTerms' | 'hits' | 'facts'>): Scored[] {
  const caseTerms = topicTerms((input.caseTerms ?? []).join(' '));
  return score(input.hits, input.question, caseTerms, input.facts ?? readCase(input.question)).sort(
    (a, b) => b.score - a.score || a.rank - b.rank,
  );
}

export function composeExtractive(input: ExtractiveInput): ExtractiveAnswer {
  const scored = rankForCase(input);
  if (scored.length === 0) return { text: '', passages: [] };
  const top = scored[0]!.score;
  const recs = scored.filter((s) => s.passage.kind === 'recommendation' && s.questionCoverage > 0);
  const texts = scored.filter((s) => s.passage.kind !== 'recommendation' && s.questionCoverage > 0);
  // Relative floor: a recommendation far weaker than the best match is noise for this question, whatever the corpus.
  const chosenRecs = pickDistinct(recs, input.maxRecommendations ?? 5, top * 0.75);
  const supporting = chosenRecs.length
    ? supportFor(chosenRecs[0]!.passage, texts, top)
    : pickDistinct(texts, 3, top * 0.6);
  if (chosenRecs.length === 0 && supporting.length === 0) return { text: '', passages: [] };

  const passages: Passage[] = [];
  const cite = (p: Passage) => {
    let i = passages.indexOf(p);
    if (i < 0) i = passages.push(p) - 1;
    return `[${i + 1}]`;
  };

  // Group by guideline, groups ordered by their best item; within a group, the order of relevance.
  const groups = new Map<string, Scored[]>();
  for (const item of chosenRecs.length ? chosenRecs : supporting) {
    const list = groups.get(item.passage.docId) ?? [];
    list.push(item);
    groups.set(item.passage.docId, list);
  }

  const lines: string[] = [];
  const lead = (chosenRecs[0] ?? supporting[0])!.passage;
  const leadGuideline = `${shortTitle(lead.title)}${lead.year ? ` (${lead.year})` : ''}`;
  const count = chosenRecs.length;
  if (count > 0) {
    const from = groups.size > 1 ? `${groups.size} guidelines` : 'this guideline';
    lines.push(
      `**Best match:** ${leadGuideline}${lead.recommendation ? `, recommendation ${lead.recommendation}` : ''}${lead.strength ? ` (${lead.strength})` : ''} ${cite(lead)}. ` +
        `${count > 1 ? `${count} relevant recommendations from ${from}` : 'The recommendation'}, quoted verbatim:`,
    );
  } else {
    lines.push(
      `**No specific recommendation matches this question;** the closest guideline text is from ${leadGuideline} ${cite(lead)}, quoted verbatim:`,
    );
  }

  for (const items of groups.values()) {
    const p0 = items[0]!.passage;
    lines.push('', `**${shortTitle(p0.title)}**${p0.version ? ` (${p0.version})` : p0.year ? ` (${p0.year})` : ''}`);
    for (const item of items) {
      const p = item.passage;
      const where = [
        p.section && !p.recommendation ? p.section.split(' > ').pop() : null,
        p.page ? `p. ${p.page}` : null,
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(
        `- ${recLabel(p)}${verbatim(p, input.question)} ${cite(p)}${where && !p.recommendation ? ` (${where})` : ''}`,
      );
    }
  }

  if (chosenRecs.length > 0 && supporting.length > 0) {
    const p = supporting[0]!.passage;
    const where = [p.section?.split(' > ').pop(), p.page ? `p. ${p.page}` : null].filter(Boolean).join(', ');
    lines.push(
      '',
      `**Supporting text** (${shortTitle(p.title)}${where ? `, ${where}` : ''}): ${verbatim(p, input.question)} ${cite(p)}`,
    );
  }
  return { text: lines.join('\n'), passages };
}

/** "Weak for" -> "weak for", USPSTF "B recommendation" / "I statement" -> "grade B" / "grade I (insufficient evidence)". */
function strengthLabel(p: Passage): string | null {
  const s = p.strength?.trim();
  if (!s) return null;
  const grade = /^(?:grade\s+)?([ABCDI])\b(?:\s+(?:recommendation|statement))?$/i.exec(s);
  if (grade)
    return grade[1]!.toUpperCase() === 'I'
      ? 'USPSTF grade I (insufficient evidence)'
      : `USPSTF grade ${grade[1]!.toUpperCase()}`;
  return s;
}

export function unitLabel(p: Passage): string {
  const parts = [p.recommendation ? `Recommendation ${p.recommendation}` : null, strengthLabel(p)].filter(Boolean);
  return parts.join(', ');
}

/** "Asthma (2019)"; a title ending in a full stop ("... U.S.") is shown without it, so bold markers stay closed. */
export function guidelineName(p: Passage): string {
  const name = shortTitle(p.title).replace(/[.\s]+$/, '');
  return p.year ? `${name} (${p.year})` : name;
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Bottom line first: the best-fitting recommendation, verbatim, with its number, strength, guideline and [1]; then at
 * most a few related recommendations that score close to it, within a word budget a clinician reads at a glance.
 */
export function composeBottomLine(
  ranked: { unit: { statement: Passage }; score: number }[],
  focus: string,
  opts: { related: number; relatedFloor: number; maxWords: number; otherBodyFloor: number; otherBodyShared: number },
  /** Conditions a statement is written for that the case does not mention: said next to it, so nobody misapplies it. */
  notFor: (p: Passage) => string[] = () => [],
): ExtractiveAnswer {
  const lead = ranked[0];
  if (!lead) return { text: '', passages: [] };
  const { maxWords } = opts;
  const passages: Passage[] = [lead.unit.statement];
  const p0 = lead.unit.statement;
  const caveat = (p: Passage) => {
    const missing = notFor(p);
    return missing.length ? ` _Written for patients with ${missing.join(', ')}, which the case does not mention._` : '';
  };
  const lines = [`**${guidelineName(p0)}, ${unitLabel(p0)}:** "${quoteFor(p0, focus)}" [1]${caveat(p0)}`];
  // The budget counts what the guidelines say; a caveat about the case is extra, and short.
  let words = wordCount(lines[0]!) - wordCount(caveat(p0));
  const related: string[] = [];
  for (const r of ranked.slice(1)) {
    if (related.length >= opts.related || r.score < lead.score * opts.relatedFloor) break;
    const p = r.unit.statement;
    if (passages.some((q) => similar(q, p))) continue;
    const where = p.docId === p0.docId ? '' : `${guidelineName(p)}, `;
    const line = `- ${where}${unitLabel(p)}: "${quoteFor(p, focus)}" [${passages.length + 1}]`;
    if (words + wordCount(line) > maxWords) break;
    passages.push(p);
    related.push(line + caveat(p));
    words += wordCount(line);
  }
  // A bold label: the citation check keeps labels, while a plain "Related recommendations:" reads as an uncited claim.
  if (related.length) lines.push('', '**Related recommendations:**', ...related);
  lines.push(...otherBody(ranked, passages, focus, { floor: opts.otherBodyFloor, shared: opts.otherBodyShared }));
  return { text: lines.join('\n'), passages };
}

/** Which way a strength or grade points: VA/DoD "Strong for" / "Weak against", USPSTF grades A-B-C (for), D, I. */
export function direction(strength: string | null): 'for' | 'against' | 'neither' | null {
  const s = strength?.trim().toLowerCase() ?? '';
  if (/neither|insufficient|^(?:grade\s+)?i\b/.test(s)) return 'neither';
  if (/against|^(?:grade\s+)?d\b/.test(s)) return 'against';
  if (/\bfor\b|^(?:grade\s+)?[abc]\b/.test(s)) return 'for';
  return null;
}

/** Groups a recommendation may be written for that a question must name for it to apply. */
const LIFE_STAGES = [
  /\b(?:child(?:ren)?|adolescents?|pediatric|paediatric|infants?|youth)\b/i,
  /\b(?:pregnan\w*|pre-?eclampsia|gestation\w*|postpartum)\b/i,
];

/**
 * Two bodies, one question: when a body other than the lead's (USPSTF beside VA/DoD) has a recommendation that scores
 * within `floor` of the lead, it is shown too, and a line sets the two side by side with their dates and grades, saying
 * so when they point different ways. Added after the bottom line and the related recommendations, which stay as they
 * were (it is shown even past the word budget: leaving out the other body's view would hide a disagreement).
 */
function otherBody(
  ranked: { unit: { statement: Passage }; score: number }[],
  passages: Passage[],
  focus: string,
  opts: { floor: number; shared: number },
): string[] {
  const { floor } = opts;
  const lead = ranked[0]!;
  const leadBody = bodyOf(lead.unit.statement);
  if (!leadBody || floor <= 0) return [];
  // On the same question and for the same people: the two statements hold the same words of the asking sentence (at
  // least `shared` of them: one shared word such as "MRI" pairs unrelated statements), and the other is not written for
  // children or pregnancy when the question is not.
  const asked = topicTerms(askingSentence(focus));
  const stems = (p: Passage) => new Set(tokenize(p.text).map(stem));
  const leadStems = stems(lead.unit.statement);
  const sharesQuestion = (p: Passage) => {
    const own = stems(p);
    return asked.filter((t) => termPresent(t, own) && termPresent(t, leadStems)).length >= opts.shared;
  };
  const other = ranked
    .slice(1)
    .find(
      (r) =>
        r.score >= lead.score * floor &&
        (bodyOf(r.unit.statement) ?? leadBody) !== leadBody &&
        sharesQuestion(r.unit.statement) &&
        !LIFE_STAGES.some(
          (group) => group.test(`${r.unit.statement.title} ${r.unit.statement.text}`) && !group.test(focus),
        ),
    );
  if (!other) return [];
  const p = other.unit.statement;
  const lines: string[] = [];
  let at = passages.indexOf(p);
  if (at < 0) {
    if (passages.some((q) => similar(q, p))) return [];
    passages.push(p);
    at = passages.length - 1;
    lines.push('', `**${bodyOf(p)}: ${guidelineName(p)}, ${unitLabel(p)}:** "${quoteFor(p, focus)}" [${at + 1}]`);
  }
  const side = (q: Passage, n: number) =>
    `${bodyOf(q)} (${q.year ?? q.version ?? 'undated'}): ${strengthLabel(q)?.replace(/^USPSTF /, '') ?? 'no strength stated'} [${n}]`;
  const [a, b] = [direction(lead.unit.statement.strength), direction(p.strength)];
  const verdict =
    a && b && a !== b
      ? `**Two bodies differ on this:** ${side(lead.unit.statement, 1)}, ${a}; ${side(p, at + 1)}, ${b}.`
      : `**Two bodies on this:** ${side(lead.unit.statement, 1)}; ${side(p, at + 1)}${a && a === b ? `: both ${a}` : ''}.`;
  lines.push('', verdict);
  return lines;
}

/** The issuing body of a passage's guideline ("VA/DoD", "USPSTF", a protocol's organisation). */
function bodyOf(p: Passage): string | null {
  return libraryBodyOf({ publisher: p.publisher, title: p.title });
}
