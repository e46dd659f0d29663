// The guideline prior: a question's clue that only one guideline's background uses ("sciatica") lifts that guideline's
// recommendations even when the statement itself words it differently ("radicular"). Synthetic passages, so the check
// is about the mechanism, not about one guideline.
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import { RecommendationUnitIndex, UNIT_TUNING } from '../../src/retrieval/recommendation-units.js';

let counter = 0;
function passage(docId: string, text: string, extra: Partial<Passage> = {}): Passage {
  counter++;
  return {
    id: `p${counter}`,
    docId,
    title: `Guideline ${docId}`,
    publisher: 'VA/DoD',
    version: '2022',
    year: 2022,
    source: docId,
    page: counter,
    section: 'Background',
    recommendation: null,
    strength: null,
    kind: 'text',
    text,
    ...extra,
  };
}
const rec = (docId: string, n: string, text: string) =>
  passage(docId, text, { kind: 'recommendation', recommendation: n, section: 'Recommendations' });

const library = [
  passage(
    'back.pdf',
    'Sciatica is pain radiating along the sciatic nerve; in this guideline it is described as radicular pain.',
  ),
  rec('back.pdf', '1', 'For patients with radicular symptoms, we suggest against systemic corticosteroids.'),
  passage('stroke.pdf', 'Rehabilitation after stroke includes assessment of mobility and of the home.'),
  rec('stroke.pdf', '1', 'For patients after stroke, we suggest against systemic corticosteroids for shoulder pain.'),
  passage('asthma.pdf', 'Asthma control is assessed at every visit.'),
  rec('asthma.pdf', '1', 'We recommend inhaled corticosteroids for persistent asthma.'),
];

describe('guideline prior', () => {
  const question = 'sciatica for 3 weeks, wants another course of oral corticosteroids?';
  const lead = (tuning: typeof UNIT_TUNING) =>
    new RecommendationUnitIndex(library, tuning).search(question, 3)[0]?.unit.key;

  it('lifts the recommendation of the guideline the clue belongs to', () => {
    expect(lead({ ...UNIT_TUNING, guideline: 0.3 })).toBe('back.pdf#1');
    expect(lead({ ...UNIT_TUNING, guideline: 0 })).not.toBe('back.pdf#1');
  });

  it('scores every guideline relative to the best one, and is off at 0', () => {
    const index = new RecommendationUnitIndex(library, { ...UNIT_TUNING, guideline: 0.3 });
    const prior = index.guidelinePrior(index.queryTerms(question));
    expect(prior.get('back.pdf')).toBe(1);
    expect(prior.get('stroke.pdf')!).toBeLessThan(1);
    expect(
      new RecommendationUnitIndex(library, { ...UNIT_TUNING, guideline: 0 }).guidelinePrior(index.queryTerms(question))
        .size,
    ).toBe(0);
  });
});
