// Adaptive Cards the bot sends. Plain JSON (schema 1.5, what Teams renders); no card templating library needed.
import { CardFactory, type Attachment } from 'botbuilder';
import type { SearchHit } from '../retrieval/retriever.js';
import { clip, shortGuidelineTitle } from './citations.js';

/** Sample questions: a short button title (Teams and the Playground cut long titles off) and the full question it sends. */
export const SAMPLE_QUESTIONS: readonly { title: string; question: string }[] = [
  {
    title: 'T2DM + CKD on metformin: add what?',
    question: '67-year-old man with type 2 diabetes and CKD, eGFR 38, on metformin: what should I add?',
  },
  { title: 'PTSD with insomnia: first-line?', question: 'First-line treatment for PTSD in a veteran with insomnia?' },
  { title: 'Who to screen for lung cancer?', question: 'Which adults should be screened for lung cancer?' },
];

/**
 * The key a card button puts its question under. Card buttons are plain Action.Submit with this data and no `msteams` part:
 * Teams then posts a message activity whose `value` carries it (no text), and the Agents Playground does the same, whereas
 * `msteams: {type: "imBack" | "messageBack"}` throws in the Playground's card renderer ("Cannot add property msTeams,
 * object is not extensible", 0.2.28), so the click sends nothing there.
 */
export const ASK_KEY = 'curbsideAsk';
/** A question sent from a card is capped like a typed one would be by the bot (the card is ours, but the payload is not trusted). */
const MAX_CARD_QUESTION_CHARS = 500;

/** The question a card button sent (a message activity's `value`), or null when the activity is not one of our card submits. */
export function questionFromCard(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const asked = (value as Record<string, unknown>)[ASK_KEY];
  if (typeof asked !== 'string') return null;
  const question = asked.replace(/\s+/g, ' ').trim();
  return question && question.length <= MAX_CARD_QUESTION_CHARS ? question : null;
}

type Card = Record<string, unknown>;

