// The review channel's card: one review item (question, history, answer, citations, the clinician's comment) with the
// verdicts, a typeahead for the right recommendation (Teams asks the bot through `application/search`, answered by the
// message extension's guideline search), a note, and an Action.Execute that records the verdict. After labelling, the card
// is replaced by one that says who chose what.
import { goldText, parseGold, VERDICT_LABELS, VERDICTS, type GoldRef, type ReviewItem } from '../review/review-item.js';
import { card } from './cards.js';
import { clip } from './citations.js';

export const REVIEW_VERB = 'curbside.review.label';
/** The Data.Query dataset of the "right recommendation" typeahead. */
export const GUIDELINE_DATASET = 'curbside.recommendations';

const REASONS: Record<ReviewItem['reason'], string> = {
  'thumbs-down': 'Thumbs down',
  'thumbs-up-sample': 'Thumbs up (sample)',
  'refusal-sample': 'Refusal (sample)',
};

const citationKey = (c: { source: string; recommendation: string | null }) =>
  `${c.source}${c.recommendation ? `#${c.recommendation}` : ''}`;

/**
 * A "right recommendation" option: its value is the gold reference ("file#rec") and its title starts with it, because the
 * Adaptive Cards JS renderer submits the title of an option fetched through Data.Query, not its value (adaptivecards 3.0.6).
 */
export function recommendationChoice(c: { source: string; recommendation: string | null }, text: string) {
  const value = citationKey(c);
  return { title: clip(`${value}: ${text}`, 140), value };
}

/** The recommendation a reviewer picked: an option's value, or its title (which starts with the value). */
export function pickedGold(text: string): GoldRef | null {
  return parseGold(text) ?? parseGold(text.split(/:\s/)[0]!);
}

function itemBody(item: ReviewItem): Record<string, unknown>[] {
  const facts = item.citations.map((c) => ({
    title: `[${c.n}]`,
    value: clip(`${citationKey(c)}${c.page ? ` p. ${c.page}` : ''}${c.strength ? ` (${c.strength})` : ''}`, 120),
  }));
  return [
    {
      type: 'TextBlock',
      text: `Review ${item.id}: ${REASONS[item.reason]}${item.refused ? ' · refused' : ''}${item.urgent ? ' · urgent' : ''}`,
      weight: 'Bolder',
      wrap: true,
    },
    ...(item.history.length
      ? [{ type: 'TextBlock', text: `Earlier: ${clip(item.history.join(' / '), 400)}`, isSubtle: true, wrap: true }]
      : []),
    { type: 'TextBlock', text: `**Question:** ${clip(item.question, 600)}`, wrap: true },
    { type: 'TextBlock', text: `**Answer:** ${clip(item.answer, 1200)}`, wrap: true },
    ...(facts.length ? [{ type: 'FactSet', facts }] : []),
    ...(item.comment ? [{ type: 'TextBlock', text: `**Comment:** ${clip(item.comment, 600)}`, wrap: true }] : []),
  ];
}

export function reviewCard(item: ReviewItem): Record<string, unknown> {
  if (item.label) return labelledCard(item);
  return card(
    [
      ...itemBody(item),
      {
        type: 'Input.ChoiceSet',
        id: 'verdict',
        label: 'Verdict',
        isRequired: true,
        errorMessage: 'Choose a verdict',
        style: 'expanded',
        choices: VERDICTS.map((v) => ({ title: VERDICT_LABELS[v], value: v })),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'gold',
        label: 'Right recommendation (search the guidelines)',
        style: 'filtered',
        // The answer's own citations first; typing searches the whole library.
        choices: item.citations.map((c) => recommendationChoice(c, c.title)),
        'choices.data': { type: 'Data.Query', dataset: GUIDELINE_DATASET },
      },
      { type: 'Input.Text', id: 'note', label: 'Note', isMultiline: true, maxLength: 2000 },
    ],
    [{ type: 'Action.Execute', title: 'Record verdict', verb: REVIEW_VERB, data: { reviewId: item.id } }],
  );
}

function labelledCard(item: ReviewItem): Record<string, unknown> {
  const label = item.label!;
  return card([
    ...itemBody(item),
    {
      type: 'TextBlock',
      text: `**${VERDICT_LABELS[label.verdict]}**${label.gold ? `, right recommendation ${goldText(label.gold)}` : ''} (labelled ${label.at.slice(0, 16).replace('T', ' ')} UTC)`,
      wrap: true,
      color: label.verdict === 'correct' ? 'Good' : 'Attention',
    },
    ...(label.note ? [{ type: 'TextBlock', text: `Note: ${clip(label.note, 600)}`, wrap: true }] : []),
  ]);
}
