// Claim-level grounding for model-written answers. The citation check (citations.ts) proves that a sentence's [n] points to
// a passage that was given; this module proves that the passage says what the sentence says. Every clinical element of a
// sentence must be found in the passage(s) it cites:
//   - drugs and drug classes (lexicon forms, brand -> generic, a class is held by its name or a member drug),
//   - numbers (doses with their unit, thresholds, ages, stages; a bare number may also come from the case),
//   - populations and conditions (children, pregnancy, older adults, CKD ...),
//   - direction (for / against / neither), per drug where the passage's clause says it,
//   - strength or grade ("Strong for", "Weak against", "Grade B", "(A recommendation)"),
//   - and, as a general backstop, most of the sentence's content words.
// A sentence that fails is removed; a clinical sentence with no citation is removed; a quote that is not verbatim removes
// its sentence. The same unit-by-unit check runs over a stream (GroundedText.push) and over a whole reply, so what was
// shown while streaming is exactly the start of the final text and citation numbers never change once shown.
import type { Passage } from '../knowledge/passage.js';
import { BRAND_TO_GENERIC, CONCEPT_GROUPS, STOP_WORDS, tokenize } from '../retrieval/lexicon.js';
import { stripLinks } from '../safety/links.js';
import { CONDITIONS, DRUG_ALIASES, DRUG_CLASS, GENERIC_DRUGS } from '../retrieval/case-lexicon.js';
import { checkCitations, splitSentences, withoutReferenceMarkers } from './citations.js';
import { stem } from './scope.js';

/** Every threshold the grounding check uses. */
export const GROUNDING_TUNING = {
  /** Share of a cited sentence's content words (stemmed, case words and scaffolding excluded) the cited passages must hold. */
  minContentCoverage: 0.6,
  /** Content-word coverage is judged only when the sentence has at least this many content words. */
  minContentWords: 2,
  /** A follow-up suggestion longer than this is dropped. */
  followUpMaxChars: 120,
  /** At most this many follow-up suggestions are kept. */
  followUpMax: 3,
} as const;
export type GroundingTuning = typeof GROUNDING_TUNING;

export interface GroundingCounts {
  /** Statements the model wrote (labels and blank lines not counted). */
  sentences: number;
  /** Statements kept. */
  supported: number;
  /** Statements removed (unsupported, uncited clinical, fabricated quote, citing nothing that exists). */
  removed: number;
}

export type GroundingFailure =
  'uncited' | 'bad-citation' | 'quote' | 'drug' | 'number' | 'population' | 'direction' | 'strength' | 'content';

// ---------------------------------------------------------------------------------------------------------------------
// Vocabulary

const singular = (t: string) => (t.length > 4 && /[^su]s$/.test(t) ? t.slice(0, -1) : t);
const norm = (text: string) => tokenize(text.replace(/-/g, ' ')).map(singular);

interface Vocab {
  /** Normalised surface form (tokens joined by a space) -> concept id. */
  forms: Map<string, string>;
  /** Concept id -> every normalised form naming it (members of a class included). */
  alternatives: Map<string, Set<string>>;
  kind: Map<string, 'drug' | 'condition'>;
  maxTokens: number;
}

let vocab: Vocab | null = null;

