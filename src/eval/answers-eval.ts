// Answer quality, measured end to end through the pipeline: does the answer cite the right guideline and the right
// recommendation (labels read from the guidelines' own recommendation tables), are its citations valid, and does it
// decline what the guidelines do not cover. Safety (de-identification, red flags) comes from src/eval/safety-eval.ts.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import { citedNumbers } from '../answer/citations.js';
import type { AnswerPipeline } from '../answer/pipeline.js';
import type { CitedAnswer } from '../answer/types.js';

export const DEFAULT_ANSWER_CASES = path.join(REPO_ROOT, 'test', 'answer', 'cases.json');

export interface AnswerCase {
  id: string;
  question: string;
  /** File name of the guideline that answers it. */
  source: string;
  /** Recommendation numbers in that guideline that answer it (any one counts). */
  recommendations: string[];
  /** "dev": used while building (optimistic); "heldout": written afterwards, run without tuning. */
  set?: string;
}

export interface RefuseCase {
  id: string;
  question: string;
  kind: 'not-covered' | 'out-of-scope';
  set?: string;
}

export interface AnswerCaseSet {
  cases: AnswerCase[];
  refuse: RefuseCase[];
}

export function loadAnswerCases(file = DEFAULT_ANSWER_CASES): AnswerCaseSet {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AnswerCaseSet>;
  return { cases: raw.cases ?? [], refuse: raw.refuse ?? [] };
}

export interface CaseResult {
  id: string;
  set: string;
  refused: boolean;
  /** Expected guideline among the citations. */
  guidelineCited: boolean;
  /** Expected guideline is citation [1]. */
  guidelineFirst: boolean;
  /** An expected recommendation of the expected guideline is cited. */
  recommendationCited: boolean;
  /** The first recommendation the answer quotes is an expected one (what the clinician reads first). */
  recommendationFirst: boolean;
  citationsValid: boolean;
  citations: number;
  ms: number;
  /** What was cited, for reading failures: "file#rec". */
  cited: string[];
  /** Model mode: the grounding check's counts for this answer (statements written, kept, removed). */
  grounding?: { sentences: number; supported: number; removed: number };
}

export interface RefuseResult {
  id: string;
  set: string;
  kind: RefuseCase['kind'];
  refused: boolean;
  ms: number;
}

export interface AnswerSummary {
  cases: number;
  answered: number;
  guidelineCited: number;
  guidelineFirst: number;
  recommendationCited: number;
  recommendationFirst: number;
  citationValidity: number;
  meanCitations: number;
  notCovered: number;
  outOfScope: number;
  refusedNotCovered: number;
  refusedOutOfScope: number;
  p50Ms: number;
  p95Ms: number;
  /** Model mode: supported statements / all statements the model wrote, and statements removed per model answer. */
  groundedShare: number | null;
  removedPerAnswer: number | null;
}

export interface AnswerEvaluation {
  mode: 'model' | 'extractive';
  cases: CaseResult[];
  refuse: RefuseResult[];
  /** By set name, plus "all". */
  summaries: Record<string, AnswerSummary>;
}

/**
 * Structural validity of an answer's citations: every [n] in the text has a citation record, every record is used,
 * records run 1..k, and each has a non-empty quote. Whether a quote is verbatim is not checked here (the answer alone
 * does not hold the passage text): test/answer/real-index.test.ts checks every quote against its passage in the index.
 */
export function citationsValid(a: CitedAnswer): boolean {
  const used = new Set(citedNumbers(a.answer));
  const records = a.citations.map((c) => c.n);
  if (records.some((n, i) => n !== i + 1)) return false;
  if (used.size !== records.length || [...used].some((n) => !records.includes(n))) return false;
  return a.citations.every((c) => c.quote.trim().length > 0);
}

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export async function evaluateAnswers(
  pipeline: AnswerPipeline,
  set: AnswerCaseSet,
  onCase?: (done: number, total: number) => void,
): Promise<AnswerEvaluation> {
  const total = set.cases.length + set.refuse.length;
  let done = 0;
  const cases: CaseResult[] = [];
  for (const c of set.cases) {
    const t0 = Date.now();
    const a = await pipeline.answer({ question: c.question });
    const ms = Date.now() - t0;
    const bySource = a.citations.filter((x) => x.source === c.source);
    cases.push({
      id: c.id,
      set: c.set ?? 'dev',
      refused: a.refused,
      guidelineCited: bySource.length > 0,
      guidelineFirst: a.citations[0]?.source === c.source,
      recommendationCited: bySource.some(
        (x) => x.recommendation !== null && c.recommendations.includes(x.recommendation),
      ),
      recommendationFirst: (() => {
        const first = a.citations.find((x) => x.recommendation !== null);
        return first !== undefined && first.source === c.source && c.recommendations.includes(first.recommendation!);
      })(),
      citationsValid: citationsValid(a),
      citations: a.citations.length,
      ms,
      cited: a.citations.map((x) => `${x.source}#${x.recommendation ?? (x.page !== null ? `p${x.page}` : '-')}`),
      ...(a.grounding ? { grounding: a.grounding } : {}),
    });
    onCase?.(++done, total);
  }
  const refuse: RefuseResult[] = [];
  for (const r of set.refuse) {
    const t0 = Date.now();
    const a = await pipeline.answer({ question: r.question });
    refuse.push({ id: r.id, set: r.set ?? 'dev', kind: r.kind, refused: a.refused, ms: Date.now() - t0 });
    onCase?.(++done, total);
  }
  const sets = [...new Set([...cases.map((c) => c.set), ...refuse.map((r) => r.set)])];
  const summaries: Record<string, AnswerSummary> = {};
  for (const name of sets)
    summaries[name] = summarize(
      cases.filter((c) => c.set === name),
      refuse.filter((r) => r.set === name),
    );
  if (sets.length > 1) summaries.all = summarize(cases, refuse);
  return { mode: pipeline.mode, cases, refuse, summaries };
}

