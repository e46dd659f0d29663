// Retrieval quality on labelled queries: Recall@1/5/10, MRR@10, nDCG@10 (the standard BEIR/TREC definitions).
import type { Passage } from '../knowledge/passage.js';
import type { SearchHit } from './retriever.js';

export interface RetrievalMetrics {
  queries: number;
  recall_at_1: number;
  recall_at_5: number;
  recall_at_10: number;
  mrr_at_10: number;
  ndcg_at_10: number;
}

export interface LabelledQuery {
  id: string;
  text: string;
  /** Relevant passage id -> grade (> 0). */
  relevant: ReadonlyMap<string, number>;
}

/**
 * Scores ranked results. `isJudged` says whether a hit can count at all (e.g. only passages of the evaluation
 * corpus, not guideline distractors that happen to reuse an id).
 */
export function scoreRankings(
  queries: readonly LabelledQuery[],
  rankings: readonly (readonly SearchHit[])[],
  isJudged: (p: Passage) => boolean,
): RetrievalMetrics {
  let r1 = 0;
  let r5 = 0;
  let r10 = 0;
  let mrr = 0;
  let ndcg = 0;
  queries.forEach((q, qi) => {
    const ranked = (rankings[qi] ?? [])
      .slice(0, 10)
      .map((h) => (isJudged(h.passage) ? (q.relevant.get(h.passage.id) ?? 0) : 0));
    const total = q.relevant.size;
    if (total === 0) return;
    const found = (k: number) => ranked.slice(0, k).filter((g) => g > 0).length / total;
    r1 += found(1);
    r5 += found(5);
    r10 += found(10);
    const first = ranked.findIndex((g) => g > 0);
    if (first >= 0) mrr += 1 / (first + 1);
    const dcg = ranked.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
    const ideal = [...q.relevant.values()]
      .sort((a, b) => b - a)
      .slice(0, 10)
      .reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
    if (ideal > 0) ndcg += dcg / ideal;
  });
  const n = queries.length || 1;
  const round = (x: number) => Math.round((x / n) * 10000) / 10000;
  return {
    queries: queries.length,
    recall_at_1: round(r1),
    recall_at_5: round(r5),
    recall_at_10: round(r10),
    mrr_at_10: round(mrr),
    ndcg_at_10: round(ndcg),
  };
}
