// The quality report: what clinicians got and what reviewers found, over a period. Answers, refusal rate, thumbs, reviewed
// accuracy, emergencies flagged and latency come from the answer records and feedback; reviewed accuracy from labelled
// review items; "unanswered topics" group refused questions by their most shared content word (coverage gaps a guideline
// curator could fill). Rendered as text, JSON, or a self-contained HTML page with static SVG charts.
import { percentile } from '../eval/clinical-cases.js';
import { STOP_WORDS, tokenize } from '../retrieval/lexicon.js';
import type { AnswerRecord, FeedbackRow } from './feedback-store.js';
import { SEARCH_DOOR, VERDICT_LABELS, VERDICTS, type ReviewItem, type Verdict } from './review-item.js';
import type { ReviewQueue } from './review-queue.js';

/** How many unanswered topics the report lists, and how many example questions each shows. */
export const REPORT_SETTINGS = { topics: 10, examplesPerTopic: 3, minTopicWordChars: 4 };

/** Words that say nothing about a topic in a clinician's question (beyond the retrieval stop words). */
const QUESTION_WORDS = new Set(
  'patient patients year years old male female man woman adult adults child children best dose doses treatment treat manage management option options start stop first next take taking need needs should give good safe better use using used'.split(
    ' ',
  ),
);

export interface QualityReport {
  since: string;
  until: string;
  answers: number;
  refused: number;
  refusalRate: number | null;
  emergenciesFlagged: number;
  thumbsUp: number;
  thumbsDown: number;
  reviewed: number;
  reviewedCorrect: number;
  /** Share of labelled items judged correct; null when none were labelled. */
  reviewedAccuracy: number | null;
  verdicts: Record<Verdict, number>;
  openReviews: number;
  latency: { p50Ms: number; p95Ms: number };
  byDoor: Record<string, number>;
  byDay: { day: string; answers: number; refused: number; up: number; down: number }[];
  unansweredTopics: { topic: string; count: number; examples: string[] }[];
}

/** "30d", "12h", "2w" -> milliseconds. */
export function parseSince(text: string): number | null {
  const m = /^(\d+)\s*([hdw])$/i.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[m[2]!.toLowerCase() as 'h' | 'd' | 'w'];
}

const topicWords = (question: string) =>
  [...new Set(tokenize(question.replace(/\[[A-Z_]+\]/g, ' ')))].filter(
    (w) =>
      w.length >= REPORT_SETTINGS.minTopicWordChars && !/\d/.test(w) && !STOP_WORDS.has(w) && !QUESTION_WORDS.has(w),
  );

/** Refused questions grouped by their most shared content word, largest groups first. */
export function unansweredTopics(questions: string[]): QualityReport['unansweredTopics'] {
  const words = questions.map(topicWords);
  const df = new Map<string, number>();
  for (const ws of words) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  const groups = new Map<string, string[]>();
  words.forEach((ws, i) => {
    const topic =
      ws.slice().sort((a, b) => df.get(b)! - df.get(a)! || b.length - a.length || a.localeCompare(b))[0] ??
      '(no topic words)';
    groups.set(topic, [...(groups.get(topic) ?? []), questions[i]!]);
  });
  return [...groups.entries()]
    .map(([topic, qs]) => ({ topic, count: qs.length, examples: qs.slice(0, REPORT_SETTINGS.examplesPerTopic) }))
    .sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic))
    .slice(0, REPORT_SETTINGS.topics);
}

