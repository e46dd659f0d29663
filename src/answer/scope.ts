// Scope and evidence: what Curbside declines to answer, and how it decides the guidelines do not cover a question.
// Evidence is measured relative to the question (the share of its topic terms the best passages contain, synonyms
// and abbreviations counted via the shared clinical lexicon), never as a raw engine score, so it means the same
// thing for any corpus, engine or question length.
import { LRUCache } from 'lru-cache';
import type { Passage } from '../knowledge/passage.js';
import { findConcepts, STOP_WORDS, tokenize } from '../retrieval/lexicon.js';
import { stem } from '../retrieval/stem.js';
import { DRUG_CLASS } from '../retrieval/case-lexicon.js';

/** The one stemmer (re-exported for the answer modules). */
export { stem };

// Words that frame a clinical question without naming its topic: every guideline "covers" them.
const FRAMING = new Set(
  `patient patients pt pts treat treated treating treatment treatments therapy therapies manage managing management first line
  best option options use using used approach next step steps start starting consider considering care clinical favour favor favoured
  favored prefer preferred agent agents choice choose strong stronger strongest weak most recommended
  clinician adult adults man men woman women male female year years old yo history hx presents presenting presented case
  question evidence should can would need needs role good better effective effectiveness benefit benefits current currently
  new now right appropriate usual typical ok okay safe safety still continue get getting take taking give giving do doing
  initial initially mg dose doses daily day days week weeks month months also already well age aged
  want like go going think thought make made help helps look looking see
  name dob mrn phone tel ssn address email contact mr mrs ms miss dr
  medication medications medicine medicines drug drugs pharmacotherapy pharmacologic order ordering ordered whose often
  routine routinely lower lowering aim aimed indicated indication indications veteran veterans service member members
  regimen regimens intervention interventions alone instead rather versus vs mm hg mmhg dl ml kg min much many long say says
  advise advised advising counsel counseled tell
  bid tid qid qd qhs qam qpm qod prn po iv im sc sq sl od bd tds mcg mg units unit tab tabs tablet tablets capsule capsules
  change changes changed changing switch adjust adjusting add adding added increase increasing decrease decreasing reduce
  reducing stop stopping hold holding keep try trying titrate titrating anything something everything nothing else
  continuing continued useful usefulness useless helpful worth worthwhile beneficial reasonable sensible advisable
  warranted necessary needed required requires value valuable point pointless matter matters symptom symptoms`
    .split(/\s+/)
    .filter(Boolean),
);
const FRAMING_CONCEPTS = new Set([
  'treatment',
  'first line',
  'medication',
  'primary care',
  'adverse effect',
  'randomized controlled trial',
]);

export interface TopicTerm {
  label: string;
  /** Each form as stemmed tokens; the term is present when every token of one form is. */
  forms: string[][];
}

const stemmedForm = (form: string) =>
  tokenize(form)
    .filter((t) => !STOP_WORDS.has(t))
    .map(stem);

/** A drug named in the question also counts as present when a passage names its class ("lisinopril" -> ACE inhibitors). */
function withDrugClass(forms: string[][], names: string[]): string[][] {
  const out = [...forms];
  for (const name of names) {
    const cls = DRUG_CLASS[name];
    if (!cls) continue;
    const clsTokens = tokenize(cls);
    for (const m of findConcepts(clsTokens))
      if (m.start === 0 && m.end === clsTokens.length) out.push(...m.alternatives.map(stemmedForm));
    out.push(stemmedForm(cls));
  }
  return out.filter((f) => f.length);
}

/** A lab named in a case is about the condition it measures: a passage on CKD speaks to "eGFR 35". */
const IMPLIED_BY: Record<string, string[]> = {
  'estimated glomerular filtration rate': ['chronic kidney disease', 'kidney disease'],
  'hemoglobin a1c': ['glycemic control', 'glycemic target'],
};

/** Stands for punctuation between clauses, which ends a negation's scope ("no diabetes, systolic 162"). */
const CLAUSE = 'qqclause';

// A patient who refuses or declines an option rules it out as surely as a finding the case denies.
const NEGATION_CUE = new Set([
  'no',
  'not',
  'without',
  'denies',
  'denied',
  'deny',
  'negative',
  'absent',
  'absence',
  'non',
  'never',
  'refuses',
  'refused',
  'declines',
  'declined',
]);
const NEGATION_STOP = new Set(['and', 'but', 'or', 'with', 'now', 'has', 'is', 'on', CLAUSE]);
/** Words of degree that say how much, not what: "not a big symptom burden", "no significant chest pain". */
const DEGREE_WORDS = new Set(['big', 'much', 'significant', 'major', 'real', 'huge', 'great', 'obvious', 'particular']);
/**
 * Token positions a negation cue governs: up to two content words after "no", "without", "denies"... ("no red
 * flags", "do not choose the Mediterranean diet": articles and words of degree do not use up the window).
 */
