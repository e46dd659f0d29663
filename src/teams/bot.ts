// The Teams door: a teams-ai Application that renders the answer pipeline's CitedAnswer as a Teams message (streamed in personal
// chats), with citation entities, the AI label, the feedback loop, commands, a welcome card and the searchGuidelines message
// extension. No retrieval, safety or citation logic lives here: it calls the domain core and renders what comes back.
import crypto from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  ConfigurationServiceClientCredentialFactory,
  MemoryStorage,
  type Activity,
  type Attachment,
  type Entity,
  type MessagingExtensionResult,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { createTableStateStorage } from '../azure/table-state-storage.js';
import { KeyedQueue } from '../ops/keyed-queue.js';
import { resolveScopeSets } from '../retrieval/library.js';
import { ADMISSION_SETTINGS, BUSY_MESSAGE, ServiceUnavailableError } from '../ops/admission.js';
import {
  Application,
  TeamsAdapter,
  TurnState,
  type AdaptiveCard,
  type AdaptiveCardSearchResult,
} from '@microsoft/teams-ai';
import type { SearchHit } from '../retrieval/retriever.js';
import type { AuditStore } from '../ops/audit.js';
import { answerRecordOf, isVerdict, searchRecordOf } from '../review/review-item.js';
import type { AnswerRecord } from '../review/feedback-store.js';
import { resolveGold } from '../review/review-cases.js';
import { ReviewNotFoundError } from '../review/review-queue.js';
import { GUIDELINE_DATASET, pickedGold, recommendationChoice, REVIEW_VERB, reviewCard } from './review-card.js';
import type { Runtime } from '../runtime.js';
import type { AnswerProgress, CitedAnswer, ConversationTurn } from '../answer/types.js';
import type { ModelIdentity } from '../answer/model.js';
import { detectRedFlags, urgentMessage } from '../safety/red-flags.js';
import { log } from '../log.js';
import { answerBadTokensWith401, botFrameworkAuthConfig, connectorClientOptions } from '../ops/bot-auth.js';
import { noteAnswer } from '../ops/turn-context.js';
import { aiMessageEntity, citationFriendlyMarkdown, clip, guidelineFileUrl, toClientCitations } from './citations.js';
import {
  followUpCard,
  helpCard,
  helpText,
  questionFromCard,
  recommendationAttachment,
  RESULT_FEEDBACK_VERB,
  urgentCard,
  welcomeCard,
} from './cards.js';
import { TeamsStream } from './stream.js';

/** turnState key under which the server puts the public base URL for citation links. */
export const BASE_URL_KEY = 'curbside.baseUrl';

/** A case question longer than this is almost certainly a pasted note: ask for the question instead of searching with it. */
export const MAX_QUESTION_CHARS = 4000;
const MAX_HISTORY_TURNS = 8;
const MAX_HISTORY_TURN_CHARS = 1500;

interface ConversationState {
  /** De-identified turns only, newest last, capped. */
  history?: ConversationTurn[];
}
type CurbsideState = TurnState<ConversationState>;

export interface Bot {
  adapter: TeamsAdapter;
  app: Application<CurbsideState>;
  /**
   * Runs one inbound activity. Turns of one conversation run one after another (each loads the state the previous one
   * saved); other conversations are not held up. Use this rather than `app.run`.
   */
  run(context: TurnContext): Promise<boolean>;
  /** Turn failures the user may not see (caught by the application), by kind: a figure for the load bench and tests. */
  readonly failures: { stateWrite: number; other: number; busy: number };
  /** Turns of this conversation running or waiting. */
  queued(channelId: string, conversationId: string): number;
}

export interface BotOptions {
  storage?: Storage;
  /** Where verdicts given on review cards are audited (the server's audit log). */
  audit?: AuditStore;
  /** Milliseconds between streaming updates (Teams: about one per second). */
  streamIntervalMs?: number;
}

