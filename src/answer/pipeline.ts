// The answer pipeline every door calls: message -> de-identify -> red flags -> scope -> read the case -> rewrite ->
// retrieve -> evidence check -> compose (model, else extractive) -> citation checks -> disclaimer and sources.
// Only the de-identified text ever leaves step 1: retrieval, the model, logs and the returned answer never see the
// raw message.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Passage } from '../knowledge/passage.js';
import { log } from '../log.js';
import { currentTraceId } from '../ops/turn-context.js';
import type { LibraryScope } from '../retrieval/library.js';
import type { RecommendationUnitIndex } from '../retrieval/recommendation-units.js';
import type { Retriever, SearchHit, Supersession } from '../retrieval/retriever.js';
import type { FamilyChanges } from '../retrieval/edition-diff.js';
import { redactionCounts } from '../safety/deid.js';
import { localDeidentifier, type Deidentifier, type RemoteDeidOutcome } from '../safety/deidentifier.js';
import {
  detectRedFlags,
  emergencyTopicTerms,
  fitsEmergency,
  urgentMessage,
  type RedFlag,
} from '../safety/red-flags.js';
import { caseSearchTerms, readCase, summarizeCase } from './case.js';
import { checkCitations, quoteFor, toCitations } from './citations.js';
import { composeBottomLine, composeExtractive, looksLikeProse, rankForCase, shortTitle } from './extractive.js';
import { conditionsNotInCase, decideCoverage, rankByApplicability, type RankedUnit } from './select.js';
import { ANSWER_TUNING, type AnswerTuning } from './tuning.js';
import { suggestFollowUps } from './follow-ups.js';
import { composeWhatChanged, whatChangedSubject } from './what-changed.js';
import { cleanFollowUps, GroundedText, removedNote, type GroundingCounts } from './grounding.js';
import { ANSWER_SCHEMA, ANSWER_SCHEMA_NAME, renderStructured, STRUCTURED_INSTRUCTION } from './structured.js';
import type { ChatModel, ModelHealth } from './model.js';
import { ModelUnavailableError } from './model-error.js';
import { dataBlock, loadPrompt, passagesBlock } from './prompts.js';
import {
  aboutAnotherPerson,
  isFollowUp,
  previousUserTurns,
  rewriteDeterministic,
  rewriteWithModel,
} from './rewrite.js';
import {
  askingSentence,
  asksForDose,
  assessEvidence,
  coverage,
  EVIDENCE,
  outOfScope,
  passageStems,
  passagesGiveDose,
  recommendationCoverage,
  topicTerms,
  type Evidence,
  type OutOfScope,
} from './scope.js';
import type { AnswerModel, AnswerRequest, CaseFacts, CitedAnswer, ConversationTurn } from './types.js';

export interface AnswerPipeline {
  answer(request: AnswerRequest): Promise<CitedAnswer>;
  readonly retriever: Retriever;
  readonly mode: 'model' | 'extractive';
  /** The de-identifier this pipeline applies; doors that send user text elsewhere (search) use the same one. */
  readonly deidentifier: Deidentifier;
  /** Model mode: whether the model is answering now ('ok'), rate-limited, or paused by its breaker; null without a model. */
  modelHealth?(): ModelHealth | null;
}

export interface PipelineDeps {
  config: Config;
  retriever: Retriever;
  model?: ChatModel | null;
  /** Applied to the question and every history turn before anything else (default: the local pass alone). */
  deidentifier?: Deidentifier;
  /** Clock for the "older than 5 years" source warning (default: now). */
  now?: () => Date;
  /** Every number that ranks or decides (default ANSWER_TUNING); `eval answers --ablate` passes a changed copy. */
  tuning?: AnswerTuning;
}

/** Passages retrieved per turn; the composer and the model see the best of these. */
const RETRIEVE_TOP = 20;
/** How deep the first search goes to find recommendation statements, and how many of them join the list. */
const DEEP_TOP = 100;
const RECOMMENDATIONS_TOP = 24;
/** Candidates the second-stage (case-fit) ranking chooses from: the fused list plus the deeper recommendations. */
const CANDIDATES_TOP = 40;
/** Passages given to the model, of which at most MODEL_CONTEXT are discussion text rather than statements. */
const MODEL_PASSAGES = 8;
const MODEL_CONTEXT = 2;
/** A guideline older than this many years gets a warning next to its source line (default of CURBSIDE_STALE_AFTER_YEARS). */
export const STALE_AFTER_YEARS = 5;
/** Passages of the question's search (superseded editions included) checked for an edition the answer left out. */
const SUPERSEDED_PROBE = 5;

export const DISCLAIMER =
  '_Decision support only, not a substitute for clinical judgement: check the cited guideline before acting._';