function negatedPositions(tokens: string[]): Set<number> {
  const out = new Set<number>();
  tokens.forEach((t, i) => {
    if (!NEGATION_CUE.has(t)) return;
    let content = 0;
    for (let j = i + 1; content < 2 && j < tokens.length && !NEGATION_STOP.has(tokens[j]!); j++) {
      out.add(j);
      if (!STOP_WORDS.has(tokens[j]!) && !DEGREE_WORDS.has(tokens[j]!)) content++;
    }
  });
  return out;
}

function caseTokens(text: string): string[] {
  // De-identification placeholders ("[NAME]", "[AGE over 89]") are not topics.
  return tokenize(text.replace(/\[[A-Z_]+(?: [^\]]{0,20})?\]/g, ' ').replace(/[,;:.?!()](?!\d)/g, ` ${CLAUSE} `));
}

export const TERM_CACHE_SETTINGS = {
  /**
   * Texts whose terms are kept, most recently used first (each kind): a turn reads its question several times and the
   * same candidate statements every turn; 0 turns the cache off. Over 800 MedQA turns 512 misses 3,186 of 16,711 reads
   * (2,783 are first reads) for +3.7 MB of heap; 2,048 held +12 MB for 2,769.
   */
  entries: 512,
};
// lru-cache cannot hold 0 entries: with the setting at 0 terms are read afresh every time.
const termCache = (() => {
  const make = () =>
    TERM_CACHE_SETTINGS.entries > 0 ? new LRUCache<string, TopicTerm[]>({ max: TERM_CACHE_SETTINGS.entries }) : null;
  return { topic: make(), negated: make() };
})();

/** The terms of a text from the cache, or read and kept. A copy of the list is returned: callers may reorder it. */
function cachedTerms(text: string, negated: boolean): TopicTerm[] {
  const cache = negated ? termCache.negated : termCache.topic;
  let terms = cache?.get(text);
  if (!terms) {
    terms = collectTerms(text, negated);
    cache?.set(text, terms);
  }
  return [...terms];
}

/** The question's topic terms: lexicon concepts (with all their names) plus its other content words; negated ones excluded. */
export function topicTerms(text: string): TopicTerm[] {
  return cachedTerms(text, false);
}

/** Conditions and findings the case rules out ("no diabetes", "no red flags"): recommendations about them do not apply. */
export function negatedTerms(text: string): TopicTerm[] {
  return cachedTerms(text, true);
}

function collectTerms(text: string, negated: boolean): TopicTerm[] {
  const tokens = caseTokens(text);
  const negatedAt = negatedPositions(tokens);
  const wanted = (start: number, end: number) => {
    let isNegated = false;
    for (let i = start; i < end; i++) if (negatedAt.has(i)) isNegated = true;
    return isNegated === negated;
  };
  const terms: TopicTerm[] = [];
  const seen = new Set<string>();
  const covered = new Set<number>();
  for (const match of findConcepts(tokens)) {
    for (let i = match.start; i < match.end; i++) covered.add(i);
    if (!wanted(match.start, match.end)) continue;
    const forms = [match.form, ...match.alternatives];
    if (forms.some((f) => FRAMING_CONCEPTS.has(f))) continue;
    if (match.form.split(' ').every((t) => STOP_WORDS.has(t))) continue;
    const key = [...forms].sort()[0]!;
    if (seen.has(key)) continue;
    seen.add(key);
    const implied = forms.flatMap((f) => IMPLIED_BY[f] ?? []);
    terms.push({
      label: match.form,
      forms: withDrugClass(
        [...forms, ...implied].map((f) =>
          f
            .split(' ')
            .filter((t) => !STOP_WORDS.has(t))
            .map(stem),
        ),
        forms,
      ),
    });
  }
  tokens.forEach((t, i) => {
    if (
      covered.has(i) ||
      t === CLAUSE ||
      STOP_WORDS.has(t) ||
      FRAMING.has(t) ||
      NEGATION_CUE.has(t) ||
      t.length < 2 ||
      !wanted(i, i + 1)
    )
      return;
    if (/^\d+([a-z]{0,2})?$/.test(t)) return; // numbers, ages ("67yo"), doses
    const s = stem(t);
    if (seen.has(s)) return;
    seen.add(s);
    terms.push({ label: t, forms: withDrugClass([[s]], [t]) });
  });
  return terms;
}

/**
 * The sentence that asks (the last one with a question mark, else the last sentence): in a case message it carries
 * the intent ("What add-on agent?"), while the sentences before it carry context ("already on metformin").
 */
