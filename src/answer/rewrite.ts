// History-aware query rewrite for follow-up turns ("and if she is pregnant?", "what about if eGFR < 30?").
// Extractive mode is deterministic: the previous turns' topic (lexicon concepts, else content words) is carried into
// the query. Model mode asks the query-rewrite prompt and falls back to the deterministic rewrite on any failure.
import { findConcepts, STOP_WORDS, tokenize } from '../retrieval/lexicon.js';
import { readCase } from './case.js';
import { stripLinks } from '../safety/links.js';
import type { ChatModel } from './model.js';
import { dataBlock, loadPrompt } from './prompts.js';
import type { ConversationTurn } from './types.js';

const FOLLOW_UP_OPENING =
  /^\s*(and|but|also|or|so|then|what about|how about|what if|and if|if|same|(?:ok(?:ay)?|alright|all right|got it|thanks|thx|gotcha|cool|great),?\s+(?:and|what|how|if|so|then|but)|in that case|instead)\b/i;
// Words that point back at a patient or thing named earlier. "this"/"that" alone are too common in standalone
// questions to count; "this patient", "that drug" do.
const ANAPHORA =
  /\b(she|he|her|him|his|hers|they|them|their|it|its|the patient|this patient|same patient|(this|that|these|those) (one|drug|medication|dose|agent|option|treatment|therapy|case|patient|regimen)|(?:same|this|that) (?:pt|lady|guy|man|woman|gentleman|person|kid|child|boy|girl|vet|veteran))\b/i;
/** How a message is told to lean on the conversation (each switch can be turned off to measure it). */
export const FOLLOW_UP_SETTINGS = {
  /** With no opening and no pointer back, a message of at most this many content words continues the conversation. */
  shortMessageWords: 3,
  /** ...even when it names a topic of its own ("prazosin?", "target bp?", "bup or methadone?"). */
  shortNamesItsTopic: true,
  /** "What about in CKD 4?" asks the earlier question again for another condition or setting. */
  sameQuestionElsewhere: true,
  /** "Would Lyrica be a reasonable next thing to try?": the next step of the treatment told earlier continues it. */
  nextInSequence: true,
};
// Words that place a message after what came before in the same care: the next thing, another or other option, instead.
const NEXT_IN_SEQUENCE =
  /\b(?:next\s(?:thing|step|option|line|choice|move|agent|drug|med|medication)|(?:another|other|different)\s(?:option|drug|med|medication|agent|choice|class)s?|instead|as\san\salternative)\b/i;
// "What about in CKD 4?", "how about for her?": the same question asked for another setting or condition.
const SAME_QUESTION_ELSEWHERE = /^\s*(?:and\s+)?(?:what|how)\s+about\s+(?:in|for|with|if|during|when|at)\b/i;
const GENERIC_CONCEPTS = ['treatment', 'first line', 'medication'];
// An age of its own ("3-month-old", "six-year-old", "2-hour-old newborn"): a message that gives one describes a new patient.
const STATED_AGE =
  /\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s?-?\s?(?:hours?|days?|weeks?|months?|years?)\s?-?\s?old\b/i;
// A message that brings its own patient ("my patient", "a veteran", "new pt", "a previously healthy boy") starts a new case.
const INTRODUCES_PATIENT =
  /\b(?:my|a|an|our|new|another)\s+(?:(?:new|older|young|elderly|female|male|healthy|previously healthy|full-term|preterm|pregnant),?\s+){0,3}(?:patient|pt|veteran|vet|man|woman|gentleman|lady|guy|client|service member|soldier|boy|girl|child|infant|newborn|neonate|baby|toddler|teen|teenager|adolescent)\b/i;

