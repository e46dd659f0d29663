// Reviewed items become regression cases in the schema of ../shared/eval/cases-dev (src/eval/clinical-cases.ts), so
// `curbside eval answers --cases FILE` re-runs every reviewed answer: the kind follows the verdict, the gold is the
// recommendation the reviewer chose (or, for a "correct" answer, the one it cited first), and the history is kept.
import type { CaseKind, ClinicalCase } from '../eval/clinical-cases.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { GoldRef, ReviewItem } from './review-item.js';
import type { ReviewQueue } from './review-queue.js';

/** One line of a case file: the fields of cases-dev (key_terms left empty: no one wrote them). */
export interface ReviewCase extends ClinicalCase {
  gold_quote: string | null;
  key_terms: string[];
  page: number | null;
  all_pages: number[];
  why: string;
}

export type CaseOutcome = { case: ReviewCase } | { skipped: string };

/** The gold an answered item gets when the reviewer named none: for "correct", its own first citation. */
function defaultGold(item: ReviewItem): GoldRef | null {
  const first = item.citations[0];
  return first
    ? {
        file: first.source,
        recommendation: first.recommendation,
        strength: first.strength,
        page: first.page,
        quote: first.quote,
      }
    : null;
}

function answerKind(item: ReviewItem, gold: GoldRef): CaseKind {
  if (item.history.length > 0) return 'followup';
  return gold.file.toLowerCase().endsWith('.md') ? 'answerable_uspstf' : 'answerable';
}

export function reviewCase(item: ReviewItem): CaseOutcome {
  const label = item.label;
  if (!label) return { skipped: 'not labelled' };
  const base = {
    id: `rv-${item.id}`,
    question: item.question,
    history: item.history,
    why: label.note || `review verdict: ${label.verdict}`,
  };
  const withGold = (kind: CaseKind, gold: GoldRef | null): ReviewCase => ({
    ...base,
    kind,
    guideline_file: gold?.file ?? null,
    recommendation: gold?.recommendation ?? null,
    strength: gold?.strength ?? null,
    gold_quote: gold?.quote ?? null,
    key_terms: [],
    page: gold?.page ?? null,
    all_pages: gold?.page != null ? [gold.page] : [],
  });
  switch (label.verdict) {
    case 'should-refuse':
      return { case: withGold('out_of_scope', null) };
    case 'missed-emergency':
      return { case: withGold('emergency', null) };
    case 'false-emergency':
      return { case: withGold('not_urgent', label.gold) };
    case 'correct': {
      // An urgent answer's banner is what was judged right, even when it also declined to answer.
      if (item.urgent && !label.gold) return { case: withGold('emergency', null) };
      if (item.refused) return { case: withGold('out_of_scope', null) };
      const gold = label.gold ?? defaultGold(item);
      return gold
        ? { case: withGold(answerKind(item, gold), gold) }
        : { skipped: 'answered without a citation: label it with --gold' };
    }
    case 'wrong-recommendation':
    case 'unsafe':
      return label.gold
        ? { case: withGold(answerKind(item, label.gold), label.gold) }
        : { skipped: `${label.verdict} needs the right recommendation (--gold FILE#REC)` };
  }
}

/**
 * Checks a gold reference against the index and fills its strength, page and statement; null when no such recommendation
 * is in the library (a typo would make a case that can never pass).
 */
export async function resolveGold(retriever: Retriever, gold: GoldRef): Promise<GoldRef | null> {
  const units = await retriever.recommendationUnits?.();
  if (!units) {
    const known = (await retriever.listGuidelines()).some((g) => g.source === gold.file);
    return known ? gold : null;
  }
  const unit = units.units.find(
    (u) =>
      u.statement.source === gold.file &&
      (gold.recommendation === null || u.statement.recommendation === gold.recommendation),
  );
  if (!unit) return null;
  const s = unit.statement;
  return {
    file: gold.file,
    recommendation: gold.recommendation ?? s.recommendation,
    strength: s.strength,
    page: s.page,
    quote: s.text.replace(/\s+/g, ' ').trim().slice(0, 600),
  };
}

/** Labelled items as case lines, and why the others were left out. */
export async function exportCases(
  queue: Pick<ReviewQueue, 'list'>,
): Promise<{ cases: ReviewCase[]; skipped: { id: string; why: string }[] }> {
  const cases: ReviewCase[] = [];
  const skipped: { id: string; why: string }[] = [];
  for (const item of await queue.list({ status: 'labelled' })) {
    const outcome = reviewCase(item);
    if ('case' in outcome) cases.push(outcome.case);
    else skipped.push({ id: item.id, why: outcome.skipped });
  }
  return { cases, skipped };
}