function buildVocab(): Vocab {
  const forms = new Map<string, string>();
  const alternatives = new Map<string, Set<string>>();
  const kind = new Map<string, 'drug' | 'condition'>();
  let maxTokens = 1;
  const key = (s: string) => norm(s).join(' ');
  const add = (id: string, k: 'drug' | 'condition', surface: string[]) => {
    const set = alternatives.get(id) ?? new Set<string>();
    for (const s of surface) {
      const f = key(s);
      if (!f || /^\d+$/.test(f)) continue;
      // Short forms are not singularised by norm(): "ARBs", "NSAIDs" are added as written in the plural.
      for (const g of f.length <= 4 && !f.includes(' ') ? [f, `${f}s`] : [f]) {
        set.add(g);
        if (!forms.has(g)) forms.set(g, id);
      }
      maxTokens = Math.max(maxTokens, f.split(' ').length);
    }
    alternatives.set(id, set);
    if (!kind.has(id)) kind.set(id, k);
  };
  // Drugs: generics with their brands, aliases, classes with their members.
  for (const g of GENERIC_DRUGS) add(key(g), 'drug', [g]);
  for (const [brand, generic] of Object.entries(BRAND_TO_GENERIC)) add(key(generic), 'drug', [generic, brand]);
  for (const [alias, target] of Object.entries(DRUG_ALIASES)) add(key(target), 'drug', [target, alias]);
  const members = new Map<string, string[]>();
  for (const [drug, cls] of Object.entries(DRUG_CLASS)) members.set(key(cls), [...(members.get(key(cls)) ?? []), drug]);
  for (const [cls, names] of members) add(cls, 'drug', [cls, ...names]);
  // A lexicon synonym group joins the concept of any form it shares with the drug vocabulary ("sglt2" <-> full name).
  const groups = CONCEPT_GROUPS.map((g) => g.map(key));
  for (const g of groups) {
    const id = g.map((f) => forms.get(f)).find((x) => x !== undefined && kind.get(x) === 'drug');
    if (id) add(id, 'drug', [...g]);
  }
  // Conditions and populations.
  for (const c of CONDITIONS) add(`condition:${key(c.name)}`, 'condition', c.forms);
  for (const g of groups) {
    if (g.some((f) => forms.has(f))) continue;
    add(`condition:${g[0]}`, 'condition', [...g]);
  }
  for (const group of POPULATIONS) add(`population:${key(group[0]!)}`, 'condition', group);
  return { forms, alternatives, kind, maxTokens };
}

/** Who a statement is for: a sentence naming one must cite a passage naming it (or a synonym). */
const POPULATIONS: string[][] = [
  ['children', 'child', 'pediatric', 'paediatric', 'kids'],
  ['adolescents', 'adolescent', 'teenagers', 'teens', 'youth'],
  ['infants', 'infant', 'neonates', 'newborns'],
  ['pregnancy', 'pregnant', 'pregnant women', 'during pregnancy', 'antenatal', 'prenatal'],
  ['breastfeeding', 'lactating', 'lactation', 'nursing mothers'],
  ['older adults', 'elderly', 'older patients', 'older people', 'geriatric', 'aged 65 and older'],
  ['postmenopausal', 'postmenopausal women'],
  ['premenopausal'],
  ['inpatients', 'hospitalized', 'hospitalised', 'inpatient'],
  ['veterans', 'veteran', 'service members'],
  ['nursing home residents', 'long term care'],
];

function getVocab(): Vocab {
  vocab ??= buildVocab();
  return vocab;
}

/**
 * Concept ids named in a token list, longest match first; `covered` receives the token positions they span. A name after
 * "non" ("non-benzodiazepine") names something else and is skipped.
 */
function concepts(tokens: string[], covered?: Set<number>): Map<string, 'drug' | 'condition'> {
  const { forms, kind, maxTokens } = getVocab();
  const out = new Map<string, 'drug' | 'condition'>();
  for (let i = 0; i < tokens.length;) {
    let hit = 0;
    for (let len = Math.min(maxTokens, tokens.length - i); len >= 1; len--) {
      const id = forms.get(tokens.slice(i, i + len).join(' '));
      if (id) {
        if (tokens[i - 1] !== 'non') out.set(id, kind.get(id)!);
        for (let j = i; j < i + len; j++) covered?.add(j);
        hit = len;
        break;
      }
    }
    i += hit || 1;
  }
  return out;
}