export function createAdapter(runtime: Runtime): TeamsAdapter {
  const { id, password, type, tenantId } = runtime.config.bot;
  // Anonymous only when no bot id is configured (local Agents Playground); otherwise every request must carry a valid token.
  const adapter = id
    ? new TeamsAdapter(
        botFrameworkAuthConfig(runtime.config.bot),
        new ConfigurationServiceClientCredentialFactory({
          MicrosoftAppId: id,
          MicrosoftAppPassword: password,
          MicrosoftAppType: type,
          MicrosoftAppTenantId: tenantId || undefined,
        }),
        undefined,
        connectorClientOptions(runtime.config.bot),
      )
    : new TeamsAdapter({}, undefined, undefined, connectorClientOptions(runtime.config.bot));
  if (id) answerBadTokensWith401(adapter);
  adapter.onTurnError = async (context, error) => {
    if (error instanceof ServiceUnavailableError) {
      // Warming up (e.g. /sources while the index is built) or busy: say so politely.
      if (context.activity?.type === ActivityTypes.Message)
        await context.sendActivity(error.message).catch(() => undefined);
      return;
    }
    const ref = crypto.randomUUID().slice(0, 8);
    log.error(
      {
        ref,
        err: { name: error?.name, message: error?.message, stack: error?.stack },
        activity: context.activity?.type,
      },
      'turn failed',
    );
    if (context.activity?.type === ActivityTypes.Message) {
      await context
        .sendActivity(
          `Sorry, I could not answer that (ref ${ref}). Please try again; if it keeps failing, tell the team the ref.`,
        )
        .catch(() => undefined);
    }
  };
  return adapter;
}

function conversationKey(context: TurnContext): string {
  return crypto
    .createHash('sha256')
    .update(context.activity.conversation?.id ?? '')
    .digest('hex')
    .slice(0, 16);
}

function isPersonal(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return !type || type === 'personal';
}

