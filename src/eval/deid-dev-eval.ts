// De-identification measured on notes someone else wrote: ../shared/eval/deid-dev (250 clinician messages in 33 styles
// from the shared Synthea fixtures, exact offsets, `keep` strings that must survive). Scoring follows that set's own
// score.py: an identifier is removed when its value no longer occurs bounded in the output (strict: also every
// distinctive token of it); a keep string survives when it still occurs verbatim. Precision is ours: the share of
// redactions that overlap some annotated identifier (a redacted state counts as correct, Safe Harbor merely allows it).
//
// The set is split in two halves by source fixture (sorted fixture names, even index = half A, odd = half B), so the two
// halves hold different patients: tune on A, confirm on B.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import { deidentify, detect, type PhiEntity } from '../safety/deid.js';

export const DEFAULT_DEID_DEV = path.join(REPO_ROOT, '..', 'shared', 'eval', 'deid-dev', 'notes.jsonl');

export interface DeidDevNote {
  id: string;
  style: string;
  source: string;
  text: string;
  identifiers: { type: string; value: string; start: number; end: number; subtype?: string }[];
  keep: string[];
}

export type DeidDevHalf = 'A' | 'B';

export function loadDeidDev(file = DEFAULT_DEID_DEV): DeidDevNote[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DeidDevNote);
}

/** Half A (tune) or B (confirm): by the note's source fixture, so a patient's notes are all in one half. */
export function splitDeidDev(notes: DeidDevNote[]): Record<DeidDevHalf, DeidDevNote[]> {
  const sources = [...new Set(notes.map((n) => n.source))].sort();
  const half = new Map(sources.map((s, i) => [s, (i % 2 === 0 ? 'A' : 'B') as DeidDevHalf]));
  return { A: notes.filter((n) => half.get(n.source) === 'A'), B: notes.filter((n) => half.get(n.source) === 'B') };
}

export interface DeidDevRow {
  /** Identifier type ("NAME", "LOCATION/state", "ALL") or "style:<name>". */
  key: string;
  n: number;
  recall: number;
  strict: number;
  /** Redactions whose annotated type this is (by overlap), and of all redactions that overlap nothing: n/a per type. */
  keep?: number;
  keepN?: number;
}

export interface DeidDevEvaluation {
  notes: number;
  identifiers: number;
  rows: DeidDevRow[];
  styles: DeidDevRow[];
  keep: { n: number; kept: number; rate: number };
  /** Redactions, and those overlapping some annotated identifier. */
  precision: { predicted: number; correct: number; precision: number };
  /** Precision per redaction type (the de-identifier's own types: CITY, LOCATION = facility, AGE ...). */
  precisionByType: { type: string; predicted: number; correct: number; precision: number }[];
  leaks: { id: string; type: string; value: string; style: string }[];
  lostKeeps: { id: string; keep: string; output: string }[];
  falsePositives: { id: string; type: string; text: string }[];
  msPerNote: number;
}

const alnum = /[\p{L}\p{N}]/u;

/** score.py's `bounded`: value occurs in text with no letter/digit glued on an alphanumeric edge. */
export function boundedIn(text: string, value: string): boolean {
  if (!value) return false;
  let i = text.indexOf(value);
  while (i !== -1) {
    const j = i + value.length;
    const leftOk = i === 0 || !alnum.test(text[i - 1]!) || !alnum.test(value[0]!);
    const rightOk = j === text.length || !alnum.test(text[j]!) || !alnum.test(value[value.length - 1]!);
    if (leftOk && rightOk) return true;
    i = text.indexOf(value, i + 1);
  }
  return false;
}

function distinctiveTokens(note: DeidDevNote, value: string): string[] {
  const chars = [...note.text];
  for (const a of note.identifiers) for (let k = a.start; k < a.end; k++) chars[k] = ' ';
  const outside = chars.join('');
  const toks = value.match(/[\p{L}\p{N}]+/gu) ?? [];
  return toks.filter((t) => t.length >= 2 && !boundedIn(outside, t));
}

const typeKey = (a: DeidDevNote['identifiers'][number]) =>
  a.type === 'LOCATION' && a.subtype === 'state' ? 'LOCATION/state' : a.type;

