// Second stage: re-score the BM25 candidates by how much of the question they cover.
// BM25 rewards a passage that repeats one query word many times; a clinician's question is usually answered by
// the passage that mentions all of its parts (the condition, the population, the intervention). Coverage counts
// each question concept once, weighted by its rarity (IDF), and counts it as present when any of its names
// (e.g. "HTN" or "hypertension") appears in the passage, its section heading or its guideline title.
import type { Passage } from '../knowledge/passage.js';
import { findConcepts, STOP_WORDS, tokenize } from './lexicon.js';
import { stem } from './stem.js';

export interface QueryConcept {
  /** Alternative names, each a sequence of stems; the concept is present when any of them occurs. */
  forms: string[][];
  /** Stems of the words the question itself used, for IDF. */
  own: string[];
}

/** One concept per question content word, except that a lexicon match (e.g. "low back pain") is one concept. */
export function queryConcepts(query: string): QueryConcept[] {
  const tokens = tokenize(query);
  const matches = findConcepts(tokens);
  const concepts: QueryConcept[] = [];
  const seen = new Set<string>();
  let m = 0;
  for (let i = 0; i < tokens.length;) {
    const match = matches[m];
    if (match && match.start === i) {
      const own = match.form
        .split(' ')
        .filter((t) => !STOP_WORDS.has(t))
        .map(stem);
      const forms = [match.form, ...match.alternatives]
        .map((f) =>
          f
            .split(' ')
            .filter((t) => !STOP_WORDS.has(t))
            .map(stem),
        )
        .filter((f) => f.length > 0);
      const key = forms
        .map((f) => f.join(' '))
        .sort()
        .join('|');
      if (own.length && !seen.has(key)) {
        seen.add(key);
        concepts.push({ forms, own });
      }
      i = match.end;
      m++;
      continue;
    }
    const t = tokens[i]!;
    if (!STOP_WORDS.has(t)) {
      const s = stem(t);
      if (!seen.has(s)) {
        seen.add(s);
        concepts.push({ forms: [[s]], own: [s] });
      }
    }
    i++;
  }
  return concepts;
}

/**
 * Stems as small integers. A passage's terms are then one Uint32Array (about half a kilobyte) rather than arrays of
 * strings and a position map (about 12 KB): the whole library's terms fit in memory. Only passages add stems, so user
 * input cannot grow the table; a query stem no passage has gets NO_STEM and matches nothing.
 */
const STEM_IDS = new Map<string, number>();
const NO_STEM = -1;
const internStem = (s: string): number => {
  let id = STEM_IDS.get(s);
  if (id === undefined) STEM_IDS.set(s, (id = STEM_IDS.size));
  return id;
};
const stemIdOf = (s: string): number => STEM_IDS.get(s) ?? NO_STEM;

/** A passage's searchable text (guideline title, section heading, body) as stem ids in reading order. */
export type PassageTerms = Uint32Array;

export function passageTerms(p: Passage): PassageTerms {
  return Uint32Array.from(tokenize(`${p.title} \n ${p.section ?? ''} \n ${p.text}`), (t) => internStem(stem(t)));
}

/**
 * A modifier in front of a condition can name a different disease: "pulmonary hypertension" is not hypertension, "portal
 * hypertension" neither. Such an occurrence does not cover a question about the plain condition.
 */
const DISTINCT_COMPOUNDS = new Map<number, Set<number>>(
  Object.entries({
    hypertension: ['pulmonary', 'portal', 'intracranial', 'ocular'],
    hypotension: ['orthostatic', 'postural'],
    depression: ['respiratory', 'st', 'segment'],
    arrest: ['cardiac', 'respiratory', 'growth'],
  }).map(([head, modifiers]) => [internStem(stem(head)), new Set(modifiers.map((m) => internStem(stem(m))))]),
);

function containsSequence(terms: PassageTerms, form: readonly number[], asked: ReadonlySet<number>): boolean {
  const first = form[0]!;
  if (first === NO_STEM) return false;
  const distinct = form.length === 1 ? DISTINCT_COMPOUNDS.get(first) : undefined;
  next: for (let at = terms.indexOf(first); at >= 0; at = terms.indexOf(first, at + 1)) {
    // ...unless the question names that modifier itself ("pulmonary hypertension in COPD").
    if (distinct && at > 0 && distinct.has(terms[at - 1]!) && !asked.has(terms[at - 1]!)) continue;
    for (let k = 1; k < form.length; k++) if (terms[at + k] !== form[k]) continue next;
    return true;
  }
  return false;
}

export interface Candidate {
  passage: Passage;
  /** Stemmed text, if already known (callers cache it per passage). */
  terms?: PassageTerms;
  /** First-stage score, higher is better. */
  score: number;
}

/**
 * Sections that document how a guideline was made rather than what to do: references, literature-search strategies,
 * methods and grading schemes (repeated verbatim across every USPSTF summary), evidence and "categorization" tables of
 * superseded recommendations, disclosures. They contain every clinical word and answer no clinical question.
 */
const BACK_MATTER =
  /\b(references|bibliography|search (terms|strateg\w*)|literature (review|search)|study selection|evidence review methodology|methods? used|rating scheme|grading recommendations|levels? of certainty|recommendation grid|categorization table|evidence table|guideline validation|implementation strategy|source\(s\) of funding|financial disclosures|conflicts? of interest|composition of group|guideline committee|guideline availability|companion documents|copyright|abbreviations|participant list|acknowledg\w*)\b/i;