function mentionsBot(context: TurnContext): boolean {
  const botId = context.activity.recipient?.id;
  return (context.activity.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
}

/** Files and images users attach; Teams also sends the message itself as a text/html attachment, which is not a file. */
function fileAttachments(context: TurnContext): Attachment[] {
  return (context.activity.attachments ?? []).filter((a) => !/^text\/(html|plain)$/i.test(a.contentType ?? ''));
}

function baseUrl(context: TurnContext, runtime: Runtime): string | null {
  return runtime.config.publicBaseUrl ?? (context.turnState.get(BASE_URL_KEY) as string | undefined) ?? null;
}

function redactionNote(answer: CitedAnswer): string | null {
  const total = answer.redactions.reduce((n, r) => n + r.count, 0);
  if (total === 0) return null;
  const kinds = answer.redactions.map((r) => `${r.type.toLowerCase()}${r.count > 1 ? ` ×${r.count}` : ''}`).join(', ');
  return `Removed before searching: ${kinds}.`;
}

/** Said under an answer that no language model wrote: it carries no AI label, and this line says what it is instead. */
export const EXTRACTIVE_PROVENANCE = 'Quoted from the cited guidelines; no language model was used (not AI generated).';

/**
 * The final message text: the question when it came from a card button (no client shows a card submit as the user's message),
 * case summary, answer (without the urgent line, which has its own card), notes, and for an extractive answer its provenance.
 */
export function composeAnswerText(
  answer: CitedAnswer,
  urgentShownSeparately: boolean,
  askedFromCard: string | null = null,
): string {
  let body = answer.answer.trim();
  if (urgentShownSeparately && answer.urgentMessage && body.startsWith(answer.urgentMessage.trim())) {
    body = body.slice(answer.urgentMessage.trim().length).trim();
  }
  const parts: string[] = [];
  if (askedFromCard) parts.push(`**You asked:** ${askedFromCard.replace(/[*_`[\]<>]/g, '')}`);
  if (answer.caseSummary && !body.includes(answer.caseSummary)) parts.push(`*${answer.caseSummary}*`);
  parts.push(citationFriendlyMarkdown(body));
  const notes = [...answer.notes, redactionNote(answer)].filter((n): n is string => Boolean(n));
  if (answer.mode === 'extractive' && answer.citations.length > 0) notes.push(EXTRACTIVE_PROVENANCE);
  if (notes.length) parts.push(notes.map((n) => `_${n}_`).join('\n\n'));
  return parts.join('\n\n');
}

/**
 * Everything on the final message except the stream bookkeeping: the text, its citations and the one feedback control of
 * the answer. The AI label only when a language model wrote the answer (model mode); an extractive answer quotes the
 * guidelines and says so in its text instead. No attachments: the Agents Playground turns every attachment of a message
 * (streamed or not, any layout but 'carousel', which it does not render) into a message of its own that repeats the label
 * and the thumbs, so the "Ask next" card goes separately, unlabelled and without thumbs (followUpActivity).
 */
export function renderAnswerActivity(
  answer: CitedAnswer,
  text: string,
  base: string | null,
  withCards: boolean,
): Partial<Activity> {
  const citations = toClientCitations(text, answer.citations, { baseUrl: base, withCards });
  return {
    type: 'message',
    text,
    textFormat: 'markdown',
    entities: [aiMessageEntity(citations, answer.mode === 'model') as Entity],
    channelData: { feedbackLoopEnabled: true },
  };
}

/** The answer's "Ask next" card as its own message (no AI label, no feedback control: those belong to the answer), or null. */
export function followUpActivity(answer: CitedAnswer): Partial<Activity> | null {
  const card = followUpCard(answer.followUps);
  return card ? { type: 'message', attachments: [card] } : null;
}

/** What the handlers share. */
interface BotDeps {
  runtime: Runtime;
  options: BotOptions;
  /** How many guidelines are loaded (for messages); read once. */
  countGuidelines(): Promise<number | null>;
}

type CurbsideApp = Application<CurbsideState>;

/** The teams-ai Application with every handler, in the order teams-ai tries them: install, commands, questions, feedback, search, other invokes. */
export function createBot(runtime: Runtime, options: BotOptions = {}): Bot {
  const adapter = createAdapter(runtime);
  const storage =
    options.storage ??
    createTableStateStorage(runtime.config, {}, { merge: mergeConversationState }) ??
    new MemoryStorage();
  const app = new Application<CurbsideState>({
    adapter,
    botAppId: runtime.config.bot.id || undefined,
    storage,
    turnStateFactory: () => new TurnState<ConversationState>(),
    // The library's typing timer is one per Application, shared by concurrent conversations; we send our own updates.
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  const deps: BotDeps = { runtime, options, countGuidelines: guidelineCounter(runtime) };
  handleInstall(app, deps);
  handleCommands(app, deps);
  handleQuestions(app, deps);
  handleFeedback(app, runtime);
  handleReviewChannel(app, adapter, runtime, options.audit ?? null);
  handleSearchExtension(app, runtime);
  handleResultFeedback(app, runtime);
  handleUnsupportedInvokes(app);
  const failures = countFailures(app);
  const turns = new KeyedQueue();
  const run = async (context: TurnContext) => {
    const key = `${context.activity.channelId}/${context.activity.conversation?.id ?? ''}`;
    if (
      context.activity.type === ActivityTypes.Message &&
      turns.depth(key) >= ADMISSION_SETTINGS.maxTurnsPerConversation
    ) {
      failures.busy++;
      await context.sendActivity(BUSY_MESSAGE);
      return true;
    }
    return turns.run(key, () => app.run(context));
  };
  return {
    adapter,
    app,
    run,
    failures,
    queued: (channelId, conversationId) => turns.depth(`${channelId}/${conversationId}`),
  };
}

function guidelineCounter(runtime: Runtime): () => Promise<number | null> {
  let guidelineCount: number | null = null;
  return async () => {
    if (guidelineCount === null) {
      guidelineCount = await runtime.retriever.listGuidelines().then(
        (g) => g.length,
        (err: unknown) => {
          log.warn({ err: (err as Error)?.message }, 'could not count guidelines');
          return null;
        },
      );
    }
    return guidelineCount;
  };
}

/** A welcome card when the bot itself is added to a chat or team. */
function handleInstall(app: CurbsideApp, deps: BotDeps): void {
  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
      await context.sendActivity({ attachments: [welcomeCard(await deps.countGuidelines())] });
    }
  });
}

/** help, about, sources, reset: typed (optionally with a slash) or sent from a card button. */
function handleCommands(app: CurbsideApp, deps: BotDeps): void {
  const { runtime } = deps;
  const command = (name: string) => async (context: TurnContext) => {
    if (context.activity.type !== ActivityTypes.Message) return false;
    const fromCard = questionFromCard(context.activity.value);
    if (!isPersonal(context) && !mentionsBot(context) && !fromCard) return false;
    return new RegExp(`^\\s*/?${name}\\s*[.!?]?\\s*$`, 'i').test(context.activity.text || fromCard || '');
  };
  app.message(command('help'), async (context) => {
    await context.sendActivity({ text: helpText(), textFormat: 'markdown', attachments: [helpCard()] });
  });
  app.message(command('about'), async (context) => {
    const count = await deps.countGuidelines();
    await context.sendActivity({
      textFormat: 'markdown',
      text: [
        `**Curbside** is clinical decision support: it answers case questions from ${count ?? 'the loaded'} clinical practice guidelines and shows where each statement comes from (guideline, version, section, page, the recommendation's words and strength).`,
        `Answers are ${runtime.pipeline.mode === 'model' ? 'written by a language model restricted to the retrieved guideline passages, then citation-checked' : 'composed from guideline recommendations quoted verbatim (no language model)'}.`,
        ...aboutModel(runtime.model?.identity?.() ?? null),
        'It does not know your patient, does not replace clinical judgement, and may be out of date where a guideline is. Identifiers in your message are removed before anything is searched, logged or stored.',
      ].join('\n\n'),
    });
  });
  app.message(command('sources'), async (context) => {
    const guidelines = await runtime.retriever.listGuidelines();
    const lines = guidelines
      .slice()
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((g) => {
        const version = g.version ?? (g.year ? String(g.year) : 'undated');
        return `- ${clip(g.title, 120)}: ${version}; ${g.recommendations} recommendations, ${g.passages} passages`;
      });
    const years = guidelines.map((g) => g.year).filter((y): y is number => y !== null);
    const span = years.length ? ` (${Math.min(...years)}-${Math.max(...years)})` : '';
    await context.sendActivity({
      textFormat: 'markdown',
      text: [
        `**${guidelines.length} guidelines loaded**${span}, searched with the ${runtime.retriever.engine} index:`,
        '',
        ...lines,
      ].join('\n'),
    });
  });
  app.message(command('reset'), async (context, state) => {
    state.deleteConversationState();
    await context.sendActivity('Done: I have forgotten this conversation. The next question starts fresh.');
  });
}

