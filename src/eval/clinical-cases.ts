// Answer quality on clinician case sets written outside the team (the schema of ../shared/eval/cases-dev): every kind
// (answerable, USPSTF, follow-up with history, emergency, not-urgent, out-of-scope) is run through the whole pipeline
// and scored the way a clinician reads the answer: is the gold recommendation cited, is it the first citation, is its
// strength shown right, was an answerable question refused, does an emergency open with the urgent card.
import fs from 'node:fs';
import path from 'node:path';
import type { AnswerPipeline } from '../answer/pipeline.js';
import type { CitedAnswer } from '../answer/types.js';

export type CaseKind = 'answerable' | 'answerable_uspstf' | 'followup' | 'emergency' | 'not_urgent' | 'out_of_scope';
export const CASE_KINDS: readonly CaseKind[] = [
  'answerable',
  'answerable_uspstf',
  'followup',
  'emergency',
  'not_urgent',
  'out_of_scope',
];

export interface ClinicalCase {
  id: string;
  kind: CaseKind;
  question: string;
  history: string[];
  guideline_file: string | null;
  recommendation: string | null;
  strength: string | null;
}

export function loadClinicalCases(file: string): ClinicalCase[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const c = JSON.parse(l) as Omit<Partial<ClinicalCase>, 'history'> & { history?: HistoryTurn[] };
      if (!c.id || !c.kind || !c.question || !CASE_KINDS.includes(c.kind))
        throw new Error(`${file}:${i + 1}: not a case (needs id, kind, question)`);
      return {
        id: c.id,
        kind: c.kind,
        question: c.question,
        history: (c.history ?? []).flatMap(earlierQuestion),
        guideline_file: c.guideline_file ?? null,
        recommendation: c.recommendation ?? null,
        strength: c.strength ?? null,
      };
    });
}

// Earlier turns as plain questions (the cases-dev schema) or as chat turns ({"role": "user", "text": ...}); the
// assistant's turns are not part of the history a follow-up is read with.
type HistoryTurn = string | { role?: string; text?: string; content?: string };
const earlierQuestion = (t: HistoryTurn): string[] =>
  typeof t === 'string' ? [t] : t.role === 'assistant' ? [] : [t.text ?? t.content ?? ''].filter(Boolean);

/** A case set file is in this schema when it is JSON Lines (the older own-cases file is one JSON object). */
export const isClinicalCaseFile = (file: string) => file.endsWith('.jsonl');

export interface ClinicalResult {
  id: string;
  kind: CaseKind;
  /** Gold cited anywhere / as citation [1] (answer kinds only). */
  cited: boolean;
  first: boolean;
  /** The gold citation shows the gold strength (answer kinds, when cited). */
  strengthRight: boolean;
  refused: boolean;
  urgent: boolean;
  ms: number;
  /** What was cited, "file#rec", for reading failures (never answer text). */
  citedAs: string[];
}