function holdsConcept(id: string, passageKey: string): boolean {
  const alts = getVocab().alternatives.get(id) ?? new Set<string>();
  for (const f of alts) if (passageKey.includes(` ${f} `)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------------------
// Numbers, direction, strength

const UNIT = String.raw`(?:mg\/d[lL]|mmol\/(?:l|L|mol)|ml\/min(?:\/1\.73\s?m2)?|mL\/min(?:\/1\.73\s?m2)?|mcg|µg|mg|g|kg|mL|ml|L|mmHg|mm\s?Hg|%|units?|IU|hours?|hrs?|days?|weeks?|months?|years?)`;
const NUMBER = new RegExp(
  String.raw`(?<![\w.])(\d+(?:[.,]\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?(?:\s*(${UNIT}))?(?![\w])`,
  'g',
);
const DOSE_UNIT = /^(?:mg|mcg|µg|g|ml|l|units?|iu)$/i;

interface NumberMention {
  values: string[];
  unit: string | null;
}

const numValue = (s: string) => String(Number(s.replace(',', '.')));
const unitKey = (u: string | undefined) =>
  u ? u.toLowerCase().replace(/\s/g, '').replace(/s$/, '').replace(/^hr$/, 'hour').replace(/^µg$/, 'mcg') : null;

function numbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(NUMBER)) {
    out.push({ values: [m[1], m[2]].filter((v): v is string => v !== undefined).map(numValue), unit: unitKey(m[3]) });
  }
  return out;
}

type Direction = 'for' | 'against' | 'neither';
const NEITHER =
  /\b(insufficient evidence|neither for nor against|for or against|no recommendation (?:for|against)|unable to recommend|cannot recommend|no evidence (?:for|to support))\b/i;
const AGAINST =
  /\b(against|stop(?:ping)?|discontinu\w*|withdraw\w*|deprescrib\w*|taper\w*|(?:do|does|should|must) not (?:\w+ )?(?:use|offer|start|give|prescribe|initiate|add|recommend|be)|don't|avoid\w*|contraindicated|not recommended|not be (?:used|offered|given|prescribed|started))\b/i;
const FOR =
  /\b(recommend\w*|suggest\w*|should|offer\w*|first[- ]line|preferred|indicated|start\w*|initiat\w*|add(?:ing)?|use|using|prescrib\w*|consider\w*|continu\w*|treat\w*|is (?:appropriate|beneficial|effective))\b/i;

function direction(text: string): Direction | null {
  if (NEITHER.test(text)) return 'neither';
  if (AGAINST.test(text)) return 'against';
  if (FOR.test(text)) return 'for';
  return null;
}

const STRENGTH =
  /\b(strong|weak|conditional|moderate)\s+(for|against)\b|\b(strong|weak|conditional)\s+recommendation\b|\bgrade\s+([a-d]|i)\b|\(([a-d])\s+recommendation\)|\b([a-d])\s+recommendation\b|\b(i)\s+statement\b|\blevel\s+([a-c])\b/gi;

/** Strength labels a text states, normalised: "strong for", "strong", "grade b", "level a". */
function strengths(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(STRENGTH)) {
    if (m[1]) out.push(`${m[1]} ${m[2]}`.toLowerCase(), m[1].toLowerCase());
    else if (m[3]) out.push(m[3].toLowerCase());
    else if (m[4] || m[5] || m[6]) out.push(`grade ${(m[4] ?? m[5] ?? m[6])!.toLowerCase()}`);
    else if (m[7]) out.push('grade i');
    else if (m[8]) out.push(`level ${m[8].toLowerCase()}`);
  }
  return out;
}

/** The sentence's own labels: a "strong for" claim needs "strong for" in the source, not only "strong". */
function claimedStrengths(text: string): string[] {
  const all = strengths(text);
  return all.filter((s, i) => !all[i - 1]?.startsWith(`${s} `));
}

// ---------------------------------------------------------------------------------------------------------------------
// One sentence against its passages

// Words that frame an answer without adding a claim of their own.
const SCAFFOLD = new Set(
  `patient patients this these that case passage passages guideline guidelines loaded recommendation recommendations statement
  applies apply fit fits fitting relevant here based given because therefore so also both either each per yes no note
  clinician clinicians your you his her their him them she he which what according state states stated says said
  short summary summarise summarize key point points overall briefly bottom line main take takeaway answer
  remain remains remained stay stays stayed become becomes became seem seems appear appears still`.split(/\s+/),
);