/** Every other message is a case question (in group chats and channels only when the bot is @mentioned). */
function handleQuestions(app: CurbsideApp, deps: BotDeps): void {
  app.activity(ActivityTypes.Message, async (context, state) => {
    // A button on one of our cards (welcome, help, "Ask next") sends its question as the activity's value, with no text.
    const fromCard = context.activity.text?.trim() ? null : questionFromCard(context.activity.value);
    if (!isPersonal(context) && !mentionsBot(context) && !fromCard) return; // group chats and channels: only when @mentioned
    const question = fromCard ?? (context.activity.text ?? '').trim();
    const files = fileAttachments(context);
    if (!question) {
      await context.sendActivity(
        files.length
          ? 'I cannot read attachments. Please type the case question (leave out names, dates of birth and record numbers).'
          : 'Ask me a case question, or type `help`.',
      );
      return;
    }
    if (question.length > MAX_QUESTION_CHARS) {
      await context.sendActivity(
        `That message is ${question.length.toLocaleString('en-US')} characters. Please send the question itself in under ${MAX_QUESTION_CHARS.toLocaleString('en-US')} characters (the key facts: age, conditions, medications, labs), without patient identifiers.`,
      );
      return;
    }
    await answerQuestion(deps, context, state, question, files.length > 0, fromCard !== null);
  });
}

/** One case question: the urgent card first when needed, progress, the pipeline's answer, then what is kept of the turn. */
async function answerQuestion(
  deps: BotDeps,
  context: TurnContext,
  state: CurbsideState,
  question: string,
  ignoredFiles: boolean,
  askedFromCard: boolean,
) {
  const { runtime } = deps;
  const started = Date.now();
  const base = baseUrl(context, runtime);
  const streaming = isPersonal(context) && context.activity.deliveryMode !== 'expectReplies';
  const stream = streaming ? new TeamsStream(context, deps.options.streamIntervalMs) : null;
  const count = await deps.countGuidelines();
  // Something on screen at once; the first message is the urgent card when the read message needs one.
  await context.sendActivity({ type: ActivityTypes.Typing });
  let urgentSent = false;
  const history = state.conversation.history ?? [];
  const answer = await askPipeline(runtime, context, stream, question, history, async (urgentMessage) => {
    if (urgentMessage) {
      await context.sendActivity({ attachments: [urgentCard(urgentMessage)] });
      urgentSent = true;
    }
    await showSearching(stream, count);
  });
  if (!answer) return;
  noteAnswer(answer);
  if (answer.urgent && answer.urgentMessage && !urgentSent) {
    await context.sendActivity({ attachments: [urgentCard(answer.urgentMessage)] });
    urgentSent = true;
  }
  const text =
    composeAnswerText(answer, urgentSent, askedFromCard ? answer.deidentifiedQuestion : null) +
    (ignoredFiles ? '\n\n_Attachments were not read; only the typed text was used._' : '');
  const messageId = await sendAnswer(context, stream, answer, text, base);
  const followUps = followUpActivity(answer);
  if (followUps) {
    // After the answer (a failure here loses only the suggestions, never the answer).
    await context
      .sendActivity(followUps)
      .catch((err: unknown) =>
        log.warn({ traceId: answer.traceId, err: (err as Error)?.message }, 'follow-up card not sent'),
      );
  }
  if (messageId) await recordForFeedback(runtime, context, answer, messageId, history, Date.now() - started);
  state.conversation.history = [
    ...history,
    // What the pipeline actually produced (with any remote pass's extra redactions), never the raw question.
    { role: 'user' as const, text: clip(answer.deidentifiedQuestion, MAX_HISTORY_TURN_CHARS) },
    { role: 'assistant' as const, text: clip(answer.answer, MAX_HISTORY_TURN_CHARS) },
  ].slice(-MAX_HISTORY_TURNS);
  log.info(
    {
      traceId: answer.traceId,
      mode: answer.mode,
      urgent: answer.urgent,
      refused: answer.refused,
      citations: answer.citations.length,
      streamed: Boolean(stream?.started),
      ms: Date.now() - started,
    },
    'answered',
  );
}