// "and her husband?", "same q for his daughter": the conversation's question, asked about someone else.
const ANOTHER_PERSON =
  /\b(?:her|his|their|the patient's|pt'?s|my patient's)\s+(?:[\w-]+\s+){0,2}(?:husband|wife|spouse|partner|boyfriend|girlfriend|son|daughter|child|kid|baby|mother|father|mom|dad|brother|sister|sibling|twin|grand(?:mother|father|ma|pa|son|daughter|child)|aunt|uncle|cousin|roommate|friend|caregiver)\b/i;

/** A follow-up about another person than the earlier turns' patient: their facts are not this person's. */
export function aboutAnotherPerson(question: string): boolean {
  return ANOTHER_PERSON.test(question);
}

/** The user's earlier turns, most recent last. */
export function previousUserTurns(history: ConversationTurn[] | undefined): string[] {
  return (history ?? []).filter((t) => t.role === 'user').map((t) => t.text);
}

/** The clinical conditions and concepts a message names by itself (lexicon concepts, conditions of the case reader). */
function ownTopics(text: string): string[] {
  const concepts = findConcepts(tokenize(text))
    .map((m) => m.form)
    .filter((f) => !GENERIC_CONCEPTS.includes(f));
  return [...new Set([...concepts, ...readCase(text).conditions.map((c) => c.toLowerCase())])];
}

/**
 * A turn that leans on an earlier one: elliptical or anaphoric ("and if she is pregnant?", "what about metformin?",
 * "is it safe in CKD?"). A message that introduces its own patient ("58M with ...") or names a new clinical condition
 * without pointing back is a new question, whatever came before.
 */
export function isFollowUp(question: string, history: ConversationTurn[] | undefined): boolean {
  const earlier = previousUserTurns(history);
  if (earlier.length === 0) return false;
  // A new patient: an age or a sex-and-age shorthand opens a new case.
  if (readCase(question).age !== null || STATED_AGE.test(question)) return false;
  const opensAsContinuation =
    FOLLOW_UP_OPENING.test(question) || (FOLLOW_UP_SETTINGS.nextInSequence && NEXT_IN_SEQUENCE.test(question));
  // "My patient says he ...": the pronoun points at the patient this message introduces, not at an earlier one.
  if (!opensAsContinuation && INTRODUCES_PATIENT.test(question)) return false;
  const pointsBack = ANAPHORA.test(question);
  const earlierConditions = new Set(readCase(earlier.join('\n')).conditions);
  const newCondition = readCase(question).conditions.some((c) => !earlierConditions.has(c));
  if (opensAsContinuation || pointsBack) {
    // "What about lung cancer screening?" after a PTSD question asks about something else; "and if she also has
    // CKD?" points back at the same patient.
    return (
      pointsBack ||
      !newCondition ||
      (FOLLOW_UP_SETTINGS.sameQuestionElsewhere && SAME_QUESTION_ELSEWHERE.test(question))
    );
  }
  // No opening and no pointer back: only a message with no topic of its own ("options?", "dose?") continues.
  const content = tokenize(question).filter((t) => !STOP_WORDS.has(t));
  return (
    (FOLLOW_UP_SETTINGS.shortNamesItsTopic || ownTopics(question).length === 0) &&
    content.length <= FOLLOW_UP_SETTINGS.shortMessageWords
  );
}

/** The topic words of a text: its lexicon concepts' surface forms, or its content words when it names none. */
export function topicOf(text: string): string[] {
  const tokens = tokenize(text);
  const concepts = findConcepts(tokens)
    .map((m) => m.form)
    .filter((f) => !GENERIC_CONCEPTS.includes(f));
  if (concepts.length) return [...new Set(concepts)];
  return [...new Set(tokens.filter((t) => !STOP_WORDS.has(t) && !/^\d+$/.test(t)))].slice(0, 8);
}

/** Deterministic standalone query: the follow-up's own words first, then the earlier turns' topic. */
export function rewriteDeterministic(question: string, history: ConversationTurn[] | undefined): string {
  if (!isFollowUp(question, history)) return question;
  const earlier = previousUserTurns(history);
  // The most recent standalone turn sets the topic; later follow-ups refine it.
  const carried: string[] = [];
  for (let i = earlier.length - 1; i >= 0; i--) {
    const turn = earlier[i]!;
    carried.unshift(...topicOf(turn));
    const before = earlier.slice(0, i).map((text): ConversationTurn => ({ role: 'user', text }));
    if (!isFollowUp(turn, before)) break;
  }
  const own = new Set(topicOf(question));
  const extra = [...new Set(carried)].filter((t) => !own.has(t));
  return extra.length ? `${question} ${extra.join(' ')}` : question;
}

/** The rewrite is a search query, not an answer: it gets this long at most, and never a link. */
const REWRITE_DEADLINE_MS = 6000;
const REWRITE_MAX_CHARS = 300;

/** Model rewrite; returns null when the model fails or answers with something unusable. */
export async function rewriteWithModel(
  model: ChatModel,
  question: string,
  history: ConversationTurn[],
  signal?: AbortSignal,
  /** The turn's own deadline (epoch ms): the rewrite never runs past it, so it cannot stretch the turn. */
  turnDeadline = Infinity,
): Promise<string | null> {
  const prompt = loadPrompt('query-rewrite');
  const transcript = history
    .slice(-6)
    .map((t) => `${t.role}: ${t.text.slice(0, 600)}`)
    .join('\n');
  try {
    const result = await model.complete({
      messages: [
        { role: 'system', content: prompt.text },
        { role: 'user', content: `${dataBlock('history', transcript)}\n${dataBlock('latest', question)}` },
      ],
      maxTokens: prompt.maxTokens,
      temperature: prompt.temperature,
      signal,
      purpose: 'query-rewrite',
      // Bounded on its own and by the turn (it runs before retrieval); a failure only costs the rewrite.
      deadline: Math.min(Date.now() + REWRITE_DEADLINE_MS, turnDeadline),
    });
    if (result.finishReason !== null && result.finishReason !== 'stop') return null;
    const line =
      stripLinks(result.text)
        .split('\n')
        .map((l) => l.trim())
        .find(Boolean)
        ?.replace(/^["']|["']$/g, '')
        .trim() ?? '';
    return line.length >= 3 && line.length <= REWRITE_MAX_CHARS ? line : null;
  } catch {
    return null;
  }
}
