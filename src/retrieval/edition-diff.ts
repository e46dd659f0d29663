// What changed between two editions of a guideline: recommendations added, removed, re-graded or reworded. Pairs are
// found by number first (when both editions number them and the texts still resemble each other), then by text
// similarity, so a renumbered recommendation is still recognised.
import type { Passage } from '../knowledge/passage.js';
import { STOP_WORDS, tokenize } from './lexicon.js';

export const DIFF_TUNING = {
  /**
   * Least resemblance (Jaccard over content words) for two recommendations with the same number to count as one: a
   * number reused for another recommendation on the same topic ("... low back pain") shares a third of its words.
   */
  sameNumber: 0.4,
  /** Least resemblance for two recommendations to be paired by text alone (numbers differ or are absent). */
  byText: 0.5,
};

export type ChangeKind = 'added' | 'removed' | 're-graded' | 'reworded';

export interface RecommendationChange {
  kind: ChangeKind;
  /** Number in the old / new edition (null when not numbered or absent). */
  oldNumber: string | null;
  newNumber: string | null;
  oldStrength: string | null;
  newStrength: string | null;
  oldText: string | null;
  newText: string | null;
  /** Word resemblance of the paired texts (1 = same words). */
  similarity: number | null;
}

export interface EditionDiff {
  changes: RecommendationChange[];
  unchanged: number;
  counts: Record<ChangeKind, number>;
}

/** Strength and grade wording is compared separately: a re-graded recommendation is not also "reworded". */
const STRENGTH_MARKS =
  /\(?\s*(?:strength\s*:?\s*)?(?:strong|weak)\s+(?:for|against)\s*\)?|\(?\s*neither for nor against\s*\)?|\(\s*[ABCD]\s+recommendation\s*\)|\(\s*I\s+statement\s*\)|\(\s*grade\s*:?\s*[ABCDI]\s*\)/gi;

function words(text: string): Set<string> {
  return new Set(tokenize(text.replace(STRENGTH_MARKS, ' ')).filter((w) => !STOP_WORDS.has(w)));
}

export function similarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

export function diffEditions(older: readonly Passage[], newer: readonly Passage[], tuning = DIFF_TUNING): EditionDiff {
  const oldRecs = older.filter((p) => p.kind === 'recommendation');
  const newRecs = newer.filter((p) => p.kind === 'recommendation');
  const pairs: [Passage, Passage, number][] = [];
  const usedOld = new Set<Passage>();
  const usedNew = new Set<Passage>();
  const pair = (o: Passage, n: Passage, s: number) => {
    pairs.push([o, n, s]);
    usedOld.add(o);
    usedNew.add(n);
  };
  for (const o of oldRecs) {
    const n = o.recommendation
      ? newRecs.find((c) => !usedNew.has(c) && c.recommendation === o.recommendation)
      : undefined;
    if (!n) continue;
    const s = similarity(o.text, n.text);
    if (s >= tuning.sameNumber) pair(o, n, s);
  }
  // The rest by text, most alike first.
  const candidates = oldRecs
    .filter((o) => !usedOld.has(o))
    .flatMap((o) =>
      newRecs
        .filter((n) => !usedNew.has(n))
        .map((n) => [o, n, similarity(o.text, n.text)] as [Passage, Passage, number]),
    )
    .filter(([, , s]) => s >= tuning.byText)
    .sort((a, b) => b[2] - a[2]);
  for (const [o, n, s] of candidates) if (!usedOld.has(o) && !usedNew.has(n)) pair(o, n, s);

  const changes: RecommendationChange[] = [];
  let unchanged = 0;
  const change = (kind: ChangeKind, o: Passage | null, n: Passage | null, s: number | null): RecommendationChange => ({
    kind,
    oldNumber: o?.recommendation ?? null,
    newNumber: n?.recommendation ?? null,
    oldStrength: o?.strength ?? null,
    newStrength: n?.strength ?? null,
    oldText: o?.text ?? null,
    newText: n?.text ?? null,
    similarity: s === null ? null : Number(s.toFixed(2)),
  });
  for (const [o, n, s] of pairs) {
    const regraded = (o.strength ?? '').toLowerCase() !== (n.strength ?? '').toLowerCase();
    const reworded = normalise(o.text) !== normalise(n.text);
    if (regraded) changes.push(change('re-graded', o, n, s));
    if (reworded) changes.push(change('reworded', o, n, s));
    if (!regraded && !reworded) unchanged++;
  }
  for (const o of oldRecs) if (!usedOld.has(o)) changes.push(change('removed', o, null, null));
  for (const n of newRecs) if (!usedNew.has(n)) changes.push(change('added', null, n, null));
  const order = (c: RecommendationChange) => Number.parseInt(c.newNumber ?? c.oldNumber ?? '9999', 10);
  changes.sort((a, b) => order(a) - order(b));
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, 're-graded': 0, reworded: 0 };
  for (const c of changes) counts[c.kind]++;
  return { changes, unchanged, counts };
}

/** Text as compared for "reworded": strength marks, case, punctuation and spacing do not count. */
function normalise(text: string): string {
  return tokenize(text.replace(STRENGTH_MARKS, ' ')).join(' ');
}