const NOTE_MODEL_FAILED: Record<string, string> = {
  'circuit-open': 'The language model is paused after repeated failures; showing guideline text directly.',
  timeout: 'The language model did not answer in time; showing guideline text directly.',
  'rate-limited': 'The language model is busy (rate-limited); showing guideline text directly.',
  'stream-dropped': "The language model's answer was interrupted; showing guideline text directly.",
  deadline: "The language model did not finish within this turn's time limit; showing guideline text directly.",
  truncated: "The language model's answer was cut off at its length limit; showing guideline text directly.",
  'content-filter': "The language model's answer was stopped by the content filter; showing guideline text directly.",
  'bad-response': 'The language model sent an incomplete or unreadable reply; showing guideline text directly.',
  credential:
    'The language model could not be used: no Azure sign-in is available for it; showing guideline text directly.',
};
const NOTE_MODEL_DEFAULT = 'The language model was unavailable; showing guideline text directly.';
const NOTE_NO_VALID_CITATION =
  "The model's answer cited no retrieved passage that supports it, so it was replaced by guideline text quoted directly.";
/** Default turn deadline when the config does not say (CURBSIDE_TURN_DEADLINE_MS). */
const TURN_DEADLINE_MS = 25_000;
/** When each turn started, and what the model's grounding check counted (counts only, never text). */
const turnStarted = new WeakMap<AnswerRequest, number>();
const groundingOf = new WeakMap<AnswerRequest, GroundingCounts>();
/** Which model replied to the turn (for the answer, its audit record and the log line). */
const modelOf = new WeakMap<AnswerRequest, AnswerModel>();

function mergeFacts(earlier: CaseFacts, current: CaseFacts): CaseFacts {
  // The age (one patient or an age group) comes whole from the message that states one.
  const ages = current.age !== null ? current : earlier;
  return {
    age: ages.age,
    ageOver89: ages.ageOver89,
    ...(ages.ageTo !== undefined && { ageTo: ages.ageTo }),
    sex: current.sex ?? earlier.sex,
    pregnant: current.pregnant ?? earlier.pregnant,
    conditions: [...new Set([...earlier.conditions, ...current.conditions])],
    medications: [...new Set([...earlier.medications, ...current.medications])],
    labs: { ...earlier.labs, ...current.labs },
  };
}

/**
 * "Sources:" lines with each guideline's edition, once, and one freshness note for the answer: a source with a newer
 * edition loaded says which, and sources older than `staleAfterYears` with none share one line (a per-source warning on
 * every answer would be noise, since most sources here are older).
 */
export function sourcesFooter(
  passages: Passage[],
  now: Date,
  options: {
    staleAfterYears?: number;
    supersessions?: ReadonlyMap<string, Supersession>;
    leftOut?: readonly Supersession[];
  } = {},
): string {
  const staleAfter = options.staleAfterYears ?? STALE_AFTER_YEARS;
  const seen = new Map<string, Passage>();
  for (const p of passages) if (!seen.has(p.docId)) seen.set(p.docId, p);
  const leftOut = (options.leftOut ?? []).map(
    (s) =>
      `_${editionName(s.old)} was left out: superseded by ${s.current.title === s.old.title ? (s.current.edition ?? s.current.published ?? 'a newer edition') : editionName(s.current)}._`,
  );
  if (seen.size === 0) return leftOut.length ? `Sources:\n${leftOut.join('\n')}` : '';
  const year = now.getUTCFullYear();
  const newer = (p: Passage) => options.supersessions?.get(p.docId)?.current;
  const lines = [...seen.values()].map((p) => {
    const replaced = newer(p);
    return `- ${shortTitle(p.title).replace(/[.\s]+$/, '')}: ${p.version ?? (p.year ? String(p.year) : 'edition not stated')}${replaced ? ` (superseded: a newer edition is loaded, ${replaced.edition ?? replaced.published ?? replaced.docId})` : ''}`;
  });
  const old = [...seen.values()].filter((p) => !newer(p) && p.year !== null && year - p.year > staleAfter);
  const others = seen.size - [...seen.values()].filter(newer).length;
  const note = old.length
    ? `\n_No newer edition of ${old.length === others ? (others > 1 ? 'these guidelines' : 'this guideline') : 'the older sources'} is loaded; ${old.length > 1 ? 'they were' : 'it was'} published more than ${staleAfter} year${staleAfter === 1 ? '' : 's'} ago, so check for an update._`
    : '';
  return `Sources:\n${lines.join('\n')}${note}${leftOut.length ? `\n${leftOut.join('\n')}` : ''}`;
}

function editionName(e: Supersession['old']): string {
  return `${shortTitle(e.title).replace(/[.\s]+$/, '')}, ${e.edition ?? e.published ?? 'edition not stated'}`;
}