/**
 * The sets this conversation draws on: its channel's mapping, else its team's, else (1:1 chat, or an unmapped team) the
 * user's default, else CURBSIDE_DEFAULT_SETS. Answers there draw on those sets plus "all".
 */
async function conversationSets(runtime: Runtime, context: TurnContext): Promise<string[]> {
  const channelData = context.activity.channelData as { team?: { id?: string }; channel?: { id?: string } } | undefined;
  const where = {
    team: channelData?.team?.id ?? null,
    channel: channelData?.channel?.id ?? null,
    user: context.activity.from?.aadObjectId ?? context.activity.from?.id ?? null,
  };
  return (
    resolveScopeSets((await runtime.retriever.scopeMappings?.()) ?? [], where) ?? runtime.config.library.defaultSets
  );
}

/** The status line of a streamed answer, on screen before the search starts. */
async function showSearching(stream: TeamsStream | null, guidelines: number | null): Promise<void> {
  if (!stream) return;
  stream.informative(`Searching ${guidelines ?? 'the'} guidelines…`);
  await stream.flush();
}

/** The pipeline's answer, streamed as it comes; null when it failed and the user was told why (busy, or an error with a ref). */
async function askPipeline(
  runtime: Runtime,
  context: TurnContext,
  stream: TeamsStream | null,
  question: string,
  history: ConversationTurn[],
  onRead: (urgentMessage: string | null) => Promise<void>,
): Promise<CitedAnswer | null> {
  // Progress is shown in the order it comes, each step after the one before has been sent (the urgent card first).
  let shown = Promise.resolve();
  const show = (step: () => unknown) => {
    shown = shown
      .then(step)
      .then(() => undefined)
      .catch((err: unknown) => log.warn({ err: (err as Error)?.message }, 'progress not shown'));
  };
  let read = false;
  const tell = async (text: string) => {
    await shown;
    // Refused (busy, warming up) or failed before the message was read: an emergency is still flagged first, here.
    if (!read) await onRead(urgentMessage(detectRedFlags(await deidentified(runtime, question))) || null);
    if (stream?.started) await stream.finish({ text }).catch(() => context.sendActivity(text));
    else await context.sendActivity(text);
  };
  try {
    const answer = await runtime.pipeline.answer({
      question,
      history,
      // Read inside the try: while the index is still being built the library answers "warming up" like the pipeline.
      scope: { sets: await conversationSets(runtime, context) },
      // The message is de-identified and checked for red flags where it is answered (the answer thread), once.
      onProgress: (event: AnswerProgress) => {
        if (event.type === 'read') {
          read = true;
          show(() => onRead(event.urgentMessage));
        } else if (!stream) return;
        else if (event.type === 'delta') show(() => stream.append(event.text));
        else show(() => stream.informative(event.message));
      },
    });
    await shown;
    return answer;
  } catch (err) {
    if (err instanceof ServiceUnavailableError) {
      // Busy or warming up: a polite, expected answer, not a failure with a ref.
      log.warn({ kind: err.kind }, 'answer refused: service unavailable');
      await tell(err.message);
      return null;
    }
    const ref = crypto.randomUUID().slice(0, 8);
    log.error({ ref, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'answer failed');
    await tell(`Sorry, I could not answer that (ref ${ref}). Please try again in a moment.`);
    return null;
  }
}

/** So that a later feedback invoke, which carries only the message id, can be tied to this answer's trace and sources. */
async function recordForFeedback(
  runtime: Runtime,
  context: TurnContext,
  answer: CitedAnswer,
  messageId: string,
  history: ConversationTurn[],
  latencyMs: number,
): Promise<void> {
  await recordQuietly(
    runtime,
    answerRecordOf(answer, { door: 'teams', messageId, conversationKey: conversationKey(context), history, latencyMs }),
  );
}

/** A record that could not be written costs only the chance to rate it: the user already has the answer. */
async function recordQuietly(runtime: Runtime, record: AnswerRecord): Promise<boolean> {
  try {
    await runtime.review.answered(record);
    return true;
  } catch (err) {
    log.warn({ traceId: record.traceId, err: (err as Error)?.message }, 'could not record answer for feedback');
    return false;
  }
}

/**
 * Sends the final answer. The Teams service has been reported to reject a streamed final message whose citations carry an
 * Adaptive Card (botbuilder-js #4880), so each failure steps down: streamed with cards -> streamed without cards -> plain
 * message without cards. Returns the message id a feedback invoke will refer to.
 */
async function sendAnswer(
  context: TurnContext,
  stream: TeamsStream | null,
  answer: CitedAnswer,
  text: string,
  base: string | null,
): Promise<string | undefined> {
  const attempts: { streamed: boolean; withCards: boolean }[] = stream
    ? [
        { streamed: true, withCards: true },
        { streamed: true, withCards: false },
        { streamed: false, withCards: false },
      ]
    : [
        { streamed: false, withCards: true },
        { streamed: false, withCards: false },
      ];
  let lastError: unknown = null;
  for (const attempt of attempts) {
    const activity = renderAnswerActivity(answer, text, base, attempt.withCards);
    try {
      if (attempt.streamed && stream) return await stream.finish(activity);
      const response = await context.sendActivity(activity);
      return response?.id;
    } catch (err) {
      lastError = err;
      log.warn(
        { traceId: answer.traceId, ...attempt, err: (err as Error)?.message },
        'answer send failed; trying the next format',
      );
    }
  }
  throw lastError;
}

/** Thumbs up/down with an optional comment, tied back to the answer it rates. */
function handleFeedback(app: CurbsideApp, runtime: Runtime): void {
  app.feedbackLoop(async (context, _state, data) => {
    const raw = data.actionValue?.feedback;
    let comment = '';
    if (typeof raw === 'string') {
      try {
        const parsed = JSON.parse(raw) as { feedbackText?: unknown };
        comment = typeof parsed?.feedbackText === 'string' ? parsed.feedbackText : raw;
      } catch {
        comment = raw;
      }
    } else if (raw && typeof raw === 'object' && typeof (raw as { feedbackText?: unknown }).feedbackText === 'string') {
      comment = (raw as { feedbackText: string }).feedbackText;
    }
    const reaction = data.actionValue?.reaction === 'dislike' ? 'dislike' : 'like';
    // Tied to the answer the thumbs were on (replyToId), never guessed: a client that sends none (the Agents Playground)
    // gets its feedback stored against no answer.
    const { feedback: row, review } = await runtime.review.feedbackGiven({
      messageId: data.replyToId ?? context.activity.replyToId ?? '',
      reaction,
      comment,
    });
    log.info(
      {
        feedbackId: row.id,
        traceId: row.traceId,
        match: row.match,
        reaction,
        hasComment: comment.length > 0,
        reviewId: review?.id,
      },
      'feedback stored',
    );
  });
}

/** Recommendations first, then any passage: the message extension and the review card's typeahead search the same way. */
async function searchRecommendations(runtime: Runtime, q: string, top: number): Promise<SearchHit[]> {
  const hits = await runtime.retriever.search(q, { top, filters: { kind: 'recommendation' } });
  return hits.length > 0 ? hits : runtime.retriever.search(q, { top });
}

/** The review channel: each new review item posted as a card; verdicts recorded from it; its guideline typeahead. */
function handleReviewChannel(
  app: CurbsideApp,
  adapter: TeamsAdapter,
  runtime: Runtime,
  reviewAudit: AuditStore | null,
): void {
  const reviewChannel = runtime.config.review.channel;
  if (reviewChannel) {
    const botId = runtime.config.bot.id;
    // Each new review item goes to the configured channel as a card (proactively: no user message started this turn).
    runtime.review.onItem(async (item) => {
      const reference = {
        channelId: 'msteams',
        serviceUrl: reviewChannel.serviceUrl,
        conversation: {
          id: reviewChannel.conversationId,
          isGroup: true,
          conversationType: 'channel',
          tenantId: reviewChannel.tenantId ?? undefined,
          name: 'review',
        },
        bot: { id: botId, name: 'Curbside' },
      };
      await adapter.continueConversationAsync(botId, reference, async (context) => {
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(reviewCard(item))] });
      });
    });
  }
  const inReviewChannel = (context: TurnContext) =>
    reviewChannel !== null && context.activity.conversation?.id?.split(';')[0] === reviewChannel.conversationId;

  app.adaptiveCards.actionExecute<Record<string, unknown>>(REVIEW_VERB, async (context, _state, data) => {
    // Membership of the review channel is the reviewer role in Teams; a card forwarded elsewhere cannot label.
    if (!inReviewChannel(context)) return 'Verdicts are recorded only in the review channel.';
    const reviewId = String(data.reviewId ?? '');
    if (!isVerdict(data.verdict)) return 'Choose a verdict, then press Record verdict.';
    let gold = null;
    if (typeof data.gold === 'string' && data.gold.trim()) {
      const parsed = pickedGold(data.gold);
      gold = parsed ? await resolveGold(runtime.retriever, parsed) : null;
      if (!gold) return `"${clip(data.gold, 100)}" is not a recommendation in the index: pick one from the search.`;
    }
    const from = context.activity.from;
    try {
      const item = await runtime.review.label(
        reviewId,
        { verdict: data.verdict, gold, note: typeof data.note === 'string' ? data.note : '' },
        {
          by: from?.aadObjectId ?? from?.id ?? 'unknown',
          tenant: context.activity.conversation?.tenantId ?? null,
          door: 'teams',
          audit: reviewAudit,
        },
      );
      return reviewCard(item) as unknown as AdaptiveCard;
    } catch (err) {
      if (err instanceof ReviewNotFoundError)
        return `Review ${clip(reviewId, 20)} is gone (older than the retention period?).`;
      throw err;
    }
  });

  app.adaptiveCards.search(GUIDELINE_DATASET, async (_context, _state, query): Promise<AdaptiveCardSearchResult[]> => {
    const q = (
      await runtime.pipeline.deidentifier.deidentify([query.parameters.queryText ?? ''])
    ).results[0]!.text.trim();
    if (!q) return [];
    const hits = await searchRecommendations(runtime, q, Math.min(Math.max(query.count || 10, 1), 15));
    return hits.map((h) => recommendationChoice(h.passage, h.passage.text));
  });
}

