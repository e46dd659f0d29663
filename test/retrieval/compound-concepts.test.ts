// "Pulmonary hypertension" is another disease than hypertension: it must not cover a question about plain hypertension,
// but must still cover a question that names it.
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import { queryConcepts, rerankByCoverage, type Candidate } from '../../src/retrieval/rerank.js';

function passage(id: string, text: string): Passage {
  return {
    id,
    docId: id,
    title: 'Guideline',
    publisher: null,
    version: null,
    year: 2020,
    source: `${id}.md`,
    page: null,
    section: 'Recommendations',
    recommendation: null,
    strength: null,
    kind: 'recommendation',
    text,
  };
}

const weights = { coverage: 1, recommendation: 0, backMatter: 0, definition: 0 };
const rank = (query: string, candidates: Candidate[]) =>
  rerankByCoverage(candidates, queryConcepts(query), () => 1, weights).map((c) => c.passage.id);

describe('coverage with modifiers that name a different disease', () => {
  const candidates: Candidate[] = [
    {
      passage: passage(
        'copd-oxygen',
        'Offer long-term oxygen as first-line therapy in pulmonary hypertension or cor pulmonale.',
      ),
      score: 1,
    },
    {
      passage: passage('htn-first-line', 'Offer a thiazide-type diuretic as first-line therapy for hypertension.'),
      score: 1,
    },
  ];

  it('does not count "pulmonary hypertension" as covering a question about hypertension', () => {
    expect(rank('first-line therapy for hypertension', candidates)[0]).toBe('htn-first-line');
  });

  it('counts it when the question names pulmonary hypertension itself', () => {
    expect(rank('first-line therapy for pulmonary hypertension oxygen', candidates)[0]).toBe('copd-oxygen');
  });
});