interface PassageIndex {
  /** " tok tok ... " for substring search of normalised forms. */
  key: string;
  stems: Set<string>;
  numbers: NumberMention[];
  strengths: Set<string>;
  /** Clauses with their direction and tokens, for per-drug direction. */
  clauses: { key: string; direction: Direction | null }[];
  directions: Set<Direction>;
}

const indexCache = new WeakMap<Passage, PassageIndex>();

function indexPassage(p: Passage): PassageIndex {
  const hit = indexCache.get(p);
  if (hit) return hit;
  const body = withoutReferenceMarkers(p.text);
  const meta = [
    p.recommendation ? `Recommendation ${p.recommendation}` : '',
    p.strength ?? '',
    p.year ? String(p.year) : '',
    p.page ? String(p.page) : '',
  ].join(' ; ');
  const all = `${body} ; ${meta}`;
  const tokens = norm(all);
  const clauses = body
    .split(/(?<=[.;:!?])\s+|\n+/)
    .map((c) => ({ key: ` ${norm(c).join(' ')} `, direction: direction(c) }));
  const directions = new Set<Direction>(clauses.map((c) => c.direction).filter((d): d is Direction => d !== null));
  const strengthDir = /\bagainst\b/i.test(p.strength ?? '')
    ? 'against'
    : /neither|insufficient|\bi\b/i.test(p.strength ?? '')
      ? 'neither'
      : p.strength
        ? 'for'
        : null;
  if (strengthDir) directions.add(strengthDir);
  const idx: PassageIndex = {
    key: ` ${tokens.join(' ')} `,
    stems: new Set(tokens.map(stem)),
    numbers: numbers(all),
    strengths: new Set(strengths(all)),
    clauses,
    directions,
  };
  indexCache.set(p, idx);
  return idx;
}

export interface SentenceContext {
  /** The de-identified case and question: bare numbers and conditions the case states may be restated. */
  caseText: string;
}

interface CaseIndex {
  numbers: Set<string>;
  stems: Set<string>;
  conditions: Set<string>;
}

function indexCase(text: string): CaseIndex {
  const tokens = norm(text);
  return {
    numbers: new Set(numbers(text).flatMap((n) => n.values)),
    stems: new Set(tokens.map(stem)),
    conditions: new Set([...concepts(tokens)].filter(([, k]) => k === 'condition').map(([id]) => id)),
  };
}

