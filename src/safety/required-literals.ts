// Required literals of a regular expression: a set of strings of which at least one occurs in any text the expression
// matches. A detector with many concept expressions can then skip, for a given message, every expression none of whose
// literals the message contains, without running it: a necessary condition, so no match is ever lost.
//
// Read from the expression's syntax tree (@eslint-community/regexpp), never from a hand-kept list:
//   - a run of literal characters is required as a whole ("chest" in /chest\spain/);
//   - a sequence needs all of its parts, so any one part's requirement holds: the most selective one is kept;
//   - an alternation needs one of its branches: the union of the branches' requirements, or none if a branch has none;
//   - a part that may be absent (?, *, {0,n}), an assertion (\b, ^, lookaround), a character class or set (\w, [a-z], .)
//     and a backreference require nothing.
// Whatever the reader cannot vouch for gives "no requirement" (null): the expression then always runs.

import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** Strings of which one must occur in any match; null when the expression requires none that can be read. */
export type RequiredLiterals = readonly string[] | null;

export const REQUIRED_LITERAL_SETTINGS = {
  /**
   * A requirement with more alternatives than this is dropped (checking it would cost about as much as the match). The
   * trigram filter keeps a few hundred cheap: the de-identifier's facility rules need ~190 (every facility word).
   */
  maxAlternatives: 256,
  /** Expressions whose reading is kept by source and flags; past this, new ones are read each time (not kept). */
  maxCachedSources: 4096,
  /** Bits of a text's trigram filter (a power of two): about 1,000 trigrams of a long message fill under 5%. */
  trigramBits: 1 << 15,
};

const parser = new RegExpParser({ ecmaVersion: 2025 });

interface Reading {
  literals: RequiredLiterals;
  /** Per literal of 3+ characters, its trigrams' filter bits; null for shorter literals (searched for directly). */
  grams: (Int32Array | null)[];
}

const byObject = new WeakMap<RegExp, Reading>();
// A regular-expression literal inside a function is a new object each time it runs: kept by source (then flags) too. The
// source string is shared by those objects, so the lookup does not hash a new string.
const bySource = new Map<string, Map<string, Reading>>();
let cachedSources = 0;

function reading(re: RegExp): Reading {
  const known = byObject.get(re);
  if (known !== undefined) return known;
  const source = re.source;
  let byFlags = bySource.get(source);
  let found = byFlags?.get(re.flags);
  if (found === undefined) {
    const literals = readRequired(re);
    found = { literals, grams: literals?.map((l) => (l.length >= 3 ? trigrams(l) : null)) ?? [] };
    if (cachedSources < REQUIRED_LITERAL_SETTINGS.maxCachedSources) {
      if (!byFlags) bySource.set(source, (byFlags = new Map()));
      byFlags.set(re.flags, found);
      cachedSources++;
    }
  }
  byObject.set(re, found);
  return found;
}

/**
 * The required literals of `re`, lower-cased when it ignores case (compare them with the lower-cased text). Cached per
 * expression object and per source and flags.
 */
export function requiredLiterals(re: RegExp): RequiredLiterals {
  return reading(re).literals;
}

const MASK = REQUIRED_LITERAL_SETTINGS.trigramBits - 1;
const gramBit = (a: number, b: number, c: number) =>
  ((Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 7) & MASK;

function trigrams(literal: string): Int32Array {
  const out = new Int32Array(literal.length - 2);
  for (let i = 0; i + 2 < literal.length; i++)
    out[i] = gramBit(literal.charCodeAt(i), literal.charCodeAt(i + 1), literal.charCodeAt(i + 2));
  return out;
}

/**
 * One text, read once, asked about many expressions: a literal whose trigrams are not all in the text's trigram filter is
 * absent without searching for it; the others are searched for.
 */
export class LiteralIndex {
  private lowered: string | null = null;
  private filters: { raw?: Uint32Array; lowered?: Uint32Array } = {};
  constructor(readonly text: string) {}

  /** False only when `re` cannot match the text: no literal it requires occurs in it. */
  mayMatch(re: RegExp): boolean {
    const { literals, grams } = reading(re);
    if (literals === null) return true;
    const lower = re.ignoreCase;
    const haystack = lower ? (this.lowered ??= this.text.toLowerCase()) : this.text;
    const filter = lower ? (this.filters.lowered ??= filterOf(haystack)) : (this.filters.raw ??= filterOf(haystack));
    for (let i = 0; i < literals.length; i++) {
      const g = grams[i];
      if (g) {
        let all = true;
        for (let j = 0; j < g.length; j++) {
          const bit = g[j]!;
          if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) {
            all = false;
            break;
          }
        }
        if (!all) continue;
      }
      if (haystack.includes(literals[i]!)) return true;
    }
    return false;
  }
}