/** Scores a de-identifier on the given notes, per identifier type and per style, with counts. */
export function evaluateDeidDev(
  notes: DeidDevNote[],
  deid: (text: string) => { text: string; entities: PhiEntity[] } = detect,
): DeidDevEvaluation {
  deid('warm-up');
  const started = performance.now();
  const outputs = notes.map((n) => deid(n.text));
  const ms = performance.now() - started;
  const rows = new Map<string, [number, number, number]>();
  const keepRows = new Map<string, [number, number]>();
  const bump = (k: string, gone: boolean, strict: boolean) => {
    const r = rows.get(k) ?? [0, 0, 0];
    r[0]++;
    r[1] += gone ? 1 : 0;
    r[2] += strict ? 1 : 0;
    rows.set(k, r);
  };
  const leaks: DeidDevEvaluation['leaks'] = [];
  const lostKeeps: DeidDevEvaluation['lostKeeps'] = [];
  const falsePositives: DeidDevEvaluation['falsePositives'] = [];
  let predicted = 0;
  let correct = 0;
  const byType = new Map<string, [number, number]>();
  notes.forEach((note, i) => {
    const out = outputs[i]!.text;
    for (const a of note.identifiers) {
      const key = typeKey(a);
      const gone = !boundedIn(out, a.value);
      const strict = gone && !distinctiveTokens(note, a.value).some((t) => boundedIn(out, t));
      bump(key, gone, strict);
      if (key !== 'LOCATION/state') {
        bump('ALL', gone, strict);
        bump(`style:${note.style}`, gone, strict);
      }
      if (!gone && key !== 'LOCATION/state')
        leaks.push({ id: note.id, type: a.type, value: a.value, style: note.style });
    }
    for (const k of note.keep) {
      const kept = out.includes(k);
      for (const key of ['ALL', `style:${note.style}`]) {
        const r = keepRows.get(key) ?? [0, 0];
        r[0]++;
        r[1] += kept ? 1 : 0;
        keepRows.set(key, r);
      }
      if (!kept) lostKeeps.push({ id: note.id, keep: k, output: out });
    }
    for (const e of outputs[i]!.entities) {
      predicted++;
      const b = byType.get(e.type) ?? [0, 0];
      b[0]++;
      byType.set(e.type, b);
      if (note.identifiers.some((a) => a.start < e.end && e.start < a.end)) {
        correct++;
        b[1]++;
      } else falsePositives.push({ id: note.id, type: e.type, text: note.text.slice(e.start, e.end) });
    }
  });
  const toRow = (key: string): DeidDevRow => {
    const [n, g, s] = rows.get(key)!;
    const k = keepRows.get(key);
    return { key, n, recall: g / n, strict: s / n, ...(k ? { keepN: k[0], keep: k[1] / k[0] } : {}) };
  };
  const keys = [...rows.keys()];
  const typeRows = keys
    .filter((k) => !k.startsWith('style:') && k !== 'ALL')
    .sort()
    .map(toRow);
  const allKeep = keepRows.get('ALL') ?? [0, 0];
  return {
    notes: notes.length,
    identifiers: notes.reduce((s, n) => s + n.identifiers.length, 0),
    rows: [...typeRows, toRow('ALL')],
    styles: keys
      .filter((k) => k.startsWith('style:'))
      .sort()
      .map(toRow),
    keep: { n: allKeep[0], kept: allKeep[1], rate: allKeep[0] ? allKeep[1] / allKeep[0] : 1 },
    precision: { predicted, correct, precision: predicted ? correct / predicted : 1 },
    precisionByType: [...byType]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, [p, c]]) => ({ type, predicted: p, correct: c, precision: p ? c / p : 1 })),
    leaks,
    lostKeeps,
    falsePositives,
    msPerNote: notes.length ? ms / notes.length : 0,
  };
}

export function deidDevTableRows(e: DeidDevEvaluation): Record<string, string | number>[] {
  return e.rows.map((r) => ({
    type: r.key,
    n: r.n,
    removed: Math.round(r.recall * r.n),
    recall: r.recall,
    strict: r.strict,
  }));
}