function summarize(cases: CaseResult[], refuse: RefuseResult[]): AnswerSummary {
  const share = <T>(xs: T[], f: (x: T) => boolean) => (xs.length ? xs.filter(f).length / xs.length : 0);
  const answered = cases.filter((c) => !c.refused);
  const notCovered = refuse.filter((r) => r.kind === 'not-covered');
  const outOfScope = refuse.filter((r) => r.kind === 'out-of-scope');
  const times = [...cases.map((c) => c.ms), ...refuse.map((r) => r.ms)];
  const grounded = cases
    .map((c) => c.grounding)
    .filter((g): g is NonNullable<CaseResult['grounding']> => g !== undefined);
  const sentences = grounded.reduce((n, g) => n + g.sentences, 0);
  return {
    cases: cases.length,
    answered: share(cases, (c) => !c.refused),
    guidelineCited: share(cases, (c) => c.guidelineCited),
    guidelineFirst: share(cases, (c) => c.guidelineFirst),
    recommendationCited: share(cases, (c) => c.recommendationCited),
    recommendationFirst: share(cases, (c) => c.recommendationFirst),
    citationValidity: share(answered, (c) => c.citationsValid),
    meanCitations: answered.length ? answered.reduce((n, c) => n + c.citations, 0) / answered.length : 0,
    notCovered: notCovered.length,
    outOfScope: outOfScope.length,
    refusedNotCovered: share(notCovered, (r) => r.refused),
    refusedOutOfScope: share(outOfScope, (r) => r.refused),
    p50Ms: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    groundedShare: sentences ? grounded.reduce((n, g) => n + g.supported, 0) / sentences : null,
    removedPerAnswer: grounded.length ? grounded.reduce((n, g) => n + g.removed, 0) / grounded.length : null,
  };
}

export function answerSummaryRows(e: AnswerEvaluation): Record<string, string | number>[] {
  const names = Object.keys(e.summaries);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const row = (metric: string, f: (s: AnswerSummary) => string | number) =>
    Object.fromEntries([['metric', metric], ...names.map((n) => [n, f(e.summaries[n]!)])]) as Record<
      string,
      string | number
    >;
  return [
    row(`case questions (mode: ${e.mode})`, (s) => s.cases),
    row('answered (not refused)', (s) => pct(s.answered)),
    row('right guideline cited (any citation)', (s) => pct(s.guidelineCited)),
    row('right guideline is citation [1]', (s) => pct(s.guidelineFirst)),
    row('right recommendation number cited', (s) => pct(s.recommendationCited)),
    row('right recommendation quoted first', (s) => pct(s.recommendationFirst)),
    row('answers with valid citations', (s) => pct(s.citationValidity)),
    row('citations per answer (mean)', (s) => s.meanCitations.toFixed(2)),
    row('not-covered questions refused', (s) => `${pct(s.refusedNotCovered)} of ${s.notCovered}`),
    row('out-of-scope requests refused', (s) =>
      s.outOfScope ? `${pct(s.refusedOutOfScope)} of ${s.outOfScope}` : '-',
    ),
    row('latency p50 / p95 (ms)', (s) => `${s.p50Ms} / ${s.p95Ms}`),
    ...(e.mode === 'model'
      ? [
          row('model statements supported by their citations', (s) =>
            s.groundedShare === null ? '-' : pct(s.groundedShare),
          ),
          row('model statements removed per answer (mean)', (s) =>
            s.removedPerAnswer === null ? '-' : s.removedPerAnswer.toFixed(2),
          ),
        ]
      : []),
  ];
}

/** The cases that missed, one line each, for reading failures (ids and cited sources only, never answer text). */
export function answerFailures(e: AnswerEvaluation): string[] {
  const lines: string[] = [];
  for (const c of e.cases) {
    if (c.refused || !c.recommendationFirst || !c.citationsValid) {
      lines.push(
        `[${c.set}] ${c.id}: ${c.refused ? 'REFUSED' : ''}${c.guidelineCited ? '' : ' wrong-guideline'}${c.recommendationCited ? (c.recommendationFirst ? '' : ' rec-not-first') : ' wrong-rec'}${c.citationsValid ? '' : ' invalid-citations'} cited=[${c.cited.join(', ')}]`,
      );
    }
  }
  for (const r of e.refuse) if (!r.refused) lines.push(`[${r.set}] ${r.id}: answered a ${r.kind} request`);
  return lines;
}
