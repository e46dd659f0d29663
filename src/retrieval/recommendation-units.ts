// Recommendations as the unit of retrieval. A clinician acts on a numbered recommendation (or a USPSTF statement), so
// answers rank those, each expanded with its own discussion text (the passages under "... > Recommendation N") and,
// for a guideline summary, its population and intervention fields. Short statements then compete on what the
// guideline says about them, not on their few words. Built in memory from the passages of any index.
//
// Chat text is read on the corpus's own terms: words the library never uses are corrected to the nearest word it does
// use (typos), abbreviations the guidelines define ("fractional exhaled nitric oxide (FeNO)") expand to their
// definitions, and the clinical lexicon adds synonyms, brand and generic names. Ordinary words need not match: BM25's
// IDF already makes them count for little, so nothing is demanded of every word of a question.
import type { Passage } from '../knowledge/passage.js';
import { CHAT_SHORTHAND, englishWords, findConcepts, STOP_WORDS, tokenize } from './lexicon.js';
import { stem } from './stem.js';

/** Every weight of the unit ranking, by name, so each can be ablated (`eval answers --ablate unit.NAME=0`). */
export const UNIT_TUNING = {
  k1: 1.2,
  b: 0.8,
  /** Field weights: the statement itself, its guideline's title, its discussion/population text. */
  statement: 3,
  title: 1,
  discussion: 0.5,
  /** Query words from the lexicon or the corpus's abbreviation definitions, relative to the clinician's own words. */
  expansion: 0.5,
  /** A spelling-corrected word counts a little less than one typed right. */
  corrected: 0.8,
  /** Longest edit distance accepted for a correction, by word length (>= 8 letters: 2, >= 5: 1, shorter: none). */
  correctLong: 8,
  correctShort: 5,
  /** Shortest cut-short word completed to a library word it begins ("mammo" -> "mammography"); 99 = off. */
  completeFrom: 5,
  /**
   * Guideline prior: a question's clues (a symptom, a drug, a procedure) often point to one guideline even when the
   * recommendation that answers it uses other words ("sciatica" -> the low back pain guideline's "radicular"). Each
   * unit's score is multiplied by 1 + guideline x (its guideline's BM25 score over the whole guideline text / the best
   * guideline's). 0 = off.
   */
  guideline: 0.3,
  /**
   * A guideline's own abbreviation ("PM" = portable monitoring in the sleep guideline) expands only when a guideline
   * the rest of the question points to (its prior without the abbreviation at least this, 0..1) writes out that
   * meaning: "PM&R" in an amputation question is not portable monitoring. 0 = always expand.
   */
  abbreviationContext: 0.5,
  /** BM25 length normalisation for whole guidelines (a 150-page guideline beside a 2-page summary). */
  guidelineB: 0.5,
};
export type UnitTuning = typeof UNIT_TUNING;

export interface RecommendationUnit {
  /** "docId#N" for a numbered recommendation, "docId#passageId" for an unnumbered statement. */
  key: string;
  statement: Passage;
  /** Discussion passages (for a summary: population and intervention fields). */
  discussion: Passage[];
}

export interface UnitHit {
  unit: RecommendationUnit;
  score: number;
  /** IDF-weighted share of the query's known terms this unit contains (0..1): a calibrated relevance. */
  matched: number;
}

export interface QueryTermWeight {
  stem: string;
  weight: number;
  /** The word as typed (before correction/expansion), for explaining a refusal. */
  source: string;
  /** The expansion of an abbreviation as the guidelines define it (read in context: see `inContext`). */
  defined?: true;
}

/** A built index as `snapshot()` returns it: what `new RecommendationUnitIndex(snapshot)` restores. */
export interface UnitIndexSnapshot {
  units: {
    key: string;
    statement: number;
    discussion: number[];
    length: number;
    ids: Uint32Array;
    values: Float64Array;
  }[];
  guidelines: { docId: string; length: number; ids: Uint32Array; values: Float64Array }[];
  vocabulary: { words: string[]; counts: Uint32Array };
  abbreviations: [string, string[]][];
  expansionUsers: [string, string[]][];
  /** Interned stems, referred to by `ids`. */
  stems: string[];
  /** Statement and discussion passages, referred to by index (a passage shared by units stays one object). */
  passages: Passage[];
}

