// Models side by side (`curbside eval answers --cases FILE --model A --model B`): the same clinician questions through the
// same pipeline and retriever, once per named model profile, scored the same way (gold cited and first, false refusals),
// plus what only a model has: how much of what it wrote was supported by its citations, how many statements the grounding
// check removed, how often it fell back to the extractive answer, its latency and its tokens. This is how an organisation
// checks a new (e.g. healthcare) model against its current one on its own reviewed cases before switching.
import type { ChatModel, ChatRequest, ChatResult } from '../answer/model.js';
import type { AnswerPipeline } from '../answer/pipeline.js';
import { scoreCase, type ClinicalCase, type ClinicalResult } from './clinical-cases.js';

/** Token and call counts of every model call a pipeline makes (answer, follow-ups, rewrite). */
export interface ModelUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Calls whose reply reported no usage (streamed replies): their tokens are not in the totals. */
  callsWithoutUsage: number;
}

/** Wraps a model so every call's usage is counted; everything else is the model's own (capabilities are read live). */
export function countingModel(inner: ChatModel): { model: ChatModel; usage: () => ModelUsage } {
  const usage: ModelUsage = { calls: 0, promptTokens: 0, completionTokens: 0, callsWithoutUsage: 0 };
  const model: ChatModel = {
    name: inner.name,
    route: inner.route,
    get structuredOutput() {
      return inner.structuredOutput;
    },
    async complete(request: ChatRequest): Promise<ChatResult> {
      const result = await inner.complete(request);
      usage.calls++;
      if (result.usage) {
        usage.promptTokens += result.usage.promptTokens;
        usage.completionTokens += result.usage.completionTokens;
      } else usage.callsWithoutUsage++;
      return result;
    },
    ...(inner.health ? { health: () => inner.health!() } : {}),
    ...(inner.capabilities ? { capabilities: () => inner.capabilities!() } : {}),
    ...(inner.identity ? { identity: () => inner.identity!() } : {}),
  };
  return { model, usage: () => ({ ...usage }) };
}

export interface ProfileCaseResult extends ClinicalResult {
  /** The turn's answer was the model's (not the extractive fallback). */
  modelAnswered: boolean;
  grounding: { sentences: number; supported: number; removed: number } | null;
  /** Model name the service reported for this turn, when it did. */
  reportedModel: string | null;
}

export interface ProfileRun {
  profile: string;
  /** Deployment (or "extractive"). */
  deployment: string;
  results: ProfileCaseResult[];
  usage: ModelUsage | null;
}

/** Runs every case through one profile's pipeline, in order (one at a time: latency is the model's, not a queue's). */
export async function runProfile(
  profile: string,
  pipeline: AnswerPipeline,
  counted: { model: ChatModel; usage: () => ModelUsage } | null,
  cases: ClinicalCase[],
  onCase?: (done: number) => void,
): Promise<ProfileRun> {
  const results: ProfileCaseResult[] = [];
  for (const c of cases) {
    const t0 = Date.now();
    const a = await pipeline.answer({
      question: c.question,
      history: c.history.map((text) => ({ role: 'user' as const, text })),
    });
    results.push({
      ...scoreCase(c, a, Date.now() - t0),
      modelAnswered: a.mode === 'model',
      grounding: a.grounding ?? null,
      reportedModel: a.model?.reported ?? null,
    });
    onCase?.(results.length);
  }
  return { profile, deployment: counted?.model.name ?? 'extractive', results, usage: counted?.usage() ?? null };
}

const ANSWER_KINDS = new Set(['answerable', 'answerable_uspstf', 'followup']);

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export interface ProfileSummary {
  profile: string;
  deployment: string;
  /** Distinct model names the service reported, most frequent first. */
  reportedModels: string[];
  questions: number;
  answerItems: number;
  cited: number;
  first: number;
  falseRefusals: number;
  /** Turns the model was asked to compose (an answer was not refused before the model). */
  modelTurns: number;
  modelAnswered: number;
  sentences: number;
  supported: number;
  removed: number;
  /** Answers the grounding check ran on. */
  groundedAnswers: number;
  p50Ms: number;
  p95Ms: number;
  usage: ModelUsage | null;
}

export function summarizeProfile(run: ProfileRun): ProfileSummary {
  const answer = run.results.filter((r) => ANSWER_KINDS.has(r.kind));
  const grounded = run.results.map((r) => r.grounding).filter((g): g is NonNullable<typeof g> => g !== null);
  const names = new Map<string, number>();
  for (const r of run.results) if (r.reportedModel) names.set(r.reportedModel, (names.get(r.reportedModel) ?? 0) + 1);
  return {
    profile: run.profile,
    deployment: run.deployment,
    reportedModels: [...names].sort((a, b) => b[1] - a[1]).map(([n]) => n),
    questions: run.results.length,
    answerItems: answer.length,
    cited: answer.filter((r) => r.cited).length,
    first: answer.filter((r) => r.first).length,
    falseRefusals: answer.filter((r) => r.refused).length,
    modelTurns: run.results.filter((r) => r.reportedModel !== null || r.modelAnswered).length,
    modelAnswered: run.results.filter((r) => r.modelAnswered).length,
    sentences: grounded.reduce((n, g) => n + g.sentences, 0),
    supported: grounded.reduce((n, g) => n + g.supported, 0),
    removed: grounded.reduce((n, g) => n + g.removed, 0),
    groundedAnswers: grounded.length,
    p50Ms: percentile(
      run.results.map((r) => r.ms),
      0.5,
    ),
    p95Ms: percentile(
      run.results.map((r) => r.ms),
      0.95,
    ),
    usage: run.usage,
  };
}

const frac = (n: number, d: number) => (d ? `${n}/${d} (${Math.round((100 * n) / d)}%)` : '-');

/** One row per metric, one column per profile: the side-by-side table. */
export function comparisonRows(summaries: ProfileSummary[]): Record<string, string>[] {
  const row = (metric: string, f: (s: ProfileSummary) => string) =>
    Object.fromEntries([['metric', metric], ...summaries.map((s) => [s.profile, f(s)])]) as Record<string, string>;
  const tokens = (s: ProfileSummary) => {
    if (!s.usage) return '-';
    const u = s.usage;
    const per = s.questions ? Math.round((u.promptTokens + u.completionTokens) / s.questions) : 0;
    const missing = u.callsWithoutUsage ? `; ${u.callsWithoutUsage} calls unreported` : '';
    return `${u.promptTokens} / ${u.completionTokens} (${per} per question${missing})`;
  };
  return [
    row('deployment', (s) => s.deployment),
    row('model reported by the service', (s) => s.reportedModels.join(', ') || '-'),
    row('gold recommendation cited', (s) => frac(s.cited, s.answerItems)),
    row('gold cited first', (s) => frac(s.first, s.answerItems)),
    row('false refusals', (s) => frac(s.falseRefusals, s.answerItems)),
    row('answered by the model (not the fallback)', (s) => (s.usage ? frac(s.modelAnswered, s.questions) : '-')),
    row('model statements supported by their citations', (s) => (s.usage ? frac(s.supported, s.sentences) : '-')),
    row('statements removed (total / per checked answer)', (s) =>
      s.usage ? `${s.removed} / ${s.groundedAnswers ? (s.removed / s.groundedAnswers).toFixed(2) : '-'}` : '-',
    ),
    row('latency p50 / p95 (ms)', (s) => `${s.p50Ms} / ${s.p95Ms}`),
    row('tokens prompt / completion', tokens),
  ];
}