/** "Grade B", "B recommendation", "B" -> "b"; "N/A" / "Not applicable" (insufficient evidence) -> "neither for nor against". */
const normStrength = (s: string | null) =>
  (s ?? '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:grade )?([abcdi])(?: recommendation| statement)?$/, '$1')
    .replace(/^(not applicable|n\/a)$/, 'neither for nor against');

/** Same source file and, for a numbered recommendation, the same number. */
function isGold(c: ClinicalCase, x: CitedAnswer['citations'][number]): boolean {
  if (x.source !== c.guideline_file) return false;
  // A guideline summary (.md) is one statement: the file is the answer (some sets put the grade in `recommendation`).
  return c.recommendation === null || c.guideline_file.endsWith('.md') || x.recommendation === c.recommendation;
}

export function scoreCase(c: ClinicalCase, a: CitedAnswer, ms: number): ClinicalResult {
  const gold = a.citations.find((x) => isGold(c, x));
  return {
    id: c.id,
    kind: c.kind,
    cited: gold !== undefined,
    first: a.citations[0] !== undefined && isGold(c, a.citations[0]),
    strengthRight:
      gold !== undefined && c.strength !== null && normStrength(gold.strength) === normStrength(c.strength),
    refused: a.refused,
    urgent: a.urgent,
    ms,
    citedAs: a.citations.map((x) => `${x.source}#${x.recommendation ?? (x.page !== null ? `p${x.page}` : '-')}`),
  };
}

export async function evaluateClinicalCases(
  pipeline: AnswerPipeline,
  cases: ClinicalCase[],
  onCase?: (done: number) => void,
): Promise<ClinicalResult[]> {
  const out: ClinicalResult[] = [];
  for (const c of cases) {
    const t0 = Date.now();
    const a = await pipeline.answer({
      question: c.question,
      history: c.history.map((text) => ({ role: 'user' as const, text })),
    });
    out.push(scoreCase(c, a, Date.now() - t0));
    onCase?.(out.length);
  }
  return out;
}

const ANSWER_KINDS = new Set<CaseKind>(['answerable', 'answerable_uspstf', 'followup']);

export interface ClinicalSummary {
  answerItems: number;
  cited: number;
  first: number;
  strengthRight: number;
  falseRefusals: number;
  followups: number;
  followupsCited: number;
  emergencies: number;
  emergenciesFlagged: number;
  notUrgent: number;
  notUrgentClean: number;
  outOfScope: number;
  outOfScopeRefused: number;
  p50Ms: number;
  p95Ms: number;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function summarizeClinical(results: ClinicalResult[]): ClinicalSummary {
  const answer = results.filter((r) => ANSWER_KINDS.has(r.kind));
  const of = (kind: CaseKind) => results.filter((r) => r.kind === kind);
  const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;
  return {
    answerItems: answer.length,
    cited: count(answer, (r) => r.cited),
    first: count(answer, (r) => r.first),
    strengthRight: count(answer, (r) => r.strengthRight),
    falseRefusals: count(answer, (r) => r.refused),
    followups: of('followup').length,
    followupsCited: count(of('followup'), (r) => r.cited),
    emergencies: of('emergency').length,
    emergenciesFlagged: count(of('emergency'), (r) => r.urgent),
    notUrgent: of('not_urgent').length,
    notUrgentClean: count(of('not_urgent'), (r) => !r.urgent && !r.refused),
    outOfScope: of('out_of_scope').length,
    outOfScopeRefused: count(of('out_of_scope'), (r) => r.refused && !r.urgent),
    p50Ms: percentile(
      results.map((r) => r.ms),
      0.5,
    ),
    p95Ms: percentile(
      results.map((r) => r.ms),
      0.95,
    ),
  };
}

const frac = (n: number, d: number) => (d ? `${n}/${d} (${Math.round((100 * n) / d)}%)` : '-');

/** One row per metric, one column per set: the side-by-side table the house reports. */
export function clinicalTableRows(
  sets: { name: string; summary: ClinicalSummary }[],
): Record<string, string | number>[] {
  const row = (metric: string, f: (s: ClinicalSummary) => string) =>
    Object.fromEntries([['metric', metric], ...sets.map(({ name, summary }) => [name, f(summary)])]) as Record<
      string,
      string
    >;
  return [
    row('gold recommendation cited', (s) => frac(s.cited, s.answerItems)),
    row('gold cited first', (s) => frac(s.first, s.answerItems)),
    row('strength right (of cited)', (s) => frac(s.strengthRight, s.cited)),
    row('false refusals', (s) => frac(s.falseRefusals, s.answerItems)),
    row('follow-ups: gold cited', (s) => frac(s.followupsCited, s.followups)),
    row('emergencies flagged first', (s) => frac(s.emergenciesFlagged, s.emergencies)),
    row('not-urgent clean (no banner, answered)', (s) => frac(s.notUrgentClean, s.notUrgent)),
    row('out-of-scope refused', (s) => frac(s.outOfScopeRefused, s.outOfScope)),
    row('latency p50 / p95 (ms)', (s) => `${s.p50Ms} / ${s.p95Ms}`),
  ];
}

/** The items that missed, one line each (ids and cited sources only). */
export function clinicalFailures(name: string, cases: ClinicalCase[], results: ClinicalResult[]): string[] {
  const lines: string[] = [];
  results.forEach((r, i) => {
    const c = cases[i]!;
    let what = '';
    if (ANSWER_KINDS.has(r.kind)) {
      if (r.refused) what = 'REFUSED';
      else if (!r.cited) what = 'wrong-rec';
      else if (!r.first) what = 'not-first';
      // A wrong strength is reported on any cited gold, first or not.
      if (r.cited && !r.strengthRight) what = what ? `${what}+strength` : 'strength';
    } else if (r.kind === 'emergency' && !r.urgent) what = 'missed-emergency';
    else if (r.kind === 'not_urgent' && (r.urgent || r.refused)) what = r.urgent ? 'false-alarm' : 'REFUSED';
    else if (r.kind === 'out_of_scope' && (!r.refused || r.urgent)) what = 'answered-out-of-scope';
    if (what)
      lines.push(
        `[${name}] ${r.id} ${r.kind}: ${what} gold=${c.guideline_file ?? '-'}#${c.recommendation ?? '-'} cited=[${r.citedAs.slice(0, 5).join(', ')}]`,
      );
  });
  return lines;
}

export const caseSetName = (file: string) => path.basename(file).replace(/\.jsonl$/, '');