/** The question as the doors' de-identifier leaves it; the question itself if that fails (the check stays in memory). */
async function deidentified(runtime: Runtime, question: string): Promise<string> {
  return runtime.pipeline.deidentifier.deidentify([question]).then(
    (batch) => batch.results[0]!.text,
    () => question,
  );
}

/** The searchGuidelines message extension: recommendation cards to insert into a compose box. */
function handleSearchExtension(app: CurbsideApp, runtime: Runtime): void {
  app.messageExtensions.query('searchGuidelines', async (context, _state, query): Promise<MessagingExtensionResult> => {
    const raw = String(query.parameters.searchQuery ?? query.parameters.query ?? '').trim();
    // The same de-identifier as the answers (the query may go to Azure AI Search).
    const q = (await runtime.pipeline.deidentifier.deidentify([raw])).results[0]!.text.trim();
    if (!q) {
      return {
        type: 'message',
        text: 'Type a topic or case question, e.g. "metformin CKD" or "lung cancer screening".',
      };
    }
    // One page of the best matches: later pages of a ranked list are noise in a compose box.
    if (query.skip > 0) return { type: 'result', attachmentLayout: 'list', attachments: [] };
    const started = Date.now();
    const base = baseUrl(context, runtime);
    const hits = await searchRecommendations(runtime, q, Math.min(Math.max(query.count || 10, 1), 10));
    if (hits.length === 0) return { type: 'message', text: 'No matching recommendations in the loaded guidelines.' };
    // Recorded so that the thumbs on an inserted card name this search and result; unrecorded cards carry no thumbs.
    const traceId = crypto.randomUUID();
    const recorded = await recordQuietly(
      runtime,
      searchRecordOf(
        q,
        hits.map((h) => h.passage),
        { traceId, conversationKey: conversationKey(context), latencyMs: Date.now() - started },
      ),
    );
    return {
      type: 'result',
      attachmentLayout: 'list',
      attachments: hits.map((h, i) =>
        recommendationAttachment(
          h,
          guidelineFileUrl(h.passage.source, h.passage.page, base, {
            docId: h.passage.docId,
            section: h.passage.section,
          }),
          recorded ? { traceId, result: i + 1 } : undefined,
        ),
      ),
    };
  });
}