function filterOf(text: string): Uint32Array {
  const bits = new Uint32Array(REQUIRED_LITERAL_SETTINGS.trigramBits >>> 5);
  for (let i = 0; i + 2 < text.length; i++) {
    const bit = gramBit(text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2));
    bits[bit >>> 5]! |= 1 << (bit & 31);
  }
  return bits;
}

function readRequired(re: RegExp): RequiredLiterals {
  // Unicode modes fold case differently (the Kelvin sign matches "k", the long s matches "s"): not read.
  if (re.unicode || (re as RegExp & { unicodeSets?: boolean }).unicodeSets) return null;
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(re.source, 0, re.source.length, { unicode: false, unicodeSets: false });
  } catch {
    return null;
  }
  const found = alternation(pattern.alternatives, re.ignoreCase);
  if (!found || found.length > REQUIRED_LITERAL_SETTINGS.maxAlternatives) return null;
  return found;
}

type Req = string[] | null;

function alternation(alternatives: AST.Alternative[], ignoreCase: boolean): Req {
  const union = new Set<string>();
  for (const alt of alternatives) {
    const req = sequence(alt.elements, ignoreCase);
    if (!req) return null;
    for (const s of req) union.add(s);
  }
  return union.size ? dropSuperstrings([...union]) : null;
}

/** A literal character as it would be compared, or null when it is not a plain ASCII character. */
function literalChar(node: AST.Element, ignoreCase: boolean): string | null {
  if (node.type !== 'Character') return null;
  // ASCII only: in the non-unicode case-insensitive mode an ASCII letter matches only its two ASCII cases, so comparing
  // lower-cased texts is exact; other characters' case mappings are not relied on.
  if (node.value > 0x7f) return null;
  const ch = String.fromCharCode(node.value);
  return ignoreCase ? ch.toLowerCase() : ch;
}

function sequence(elements: AST.Element[], ignoreCase: boolean): Req {
  const candidates: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run) candidates.push([run]);
    run = '';
  };
  for (const el of elements) {
    const ch = literalChar(el, ignoreCase);
    if (ch !== null) {
      run += ch;
      continue;
    }
    endRun();
    const req = element(el, ignoreCase);
    if (req) candidates.push(req);
  }
  endRun();
  let best: string[] | null = null;
  for (const c of candidates) if (!best || selectivity(c) > selectivity(best)) best = c;
  return best;
}

function element(el: AST.Element, ignoreCase: boolean): Req {
  switch (el.type) {
    case 'Character': {
      const ch = literalChar(el, ignoreCase);
      return ch === null ? null : [ch];
    }
    case 'Group':
      // Inline modifiers ("(?i:...)") change how the group compares case: not read.
      if (el.modifiers) return null;
      return alternation(el.alternatives, ignoreCase);
    case 'CapturingGroup':
      return alternation(el.alternatives, ignoreCase);
    case 'Quantifier':
      // Present at least once: what the element requires, the quantified whole requires.
      return el.min >= 1 ? element(el.element, ignoreCase) : null;
    default:
      // Assertions (\b, ^, $, lookaround), character classes and sets, backreferences.
      return null;
  }
}

/** Longer literals are rarer; fewer alternatives are cheaper to check and rarer together. */
function selectivity(req: readonly string[]): number {
  const shortest = Math.min(...req.map((s) => s.length));
  return shortest * 100 - req.length;
}

/** "chest" already occurs wherever "chest pain" does: the shorter alternative alone says the same. */
function dropSuperstrings(req: string[]): string[] {
  const sorted = [...new Set(req)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const s of sorted) if (!kept.some((k) => s.includes(k))) kept.push(s);
  return kept;
}