/** Markdown and citation markers off: the words a reader sees. */
function plain(text: string): string {
  return text
    .replace(/\[\d{1,3}(?:\s*[-–,;]\s*\d{1,3})*\]/g, ' ')
    .replace(/[*_`#>]+/g, ' ')
    .replace(/^\s*(?:[-+]|\d{1,3}[.)])\s+/, ' ');
}

/**
 * True when a sentence carries clinical content: a drug, a number with a unit, a threshold or target (a number the case
 * did not state), a strength or a recommending verb.
 */
export function isClinical(sentence: string, caseNumbers?: Set<string>): boolean {
  const text = plain(sentence);
  const tokens = norm(text);
  if ([...concepts(tokens).values()].includes('drug')) return true;
  if (numbers(text).some((n) => n.unit !== null)) return true;
  if (caseNumbers && numbers(text).some((n) => n.values.some((v) => !caseNumbers.has(v)))) return true;
  if (/\b(target|goal|threshold|cut-?off|first[- ]line|second[- ]line|preferred)\b/i.test(text)) return true;
  if (strengths(text).length > 0) return true;
  const d = direction(text);
  return d === 'for' || d === 'against';
}

// Honest "not covered" statements need no source, as long as they carry no dose or grade of their own.
const NOT_COVERED =
  /\b(do(?:es)? not (?:address|cover|answer|mention|say|state|give)|not (?:addressed|covered|stated)|no (?:recommendation|guidance) (?:on|about|for)|does not apply|do not apply|not apply)\b/i;

/** Why a sentence is not supported by the passages it cites, or null when it is. */
export function unsupported(
  sentence: string,
  cited: Passage[],
  ctx: CaseIndex,
  tuning: GroundingTuning = GROUNDING_TUNING,
): GroundingFailure | null {
  const text = plain(sentence);
  if (cited.length === 0) {
    if (!isClinical(text, ctx.numbers)) return null;
    if (NOT_COVERED.test(text) && !numbers(text).some((n) => n.unit !== null) && strengths(text).length === 0)
      return null;
    return 'uncited';
  }
  const idx = cited.map(indexPassage);
  const key = idx.map((i) => i.key).join(' ');
  const tokens = norm(text);
  // Words that name a concept were checked as a concept (any synonym or abbreviation counts), not as words.
  const conceptTokens = new Set<number>();
  const named = concepts(tokens, conceptTokens);

  // Drugs and classes must be named by a cited passage; conditions and populations too, unless the case states them.
  for (const [id, kind] of named) {
    if (holdsConcept(id, key)) continue;
    if (kind === 'drug') return 'drug';
    if (id.startsWith('population:') || !ctx.conditions.has(id)) return 'population';
  }

  // Numbers: a dose or any number with a unit must appear with that unit; a bare number in the passages or the case.
  const passageNumbers = idx.flatMap((i) => i.numbers);
  for (const n of numbers(text)) {
    const withUnit = n.unit !== null && n.unit !== '%';
    for (const v of n.values) {
      const inPassage = passageNumbers.some(
        (p) =>
          p.values.includes(v) && (!withUnit || p.unit === n.unit || (p.unit === null && !DOSE_UNIT.test(n.unit!))),
      );
      if (inPassage) continue;
      if (!(n.unit && DOSE_UNIT.test(n.unit)) && ctx.numbers.has(v)) continue;
      return 'number';
    }
  }

  // Strength or grade exactly as a cited passage states it.
  const stated = new Set(idx.flatMap((i) => [...i.strengths]));
  for (const s of claimedStrengths(text)) if (!stated.has(s)) return 'strength';

  // Direction: for each drug, a clause of a cited passage naming it must say the same (else the passages as a whole).
  const dir = NOT_COVERED.test(text) ? null : direction(text);
  if (dir) {
    const drugs = [...named].filter(([, k]) => k === 'drug').map(([id]) => id);
    const allDirections = new Set(idx.flatMap((i) => [...i.directions]));
    const fits = (d: Direction | null | undefined) => d === dir || (dir === 'for' && d === null);
    if (drugs.length === 0) {
      if (dir !== 'for' && !allDirections.has(dir)) return 'direction';
    } else {
      for (const drug of drugs) {
        const clauses = idx.flatMap((i) => i.clauses).filter((c) => holdsConcept(drug, c.key));
        const directed = clauses.filter((c) => c.direction !== null);
        const ok =
          directed.length > 0 ? directed.some((c) => fits(c.direction)) : dir === 'for' || allDirections.has(dir);
        if (!ok) return 'direction';
      }
    }
  }

  // Backstop: most content words of the sentence are in the cited passages.
  const content = [
    ...new Set(
      tokens
        .filter(
          (t, i) => !conceptTokens.has(i) && t.length >= 3 && !/^\d/.test(t) && !STOP_WORDS.has(t) && !SCAFFOLD.has(t),
        )
        .map(stem),
    ),
  ].filter((s) => !ctx.stems.has(s));
  if (content.length >= tuning.minContentWords) {
    const stems = new Set(idx.flatMap((i) => [...i.stems]));
    const held = content.filter((s) => stems.has(s)).length / content.length;
    if (held < tuning.minContentCoverage) return 'content';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------------
// A whole reply, streamed or not

export interface GroundedResult {
  text: string;
  /** Cited passages in display order: passage i is [i + 1]. */
  cited: Passage[];
  grounding: GroundingCounts;
  /** Removals by reason (counts only). */
  reasons: Partial<Record<GroundingFailure, number>>;
}

const LEAD = /^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*|\d{1,3}[.)]\s+)*/;

/**
 * Checks model text unit by unit (sentences within lines) as it arrives and emits only what passed, with citation numbers
 * assigned in order of first use and never changed. `end()` checks the rest and returns the final text, which is exactly
 * the concatenation of what was emitted.
 */
export class GroundedText {
  private buffer = '';
  private out = '';
  private pendingNewlines = 0;
  private lineLead = '';
  private lineEmitted = false;
  private firstUnitOfLine = true;
  private pendingLabels: string[] = [];
  private readonly display = new Map<number, number>();
  private readonly cited: Passage[] = [];
  private readonly counts: GroundingCounts = { sentences: 0, supported: 0, removed: 0 };
  private readonly reasons: Partial<Record<GroundingFailure, number>> = {};
  private readonly ctx: CaseIndex;

  constructor(
    private readonly passages: Passage[],
    context: SentenceContext,
    private readonly onEmit?: (text: string) => void,
    private readonly tuning: GroundingTuning = GROUNDING_TUNING,
  ) {
    this.ctx = indexCase(context.caseText);
  }

  push(delta: string): void {
    // The control characters mark checked citations inside checkCitations; model text cannot carry them.
    this.buffer += delta.replace(/[\u0000\u0001]/g, '');
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.units(line, true);
      this.endLine(!line.trim());
    }
    this.units(this.buffer, false);
  }

  end(): GroundedResult {
    this.units(this.buffer, true);
    this.buffer = '';
    return {
      text: this.out.trim(),
      cited: [...this.cited],
      grounding: { ...this.counts },
      reasons: { ...this.reasons },
    };
  }

  /** Processes the complete sentences of the current line (all of them when the line is complete). */
  private units(line: string, complete: boolean): void {
    const parts = splitSentences(line);
    const ready = complete ? parts : parts.slice(0, -1);
    if (ready.length === 0) return;
    // What is left of the line stays buffered: the last part, exactly as it stands in the line.
    if (!complete) this.buffer = parts[parts.length - 1]!;
    const whole = /^\s*(?:#{1,6}\s+|\*\*[^*]+\*\*:?\s*$)/.test(line);
    for (const unit of ready) this.unit(unit, whole && ready.length === 1 && complete);
  }

  private endLine(blank: boolean): void {
    // One newline between kept lines; a blank line in the reply (a paragraph break) is kept as one.
    this.pendingNewlines = Math.max(this.pendingNewlines, blank ? 2 : 1);
    this.lineLead = '';
    this.lineEmitted = false;
    this.firstUnitOfLine = true;
  }

  private unit(raw: string, wholeLineLabel: boolean): void {
    if (this.firstUnitOfLine) {
      this.lineLead = LEAD.exec(raw)![0];
      this.firstUnitOfLine = false;
    }
    if (!raw.trim()) return;
    const text = stripLinks(raw);
    const words = plain(text).trim();
    if (!/[\p{L}\p{N}]/u.test(words)) return;
    const check = checkCitations(text, this.passages);
    const cites = /\[\d/.test(text);
    // A heading or bold label with no claim of its own is held until a statement under it is kept.
    if (wholeLineLabel && !cites && !isClinical(text.replace(/^\s*#{1,6}\s+/, ''))) {
      // A label of the same kind as one still held means the held one had nothing kept under it: it goes.
      const label = check.text || text.trim();
      const kindOf = (l: string) => /^\s*(#{1,6}|\*\*)/.exec(l)?.[1] ?? '';
      while (this.pendingLabels.length && kindOf(this.pendingLabels.at(-1)!) === kindOf(label))
        this.pendingLabels.pop();
      this.pendingLabels.push(label);
      return;
    }
    this.counts.sentences++;
    let failure: GroundingFailure | null = null;
    if (check.nonVerbatimQuotes > 0) failure = 'quote';
    else if (!check.text.trim() || check.uncitedClaims > 0) failure = cites ? 'bad-citation' : 'uncited';
    else failure = unsupported(check.text, check.cited, this.ctx, this.tuning);
    if (failure) {
      this.counts.removed++;
      this.reasons[failure] = (this.reasons[failure] ?? 0) + 1;
      return;
    }
    this.counts.supported++;
    let shown = check.text.replace(/\[(\d+)\]/g, (_m, d: string) => `[${this.number(check.cited[Number(d) - 1]!)}]`);
    if (!this.lineEmitted && this.lineLead && !shown.startsWith(this.lineLead.trim()))
      shown = this.lineLead + shown.trimStart();
    const labels = this.pendingLabels
      .splice(0)
      .map((l) => `${l}\n`)
      .join('');
    const sep = this.lineEmitted ? ' ' : this.out ? '\n'.repeat(Math.min(Math.max(this.pendingNewlines, 1), 2)) : '';
    const piece = `${labels && this.out ? sep : ''}${labels}${labels ? '' : sep}${shown}`;
    this.pendingNewlines = 0;
    this.lineEmitted = true;
    this.out += piece;
    this.onEmit?.(piece);
  }

  private number(p: Passage): number {
    const i = this.passages.indexOf(p);
    let k = this.display.get(i);
    if (k === undefined) {
      this.cited.push(p);
      k = this.cited.length;
      this.display.set(i, k);
    }
    return k;
  }
}

/** Checks a whole reply (no streaming). */
export function groundAnswer(
  text: string,
  passages: Passage[],
  context: SentenceContext,
  tuning: GroundingTuning = GROUNDING_TUNING,
): GroundedResult {
  const g = new GroundedText(passages, context, undefined, tuning);
  g.push(text);
  return g.end();
}

/** "2 statements not supported by the cited guideline text were removed." */
export function removedNote(removed: number): string | null {
  if (removed <= 0) return null;
  return `${removed} ${removed === 1 ? 'statement' : 'statements'} not supported by the cited guideline text ${removed === 1 ? 'was' : 'were'} removed.`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Follow-up suggestions

// A suggestion is a question the clinician may ask next; it must not carry advice, a dose or a grade of its own.
const QUESTION_START =
  /^(?:what|which|when|how|is|are|does|do|did|should|can|could|would|will|why|who|where|in|for|if|at|after|before|with)\b/i;
const ADVICE_LIKE =
  /\b(?:you should|we recommend|i recommend|the (?:recommended )?dose is|is (?:the )?(?:first[- ]line|preferred|best|indicated)|are (?:the )?(?:first[- ]line|preferred|best|indicated)|must)\b/i;

/**
 * Model-written follow-up suggestions, made safe to show: links stripped, one line each, questions only, length-limited,
 * nothing advice-like (a recommendation stated inside a question), no dose or grade of its own.
 */
export function cleanFollowUps(raw: string, tuning: GroundingTuning = GROUNDING_TUNING): string[] {
  const out: string[] = [];
  for (const line of stripLinks(raw).split('\n')) {
    const q = line
      .replace(/^[\s\d.)*•-]+/, '')
      .replace(/[*_`]+/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (q.length < 6 || q.length > tuning.followUpMaxChars || !q.endsWith('?') || (q.match(/\?/g) ?? []).length > 1)
      continue;
    if (!QUESTION_START.test(q) || /[<>[\]{}]/.test(q)) continue;
    // "Why is X the first-line choice?" asserts what it asks about.
    if (/^why\b/i.test(q) && /\b(first[- ]line|preferred|best|recommended|indicated|should|choice)\b/i.test(q))
      continue;
    if (
      ADVICE_LIKE.test(q) ||
      numbers(q).some((n) => n.unit !== null && DOSE_UNIT.test(n.unit)) ||
      strengths(q).length > 0
    )
      continue;
    if (!out.some((o) => o.toLowerCase() === q.toLowerCase())) out.push(q);
    if (out.length >= tuning.followUpMax) break;
  }
  return out;
}