/** Thumbs on a card inserted from the message extension: the rating lands on that search's result, in the feedback store. */
function handleResultFeedback(app: CurbsideApp, runtime: Runtime): void {
  app.adaptiveCards.actionExecute<Record<string, unknown>>(RESULT_FEEDBACK_VERB, async (_context, _state, data) => {
    const result = Number(data.result);
    if (
      typeof data.traceId !== 'string' ||
      !Number.isInteger(result) ||
      (data.rating !== 'up' && data.rating !== 'down')
    )
      return 'That rating could not be read; nothing was recorded.';
    const reaction = data.rating === 'down' ? 'dislike' : 'like';
    const rated = await runtime.review.resultRated({
      traceId: data.traceId,
      result,
      reaction,
      comment: typeof data.comment === 'string' ? data.comment : '',
    });
    if (!rated)
      return 'This search is no longer on record (older than the retention period), so the rating was not kept.';
    log.info(
      {
        feedbackId: rated.feedback.id,
        traceId: rated.feedback.traceId,
        reaction,
        hasComment: rated.feedback.comment.length > 0,
        reviewId: rated.review?.id,
      },
      'result feedback stored',
    );
    return reaction === 'dislike'
      ? 'Thanks: recorded as not helpful. A clinician reviewer will look at it.'
      : 'Thanks: recorded as helpful.';
  });
}

