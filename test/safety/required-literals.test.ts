// Required literals are a necessary condition for a match: a detector skips an expression whose literals a message lacks.
// Reading too much into an expression would silently drop a red flag, so every case the reader cannot vouch for must
// give "no requirement" (null), and whatever it does give must hold for every match.
import { describe, expect, it } from 'vitest';
import { LiteralIndex, REQUIRED_LITERAL_SETTINGS, requiredLiterals } from '../../src/safety/required-literals.js';

const sorted = (re: RegExp) => {
  const r = requiredLiterals(re);
  return r === null ? null : [...r].sort();
};

describe('requiredLiterals', () => {
  it('reads a run of literal characters as one string', () => {
    expect(sorted(/chest\spain/)).toEqual(['chest']);
    expect(sorted(/s\.i\./)).toEqual(['s.i.']);
    expect(sorted(/\bcrepitus\b/)).toEqual(['crepitus']);
  });

  it('takes the union of an alternation and keeps the shorter of nested alternatives', () => {
    expect(sorted(/\b(?:stridor|choking|airway\s(?:compromise|obstruction))/)).toEqual([
      'choking',
      'compromise',
      'obstruction',
      'stridor',
    ]);
    expect(sorted(/chest|chest pain/)).toEqual(['chest']);
  });

  it('keeps the most selective part of a sequence', () => {
    expect(sorted(/(?:a|b)\s+(?:pulmonary|embol)/)).toEqual(['embol', 'pulmonary']);
    expect(sorted(/\d{2,3}\s?mmhg/)).toEqual(['mmhg']);
  });

  it('lower-cases literals of a case-insensitive expression, and only then', () => {
    expect(sorted(/Chest/i)).toEqual(['chest']);
    expect(sorted(/Chest/)).toEqual(['Chest']);
  });

  it('counts a quantified part only when it must occur', () => {
    expect(sorted(/(?:acute\s)?mi\b/)).toEqual(['mi']);
    expect(sorted(/(?:acute\s)+/)).toEqual(['acute']);
    expect(sorted(/(?:acute)*/)).toBeNull();
    expect(sorted(/(?:acute){0,2}/)).toBeNull();
  });

  it('gives up where it cannot vouch for the requirement', () => {
    // An alternation with a branch that requires nothing.
    expect(sorted(/chest|\d+/)).toBeNull();
    expect(sorted(/chest|/)).toBeNull();
    // Assertions only: word boundaries, anchors, lookarounds (they consume nothing).
    expect(sorted(/\b/)).toBeNull();
    expect(sorted(/^$/)).toBeNull();
    expect(sorted(/(?<=chest\s)\w+/)).toBeNull();
    expect(sorted(/(?<!no\s)\w+/)).toBeNull();
    expect(sorted(/(?=pain)\w+/)).toBeNull();
    expect(sorted(/(?!pain)\w+/)).toBeNull();
    // Backreferences, classes with ranges, sets and single-character classes.
    expect(sorted(/(\w+)\s\1/)).toBeNull();
    expect(sorted(/[a-z]+/)).toBeNull();
    expect(sorted(/[s]i/i)).toEqual(['i']);
    expect(sorted(/./)).toBeNull();
    // Unicode modes fold case beyond ASCII (the Kelvin sign matches "k"); non-ASCII literals are not relied on.
    expect(sorted(/kelvin/iu)).toBeNull();
    expect(sorted(/ödem/i)).toEqual(['dem']);
    expect(sorted(/é/i)).toBeNull();
    // Inline modifiers change case-sensitivity inside a group (ES2025 syntax: a stand-in where the runtime lacks it).
    const modified = { source: '(?i:chest)', flags: '', ignoreCase: false, unicode: false } as RegExp;
    expect(sorted(modified)).toBeNull();
  });

  it('drops a requirement with too many alternatives', () => {
    const n = REQUIRED_LITERAL_SETTINGS.maxAlternatives + 1;
    const many = new RegExp(Array.from({ length: n }, (_, i) => `w${i}x`).join('|'));
    expect(requiredLiterals(many)).toBeNull();
  });
});

describe('LiteralIndex.mayMatch', () => {
  const corpus = [
    'Crushing chest pain radiating to the left arm, BP 88/50.',
    'Denies SI. No s.i. reported; wants to discuss statins.',
    'CHEST PAIN, DIAPHORETIC',
    'Kelvin K and the long ſ',
    'pt stable, fu in 2 weeks',
  ];
  const expressions = [
    /chest\spain/i,
    /chest\spain/,
    /\b(?:si|s\.i\.)\b/i,
    /diaphore\w+/i,
    /(?:acute\s)?mi\b/i,
    /\bk/iu,
    /\bs/iu,
    /[a-z]{3}\d/,
    /statins?|aspirin/,
    /\b(?:fu|follow[-\s]up)\s(?:in\s)?\d+\s?weeks?/i,
  ];

  it('never rules out an expression that matches', () => {
    for (const text of corpus) {
      const index = new LiteralIndex(text);
      for (const re of expressions) if (re.test(text)) expect(index.mayMatch(re), `${re} on ${text}`).toBe(true);
    }
  });

  it('rules out an expression whose literals are absent', () => {
    const index = new LiteralIndex('pt stable, fu in 2 weeks');
    expect(index.mayMatch(/chest\spain/i)).toBe(false);
    expect(index.mayMatch(/diaphore\w+/i)).toBe(false);
    expect(index.mayMatch(/stable/)).toBe(true);
    // No requirement: always run.
    expect(index.mayMatch(/[a-z]{3}\d/)).toBe(true);
  });

  it('reads regular-expression literals created anew on each call by their source', () => {
    const make = () => /\bpulseless\b/i;
    const index = new LiteralIndex('no pulse');
    expect(make()).not.toBe(make());
    expect(index.mayMatch(make())).toBe(false);
    expect(index.mayMatch(make())).toBe(false);
  });
});
