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
import type { Retriever, SearchHit, Supersession } from '../retrieval/retriever.js';
import { redactionCounts } from '../safety/deid.js';
import { localDeidentifier, type Deidentifier } from '../safety/deidentifier.js';
import { detectRedFlags, emergencyTopicTerms, fitsEmergency, urgentMessage } from '../safety/red-flags.js';
import { caseSearchTerms, readCase, summarizeCase } from './case.js';
import { checkCitations, quoteFor, toCitations } from './citations.js';
import { composeBottomLine, composeExtractive, looksLikeProse, rankForCase, shortTitle } from './extractive.js';
import { conditionsNotInCase, decideCoverage, rankByApplicability } from './select.js';
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
  return {
    age: current.age ?? earlier.age,
    ageOver89: current.age !== null ? current.ageOver89 : earlier.ageOver89,
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
  ): Promise<{ text: string; cited: Passage[]; followUps: string[] }> {
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
  ): Promise<{ text: string; cited: Passage[]; followUps: string[] } | { note: string }> {
    try {
      const result = await modelAnswer(request, question, summary, given);
      return result.cited.length > 0 ? result : { note: NOTE_NO_VALID_CITATION };
    } catch (err) {
      if (!(err instanceof ModelUnavailableError) || err.reason === 'aborted') throw err;
      return { note: NOTE_MODEL_FAILED[err.reason] ?? NOTE_MODEL_DEFAULT };
    }
  }

  async function answer(request: AnswerRequest): Promise<CitedAnswer> {
    const started = Date.now();
    turnStarted.set(request, started);
    // A door serving a turn has already opened a trace: the answer shares its id, so logs and audit records line up.
    const traceId = currentTraceId() ?? randomUUID();
    const status = (message: string) => request.onProgress?.({ type: 'status', message });

    // 1. De-identify first, the question and every history turn (a caller may send raw history): nothing below sees
    // the raw text. A remote pass that fails leaves the local result, and the answer goes on.
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
    const redactions = redactionCounts(deid.entities);

    // 2. Red flags open the answer, whatever follows.
    const flags = detectRedFlags(question);
    const urgentLine = flags.length ? urgentMessage(flags) : null;

    // 3. Read the case; a follow-up about the same patient inherits the earlier turns' facts ("and her husband?" does not).
    const followUp = isFollowUp(question, history);
    const samePatient = followUp && !aboutAnotherPerson(question);
    let facts = readCase(question);
    if (samePatient) facts = mergeFacts(readCase(previousUserTurns(history).join('\n')), facts);
    const summary = summarizeCase(facts);

    const notes: string[] = [];
    let mode: CitedAnswer['mode'] = 'extractive';
    let body = '';
    let cited: Passage[] = [];
    let refused = false;
    let followUps: string[] = [];
    let focus = question;
    /** The model's answer becomes the turn's answer; a note says why the extractive answer stands in instead. */
    const useModel = (outcome: Awaited<ReturnType<typeof composeWithModel>>) => {
      if ('note' in outcome) return void notes.push(outcome.note);
      mode = 'model';
      ({ text: body, cited, followUps } = outcome);
      focus = body;
    };

    // The part of the library this conversation draws on (a team's sets; current editions unless asked otherwise).
    const library: LibraryScope = request.scope ?? {};
    // "What changed in the hypertension guideline?" is answered from the library's editions, not from a ranking.
    const changedIn = flags.length === 0 ? whatChangedSubject(question) : null;
    const families = changedIn ? ((await retriever.editionChanges?.(changedIn, library)) ?? null) : null;
    const scope = families ? null : outOfScope(question);
    let hits: SearchHit[] = [];
    const units = scope || families ? null : ((await retriever.recommendationUnits?.(tuning.unit, library)) ?? null);
    if (families) {
      status('Comparing the editions…');
      const composed = composeWhatChanged(changedIn!, families, { maxCitations: tuning.compose.changeCitations });
      // Nothing to compare is a plain statement about the library, with nothing to cite.
      const check = composed.passages.length ? checkCitations(composed.text, composed.passages) : null;
      body = check?.text ?? composed.text;
      cited = check?.cited ?? [];
    } else if (scope) {
      refused = true;
      body = refusalText(scope, [], []);
    } else if (units && units.units.length > 0) {
      // 4. Retrieve recommendations (statement + discussion), then order them by whom they are for.
      status('Searching the guidelines…');
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
      hits = ranked.map((r) => ({ passage: r.unit.statement, score: r.score }));
      const coverage = decideCoverage(question, ranked, units, tuning);
      const statements = ranked.map((r) => r.unit.statement);
      if (flags.length && ranked.length === 0) {
        body = 'No loaded guideline recommendation addresses this emergency; follow the urgent steps above.';
      } else if (!coverage.covered) {
        refused = true;
        body = refusalText(
          coverage.kind,
          coverage.missing.length ? [] : closestTopics(question, hits),
          coverage.missing,
        );
      } else if (
        asksForDose(question) &&
        !passagesGiveDose(ranked.slice(0, MODEL_PASSAGES).flatMap((r) => [r.unit.statement, ...r.unit.discussion]))
      ) {
        refused = true;
        body = refusalText('dose', closestTopics(question, hits), []);
      } else {
        // 5. Compose: the model when there is one (it may still say the passages do not answer), else verbatim text.
        if (model) {
          status('Writing the answer…');
          // The best-fitting statements, then discussion text the passage engine finds, so the model can explain.
          const context = (await retriever.search(rewritten ?? question, { top: MODEL_CONTEXT * 2, filters: library }))
            .map((h) => h.passage)
            .filter((p) => p.kind !== 'recommendation' && looksLikeProse(p.text))
            .slice(0, MODEL_CONTEXT);
          const given = [...statements.slice(0, MODEL_PASSAGES - context.length), ...context];
          const outcome = await composeWithModel(request, rewritten ?? question, summary, given);
          useModel(outcome);
        }
        if (mode === 'extractive') {
          const composed = composeBottomLine(
            ranked,
            question,
            tuning.compose,
            conditionsNotInCase(facts, followUp ? `${earlier}\n${question}` : question),
          );
          const check = checkCitations(composed.text, composed.passages);
          body = check.text;
          cited = check.cited;
          followUps = suggestFollowUps(facts, question, cited, statements);
        }
      }
    } else {
      // The passage path, for a library with no recommendation statements (plain-text protocols only) or an engine that
      // cannot list its passages: passages ranked and quoted, with the lexical evidence check.
      {
        // 4. Retrieve, with a history-aware query and the case's search terms.
        status('Searching the guidelines…');
        let query = followUp ? rewriteDeterministic(question, history) : question;
        if (followUp && model)
          query = (await rewriteWithModel(model, question, history, request.signal, turnDeadline(request))) ?? query;
        // Quotes in the references are cut around the same words as the quotes in the answer.
        focus = query;
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
        hits = fuseRankings([fused, recommendations]).slice(0, CANDIDATES_TOP);
        // Evidence is judged on the relevance order alone, not on the recommendation boost.
        const evidence = assessEvidence(
          ask,
          fused.map((h) => h.passage),
        );
        const passages = hits.map((h) => h.passage);

        if (!evidence.sufficient) {
          refused = true;
          body = refusalText('not-covered', closestTopics(ask, hits), evidence.missing);
        } else if (asksForDose(query) && !passagesGiveDose(passages.slice(0, MODEL_PASSAGES))) {
          refused = true;
          body = refusalText('dose', closestTopics(ask, hits), []);
        } else if (recommendationCoverage(ask, passages) < EVIDENCE.best) {
          // The topic is mentioned, but no recommendation addresses it: say so, and show where it is mentioned.
          refused = true;
          // Only text that holds the question's topic is worth showing; an unrelated "closest" quote misleads.
          const topic = topicTerms(ask);
          const held = (p: Passage) => coverage(topic, passageStems(p));
          const closest = rankForCase({ question: query, caseTerms, facts, hits })
            .map((s) => s.passage)
            .filter((p) => looksLikeProse(p.text) && held(p) >= EVIDENCE.combined)
            .sort((a, b) => held(b) - held(a))[0];
          body = refusalText('no-recommendation', closestTopics(ask, hits), []);
          if (closest) {
            cited = [closest];
            body += `\n\nClosest guideline text (${shortTitle(closest.title)}, not a recommendation): "${quoteFor(closest, query)}" [1]`;
          }
        } else {
          // 5. Compose: the model when there is one, else (or when it fails) verbatim guideline text.
          if (model) {
            status('Writing the answer…');
            const given = rankForCase({ question: query, caseTerms, facts, hits })
              .slice(0, MODEL_PASSAGES)
              .map((s) => s.passage);
            const outcome = await composeWithModel(request, query, summary, given);
            useModel(outcome);
          }
          if (mode === 'extractive') {
            const composed = composeExtractive({ question: query, caseTerms, facts, hits });
            // 6. The same checks as the model's answer: every [n] resolves, numbers run 1..k.
            const check = checkCitations(composed.text, composed.passages);
            body = check.text;
            cited = check.cited;
            followUps = suggestFollowUps(
              facts,
              query,
              cited,
              [...hits, ...deep].map((h) => h.passage),
            );
            if (cited.length === 0) {
              refused = true;
              body = refusalText('not-covered', closestTopics(ask, hits), evidence.missing);
            }
          }
        }
      }
    }
    const parts: string[] = [];
    if (urgentLine) parts.push(urgentLine);
    // A question about the library's editions has no patient: no "Read as" line.
    if (summary && !families) parts.push(`_${/^read as:/i.test(summary) ? summary : `Read as: ${summary}`}_`);
    parts.push(body);
    const supersessions = (await retriever.supersessions?.()) ?? new Map<string, Supersession>();
    const leftOut = refused || scope || families ? [] : await supersededFor(question, library, supersessions);
    const footer = [
      DISCLAIMER,
      sourcesFooter(cited, now(), { staleAfterYears: deps.config.library?.staleAfterYears, supersessions, leftOut }),
    ]
      .filter(Boolean)
      .join('\n\n');
    parts.push(`---\n${footer}`);

    const result: CitedAnswer = {
      answer: parts.join('\n\n'),
      mode,
      urgent: flags.length > 0,
      urgentMessage: urgentLine,
      refused,
      case: facts,
      caseSummary: summary,
      redactions,
      citations: toCitations(cited, focus),
      followUps: refused ? [] : followUps,
      notes,
      traceId,
      deidentifiedQuestion: question,
      ...(groundingOf.has(request) ? { grounding: groundingOf.get(request) } : {}),
      ...(modelOf.has(request) ? { model: modelOf.get(request) } : {}),
    };
    log.info(
      {
        traceId,
        mode,
        urgent: result.urgent,
        refused,
        scope,
        followUp,
        hits: hits.length,
        citations: cited.length,
        redactions: redactions.reduce((n, r) => n + r.count, 0),
        deid: remote,
        deidMs,
        notes: notes.length,
        ms: Date.now() - started,
        ...(groundingOf.has(request) ? { grounding: groundingOf.get(request) } : {}),
        ...(modelOf.has(request) ? { model: modelOf.get(request)!.reported ?? modelOf.get(request)!.deployment } : {}),
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
