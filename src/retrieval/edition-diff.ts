// What changed between two editions of a guideline: recommendations added, removed, re-graded or reworded. Pairs are
// found by number first (when both editions number them and the texts still resemble each other), then by text
// similarity, so a renumbered recommendation is still recognised.
import type { Passage } from '../knowledge/passage.js';
import { compareEditions, type LibraryEntry } from './library.js';
import { STOP_WORDS, tokenize } from './lexicon.js';
import { stem } from './stem.js';

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

/** One change with the passages it was read from (the answer cites them; the admin views show their text). */
export interface PassageChange {
  kind: ChangeKind;
  old: Passage | null;
  new: Passage | null;
  similarity: number | null;
}

/** Recommendations of two editions paired (by number, then by text), as passage-level changes. */
export function passageChanges(
  older: readonly Passage[],
  newer: readonly Passage[],
  tuning = DIFF_TUNING,
): { changes: PassageChange[]; unchanged: number } {
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

  const changes: PassageChange[] = [];
  let unchanged = 0;
  for (const [o, n, s] of pairs) {
    const regraded = (o.strength ?? '').toLowerCase() !== (n.strength ?? '').toLowerCase();
    const reworded = normalise(o.text) !== normalise(n.text);
    const similarity = Number(s.toFixed(2));
    if (regraded) changes.push({ kind: 're-graded', old: o, new: n, similarity });
    if (reworded) changes.push({ kind: 'reworded', old: o, new: n, similarity });
    if (!regraded && !reworded) unchanged++;
  }
  for (const o of oldRecs) if (!usedOld.has(o)) changes.push({ kind: 'removed', old: o, new: null, similarity: null });
  for (const n of newRecs) if (!usedNew.has(n)) changes.push({ kind: 'added', old: null, new: n, similarity: null });
  const order = (c: PassageChange) => Number.parseInt(c.new?.recommendation ?? c.old?.recommendation ?? '9999', 10);
  changes.sort((a, b) => order(a) - order(b));
  return { changes, unchanged };
}

export function diffEditions(older: readonly Passage[], newer: readonly Passage[], tuning = DIFF_TUNING): EditionDiff {
  const paired = passageChanges(older, newer, tuning);
  const changes = paired.changes.map((c): RecommendationChange => ({
    kind: c.kind,
    oldNumber: c.old?.recommendation ?? null,
    newNumber: c.new?.recommendation ?? null,
    oldStrength: c.old?.strength ?? null,
    newStrength: c.new?.strength ?? null,
    oldText: c.old?.text ?? null,
    newText: c.new?.text ?? null,
    similarity: c.similarity,
  }));
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, 're-graded': 0, reworded: 0 };
  for (const c of changes) counts[c.kind]++;
  return { changes, unchanged: paired.unchanged, counts };
}

/** Text as compared for "reworded": strength marks, case, punctuation and spacing do not count. */
function normalise(text: string): string {
  return tokenize(text.replace(STRENGTH_MARKS, ' ')).join(' ');
}

/** A guideline family a question named: its editions (newest first) and, when two are loaded, what changed. */
export interface FamilyChanges {
  family: string;
  editions: LibraryEntry[];
  /** The edition the current one replaced, and the current one; null when only one edition is loaded. */
  older: LibraryEntry | null;
  newer: LibraryEntry | null;
  changes: PassageChange[];
  unchanged: number;
}

/**
 * The families whose title (or family name, or body) holds every word of `subject` ("hypertension", "VA/DoD
 * diabetes"), those with two or more editions first, each diffed current against the edition it replaced.
 */
export function familyChanges(
  entries: readonly LibraryEntry[],
  subject: string,
  passagesOf: (docId: string) => Passage[],
): FamilyChanges[] {
  const wanted = [
    ...new Set(
      tokenize(subject)
        .filter((w) => !STOP_WORDS.has(w))
        .map(stem),
    ),
  ];
  if (wanted.length === 0) return [];
  const families = new Map<string, LibraryEntry[]>();
  for (const e of entries) {
    const has = new Set(tokenize(`${e.title} ${e.family.replace(/-/g, ' ')} ${e.body ?? ''}`).map(stem));
    if (wanted.every((w) => has.has(w))) families.set(e.family, [...(families.get(e.family) ?? []), e]);
  }
  return [...families]
    .map(([family, members]): FamilyChanges => {
      const editions = members.filter((e) => e.status !== 'retired').sort(compareEditions);
      const newer = editions.find((e) => e.status === 'current') ?? editions[0] ?? null;
      const older = editions.find((e) => e !== newer) ?? null;
      if (!newer || !older) return { family, editions, older: null, newer: null, changes: [], unchanged: 0 };
      return { family, editions, older, newer, ...passageChanges(passagesOf(older.docId), passagesOf(newer.docId)) };
    })
    .filter((f) => f.editions.length > 0)
    .sort((a, b) => Number(Boolean(b.older)) - Number(Boolean(a.older)));
}