export function card(body: unknown[], actions: unknown[] = []): Card {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

/** A button that asks `question` (its title may be a short label for it). Works in Teams chats, channels and the Playground. */
function askButton(question: string, title = question): Card {
  return { type: 'Action.Submit', title: clip(title, 40), data: { [ASK_KEY]: question } };
}

export function urgentCard(message: string): Attachment {
  return CardFactory.adaptiveCard(
    card([
      {
        type: 'Container',
        style: 'attention',
        bleed: true,
        items: [
          {
            type: 'TextBlock',
            text: 'Urgent: act now',
            weight: 'Bolder',
            size: 'Large',
            color: 'Attention',
            wrap: true,
          },
          { type: 'TextBlock', text: message, wrap: true, weight: 'Bolder' },
          {
            type: 'TextBlock',
            text: 'Guideline content follows, but it does not replace emergency assessment.',
            wrap: true,
            isSubtle: true,
            size: 'Small',
          },
        ],
      },
    ]),
  );
}

/** Suggested follow-ups as full-width rows that wrap (action buttons cut long questions off), each asking its question. */
export function followUpCard(questions: string[]): Attachment | null {
  const picked = questions
    .map((q) => q.trim())
    .filter(Boolean)
    .slice(0, 3);
  if (picked.length === 0) return null;
  return CardFactory.adaptiveCard(
    card([
      { type: 'TextBlock', text: 'Ask next', size: 'Small', weight: 'Bolder', isSubtle: true, wrap: true },
      ...picked.map((q) => ({
        type: 'Container',
        style: 'emphasis',
        spacing: 'Small',
        selectAction: askButton(q),
        items: [{ type: 'TextBlock', text: `→ ${q}`, wrap: true, color: 'Accent' }],
      })),
    ]),
  );
}

export function welcomeCard(guidelineCount: number | null): Attachment {
  const scope = guidelineCount
    ? `${guidelineCount} clinical practice guidelines`
    : 'the loaded clinical practice guidelines';
  return CardFactory.adaptiveCard(
    card(
      [
        { type: 'TextBlock', text: 'Curbside', weight: 'Bolder', size: 'Large' },
        {
          type: 'TextBlock',
          wrap: true,
          text: `Ask a case question; I answer from ${scope} with numbered citations you can open at the page.`,
        },
        {
          type: 'TextBlock',
          wrap: true,
          isSubtle: true,
          text: 'Leave out names, dates of birth and record numbers: I remove identifiers I find, but do not rely on it. Decision support only; verify against the source.',
        },
        { type: 'TextBlock', text: 'Try:', weight: 'Bolder', spacing: 'Medium' },
      ],
      [...SAMPLE_QUESTIONS.map((q) => askButton(q.question, q.title)), askButton('help', 'Help')],
    ),
  );
}

export function helpText(): string {
  return [
    '**Curbside** answers case questions from clinical practice guidelines, with numbered citations: open one to see the',
    'recommendation, its strength, the guideline version and the page.',
    '',
    '- Ask in plain words, e.g. *"' + SAMPLE_QUESTIONS[0]!.question + '"*',
    '- Follow-ups use the conversation so far: *"and if she is pregnant?"*',
    '- In a group chat or channel, @mention me.',
    '',
    'Commands:',
    '- `help`: this message',
    '- `sources`: the guidelines I answer from (versions, dates)',
    "- `reset`: forget this conversation's history",
    '- `about`: what Curbside is and is not',
    '',
    "Rate answers with thumbs up/down: it goes to the team with the answer's sources, never your message text.",
  ].join('\n');
}

export function helpCard(): Attachment {
  return CardFactory.adaptiveCard(
    card(
      [],
      SAMPLE_QUESTIONS.map((q) => askButton(q.question, q.title)),
    ),
  );
}

/** The Action.Execute verb of the thumbs on a message-extension card. */
export const RESULT_FEEDBACK_VERB = 'curbside.result.feedback';

/**
 * Thumbs for a card inserted from the message extension: which search (its trace id) and which result the card is. Teams
 * sends Action.Execute on such a card to the bot as an `adaptiveCard/action` invoke from the chat it was inserted into
 * (Universal Actions for search-based message extensions), so anyone there can rate it. "Not helpful" opens a comment box.
 */
function resultFeedbackActions(rated: { traceId: string; result: number }): Card[] {
  const execute = (title: string, rating: 'up' | 'down') => ({
    type: 'Action.Execute',
    title,
    verb: RESULT_FEEDBACK_VERB,
    data: { ...rated, rating },
  });
  return [
    execute('👍 Helpful', 'up'),
    {
      type: 'Action.ShowCard',
      title: '👎 Not helpful',
      card: card(
        [{ type: 'Input.Text', id: 'comment', label: 'What is wrong? (optional)', isMultiline: true, maxLength: 2000 }],
        [execute('Send', 'down')],
      ),
    },
  ];
}

/**
 * A message-extension result: a preview for the list and a card to insert into the conversation, with thumbs when the
 * search was recorded (`rated`).
 */
export function recommendationAttachment(
  hit: SearchHit,
  url: string | undefined,
  rated?: { traceId: string; result: number },
): Attachment & { preview: Attachment } {
  const p = hit.passage;
  const title = p.recommendation
    ? `Rec ${p.recommendation}: ${shortGuidelineTitle(p.title)}`
    : shortGuidelineTitle(p.title);
  const meta = [p.strength, p.version ?? (p.year ? String(p.year) : null), p.page !== null ? `p. ${p.page}` : null]
    .filter(Boolean)
    .join(' · ');
  const content = card(
    [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: p.text, wrap: true },
      {
        type: 'FactSet',
        facts: [
          p.strength ? { title: 'Strength', value: p.strength } : null,
          { title: 'Guideline', value: p.title },
          p.version || p.year ? { title: 'Version', value: p.version ?? String(p.year) } : null,
          p.section ? { title: 'Section', value: p.section } : null,
          p.page !== null ? { title: 'Page', value: String(p.page) } : null,
        ].filter(Boolean),
      },
    ],
    [
      ...(url
        ? [{ type: 'Action.OpenUrl', title: p.page !== null ? `Open at page ${p.page}` : 'Open source', url }]
        : []),
      ...(rated ? resultFeedbackActions(rated) : []),
    ],
  );
  const attachment = CardFactory.adaptiveCard(content);
  const preview = CardFactory.thumbnailCard(clip(title, 80), clip(`${meta ? `${meta} — ` : ''}${p.text}`, 200));
  return { ...attachment, preview };
}
