// History-aware query rewrite for follow-up turns ("and if she is pregnant?", "what about if eGFR < 30?").
// Extractive mode is deterministic: the previous turns' topic (lexicon concepts, else content words) is carried into
// the query. Model mode asks the query-rewrite prompt and falls back to the deterministic rewrite on any failure.
import { findConcepts, STOP_WORDS, tokenize } from '../retrieval/lexicon.js';
import type { ChatModel } from './model.js';
import { dataBlock, loadPrompt } from './prompts.js';
import type { ConversationTurn } from './types.js';

const FOLLOW_UP_OPENING = /^\s*(and|but|also|or|so|then|what about|how about|what if|and if|if|same|ok(ay)?,?\s+(and|what|how)|in that case|instead)\b/i;
const PRONOUN = /\b(she|he|they|her|him|them|it|this|that|these|those|the patient|this patient)\b/i;

/** The user's earlier turns, most recent last. */
export function previousUserTurns(history: ConversationTurn[] | undefined): string[] {
  return (history ?? []).filter((t) => t.role === 'user').map((t) => t.text);
}

/** A turn that leans on an earlier one: it opens like a continuation, or is short and names no clinical topic of its own. */
export function isFollowUp(question: string, history: ConversationTurn[] | undefined): boolean {
  if (previousUserTurns(history).length === 0) return false;
  if (FOLLOW_UP_OPENING.test(question)) return true;
  const tokens = tokenize(question);
  const content = tokens.filter((t) => !STOP_WORDS.has(t));
  const topics = findConcepts(tokens).filter((m) => !['treatment', 'first line', 'medication'].includes(m.form));
  return content.length <= 8 && (topics.length === 0 || PRONOUN.test(question));
}

/** The topic words of a text: its lexicon concepts' surface forms, or its content words when it names none. */
export function topicOf(text: string): string[] {
  const tokens = tokenize(text);
  const concepts = findConcepts(tokens).map((m) => m.form).filter((f) => !['treatment', 'first line', 'medication'].includes(f));
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

/** Model rewrite; returns null when the model fails or answers with something unusable. */
export async function rewriteWithModel(model: ChatModel, question: string, history: ConversationTurn[], signal?: AbortSignal): Promise<string | null> {
  const prompt = loadPrompt('query-rewrite');
  const transcript = history.slice(-6).map((t) => `${t.role}: ${t.text.slice(0, 600)}`).join('\n');
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
    });
    const line = result.text.split('\n').map((l) => l.trim()).find(Boolean)?.replace(/^["']|["']$/g, '') ?? '';
    return line.length >= 3 && line.length <= 300 ? line : null;
  } catch {
    return null;
  }
}