export function buildQualityReport(input: {
  since: Date;
  until: Date;
  answers: AnswerRecord[];
  feedback: FeedbackRow[];
  reviews: ReviewItem[];
}): QualityReport {
  // Message-extension searches are recorded so their cards can be rated, but they are not answers.
  const answers = input.answers.filter((a) => a.content && a.content.door !== SEARCH_DOOR);
  const refusedAnswers = answers.filter((a) => a.content!.refused);
  const labelled = input.reviews.filter((r) => r.label);
  const verdicts = Object.fromEntries(
    VERDICTS.map((v) => [v, labelled.filter((r) => r.label!.verdict === v).length]),
  ) as Record<Verdict, number>;
  const latencies = answers.map((a) => a.content!.latencyMs);
  const days = new Map<string, QualityReport['byDay'][number]>();
  const day = (at: string | undefined) => {
    const key = (at ?? '').slice(0, 10);
    if (!days.has(key)) days.set(key, { day: key, answers: 0, refused: 0, up: 0, down: 0 });
    return days.get(key)!;
  };
  for (const a of answers) {
    day(a.createdAt).answers++;
    if (a.content!.refused) day(a.createdAt).refused++;
  }
  for (const f of input.feedback) day(f.createdAt)[f.reaction === 'like' ? 'up' : 'down']++;
  const byDoor: Record<string, number> = {};
  for (const a of answers) byDoor[a.content!.door] = (byDoor[a.content!.door] ?? 0) + 1;
  return {
    since: input.since.toISOString(),
    until: input.until.toISOString(),
    answers: answers.length,
    refused: refusedAnswers.length,
    refusalRate: answers.length ? refusedAnswers.length / answers.length : null,
    emergenciesFlagged: answers.filter((a) => a.content!.urgent).length,
    thumbsUp: input.feedback.filter((f) => f.reaction === 'like').length,
    thumbsDown: input.feedback.filter((f) => f.reaction === 'dislike').length,
    reviewed: labelled.length,
    reviewedCorrect: verdicts.correct,
    reviewedAccuracy: labelled.length ? verdicts.correct / labelled.length : null,
    verdicts,
    openReviews: input.reviews.length - labelled.length,
    latency: { p50Ms: percentile(latencies, 0.5), p95Ms: percentile(latencies, 0.95) },
    byDoor,
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    unansweredTopics: unansweredTopics(refusedAnswers.map((a) => a.content!.question)),
  };
}

const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