function refusalText(
  kind: OutOfScope | 'dose' | 'not-covered' | 'no-recommendation',
  closest: string[],
  missing: string[],
): string {
  const topics = closest.length ? ` Closest topics the loaded guidelines do cover: ${closest.join('; ')}.` : '';
  switch (kind) {
    case 'greeting':
      return 'Hello. I answer clinical questions from the loaded practice guidelines, with numbered citations you can check. Describe the case and your question, e.g. "67M, T2DM, CKD eGFR 38 on metformin: next agent?"';
    case 'non-clinical':
      return 'I can only help with clinical questions that the loaded practice guidelines answer; this request is outside that scope.';
    case 'prescription':
      return 'I cannot write, send or sign prescriptions or orders for a patient. I can show what the guidelines recommend for the situation: ask about the condition and the treatment choice instead.';
    case 'dose':
      return `The loaded guidelines do not give a dose for this. Use a drug reference or your pharmacist for dosing.${topics}`;
    case 'no-recommendation': {
      const subject = missing.length
        ? missing
            .slice(0, 3)
            .map((m) => `"${m}"`)
            .join(', ')
        : 'this question';
      return `The loaded guidelines make no recommendation on ${subject}.${topics}`;
    }
    case 'not-covered': {
      const gap = missing.length
        ? ` (no passage mentions ${missing
            .slice(0, 3)
            .map((m) => `"${m}"`)
            .join(', ')})`
        : '';
      return `The loaded guidelines do not cover this question${gap}.${topics}`;
    }
  }
}

/** Reciprocal-rank fusion (k = 60): robust to the lists' score scales; a passage found by both lists rises. */
export function fuseRankings(lists: SearchHit[][]): SearchHit[] {
  const fused = new Map<string, { hit: SearchHit; score: number }>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const entry = fused.get(hit.passage.id) ?? { hit, score: 0 };
      entry.score += 1 / (60 + rank + 1);
      fused.set(hit.passage.id, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score)
    .map(({ hit, score }) => ({ passage: hit.passage, score }));
}

/** Guidelines whose passages hold the most of the question's topic, best first (those holding none are left out). */
function closestTopics(question: string, hits: SearchHit[]): string[] {
  const terms = topicTerms(question);
  const byDoc = new Map<string, { title: string; coverage: number; rank: number }>();
  hits.forEach(({ passage: p }, rank) => {
    const c = coverage(terms, passageStems(p));
    const entry = byDoc.get(p.docId);
    if (!entry || c > entry.coverage)
      byDoc.set(p.docId, {
        title: `${shortTitle(p.title)}${p.year ? ` (${p.year})` : ''}`,
        coverage: c,
        rank: entry?.rank ?? rank,
      });
  });
  return [...byDoc.values()]
    .filter((d) => d.coverage > 0)
    .sort((a, b) => b.coverage - a.coverage || a.rank - b.rank)
    .slice(0, 3)
    .map((d) => d.title);
}

/** What steps 1-3 read from a turn (all de-identified): every later step works from this. */
interface Turn {
  question: string;
  history: ConversationTurn[];
  redactions: { type: string; count: number }[];
  remote: RemoteDeidOutcome;
  deidMs: number;
  flags: RedFlag[];
  urgentLine: string | null;
  followUp: boolean;
  samePatient: boolean;
  facts: CaseFacts;
  summary: string;
}

/** The model's answer: checked text, the passages it cites, and its follow-up questions. */
type ModelAnswer = { text: string; cited: Passage[]; followUps: string[] };

/** The answer's body and what it cites, as decided and composed, before the render step adds the frame. */
interface Composed {
  mode: CitedAnswer['mode'];
  body: string;
  cited: Passage[];
  refused: boolean;
  followUps: string[];
  /** The words the citations' quotes are cut around: the question, its rewrite, or the model's answer. */
  focus: string;
  /** The candidates searched (counted in the log line). */
  hits: SearchHit[];
  /** Why the extractive answer stands in for the model's, when it does. */
  notes: string[];
  /** A question about the library's editions: no patient to read, no edition left out to mention. */
  aboutLibrary?: boolean;
}

interface RecommendationSearch {
  ranked: RankedUnit[];
  hits: SearchHit[];
  /** The model's standalone rewrite of a follow-up, or null. */
  rewritten: string | null;
  /** A follow-up's earlier user turns ('' otherwise). */
  earlier: string;
}

interface PassageSearch {
  query: string;
  caseTerms: string[];
  /** The asking sentence with the case's conditions: what the evidence must cover. */
  ask: string;
  deep: SearchHit[];
  hits: SearchHit[];
  evidence: Evidence;
}

function reportStatus(request: AnswerRequest, message: string): void {
  request.onProgress?.({ type: 'status', message });
}