/**
 * A unit's (or a whole guideline's) weighted stem counts as typed arrays, the layout of the saved snapshot: positions in
 * the index's `stems` and their counts, in the order a build met them. Maps of the same counts held ~10 MB per answer
 * thread (issue #19); a search reads the postings, built from these.
 */
interface StemCounts {
  length: number;
  ids: Uint32Array;
  values: Float64Array;
}

interface UnitDoc extends StemCounts {
  unit: RecommendationUnit;
}

interface GuidelineCounts extends StemCounts {
  docId: string;
}

/**
 * Postings of every stem as flat arrays: stem id s has entries start[s] .. start[s + 1] - 1 (positions `at`, counts `tf`,
 * nonzero counts only, in position order); df[s] = how many lists name the stem at all.
 */
interface Postings {
  start: Int32Array;
  at: Int32Array;
  tf: Float64Array;
  df: Int32Array;
}

/** The postings of the lists' counts (`n` stems). */
function postingsOf(lists: readonly StemCounts[], n: number): Postings {
  const df = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (const l of lists)
    for (let i = 0; i < l.ids.length; i++) {
      df[l.ids[i]!]!++;
      // A field weighted 0 (an ablation) matches nothing, as in a scan of the counts.
      if (l.values[i]) start[l.ids[i]! + 1]!++;
    }
  for (let id = 0; id < n; id++) start[id + 1]! += start[id]!;
  const next = start.slice(0, n);
  const at = new Int32Array(start[n]!);
  const tf = new Float64Array(start[n]!);
  lists.forEach((l, position) => {
    for (let i = 0; i < l.ids.length; i++) {
      if (!l.values[i]) continue;
      const j = next[l.ids[i]!]!++;
      at[j] = position;
      tf[j] = l.values[i]!;
    }
  });
  return { start, at, tf, df };
}

const DISCUSSION_SECTION = /\brecommendations?\s+((?:\d+[a-z]?(?:\s*(?:,|and|&|-|–|to)\s*)?)+)\s*$/i;
// Guideline-summary fields that say whom and what a statement is about.
const SUMMARY_FIELDS =
  /^(target population|disease\/condition\(s\)|interventions and practices considered|guideline objective\(s\)|major recommendations > (patient )?population under consideration|major recommendations > .*(population|intervention|screening tests?|treatment))/i;