function handleUnsupportedInvokes(app: CurbsideApp): void {
  // Invokes nothing above handles (a new Teams feature, an unknown command id): a clear 400, not botbuilder's 501.
  app.activity(ActivityTypes.Invoke, async (context) => {
    log.info({ invoke: context.activity.name }, 'unsupported invoke');
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: {
        status: 400,
        body: { error: 'unsupported_invoke', message: `Curbside does not handle "${context.activity.name}".` },
      },
    });
  });
}

/** Turn failures the application catches, by kind (see Bot.failures). */
function countFailures(app: CurbsideApp): Bot['failures'] {
  const failures = { stateWrite: 0, other: 0, busy: 0 };
  app.error(async (_context, err) => {
    // A failed state save loses the turn's history silently (the reply has gone out): counted apart.
    if (/^Storage: /.test(err?.message ?? '')) failures.stateWrite++;
    else failures.other++;
    log.error({ err: { name: err?.name, message: err?.message } }, 'application error');
  });

  return failures;
}

/**
 * Two instances (Table storage) may still save one conversation at the same time; the storage then re-reads and calls this
 * with what both turns started from (`base`), this turn's state (`mine`) and what the other turn saved (`current`): the turns
 * this one added are appended to the other's history, so neither is lost. Other fields: this turn's change wins.
 */
export function mergeConversationState(
  _key: string,
  base: Record<string, unknown>,
  mine: Record<string, unknown>,
  current: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(mine)) {
    if (k === 'history') continue;
    if (JSON.stringify(v) !== JSON.stringify(base[k])) merged[k] = v;
  }
  const asTurns = (v: unknown) => (Array.isArray(v) ? (v as ConversationTurn[]) : []);
  const added = appendedTurns(asTurns(base.history), asTurns(mine.history));
  if (added.length || 'history' in current || 'history' in mine)
    merged.history = [...asTurns(current.history), ...added].slice(-MAX_HISTORY_TURNS);
  return merged;
}

/** The turns `after` added at the end of `before` (which may have been capped from the front since). */
function appendedTurns(before: ConversationTurn[], after: ConversationTurn[]): ConversationTurn[] {
  const same = (a: ConversationTurn, b: ConversationTurn) => a.role === b.role && a.text === b.text;
  // The longest suffix of `before` that `after` starts with: what came after it is new.
  for (let from = 0; from <= before.length; from++) {
    const tail = before.slice(from);
    if (tail.length <= after.length && tail.every((t, i) => same(t, after[i]!))) return after.slice(tail.length);
  }
  return after;
}

/** The `about` line naming the model: the deployment, what the service says it is, and the pinned model when one is set. */
function aboutModel(identity: ModelIdentity | null): string[] {
  if (!identity) return [];
  const reported = identity.reported
    ? `, which reports itself as **${identity.reported}**`
    : ' (it has not answered yet in this process)';
  const route = identity.route === 'v1' ? 'the OpenAI/v1 API' : 'an Azure OpenAI deployment';
  const pinned = identity.expected
    ? ` Pinned model: ${identity.expected}${identity.matches === false ? ' (**the service reports another model**)' : ''}.`
    : '';
  return [`Model: deployment **${identity.deployment}** through ${route}${reported}.${pinned}`];
}