export function isBackMatter(section: string | null): boolean {
  return section !== null && BACK_MATTER.test(section);
}

/**
 * "What is CIH?", "What does PDMP mean?", "What is meant by LOT?", "Define MME": the question asks for a definition of
 * one short term. Returns that term as written, or null for any other question.
 */
const DEFINITION_QUESTIONS = [
  /^what\s+(?:is|does\s+it|do\s+they)\s+mean[ts]?\s+by\s+(?<term>[\p{L}\p{N}][\p{L}\p{N}\- ]{0,40}?)\s*\??$/iu,
  /^(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?<term>[\p{L}\p{N}][\p{L}\p{N}\- ]{0,40}?)\s*\??$/iu,
  /^what\s+(?:does|do)\s+(?:the\s+(?:term|abbreviation|acronym)\s+)?(?<term>[\p{L}\p{N}][\p{L}\p{N}\- ]{0,40}?)\s+(?:mean|stand\s+for)\s*\??$/iu,
  /^(?:define|definition\s+of|meaning\s+of)\s+(?<term>[\p{L}\p{N}][\p{L}\p{N}\- ]{0,40}?)\s*\??$/iu,
];
/** A definition question names one concept; longer "what is ..." questions are ordinary questions. */
const MAX_DEFINED_WORDS = 4;

export function definitionTarget(query: string): string | null {
  const q = query.trim();
  for (const pattern of DEFINITION_QUESTIONS) {
    const term = pattern.exec(q)?.groups?.term?.trim();
    if (!term) continue;
    const words = tokenize(term);
    if (words.length === 0 || words.length > MAX_DEFINED_WORDS || words.every((w) => STOP_WORDS.has(w))) return null;
    return term;
  }
  return null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Initial letters of a phrase's words, e.g. "Prescription Drug Monitoring Program" -> "pdmp" (small words skipped too). */
function initials(phrase: string): [string, string] {
  const words = tokenize(phrase);
  return [
    words.map((w) => w[0]).join(''),
    words
      .filter((w) => !STOP_WORDS.has(w))
      .map((w) => w[0])
      .join(''),
  ];
}

/**
 * Whether a passage defines the term the way guidelines do: "long-term opioid therapy (LOT)", "PDMP (Prescription Drug
 * Monitoring Program)", "X is defined as / refers to / means ...". This is the passage a "What is X?" question wants,
 * rather than the one that merely uses X most often.
 */
export function definesTerm(text: string, term: string): boolean {
  const t = escapeRegExp(term).replace(/[\s-]+/g, '[\\s-]+');
  if (new RegExp(`\\(\\s*${t}s?\\s*\\)`, 'i').test(text)) return true;
  if (
    new RegExp(
      `\\b${t}s?\\s+(?:is|are)\\s+(?:defined\\s+as|(?:a|an|the)\\s+(?:term|abbreviation|acronym)|used\\s+to\\s+(?:describe|refer))|\\b${t}s?\\s+(?:refers?\\s+to|means|stands\\s+for)\\b`,
      'i',
    ).test(text)
  )
    return true;
  // "PDMP (Prescription Drug Monitoring Program)": the words in brackets spell the abbreviation.
  const acronym = term.replace(/[\s-]+/g, '').toLowerCase();
  if (acronym.length >= 2 && acronym.length <= 8) {
    for (const m of text.matchAll(new RegExp(`\\b${t}\\s*\\(([^()]{3,120})\\)`, 'gi'))) {
      if (initials(m[1]!).includes(acronym)) return true;
    }
  }
  return false;
}

export interface RerankWeights {
  /** Weight of IDF-weighted concept coverage (0-1) against the normalised first-stage score (0-1). */
  coverage: number;
  /** Added to recommendation passages: what a clinician asks for, when it matches as well as narrative text. */
  recommendation: number;
  /** Subtracted from back-matter passages (see isBackMatter). */
  backMatter: number;
  /** Added, for a definition question ("What is X?"), to passages that define X (see definesTerm). */
  definition: number;
}

export function rerankByCoverage(
  candidates: readonly Candidate[],
  concepts: readonly QueryConcept[],
  idf: (stem: string) => number,
  weights: RerankWeights,
  /** The term a definition question asks about (definitionTarget), if it is one. */
  defined: string | null = null,
): Candidate[] {
  if (candidates.length === 0) return [];
  const best = Math.max(...candidates.map((c) => c.score)) || 1;
  const conceptIdf = concepts.map((c) => Math.max(...c.own.map(idf)));
  const totalIdf = conceptIdf.reduce((a, b) => a + b, 0) || 1;
  const asked = new Set(concepts.flatMap((c) => c.forms.flat()).map(stemIdOf));
  const formIds = concepts.map((c) => c.forms.map((f) => f.map(stemIdOf)));
  return candidates
    .map((c) => {
      const terms = c.terms ?? passageTerms(c.passage);
      let covered = 0;
      formIds.forEach((forms, k) => {
        if (forms.some((f) => containsSequence(terms, f, asked))) covered += conceptIdf[k]!;
      });
      const score =
        c.score / best +
        weights.coverage * (covered / totalIdf) +
        (c.passage.kind === 'recommendation' ? weights.recommendation : 0) -
        (isBackMatter(c.passage.section) ? weights.backMatter : 0) +
        (defined !== null && definesTerm(c.passage.text, defined) ? weights.definition : 0);
      return { passage: c.passage, score };
    })
    .sort((a, b) => b.score - a.score);
}