// "fractional exhaled nitric oxide (FeNO)": a definition, 2-8 words then the abbreviation made of their initials.
const DEFINITION = /((?:[A-Za-z][\w'-]*[\s-]+){1,8}?)\(([A-Z][A-Za-z0-9-]{1,9})s?\)/g;
const ABBREVIATION = /\(([A-Z][A-Za-z0-9-]{1,9})s?\)/g;

function numbersIn(list: string): string[] {
  const out: string[] = [];
  for (const part of list.split(/\s*(?:,|and|&)\s*/)) {
    const range = /^(\d+)\s*(?:-|–|to)\s*(\d+)$/.exec(part.trim());
    if (range)
      for (let n = Number(range[1]); n <= Number(range[2]) && n - Number(range[1]) < 20; n++) out.push(String(n));
    else if (/^\d+[a-z]?$/.test(part.trim())) out.push(part.trim());
  }
  return out;
}

/** Whether the abbreviation is made of the initials of the words before it (so the definition is real). */
function initialsMatch(words: string[], abbr: string): string[] | null {
  const letters = abbr.toLowerCase().replace(/[^a-z]/g, '');
  if (letters.length < 2) return null;
  for (let start = 0; start < words.length; start++) {
    const span = words.slice(start);
    const initials = span.map((w) => w[0]!.toLowerCase()).join('');
    // Initials of the span in order, allowing the abbreviation to take a second letter of a word ("FeNO").
    if (
      initials === letters ||
      (initials.length >= 2 &&
        letters.startsWith(initials[0]!) &&
        subsequence(letters, initials) &&
        span.length >= letters.length - 2)
    ) {
      return span;
    }
  }
  return null;
}

function subsequence(whole: string, part: string): boolean {
  let i = 0;
  for (const c of whole) if (c === part[i]) i++;
  return i === part.length;
}

// Rows of the edit-distance table, reused by every call (one word is compared with thousands of library words per
// typo; arrays made per call were most of that cost, in the garbage collector). Grown when a longer word comes.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Bounded edit distance with adjacent transpositions ("concieve" -> "conceive" is one edit); stops past `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0]!.length <= b.length) rows = rows.map(() => new Int32Array(2 * (b.length + 1)));
  let [before, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    const spare = before;
    before = prev;
    prev = cur;
    cur = spare;
  }
  return prev[b.length]!;
}

// Letters by code unit, folded into 128 counts (a fold only merges counts, so the distance below stays a lower bound).
const letterScratch = new Int32Array(128);
function letterCounts(word: string): Int32Array {
  const counts = new Int32Array(128);
  for (let i = 0; i < word.length; i++) counts[word.charCodeAt(i) & 127]!++;
  return counts;
}

/**
 * A lower bound of the edit distance (with transpositions) between a word, given by its letter counts and length, and a
 * candidate: an insertion, deletion or substitution changes the letters each side lacks by at most one, a transposition
 * not at all.
 */
function letterDistance(counts: Int32Array, length: number, candidate: string): number {
  letterScratch.set(counts);
  let extra = 0;
  for (let i = 0; i < candidate.length; i++) if (letterScratch[candidate.charCodeAt(i) & 127]!-- <= 0) extra++;
  const missing = length - (candidate.length - extra);
  return Math.max(extra, missing);
}

// Small counts as guidelines write them (index = the number).
const NUMBER_WORDS = ['', ...'one two three four five six seven eight nine ten eleven twelve'.split(' ')];
const COUNTED_UNIT = /^(?:hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|years?|yrs?|steps?|times?|doses?|drinks?)$/;

export class RecommendationUnitIndex {
  readonly units: RecommendationUnit[];
  private readonly docs: UnitDoc[];
  /** Unit -> its position in `docs`. */
  private readonly docByUnit = new Map<RecommendationUnit, number>();
  /** Interned stems, referred to by the counts' `ids`, and each stem's id. */
  private readonly stems: string[];
  private readonly stemId = new Map<string, number>();
  /** Stem -> the units using it (positions in `docs`) and its weighted count in each: a search reads only these. */
  private postings!: Postings;
  /** The same over whole guidelines (positions in `guidelines`), for the guideline prior. */
  private guidelinePostings!: Postings;
  private avgLength = 0;
  /** Whole guidelines (every passage) as bags of stems, for the guideline prior. */
  private readonly guidelines: GuidelineCounts[];
  /** Every word of the library (unstemmed) -> how many passages use it: the vocabulary typos are corrected to. */
  private readonly vocabulary = new Map<string, number>();
  private readonly byLength = new Map<number, string[]>();
  private readonly corrections = new Map<string, string | null>();
  /** Abbreviation (lower case) -> the words it stands for, as the guidelines define it. */
  readonly abbreviations = new Map<string, string[]>();
  /** Abbreviation -> the guidelines whose text uses its expansion (its last words in a row). */
  private readonly expansionUsers = new Map<string, string[]>();

  /** Builds the index from an index's passages, or restores one saved with `snapshot()` (same tuning, same code). */
  constructor(
    source: readonly Passage[] | UnitIndexSnapshot,
    readonly tuning: UnitTuning = UNIT_TUNING,
  ) {
    if (!Array.isArray(source)) {
      const restored = RecommendationUnitIndex.restore(source as UnitIndexSnapshot);
      this.units = restored.units;
      this.docs = restored.docs;
      this.guidelines = restored.guidelines;
      this.stems = restored.stems;
      this.vocabulary = restored.vocabulary;
      this.abbreviations = restored.abbreviations;
      this.expansionUsers = restored.expansionUsers;
      this.deriveLookups();
      return;
    }
    const passages = source as readonly Passage[];
    this.units = RecommendationUnitIndex.group(passages);
    // Each passage is tokenized once: the vocabulary, the guideline prior and the units all read the same tokens.
    const tokensOf = new Map<Passage, string[]>();
    const guidelines = new Map<string, { tf: Map<string, number>; length: number }>();
    for (const p of passages) {
      const tokens = tokenize(p.text);
      tokensOf.set(p, tokens);
      for (const w of new Set(tokens)) this.vocabulary.set(w, (this.vocabulary.get(w) ?? 0) + 1);
      this.learnAbbreviations(p.text);
      const g = guidelines.get(p.docId) ?? { tf: new Map<string, number>(), length: 0 };
      for (const token of [...tokenize(p.section ?? ''), ...tokens]) {
        if (STOP_WORDS.has(token)) continue;
        const s = stem(token);
        g.tf.set(s, (g.tf.get(s) ?? 0) + 1);
        g.length++;
      }
      guidelines.set(p.docId, g);
    }
    this.learnExpansionUsers(passages, tokensOf);
    const t = tuning;
    const docs = this.units.map((unit) => {
      const tf = new Map<string, number>();
      let length = 0;
      const add = (text: string | string[], weight: number) => {
        for (const token of typeof text === 'string' ? tokenize(text) : text) {
          if (STOP_WORDS.has(token)) continue;
          const s = stem(token);
          tf.set(s, (tf.get(s) ?? 0) + weight);
          length += weight;
        }
      };
      add(`${unit.statement.text} ${unit.statement.section?.split(' > ').pop() ?? ''}`, t.statement);
      add(unit.statement.title, t.title);
      for (const d of unit.discussion) add(tokensOf.get(d) ?? d.text, t.discussion);
      return { unit, tf, length };
    });
    // Stems interned units first, then guidelines: the order a saved snapshot has always had.
    this.stems = [];
    const stemIndex = new Map<string, number>();
    const counts = (tf: Map<string, number>) => {
      const ids = new Uint32Array(tf.size);
      const values = new Float64Array(tf.size);
      let i = 0;
      for (const [s, n] of tf) {
        let id = stemIndex.get(s);
        if (id === undefined) stemIndex.set(s, (id = this.stems.push(s) - 1));
        ids[i] = id;
        values[i++] = n;
      }
      return { ids, values };
    };
    this.docs = docs.map((d) => ({ unit: d.unit, length: d.length, ...counts(d.tf) }));
    this.guidelines = [...guidelines].map(([docId, g]) => ({ docId, length: g.length, ...counts(g.tf) }));
    this.deriveLookups();
  }

  /** What follows from the counts alone: document frequencies, postings, words by length, average length. Same order as a build. */
  private deriveLookups(): void {
    for (const w of this.vocabulary.keys()) {
      if (w.length < 4 || /\d/.test(w)) continue;
      const list = this.byLength.get(w.length) ?? [];
      list.push(w);
      this.byLength.set(w.length, list);
    }
    this.stems.forEach((s, id) => this.stemId.set(s, id));
    this.docs.forEach((d, at) => this.docByUnit.set(d.unit, at));
    this.postings = postingsOf(this.docs, this.stems.length);
    this.guidelinePostings = postingsOf(this.guidelines, this.stems.length);
    this.avgLength = this.docs.reduce((n, d) => n + d.length, 0) / Math.max(1, this.docs.length);
  }

  /**
   * The built index as plain arrays (stems interned, counts in typed arrays) for `v8.serialize`: restoring it takes a
   * fraction of a build (no tokenizing or stemming). Map orders are kept, so ties break as in a fresh build.
   */
  snapshot(): UnitIndexSnapshot {
    const passages: Passage[] = [];
    const passageIndex = new Map<Passage, number>();
    const passageRef = (p: Passage) => {
      let i = passageIndex.get(p);
      if (i === undefined) passageIndex.set(p, (i = passages.push(p) - 1));
      return i;
    };
    return {
      units: this.docs.map((d) => ({
        key: d.unit.key,
        statement: passageRef(d.unit.statement),
        discussion: d.unit.discussion.map(passageRef),
        length: d.length,
        ids: d.ids,
        values: d.values,
      })),
      guidelines: this.guidelines.map(({ docId, length, ids, values }) => ({ docId, length, ids, values })),
      vocabulary: { words: [...this.vocabulary.keys()], counts: Uint32Array.from(this.vocabulary.values()) },
      abbreviations: [...this.abbreviations],
      expansionUsers: [...this.expansionUsers],
      stems: this.stems,
      passages,
    };
  }

  private static restore(s: UnitIndexSnapshot) {
    const docs: UnitDoc[] = s.units.map((u) => ({
      unit: { key: u.key, statement: s.passages[u.statement]!, discussion: u.discussion.map((i) => s.passages[i]!) },
      length: u.length,
      ids: u.ids,
      values: u.values,
    }));
    return {
      units: docs.map((d) => d.unit),
      docs,
      guidelines: s.guidelines.map(({ docId, length, ids, values }) => ({ docId, length, ids, values })),
      stems: s.stems,
      vocabulary: new Map(s.vocabulary.words.map((w, i) => [w, s.vocabulary.counts[i]!])),
      abbreviations: new Map(s.abbreviations),
      expansionUsers: new Map(s.expansionUsers),
    };
  }

  /** Recommendations with their discussion: numbered ones by "Recommendation(s) N" sections, summaries by their fields. */
  static group(passages: readonly Passage[]): RecommendationUnit[] {
    const units = new Map<string, RecommendationUnit>();
    const summaryFields = new Map<string, Passage[]>();
    for (const p of passages) {
      if (p.kind === 'recommendation') {
        const key = `${p.docId}#${p.recommendation ?? p.id}`;
        if (!units.has(key)) units.set(key, { key, statement: p, discussion: [] });
      } else if (p.section && SUMMARY_FIELDS.test(p.section) && p.source.endsWith('.md')) {
        const list = summaryFields.get(p.docId) ?? [];
        list.push(p);
        summaryFields.set(p.docId, list);
      }
    }
    for (const p of passages) {
      if (p.kind === 'recommendation' || !p.section) continue;
      const m = DISCUSSION_SECTION.exec(p.section.split(' > ').pop() ?? '');
      if (!m) continue;
      for (const n of numbersIn(m[1]!)) units.get(`${p.docId}#${n}`)?.discussion.push(p);
    }
    for (const unit of units.values()) {
      if (unit.statement.recommendation === null)
        unit.discussion.push(...(summaryFields.get(unit.statement.docId) ?? []));
    }
    return [...units.values()];
  }

  private learnAbbreviations(text: string): void {
    // Find "(ABBR)" first, then read the words just before it with the definition pattern: far cheaper than trying
    // that pattern at every position of every passage.
    for (const m of text.matchAll(ABBREVIATION)) {
      const key = m[1]!.toLowerCase();
      if (m[1] === key || this.abbreviations.has(key)) continue;
      const window = text.slice(Math.max(0, m.index - 200), m.index + m[0].length);
      const d = [...window.matchAll(DEFINITION)].at(-1);
      if (!d || d.index + d[0].length !== window.length) continue;
      const words = d[1]!
        .trim()
        .split(/[\s-]+/)
        .filter(Boolean);
      const span = initialsMatch(words, d[2]!);
      if (span)
        this.abbreviations.set(
          key,
          span.map((w) => w.toLowerCase()),
        );
    }
  }

  /** Which guidelines write out each abbreviation's expansion: where that meaning is the library's own. */
  private learnExpansionUsers(passages: readonly Passage[], tokensOf: Map<Passage, string[]>): void {
    // The last three words carry the meaning and survive rewording ("U.S. Preventive Services Task Force").
    const byFirstWord = new Map<string, [string, string[]][]>();
    for (const [abbreviation, expansion] of this.abbreviations) {
      const words = expansion.slice(-3);
      const list = byFirstWord.get(words[0]!) ?? [];
      list.push([abbreviation, words]);
      byFirstWord.set(words[0]!, list);
    }
    const users = new Map<string, Set<string>>();
    for (const p of passages) {
      const tokens = tokensOf.get(p)!;
      tokens.forEach((token, i) => {
        for (const [abbreviation, words] of byFirstWord.get(token) ?? []) {
          if (!words.every((w, k) => tokens[i + k] === w)) continue;
          const docs = users.get(abbreviation) ?? new Set<string>();
          users.set(abbreviation, docs.add(p.docId));
        }
      });
    }
    for (const [abbreviation, docs] of users) this.expansionUsers.set(abbreviation, [...docs]);
  }

  /** The library word nearest a word it never uses (a typo), or null. Ties go to the more common word. */
  correct(word: string): string | null {
    if (this.vocabulary.has(word) || /\d/.test(word)) return null;
    // A scan of the vocabulary per unknown word is the costliest step of a turn; chat repeats its words.
    let fixed = this.corrections.get(word);
    if (fixed === undefined) {
      if (this.corrections.size > 50_000) this.corrections.clear();
      this.corrections.set(word, (fixed = this.nearest(word)));
    }
    return fixed;
  }

  private nearest(word: string): string | null {
    const max = word.length >= this.tuning.correctLong ? 2 : word.length >= this.tuning.correctShort ? 1 : 0;
    if (max === 0) return null;
    let best: string | null = null;
    let bestDistance = max + 1;
    let bestCount = 0;
    const letters = letterCounts(word);
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        if (candidate[0] !== word[0] && candidate[1] !== word[1]) continue;
        // A candidate whose letters alone differ by more than the distance to beat cannot win: not worth the table.
        if (letterDistance(letters, word.length, candidate) > Math.min(max, bestDistance)) continue;
        const d = editDistance(word, candidate, max);
        if (d > bestDistance) continue;
        const count = this.vocabulary.get(candidate)!;
        if (d < bestDistance || (d === bestDistance && count > bestCount)) {
          best = candidate;
          bestDistance = d;
          bestCount = count;
        }
      }
    }
    if (bestDistance <= max) return best;
    return this.complete(word);
  }

  /** Chat shorthand that cuts a word short ("mammo", "osteo"): the library's most common word it begins. */
  private complete(word: string): string | null {
    if (word.length < this.tuning.completeFrom) return null;
    let best: string | null = null;
    let bestCount = 0;
    for (const [w, count] of this.vocabulary) {
      if (w.length >= word.length + 2 && w.startsWith(word) && count > bestCount) {
        best = w;
        bestCount = count;
      }
    }
    return best;
  }

  /** Stemmed content words of every unit's statement and discussion, in order: for phrase lookups, built on first use. */
  private phraseText: string | null = null;

  /** Whether any unit's statement or discussion holds these words in order, at most one word apart, by stem. */
  usesPhrase(words: readonly string[]): boolean {
    this.phraseText ??= this.units
      .flatMap((u) => [u.statement, ...u.discussion])
      .map(
        (p) =>
          ` ${tokenize(p.text)
            .filter((t) => !STOP_WORDS.has(t))
            .map(stem)
            .join(' ')} `,
      )
      .join('\n');
    // One word may sit between them ("epidural steroid injection", "coronary artery revascularization").
    const escape = (w: string) => stem(w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(` ${words.map(escape).join(' (?:\\S+ )?')} `).test(this.phraseText);
  }

  /** Whether a unit (statement, title or discussion) uses the word's stem. */
  unitUses(unit: RecommendationUnit, word: string): boolean {
    const at = this.docByUnit.get(unit);
    const id = this.stemId.get(stem(word));
    if (at === undefined || id === undefined) return false;
    const p = this.postings;
    for (let j = p.start[id]!; j < p.start[id + 1]!; j++) if (p.at[j] === at) return p.tf[j]! > 0;
    return false;
  }

  knows(word: string): boolean {
    return this.vocabulary.has(word);
  }

  /** The question as weighted stems: own words, corrected typos, lexicon and corpus-defined expansions. */
  queryTerms(question: string): QueryTermWeight[] {
    const t = this.tuning;
    const terms = new Map<string, QueryTermWeight>();
    const add = (word: string, weight: number, source: string, defined?: true) => {
      if (STOP_WORDS.has(word) || word.length < 2) return;
      const s = stem(word);
      const existing = terms.get(s);
      // The curated lexicon's name for a concept ("bp" -> "blood pressure") holds everywhere: it is never dropped.
      if (!existing || existing.weight < weight || (existing.weight === weight && existing.defined && !defined))
        terms.set(s, { stem: s, weight, source, ...(defined && { defined }) });
    };
    const clean = question.replace(/\[[A-Z_]+(?: [^\]]{0,20})?\]/g, ' ');
    const tokens = tokenize(clean);
    const capitals = new Set((clean.match(/\b[A-Z][A-Z0-9]+\b/g) ?? []).map((w) => w.toLowerCase()));
    const concepts = findConcepts(tokens);
    tokens.forEach((token, i) => {
      // "1 hr", "3-hour", "2 step": guidelines write small counts of a unit in words ("one-hour", "two-step").
      const count = NUMBER_WORDS[Number(token)];
      if (/^\d{1,2}$/.test(token) && count && COUNTED_UNIT.test(tokens[i + 1] ?? '')) add(count, t.expansion, token);
      // "hr" after a number is hours ("4 hr a night"); before one it is a heart rate ("hr 110").
      if (/^\d+$/.test(token) && tokens[i + 1] === 'hr') add('hour', 1, 'hr');
    });
    for (const token of tokens) {
      if (STOP_WORDS.has(token) || /^\d+(\.\d+)?$/.test(token)) continue;
      const shorthand = capitals.has(token) ? undefined : CHAT_SHORTHAND.get(token);
      if (shorthand) {
        add(shorthand, 1, token);
        continue;
      }
      const inLexicon = concepts.some((c) => c.form.split(' ').includes(token));
      // A correctly spelled English word the library never uses is not a typo ("couch" is not "cough").
      const fixed = inLexicon || englishWords().has(token) ? null : this.correct(token);
      if (fixed) add(fixed, t.corrected, token);
      else add(token, 1, token);
      // A defined abbreviation expands when it reads as one: typed in capitals ("GET", "PM"), or not an English word
      // ("feno", "bka"); "get" and "pm" in ordinary chat stay words.
      const defined = this.abbreviations.get(fixed ?? token);
      if (defined && (capitals.has(token) || !englishWords().has(token)))
        // A curated abbreviation ("CT") means the same everywhere; only a guideline's own one is read in context.
        for (const w of defined) add(w, t.expansion, token, inLexicon ? undefined : true);
    }
    for (const c of concepts)
      for (const alt of c.alternatives.slice(0, 6)) for (const w of alt.split(' ')) add(w, t.expansion, c.form);
    return [...terms.values()];
  }

  /** Terms of several texts, each at its weight (a stem found in several keeps its largest weight). */
  weightedTerms(parts: { text: string; weight: number }[]): QueryTermWeight[] {
    const terms = new Map<string, QueryTermWeight>();
    for (const { text, weight } of parts) {
      if (!text || weight <= 0) continue;
      for (const t of this.queryTerms(text)) {
        const scaled = { ...t, weight: t.weight * weight };
        if ((terms.get(t.stem)?.weight ?? 0) < scaled.weight) terms.set(t.stem, scaled);
      }
    }
    return [...terms.values()];
  }

  search(question: string, top = 30, allTerms = this.queryTerms(question)): UnitHit[] {
    const { k1, b } = this.tuning;
    const terms = this.inContext(allTerms);
    const n = this.docs.length;
    const p = this.postings;
    const df = (s: string) => {
      const id = this.stemId.get(s);
      return id === undefined ? 0 : p.df[id]!;
    };
    const idf = (s: string) => Math.log(1 + (n - df(s) + 0.5) / (df(s) + 0.5));
    const known = terms.filter((q) => df(q.stem) > 0);
    const total = known.reduce((sum, q) => sum + q.weight * idf(q.stem), 0);
    const prior = this.guidelinePrior(terms);
    // Term by term over each term's postings: every unit's sum is added in the same order as a unit-by-unit scan.
    const scores = new Float64Array(n);
    const matchedMass = new Float64Array(n);
    for (const q of known) {
      const id = this.stemId.get(q.stem)!;
      const w = q.weight * idf(q.stem);
      for (let j = p.start[id]!; j < p.start[id + 1]!; j++) {
        const at = p.at[j]!;
        const tf = p.tf[j]!;
        scores[at]! += (w * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.docs[at]!.length) / this.avgLength));
        matchedMass[at]! += w;
      }
    }
    const hits: UnitHit[] = [];
    this.docs.forEach((doc, at) => {
      const score = scores[at]! * (1 + this.tuning.guideline * (prior.get(doc.unit.statement.docId) ?? 0));
      if (score > 0) hits.push({ unit: doc.unit, score, matched: total ? matchedMass[at]! / total : 0 });
    });
    return hits.sort((x, y) => y.score - x.score).slice(0, top);
  }

  /**
   * The terms without the expansions of abbreviations that mean something else here: an expansion stays when no other
   * word of the question points anywhere, or when a guideline the rest of the question points to uses its words.
   */
  inContext(terms: readonly QueryTermWeight[]): readonly QueryTermWeight[] {
    const floor = this.tuning.abbreviationContext;
    const abbreviations = new Set(terms.filter((q) => q.defined).map((q) => q.source));
    if (!floor || abbreviations.size === 0) return terms;
    const dropped = new Set<string>();
    for (const abbreviation of abbreviations) {
      const prior = this.guidelinePrior(terms.filter((q) => q.source !== abbreviation && !q.defined));
      const plausible = [...prior].filter(([, p]) => p >= floor).map(([docId]) => docId);
      if (plausible.length === 0) continue;
      const users = this.expansionUsers.get(abbreviation) ?? [];
      if (!plausible.some((docId) => users.includes(docId))) dropped.add(abbreviation);
    }
    // The abbreviation itself goes too: as a word it would match the guideline that uses it in the other sense.
    const gone = (q: QueryTermWeight) => dropped.has(q.source) && (q.defined || q.stem === stem(q.source));
    return dropped.size ? terms.filter((q) => !gone(q)) : terms;
  }

  /** Each guideline's BM25 score for the terms over its whole text, scaled to the best guideline's (0..1). */
  guidelinePrior(terms: readonly QueryTermWeight[]): Map<string, number> {
    const prior = new Map<string, number>();
    if (!this.tuning.guideline) return prior;
    const { k1 } = this.tuning;
    const b = this.tuning.guidelineB;
    const n = this.guidelines.length;
    let avg = 0;
    for (const g of this.guidelines) avg += g.length / n;
    const scores = new Float64Array(n);
    const p = this.guidelinePostings;
    for (const q of terms) {
      const id = this.stemId.get(q.stem);
      if (id === undefined || p.start[id] === p.start[id + 1]) continue;
      const df = p.df[id]!;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let j = p.start[id]!; j < p.start[id + 1]!; j++) {
        const at = p.at[j]!;
        const tf = p.tf[j]!;
        scores[at]! += (q.weight * idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.guidelines[at]!.length) / avg));
      }
    }
    let best = 0;
    this.guidelines.forEach(({ docId }, at) => {
      prior.set(docId, scores[at]!);
      best = Math.max(best, scores[at]!);
    });
    if (best > 0) for (const [docId, score] of prior) prior.set(docId, score / best);
    return prior;
  }
}