export function reportText(r: QualityReport): string {
  const lines = [
    `Quality ${r.since.slice(0, 10)} to ${r.until.slice(0, 10)}`,
    `  answers              ${r.answers}  (${
      Object.entries(r.byDoor)
        .map(([d, n]) => `${d} ${n}`)
        .join(', ') || 'none'
    })`,
    `  refusal rate         ${pct(r.refusalRate)}  (${r.refused})`,
    `  emergencies flagged  ${r.emergenciesFlagged}`,
    `  thumbs up / down     ${r.thumbsUp} / ${r.thumbsDown}`,
    `  reviewed accuracy    ${pct(r.reviewedAccuracy)}  (${r.reviewedCorrect} of ${r.reviewed} labelled correct; ${r.openReviews} open)`,
    `  verdicts             ${
      VERDICTS.filter((v) => r.verdicts[v])
        .map((v) => `${v} ${r.verdicts[v]}`)
        .join(', ') || 'none'
    }`,
    `  latency p50 / p95    ${r.latency.p50Ms} / ${r.latency.p95Ms} ms`,
    '  top unanswered topics:',
    ...(r.unansweredTopics.length
      ? r.unansweredTopics.map((t) => `    ${t.topic} (${t.count}): ${t.examples.map((e) => `"${e}"`).join('; ')}`)
      : ['    none']),
  ];
  return lines.join('\n');
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Horizontal bars, one per row: a static SVG (no script, no external library). */
function barChart(title: string, rows: { label: string; value: number; color?: string }[]): string {
  const width = 640;
  const labelWidth = 200;
  const rowHeight = 22;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const bars = rows
    .map((r, i) => {
      const y = 28 + i * rowHeight;
      const w = Math.round(((width - labelWidth - 60) * r.value) / max);
      return `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${esc(r.label)}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="${rowHeight - 6}" fill="${r.color ?? '#4f6bed'}"/><text x="${labelWidth + w + 6}" y="${y + 14}">${r.value}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${36 + rows.length * rowHeight}" font-family="sans-serif" font-size="12"><text x="0" y="16" font-weight="bold">${esc(title)}</text>${bars}</svg>`;
}

/** Answers per day as columns, refusals stacked in a second colour. */
function dailyChart(r: QualityReport): string {
  const width = 640;
  const height = 180;
  const days = r.byDay;
  const max = Math.max(1, ...days.map((d) => d.answers));
  const step = days.length ? (width - 40) / days.length : 0;
  const cols = days
    .map((d, i) => {
      const x = 30 + i * step;
      const h = Math.round(((height - 50) * d.answers) / max);
      const hr = Math.round(((height - 50) * d.refused) / max);
      return `<rect x="${x.toFixed(1)}" y="${height - 20 - h}" width="${Math.max(2, step - 4).toFixed(1)}" height="${h}" fill="#4f6bed"><title>${d.day}: ${d.answers} answers, ${d.refused} refused</title></rect><rect x="${x.toFixed(1)}" y="${height - 20 - hr}" width="${Math.max(2, step - 4).toFixed(1)}" height="${hr}" fill="#d13438"/>`;
    })
    .join('');
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Answers per day" width="${width}" height="${height}" font-family="sans-serif" font-size="12"><text x="0" y="16" font-weight="bold">Answers per day (refusals in red; max ${max})</text>${cols}<text x="30" y="${height - 4}">${first}</text><text x="${width - 10}" y="${height - 4}" text-anchor="end">${last}</text></svg>`;
}

export function reportHtml(r: QualityReport): string {
  const figures: [string, string][] = [
    ['Answers', String(r.answers)],
    ['Refusal rate', `${pct(r.refusalRate)} (${r.refused})`],
    ['Emergencies flagged', String(r.emergenciesFlagged)],
    ['Thumbs up / down', `${r.thumbsUp} / ${r.thumbsDown}`],
    ['Reviewed accuracy', `${pct(r.reviewedAccuracy)} (${r.reviewedCorrect} of ${r.reviewed}; ${r.openReviews} open)`],
    ['Latency p50 / p95', `${r.latency.p50Ms} / ${r.latency.p95Ms} ms`],
  ];
  const topics = r.unansweredTopics.length
    ? `<table><tr><th>Topic</th><th>Refusals</th><th>Examples (de-identified)</th></tr>${r.unansweredTopics.map((t) => `<tr><td>${esc(t.topic)}</td><td>${t.count}</td><td>${t.examples.map(esc).join('<br>')}</td></tr>`).join('')}</table>`
    : '<p>No refusals in this period.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Curbside quality ${esc(r.since.slice(0, 10))} to ${esc(r.until.slice(0, 10))}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}</style></head>
<body><h1>Curbside quality</h1><p>${esc(r.since.slice(0, 10))} to ${esc(r.until.slice(0, 10))}</p>
<table>${figures.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>Activity</h2>${dailyChart(r)}
${barChart('Feedback', [
  { label: 'Thumbs up', value: r.thumbsUp, color: '#107c10' },
  { label: 'Thumbs down', value: r.thumbsDown, color: '#d13438' },
])}
<h2>Review verdicts</h2>${barChart(
    'Labelled review items by verdict',
    VERDICTS.map((v) => ({
      label: VERDICT_LABELS[v],
      value: r.verdicts[v],
      color: v === 'correct' ? '#107c10' : '#d13438',
    })),
  )}
<h2>Top unanswered topics</h2><p>Refused questions grouped by their most shared content word: coverage gaps a guideline curator could fill.</p>${topics}
</body></html>
`;
}

/** The report over the queue's stores for the `sinceMs` before `now`. */
export async function collectQualityReport(
  queue: Pick<ReviewQueue, 'feedback' | 'reviews'>,
  sinceMs: number,
  now = new Date(),
): Promise<QualityReport> {
  const since = new Date(now.getTime() - sinceMs);
  const [answers, feedback, reviews] = await Promise.all([
    queue.feedback.answersSince(since),
    queue.feedback.list(Number.MAX_SAFE_INTEGER, since),
    queue.reviews.list({ since, limit: Number.MAX_SAFE_INTEGER }),
  ]);
  return buildQualityReport({ since, until: now, answers, feedback, reviews });
}