export function deidDevStyleRows(e: DeidDevEvaluation): Record<string, string | number>[] {
  return e.styles.map((r) => ({
    style: r.key.slice('style:'.length),
    identifiers: r.n,
    recall: r.recall,
    strict: r.strict,
    keep: r.keepN ? `${Math.round((r.keep ?? 0) * r.keepN)}/${r.keepN}` : '-',
  }));
}

// ---------------------------------------------------------------------------------------------------------------------
// Drug brands in questions that hold no identifiers: none may be redacted.

export const DEFAULT_CASES_DEV_DIR = path.join(REPO_ROOT, '..', 'shared', 'eval', 'cases-dev');

export interface BrandOverRedaction {
  source: string;
  texts: number;
  /** Texts where some redaction other than an age over 89 took a word. */
  touched: number;
  /** Redactions by type (AGE excluded). */
  byType: Record<string, number>;
  /** Redacted words that are capitalised tokens (brand names and the like), with counts. */
  redactedWords: { text: string; count: number }[];
}

/** Redactions in identifier-free questions ("question" of each JSONL line, plus history turns when present). */
export function evaluateBrandOverRedaction(files: string[], source: string): BrandOverRedaction {
  const texts: string[] = [];
  for (const f of files) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { question?: unknown };
      if (typeof o.question === 'string') texts.push(o.question);
    }
  }
  const byType: Record<string, number> = {};
  const words = new Map<string, number>();
  let touched = 0;
  for (const t of texts) {
    const ents = deidentify(t).entities.filter((e) => e.type !== 'AGE');
    if (ents.length) touched++;
    for (const e of ents) {
      byType[e.type] = (byType[e.type] ?? 0) + 1;
      const w = t.slice(e.start, e.end);
      words.set(w, (words.get(w) ?? 0) + 1);
    }
  }
  return {
    source,
    texts: texts.length,
    touched,
    byType,
    redactedWords: [...words].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count),
  };
}

export function casesDevFiles(dir = DEFAULT_CASES_DEV_DIR): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
}

/** The deid-dev report printed by `curbside eval safety`: per half, per type, per style, keep survival, precision. */
export function formatDeidDevReport(
  halves: Record<DeidDevHalf, DeidDevEvaluation>,
  format: (rows: Record<string, string | number>[]) => string,
  withStyles = true,
): string {
  const out: string[] = [];
  for (const h of ['A', 'B'] as const) {
    const e = halves[h];
    out.push(
      '',
      // Both halves have been tuned on (A in sessions 5-9, B in session 10, each confirmed on the other): neither is held out.
      `deid-dev half ${h} (dev data, written outside the team; tuned on in ${h === 'A' ? 'sessions 5-9' : 'session 10'}): ${e.notes} notes, ${e.identifiers} identifiers, ${e.msPerNote.toFixed(2)} ms/note`,
      `  keep strings surviving: ${e.keep.kept}/${e.keep.n} = ${e.keep.rate.toFixed(3)}; redactions overlapping an identifier (precision): ${e.precision.correct}/${e.precision.predicted} = ${e.precision.precision.toFixed(3)}`,
      format(deidDevTableRows(e)),
      '',
      `  precision per redaction type (half ${h})`,
      format(
        e.precisionByType.map((r) => ({
          type: r.type,
          predicted: r.predicted,
          correct: r.correct,
          precision: r.precision,
        })),
      ),
    );
    if (withStyles) out.push('', `  per style (half ${h})`, format(deidDevStyleRows(e)));
  }
  return out.join('\n');
}

export function formatBrandReport(rows: BrandOverRedaction[]): string {
  return rows
    .map(
      (r) =>
        `Over-redaction on ${r.source}: ${r.touched}/${r.texts} questions with a redaction other than an age over 89; by type ${JSON.stringify(r.byType)}` +
        (r.redactedWords.length
          ? `; redacted: ${r.redactedWords
              .slice(0, 20)
              .map((w) => `${w.text}${w.count > 1 ? ` x${w.count}` : ''}`)
              .join(', ')}`
          : ''),
    )
    .join('\n');
}