function refusal(body: string, focus: string, hits: SearchHit[], cited: Passage[] = []): Composed {
  return { mode: 'extractive', body, cited, refused: true, followUps: [], focus, hits, notes: [] };
}

/** Decide on the ranked recommendations: a fixed reply or a refusal, or null when an answer should be composed. */
function decideOnRecommendations(
  turn: Turn,
  { ranked, hits }: RecommendationSearch,
  units: RecommendationUnitIndex,
  tuning: AnswerTuning,
): Composed | null {
  const { question, flags } = turn;
  if (flags.length && ranked.length === 0) {
    const body = 'No loaded guideline recommendation addresses this emergency; follow the urgent steps above.';
    return { mode: 'extractive', body, cited: [], refused: false, followUps: [], focus: question, hits, notes: [] };
  }
  const coverage = decideCoverage(question, ranked, units, tuning);
  if (!coverage.covered) {
    const closest = coverage.missing.length ? [] : closestTopics(question, hits);
    return refusal(refusalText(coverage.kind, closest, coverage.missing), question, hits);
  }
  const top = ranked.slice(0, MODEL_PASSAGES).flatMap((r) => [r.unit.statement, ...r.unit.discussion]);
  if (asksForDose(question) && !passagesGiveDose(top))
    return refusal(refusalText('dose', closestTopics(question, hits), []), question, hits);
  return null;
}

/** Decide on the searched passages (the lexical evidence check): a refusal, or null when an answer should be composed. */
function decideOnPassages(turn: Turn, { query, caseTerms, ask, hits, evidence }: PassageSearch): Composed | null {
  const passages = hits.map((h) => h.passage);
  if (!evidence.sufficient)
    return refusal(refusalText('not-covered', closestTopics(ask, hits), evidence.missing), query, hits);
  if (asksForDose(query) && !passagesGiveDose(passages.slice(0, MODEL_PASSAGES)))
    return refusal(refusalText('dose', closestTopics(ask, hits), []), query, hits);
  if (recommendationCoverage(ask, passages) >= EVIDENCE.best) return null;
  // The topic is mentioned, but no recommendation addresses it: say so, and show where it is mentioned.
  // Only text that holds the question's topic is worth showing; an unrelated "closest" quote misleads.
  const topic = topicTerms(ask);
  const held = (p: Passage) => coverage(topic, passageStems(p));
  const closest = rankForCase({ question: query, caseTerms, facts: turn.facts, hits })
    .map((s) => s.passage)
    .filter((p) => looksLikeProse(p.text) && held(p) >= EVIDENCE.combined)
    .sort((a, b) => held(b) - held(a))[0];
  const body = refusalText('no-recommendation', closestTopics(ask, hits), []);
  if (!closest) return refusal(body, query, hits);
  const quoted = `\n\nClosest guideline text (${shortTitle(closest.title)}, not a recommendation): "${quoteFor(closest, query)}" [1]`;
  return refusal(body + quoted, query, hits, [closest]);
}