export function askingSentence(text: string): string {
  const sentences = text
    .split(/(?<=[.?!])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const asks = sentences.filter((s) => s.endsWith('?'));
  return asks.length ? asks[asks.length - 1]! : (sentences[sentences.length - 1] ?? text);
}

// "family asking about Leqembi infusions. is he a candidate?": what the message asks about can sit in the sentence
// before the question, after a verb of asking or wanting, or of another clinician proposing ("neuro is talking about
// starting X", "IR is offering Y").
const ASKING_CLAUSE =
  /\b(?:asking|asks|asked|wondering|inquiring|enquiring|considering|interested\sin|requesting|requests|wants?\sto\s(?:know|try|start)|keen\son|talking\sabout|suggest(?:s|ed|ing)|recommend(?:s|ed|ing)|offer(?:s|ed|ing)|propos(?:es|ed|ing)|floated|brought\sup|mentioned)\b(?:\s(?:about|for|if|whether|re))?([^.?!;]{1,80})/gi;

// A question that points back ("does the guideline support it?", "any guidance on these?") asks about the sentence before.
const POINTS_BACK = /\b(?:it|this|these|those|them)\b/i;

/**
 * The asking sentence, the message's other questions ("ropinirole vs gabapentin first? should we give iron?"), any
 * clause of the message that asks about something ("asking about X", "wants to try X"), and the sentence before any
 * of these that points back to it.
 */
export function askedAbout(question: string): string {
  const sentences = question
    .split(/(?<=[.?!])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const asking = askingSentence(question);
  const asked = new Set<number>();
  const clauses: string[] = [];
  sentences.forEach((s, i) => {
    if (s === asking || s.endsWith('?')) asked.add(i);
    for (const m of s.matchAll(ASKING_CLAUSE)) {
      clauses.push(m[1]!.trim());
      if (POINTS_BACK.test(m[1]!)) asked.add(i);
    }
  });
  const order = [...asked].sort((a, b) => a - b);
  const before = order.filter((i) => i > 0 && POINTS_BACK.test(sentences[i]!) && !asked.has(i - 1)).map((i) => i - 1);
  const parts = [asking, ...order.map((i) => sentences[i]!).filter((s) => s !== asking), ...clauses];
  return [...parts, ...before.map((i) => sentences[i]!)].join('. ');
}

/** Per passage object: a turn looks at the same passages several times, and the local engine reuses passage objects. */
const stemsOf = new WeakMap<Passage, Set<string>>();

export function passageStems(p: Passage): Set<string> {
  let stems = stemsOf.get(p);
  if (!stems) stemsOf.set(p, (stems = new Set(tokenize(`${p.title} ${p.section ?? ''} ${p.text}`).map(stem))));
  return stems;
}

export function termPresent(term: TopicTerm, stems: Set<string>): boolean {
  return term.forms.some((form) => form.every((t) => stems.has(t)));
}

/** Share of the terms present in a set of stems (1 when there are no terms). */
export function coverage(terms: TopicTerm[], stems: Set<string>): number {
  if (terms.length === 0) return 1;
  return terms.filter((t) => termPresent(t, stems)).length / terms.length;
}

export interface Evidence {
  terms: TopicTerm[];
  /** Coverage by the single best passage among the top hits. */
  best: number;
  /** Coverage by the top hits together. */
  combined: number;
  /** Topic terms no top passage contains. */
  missing: string[];
  sufficient: boolean;
}

/**
 * The top passages together must hold three quarters of the question's topic terms, and one passage at least half:
 * a passage that only shares a side word ("valve" in a question on INR targets) is not evidence.
 */
export const EVIDENCE = { combined: 0.75, best: 0.5, topK: 5 } as const;

/**
 * `question` is what must be covered: for a case message, the asking sentence plus the case's conditions (the
 * context sentences' incidental details, e.g. "ex-smoker, FEV1 55%", need not all appear in one passage).
 */
export function assessEvidence(question: string, passages: Passage[]): Evidence {
  const terms = topicTerms(question);
  const top = passages.slice(0, EVIDENCE.topK);
  if (top.length === 0) return { terms, best: 0, combined: 0, missing: terms.map((t) => t.label), sufficient: false };
  const stemSets = top.map(passageStems);
  const best = Math.max(...stemSets.map((s) => coverage(terms, s)));
  const union = new Set(stemSets.flatMap((s) => [...s]));
  const combined = coverage(terms, union);
  const missing = terms.filter((t) => !termPresent(t, union)).map((t) => t.label);
  const sufficient = combined >= EVIDENCE.combined && best >= EVIDENCE.best;
  return { terms, best, combined, missing, sufficient };
}

/**
 * Share of the question's topic terms held by the best recommendation statement. Guidelines answer with
 * recommendations; a topic that only appears in passing in discussion text ("gout flares" in a kidney guideline)
 * is not something the guidelines advise on. Judged against the same half-the-topic bar as EVIDENCE.best.
 */
export function recommendationCoverage(question: string, passages: Passage[]): number {
  const terms = topicTerms(question);
  const recs = passages.filter((p) => p.kind === 'recommendation');
  return recs.length ? Math.max(...recs.map((p) => coverage(terms, passageStems(p)))) : 0;
}

export type OutOfScope = 'non-clinical' | 'prescription' | 'greeting';

// Requests that are not clinical questions whatever words they contain ("a haiku about asthma", "python for BMI").
const NON_CLINICAL_ALWAYS = [
  /\b(poem|haiku|limerick|sonnet|song|lyrics|joke|short story|novel|cover letter|tweet|rap)\b/i,
  /\b(python|javascript|typescript|java|c\+\+|c#|rust|golang|html|css|excel formula|regex|powershell|bash script|sql query)\b/i,
  /\b(stock price|crypto|bitcoin|lottery|horoscope|sports? scores?|who won|world cup|super bowl)\b/i,
];
// Non-clinical only when nothing clinical is mentioned ("write a note on metformin in CKD" is clinical).
const NON_CLINICAL_UNLESS_CLINICAL = [
  /\b(write|generate|fix|debug|refactor)\b.{0,40}\b(code|program|function|class|app|website)\b/i,
  /\b(weather|forecast|recipe|restaurant|movie|netflix|vacation|holiday plans?|hotel|flight|essay)\b/i,
  /\b(capital (city )?of|translate (this|into|to)|what time is it|tell me about yourself|who are you)\b/i,
];
const PRESCRIPTION = [
  /\b(write|send|sign|issue|fill|renew|refill|e-?prescribe|fax|call in|phone in)\b.{0,40}\b(prescriptions?|scripts?|rx|refills?|orders?)\b/i,
  /\b(prescriptions?|scripts?|rx)\b.{0,20}\bfor\b.{0,20}(\[[A-Z_]+\]|<[A-Z_]+>|\b(mr|mrs|ms|miss|dr)\.?\s)/i,
  /\bprescribe\b.{0,60}\bfor (him|her|them|\[[A-Z_]+\]|<[A-Z_]+>|(mr|mrs|ms|miss)\.?\s)/i,
];
// The clinician asking how to write their own orders ("how should I write her insulin orders?") asks for the
// regimen, which the guidelines may answer; only a request that Curbside write or send them is declined.
const ASKS_HOW_TO_ORDER = /\b(?:how|what)\s(?:should|do|would|can|to)\s(?:i|we)?\s?(?:write|order|set\sup|put\sin)\b/i;
const GREETING =
  /^\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you|thx|cheers|ok|okay|bye)\b[\s!.,]*(curbside|there|bot|everyone|all)?[\s!.,]*$/i;

/** Requests Curbside declines whatever the guidelines say. Runs on de-identified text. */
export function outOfScope(text: string): OutOfScope | null {
  if (GREETING.test(text)) return 'greeting';
  if (NON_CLINICAL_ALWAYS.some((r) => r.test(text))) return 'non-clinical';
  if (PRESCRIPTION.some((r) => r.test(text)) && !ASKS_HOW_TO_ORDER.test(text)) return 'prescription';
  const clinical = findConcepts(tokenize(text)).some((m) => !FRAMING_CONCEPTS.has(m.form));
  if (!clinical && NON_CLINICAL_UNLESS_CLINICAL.some((r) => r.test(text))) return 'non-clinical';
  return null;
}

// Asking for an amount ("what dose of", "starting dose", "how many mg"), not a strategy ("increase the ICS dose?").
const DOSING =
  /\b(what|which|how much|how many|right|correct)\b[^?.]{0,30}\b(dose|doses|dosing|dosage|mg|mcg|units|milligrams)\b|\b(starting|initial|loading|max(imum)?|usual|recommended|target|typical) (daily )?(dose|dosing|dosage)\b|\bdos(e|ing|age) (of|for)\b|\bhow (should|do) (i|we|you) dose\b|mg\/kg/i;
const DOSE_IN_TEXT = /\b\d+(\.\d+)?\s?(mg|mcg|µg|g|units?|iu|ml)\b/i;

/** The question asks for a dose. */
export function asksForDose(text: string): boolean {
  return DOSING.test(text);
}

/** Whether any of these passages states a dose at all. */
export function passagesGiveDose(passages: Passage[]): boolean {
  return passages.some((p) => DOSE_IN_TEXT.test(p.text));
}
