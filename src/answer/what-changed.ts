// "What changed in the hypertension guideline?": recognised in chat and answered from the edition diff of the library
// (recommendations added, removed, re-graded or reworded, each quoted and cited), or said plainly when only one edition
// of the guideline is loaded.
import type { Passage } from '../knowledge/passage.js';
import type { FamilyChanges, PassageChange } from '../retrieval/edition-diff.js';
import type { LibraryEntry } from '../retrieval/library.js';
import { quoteFor } from './citations.js';
import { shortTitle, unitLabel } from './extractive.js';

/** "What changed / what's new / what is different in ...", "changes to ...", "how has ... changed". */
const ASKS_CHANGES = [
  /\bwhat(?:'s|\s+is|\s+has|\s+have|\s+was|\s+were)?\s+(?:changed|new|different|updated)\s+(?:in|with|about|for)\s+(.+)/i,
  /\b(?:any|the|list|summari[sz]e|show)\s+(?:the\s+)?(?:changes|updates|differences)\s+(?:in|to|of|between)\s+(.+)/i,
  /\bhow\s+(?:has|have|did)\s+(.+?)\s+changed?\b/i,
];
/** The question is about a guideline's editions, not a patient ("what changed in her kidney function?"). */
const NAMES_A_GUIDELINE =
  /\b(?:guidelines?|cpgs?|editions?|versions?|updates?|protocols?|recommendations|uspstf|va\s*\/\s*dod)\b/i;
/** Words that name the kind of document or its newness, not which guideline. */
const NOT_THE_SUBJECT =
  /\b(?:the|a|an|latest|newest|new|newer|updated|current|recent|most|last|clinical|practice|guidelines?|cpgs?|editions?|versions?|updates?|recommendations|compared|to|with|previous|prior|old|older|one|since)\b|['’]s\b|[?.!,;:]/gi;

/** The guideline a "what changed in ...?" question names ("hypertension"), or null when it asks something else. */
export function whatChangedSubject(question: string): string | null {
  const text = question.trim();
  if (!NAMES_A_GUIDELINE.test(text)) return null;
  for (const pattern of ASKS_CHANGES) {
    const m = pattern.exec(text);
    if (!m) continue;
    const subject = m[1]!.replace(NOT_THE_SUBJECT, ' ').replace(/\s+/g, ' ').trim();
    if (subject) return subject;
  }
  return null;
}

const edition = (e: LibraryEntry) =>
  `${e.edition ?? 'edition not stated'}${e.published && !(e.edition ?? '').includes(e.published) ? `, ${e.published}` : ''}`;
const guideline = (e: LibraryEntry) => `${e.body ? `${e.body} ` : ''}${shortTitle(e.title).replace(/[.\s]+$/, '')}`;

/** The order a clinician needs: what they now do differently first. */
const KIND_ORDER: Record<PassageChange['kind'], number> = { 're-graded': 0, added: 1, removed: 2, reworded: 3 };

export interface WhatChangedAnswer {
  text: string;
  passages: Passage[];
}

/**
 * The answer: for the family with two editions loaded, its changes (at most `maxCitations` passages cited); for families
 * with one edition, a plain sentence saying there is nothing to compare.
 */
export function composeWhatChanged(
  subject: string,
  families: readonly FamilyChanges[],
  opts: { maxCitations: number },
): WhatChangedAnswer {
  if (families.length === 0)
    return {
      text: `No loaded guideline matches "${subject}", so there are no editions to compare. Ask about a guideline by its topic, e.g. "What changed in the hypertension guideline?"`,
      passages: [],
    };
  const compared = families.find((f) => f.older && f.newer);
  if (!compared) {
    const lines = families
      .slice(0, 3)
      .map(
        (f) =>
          `- ${guideline(f.editions[0]!)}: ${edition(f.editions[0]!)} is the only edition loaded, so there is no earlier one to compare it with.`,
      );
    return {
      text: `Only one edition of ${families.length === 1 ? 'this guideline' : 'each matching guideline'} is loaded:\n${lines.join('\n')}`,
      passages: [],
    };
  }
  const older = compared.older!;
  const newer = compared.newer!;
  const passages: Passage[] = [];
  const cite = (p: Passage) => {
    const at = passages.indexOf(p);
    if (at >= 0) return at + 1;
    passages.push(p);
    return passages.length;
  };
  // The whole statement is the point of a change: quoted around its own words, not the question's.
  const quote = (p: Passage) => `"${quoteFor(p, p.text)}" [${cite(p)}]`;
  const label = (p: Passage) => unitLabel(p) || 'Statement';
  // A recommendation both re-graded and reworded is one line.
  const byPair = new Map<string, PassageChange[]>();
  for (const c of compared.changes) {
    const key = `${c.old?.id ?? '-'}\u0000${c.new?.id ?? '-'}`;
    byPair.set(key, [...(byPair.get(key) ?? []), c]);
  }
  const groups = [...byPair.values()].sort(
    (a, b) => Math.min(...a.map((c) => KIND_ORDER[c.kind])) - Math.min(...b.map((c) => KIND_ORDER[c.kind])),
  );
  const counts = { added: 0, removed: 0, 're-graded': 0, reworded: 0 };
  for (const c of compared.changes) counts[c.kind]++;
  const lines: string[] = [];
  let shown = 0;
  for (const group of groups) {
    const kinds = new Set(group.map((c) => c.kind));
    const { old, new: now } = group[0]!;
    const needed = kinds.has('reworded') ? 2 : 1;
    if (passages.length + needed > opts.maxCitations) break;
    if (kinds.has('added')) lines.push(`- **Added**, ${label(now!)}: ${quote(now!)}`);
    else if (kinds.has('removed'))
      lines.push(`- **Removed**, ${label(old!)} of the ${edition(older)} edition: ${quote(old!)}`);
    else {
      const regraded = kinds.has('re-graded')
        ? ` re-graded from ${old!.strength ?? 'no strength'} to ${now!.strength ?? 'no strength'}`
        : '';
      const reworded = kinds.has('reworded') ? `${regraded ? ' and' : ''} reworded` : '';
      const was = kinds.has('reworded') ? `; it read: ${quote(old!)}` : '';
      lines.push(`- **${label(now!)}**${regraded}${reworded}: ${quote(now!)}${was}`);
    }
    shown++;
  }
  const total = groups.length;
  const summary = `${counts['re-graded']} re-graded, ${counts.added} added, ${counts.removed} removed, ${counts.reworded} reworded; ${compared.unchanged} unchanged`;
  const head = `**What changed in ${guideline(newer)}**, ${edition(newer)} against the ${edition(older)} edition it replaced (${summary}):`;
  if (total === 0)
    return {
      text: `${head}\nThe recommendations of the two editions are the same: no recommendation was added, removed, re-graded or reworded.`,
      passages,
    };
  const more =
    total > shown ? `\n\n${total - shown} more change${total - shown === 1 ? '' : 's'} not listed here.` : '';
  const others = families.filter((f) => f !== compared).map((f) => guideline(f.editions[0]!));
  const otherLine = others.length
    ? `\n\nOther loaded guidelines also match "${subject}": ${others.slice(0, 3).join('; ')}.`
    : '';
  return { text: `${head}\n${lines.join('\n')}${more}${otherLine}`, passages };
}