export function createPipeline(deps: PipelineDeps): AnswerPipeline {
  const { retriever } = deps;
  const model = deps.model ?? null;
  const now = deps.now ?? (() => new Date());
  const deidentifier = deps.deidentifier ?? localDeidentifier;
  const tuning = deps.tuning ?? ANSWER_TUNING;

  async function modelAnswer(
    request: AnswerRequest,
    question: string,
    summary: string,
    passages: Passage[],
  ): Promise<ModelAnswer> {
    const grounded = loadPrompt('grounded-answer');
    const user = [
      dataBlock('case', summary || 'No case details given.'),
      dataBlock('question', question),
      passagesBlock(passages),
    ].join('\n');
    // Every model call of this turn stops at the turn's deadline; the extractive answer then takes over.
    const deadline = turnDeadline(request);
    const followUpPrompt = loadPrompt('follow-ups');
    const topics = passages
      .map(
        (p, i) =>
          `${i + 1}. ${shortTitle(p.title)}: ${p.section ?? ''}${p.recommendation ? ` (recommendation ${p.recommendation})` : ''}`,
      )
      .join('\n');
    // Follow-ups run alongside the answer so they add no latency; their failure costs nothing. They are skipped while the
    // model is rate-limited or its breaker waits on a trial call (that call belongs to the answer), and never retried.
    const followUps =
      (model!.health?.() ?? 'ok') !== 'ok'
        ? Promise.resolve([] as string[])
        : model!
            .complete({
              messages: [
                { role: 'system', content: followUpPrompt.text },
                {
                  role: 'user',
                  content: [
                    dataBlock('case', summary),
                    dataBlock('question', question),
                    dataBlock('topics', topics),
                  ].join('\n'),
                },
              ],
              maxTokens: followUpPrompt.maxTokens,
              temperature: followUpPrompt.temperature,
              signal: request.signal,
              purpose: 'follow-ups',
              deadline,
              retry: false,
            })
            .then((r) => (r.finishReason === 'stop' ? cleanFollowUps(r.text) : []))
            .catch(() => [] as string[]);
    const onProgress = request.onProgress;
    // Only checked text reaches the clinician: deltas are buffered to sentence boundaries, each sentence is checked against
    // the passages it cites (links stripped, citation valid, quote verbatim, every clinical element supported), and only
    // then streamed, with citation numbers final from the first time they are shown.
    const checked = new GroundedText(
      passages,
      { caseText: `${summary}\n${question}` },
      onProgress ? (text) => onProgress({ type: 'delta', text }) : undefined,
    );
    let writing = false;
    const onDelta = onProgress
      ? (text: string) => {
          // While the first sentence is being checked, the clinician sees what is happening, not a raw draft.
          if (!writing) {
            writing = true;
            onProgress({ type: 'status', message: 'Checking each sentence against the cited guideline text…' });
          }
          checked.push(text);
        }
      : undefined;
    // Structured output (where the deployment supports it): claims with their passage numbers, rendered here; not streamed
    // (half a JSON object is not an answer), the checked sentences are sent once it is complete.
    const structured = model!.structuredOutput === true;
    const result = await model!.complete({
      messages: [
        { role: 'system', content: structured ? `${grounded.text}\n\n${STRUCTURED_INSTRUCTION}` : grounded.text },
        { role: 'user', content: user },
      ],
      maxTokens: grounded.maxTokens,
      temperature: grounded.temperature,
      signal: request.signal,
      purpose: 'grounded-answer',
      deadline,
      ...(structured ? { responseFormat: { name: ANSWER_SCHEMA_NAME, schema: ANSWER_SCHEMA } } : { onDelta }),
    });
    modelOf.set(request, {
      deployment: model!.name,
      reported: result.model ?? null,
      route: model!.route ?? 'deployment',
    });
    // A reply cut at the token limit or stopped by the content filter is not an answer, however much of it passed.
    if (result.finishReason === 'length')
      throw new ModelUnavailableError('truncated', 'The model reply hit its length limit');
    if (result.finishReason === 'content_filter') {
      throw new ModelUnavailableError(
        'content-filter',
        `The model reply was filtered${result.filtered?.length ? ` (${result.filtered.join(', ')})` : ''}`,
      );
    }
    if (structured) checked.push(renderStructured(result.text) ?? result.text);
    else if (!onProgress) checked.push(result.text);
    const g = checked.end();
    groundingOf.set(request, g.grounding);
    log.info({ traceId: currentTraceId(), ...g.grounding, reasons: g.reasons }, 'grounding');
    const note = g.cited.length > 0 ? removedNote(g.grounding.removed) : null;
    return { text: note ? `${g.text}\n\n_${note}_` : g.text, cited: g.cited, followUps: await followUps };
  }

  /**
   * Superseded editions this question would have drawn on: the question's best recommendations with superseded editions
   * let in, kept when they come from one. Nothing to look for (no search) while no edition is superseded.
   */
  async function supersededFor(
    question: string,
    library: LibraryScope,
    supersessions: ReadonlyMap<string, Supersession>,
  ): Promise<Supersession[]> {
    if (supersessions.size === 0 || library.includeSuperseded) return [];
    const probe = await retriever.search(question, {
      top: SUPERSEDED_PROBE,
      filters: { ...library, includeSuperseded: true, kind: 'recommendation' },
    });
    return [
      ...new Set(
        probe.map((h) => supersessions.get(h.passage.docId)).filter((s): s is Supersession => s !== undefined),
      ),
    ];
  }

  /** When this turn's model work must end: the deadline counts from the turn's start, rewrite included. */
  function turnDeadline(request: AnswerRequest): number {
    return (turnStarted.get(request) ?? Date.now()) + (deps.config.azureOpenAI?.turnDeadlineMs ?? TURN_DEADLINE_MS);
  }

  /** The model's answer from these passages, or the note saying why the extractive answer stands in. */
  async function composeWithModel(
    request: AnswerRequest,
    question: string,
    summary: string,
    given: Passage[],
  ): Promise<ModelAnswer | { note: string }> {
    try {
      const result = await modelAnswer(request, question, summary, given);
      return result.cited.length > 0 ? result : { note: NOTE_NO_VALID_CITATION };
    } catch (err) {
      if (!(err instanceof ModelUnavailableError) || err.reason === 'aborted') throw err;
      return { note: NOTE_MODEL_FAILED[err.reason] ?? NOTE_MODEL_DEFAULT };
    }
  }

  /**
   * 5. Compose: the model's answer when there is a model and its answer holds (it may still say the passages do not
   * answer); else the extractive one, with the note saying why it stands in.
   */
  async function compose(
    request: AnswerRequest,
    asked: { question: string; summary: string; hits: SearchHit[] },
    modelPassages: () => Promise<Passage[]> | Passage[],
    extractive: () => Composed,
  ): Promise<Composed> {
    if (!model) return extractive();
    reportStatus(request, 'Writing the answer…');
    const outcome = await composeWithModel(request, asked.question, asked.summary, await modelPassages());
    if ('note' in outcome) return { ...extractive(), notes: [outcome.note] };
    const { text, cited, followUps } = outcome;
    return { mode: 'model', body: text, cited, refused: false, followUps, focus: text, hits: asked.hits, notes: [] };
  }

  /**
   * 1-3. De-identify the question and every history turn first (a caller may send raw history): nothing after this
   * step sees the raw text. A remote pass that fails leaves the local result, and the answer goes on. Then the red
   * flags, and the case; a follow-up about the same patient inherits the earlier turns' facts ("and her husband?"
   * does not).
   */
  async function readTurn(request: AnswerRequest): Promise<Turn> {
    const turns = request.history ?? [];
    const deidStarted = Date.now();
    const { results, remote } = await deidentifier.deidentify(
      [request.question, ...turns.map((t) => t.text)],
      request.signal,
    );
    const deidMs = Date.now() - deidStarted;
    const deid = results[0]!;
    const question = deid.text;
    const history: ConversationTurn[] = turns.map((t, i) => ({ role: t.role, text: results[i + 1]!.text }));
    const flags = detectRedFlags(question);
    const followUp = isFollowUp(question, history);
    const samePatient = followUp && !aboutAnotherPerson(question);
    let facts = readCase(question);
    if (samePatient) facts = mergeFacts(readCase(previousUserTurns(history).join('\n')), facts);
    return {
      question,
      history,
      redactions: redactionCounts(deid.entities),
      remote,
      deidMs,
      flags,
      urgentLine: flags.length ? urgentMessage(flags) : null,
      followUp,
      samePatient,
      facts,
      summary: summarizeCase(facts),
    };
  }

  /** 4. Recommendations (statement + discussion) for the turn, ordered by whom they are for. */
  async function searchRecommendations(
    request: AnswerRequest,
    turn: Turn,
    units: RecommendationUnitIndex,
  ): Promise<RecommendationSearch> {
    const { question, history, followUp, samePatient, facts, flags } = turn;
    reportStatus(request, 'Searching the guidelines…');
    const earlier = followUp ? previousUserTurns(history).join('\n') : '';
    // Model mode turns a follow-up into a standalone query; its words join the query (the rewrite may fail: null).
    const rewritten =
      followUp && model
        ? await rewriteWithModel(model, question, history, request.signal, turnDeadline(request))
        : null;
    // The asking sentence carries the intent; the earlier turn of a follow-up carries its topic.
    const terms = units.weightedTerms([
      { text: question, weight: 1 },
      { text: rewritten ?? '', weight: 1 },
      { text: askingSentence(question), weight: tuning.askingSentence },
      { text: earlier, weight: tuning.followUpContext },
      // What the case implies in the guidelines' words: drug classes of the medications, full condition names.
      { text: caseSearchTerms(facts).join(' '), weight: tuning.caseTerms },
      // An emergency's own topic ("lethal means", "crisis"), so what follows the urgent card is about it.
      { text: emergencyTopicTerms(flags).join(' '), weight: tuning.emergencyTopic },
    ]);
    // The caveat "written for X, which the case does not mention" reads the conversation's topic; fit reads this patient.
    const caseText = samePatient ? `${earlier}\n${question}` : question;
    const carried = new Set(
      followUp ? units.search(earlier, tuning.followUpGuidelineTop).map((h) => h.unit.statement.docId) : [],
    );
    // After an urgent card, only guideline content on that emergency (lethal means for suicide, not home BP), or none.
    const ranked = rankByApplicability(
      units.search(question, tuning.candidates, terms),
      caseText,
      facts,
      tuning,
      carried,
    ).filter((r) => fitsEmergency(`${r.unit.statement.section ?? ''} ${r.unit.statement.text}`, flags));
    return { ranked, hits: ranked.map((r) => ({ passage: r.unit.statement, score: r.score })), rewritten, earlier };
  }

  /** 5. The model's answer from the best-fitting statements, else the bottom line composed from them verbatim. */
  function composeFromRecommendations(
    request: AnswerRequest,
    turn: Turn,
    library: LibraryScope,
    { ranked, hits, rewritten, earlier }: RecommendationSearch,
  ): Promise<Composed> {
    const { question, followUp, facts, summary } = turn;
    const statements = ranked.map((r) => r.unit.statement);
    // The best-fitting statements, then discussion text the passage engine finds, so the model can explain.
    const modelPassages = async () => {
      const context = (await retriever.search(rewritten ?? question, { top: MODEL_CONTEXT * 2, filters: library }))
        .map((h) => h.passage)
        .filter((p) => p.kind !== 'recommendation' && looksLikeProse(p.text))
        .slice(0, MODEL_CONTEXT);
      return [...statements.slice(0, MODEL_PASSAGES - context.length), ...context];
    };
    const extractive = (): Composed => {
      const composed = composeBottomLine(
        ranked,
        question,
        tuning.compose,
        conditionsNotInCase(facts, followUp ? `${earlier}\n${question}` : question),
      );
      const { text, cited } = checkCitations(composed.text, composed.passages);
      const followUps = suggestFollowUps(facts, question, cited, statements);
      return { mode: 'extractive', body: text, cited, refused: false, followUps, focus: question, hits, notes: [] };
    };
    return compose(request, { question: rewritten ?? question, summary, hits }, modelPassages, extractive);
  }

  /**
   * 4. The passage search, for a library with no recommendation statements (plain-text protocols only) or an engine
   * that cannot list its passages: a history-aware query with the case's search terms, then the lexical evidence check.
   */
  async function searchPassages(request: AnswerRequest, turn: Turn, library: LibraryScope): Promise<PassageSearch> {
    const { question, history, followUp, facts } = turn;
    reportStatus(request, 'Searching the guidelines…');
    let query = followUp ? rewriteDeterministic(question, history) : question;
    if (followUp && model)
      query = (await rewriteWithModel(model, question, history, request.signal, turnDeadline(request))) ?? query;
    const caseTerms = caseSearchTerms(facts);
    // Searches fused: the whole case (context) and the asking sentence with the case's conditions (intent), so a
    // long case description cannot drown the question; then the recommendation statements among a deeper cut of
    // the first list, since short statements lose to long discussion text on term counts yet are what a clinician
    // acts on.
    const ask = [askingSentence(query), ...facts.conditions].join(' ');
    const [deep, focused] = await Promise.all([
      retriever.search([query, ...caseTerms].join(' '), { top: DEEP_TOP, filters: library }),
      // A one-sentence question is its own asking sentence: the first search already says it all.
      askingSentence(query) === query.trim()
        ? Promise.resolve([] as SearchHit[])
        : retriever.search(ask, { top: RETRIEVE_TOP, filters: library }),
    ]);
    const fused = fuseRankings([deep.slice(0, RETRIEVE_TOP), focused]);
    const recommendations = deep.filter((h) => h.passage.kind === 'recommendation').slice(0, RECOMMENDATIONS_TOP);
    const hits = fuseRankings([fused, recommendations]).slice(0, CANDIDATES_TOP);
    // Evidence is judged on the relevance order alone, not on the recommendation boost.
    const evidence = assessEvidence(
      ask,
      fused.map((h) => h.passage),
    );
    return { query, caseTerms, ask, deep, hits, evidence };
  }

  /** 5. The model's answer from the passages ranked for the case, else guideline text quoted verbatim. */
  function composeFromPassages(request: AnswerRequest, turn: Turn, found: PassageSearch): Promise<Composed> {
    const { facts, summary } = turn;
    const { query, caseTerms, ask, deep, hits, evidence } = found;
    const modelPassages = () =>
      rankForCase({ question: query, caseTerms, facts, hits })
        .slice(0, MODEL_PASSAGES)
        .map((s) => s.passage);
    const extractive = (): Composed => {
      const composed = composeExtractive({ question: query, caseTerms, facts, hits });
      // 6. The same checks as the model's answer: every [n] resolves, numbers run 1..k.
      const { text, cited } = checkCitations(composed.text, composed.passages);
      if (cited.length === 0)
        return refusal(refusalText('not-covered', closestTopics(ask, hits), evidence.missing), query, hits);
      const followUps = suggestFollowUps(
        facts,
        query,
        cited,
        [...hits, ...deep].map((h) => h.passage),
      );
      return { mode: 'extractive', body: text, cited, refused: false, followUps, focus: query, hits, notes: [] };
    };
    return compose(request, { question: query, summary, hits }, modelPassages, extractive);
  }

  /** Steps 4-5 on the recommendation statements when the library has them, else on its passages. */
  async function decideAndCompose(request: AnswerRequest, turn: Turn, library: LibraryScope): Promise<Composed> {
    const units = (await retriever.recommendationUnits?.(tuning.unit, library)) ?? null;
    if (units && units.units.length > 0) {
      const found = await searchRecommendations(request, turn, units);
      return (
        decideOnRecommendations(turn, found, units, tuning) ??
        (await composeFromRecommendations(request, turn, library, found))
      );
    }
    const found = await searchPassages(request, turn, library);
    return decideOnPassages(turn, found) ?? (await composeFromPassages(request, turn, found));
  }

  /** "What changed in the hypertension guideline?": the library's edition diff, each change cited. */
  function composeChanges(
    request: AnswerRequest,
    question: string,
    subject: string,
    families: FamilyChanges[],
  ): Composed {
    reportStatus(request, 'Comparing the editions…');
    const composed = composeWhatChanged(subject, families, { maxCitations: tuning.compose.changeCitations });
    // Nothing to compare is a plain statement about the library, with nothing to cite.
    const check = composed.passages.length ? checkCitations(composed.text, composed.passages) : null;
    return {
      mode: 'extractive',
      body: check?.text ?? composed.text,
      cited: check?.cited ?? [],
      refused: false,
      followUps: [],
      focus: question,
      hits: [],
      notes: [],
      aboutLibrary: true,
    };
  }

  /** The urgent line, the case as read, the body, then the disclaimer and the sources with their editions. */
  async function render(turn: Turn, composed: Composed, library: LibraryScope): Promise<string> {
    const { question, summary, urgentLine } = turn;
    const parts: string[] = [];
    if (urgentLine) parts.push(urgentLine);
    if (summary && !composed.aboutLibrary)
      parts.push(`_${/^read as:/i.test(summary) ? summary : `Read as: ${summary}`}_`);
    parts.push(composed.body);
    const supersessions = (await retriever.supersessions?.()) ?? new Map<string, Supersession>();
    const leftOut =
      composed.refused || composed.aboutLibrary ? [] : await supersededFor(question, library, supersessions);
    const footer = [
      DISCLAIMER,
      sourcesFooter(composed.cited, now(), {
        staleAfterYears: deps.config.library?.staleAfterYears,
        supersessions,
        leftOut,
      }),
    ]
      .filter(Boolean)
      .join('\n\n');
    parts.push(`---\n${footer}`);
    return parts.join('\n\n');
  }

  async function answer(request: AnswerRequest): Promise<CitedAnswer> {
    const started = Date.now();
    turnStarted.set(request, started);
    // A door serving a turn has already opened a trace: the answer shares its id, so logs and audit records line up.
    const traceId = currentTraceId() ?? randomUUID();
    const turn = await readTurn(request);
    request.onProgress?.({ type: 'read', urgentMessage: turn.urgentLine });
    // The part of the library this conversation draws on (a team's sets; current editions unless asked otherwise).
    const library: LibraryScope = request.scope ?? {};
    // "What changed in the hypertension guideline?" is answered from the library's editions, not from a ranking.
    const changedIn = turn.flags.length === 0 ? whatChangedSubject(turn.question) : null;
    const families = changedIn ? ((await retriever.editionChanges?.(changedIn, library)) ?? null) : null;
    const scope = families ? null : outOfScope(turn.question);
    const composed = families
      ? composeChanges(request, turn.question, changedIn!, families)
      : scope
        ? refusal(refusalText(scope, [], []), turn.question, [])
        : await decideAndCompose(request, turn, library);
    const { mode, refused, cited, notes } = composed;
    const grounding = groundingOf.get(request);
    const answerModel = modelOf.get(request);
    const result: CitedAnswer = {
      answer: await render(turn, composed, library),
      mode,
      urgent: turn.flags.length > 0,
      urgentMessage: turn.urgentLine,
      refused,
      case: turn.facts,
      caseSummary: turn.summary,
      redactions: turn.redactions,
      citations: toCitations(cited, composed.focus),
      followUps: refused ? [] : composed.followUps,
      notes,
      traceId,
      deidentifiedQuestion: turn.question,
      ...(grounding ? { grounding } : {}),
      ...(answerModel ? { model: answerModel } : {}),
    };
    log.info(
      {
        traceId,
        mode,
        urgent: result.urgent,
        refused,
        scope,
        followUp: turn.followUp,
        hits: composed.hits.length,
        citations: cited.length,
        redactions: turn.redactions.reduce((n, r) => n + r.count, 0),
        deid: turn.remote,
        deidMs: turn.deidMs,
        notes: notes.length,
        ms: Date.now() - started,
        ...(grounding ? { grounding } : {}),
        ...(answerModel ? { model: answerModel.reported ?? answerModel.deployment } : {}),
      },
      'answer',
    );
    return result;
  }

  return {
    answer,
    retriever,
    mode: model ? 'model' : 'extractive',
    deidentifier,
    modelHealth: () => (model ? (model.health?.() ?? 'ok') : null),
  };
}
