// Safety measurements: de-identification recall/precision per identifier type on notes rendered from Synthea patients,
// survival of clinical facts through de-identification, and red-flag recall/precision on a labelled suite.
// Each function returns rows for a table; `formatTable` prints them as markdown.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import { isFollowUp } from '../answer/rewrite.js';
import { readCase } from '../answer/case.js';
import { deidentify, detect, PHI_TYPES, type PhiEntity, type PhiType } from '../safety/deid.js';
import { detectRedFlags } from '../safety/red-flags.js';
import { loadSyntheaPatients, renderNotes, type LabelledNote } from './synthea-notes.js';

export const DEFAULT_FIXTURES_DIR = path.join(REPO_ROOT, '..', 'shared', 'fixtures');
export const DEFAULT_RED_FLAG_SUITE = path.join(REPO_ROOT, 'test', 'safety', 'red-flag-cases.json');
export const DEFAULT_VIGNETTES = path.join(REPO_ROOT, '..', 'shared', 'eval', 'medqa-us', 'test.jsonl');

export interface DeidRow {
  type: PhiType | 'ALL';
  /** Ground-truth identifiers of this type. */
  gold: number;
  /** Of those, fully covered by some redaction (any type). */
  found: number;
  recall: number;
  /** Redactions of this type. */
  predicted: number;
  /** Of those, overlapping some ground-truth identifier. */
  correct: number;
  precision: number;
}

export interface DeidEvaluation {
  notes: number;
  patients: number;
  rows: DeidRow[];
  /** Ground-truth identifiers left (partly) visible, for debugging: type, template and the identifier's length only. */
  misses: { type: PhiType; template: string; patientId: string; text: string }[];
  falsePositives: { type: PhiType; template: string; text: string }[];
  /** Mean de-identification time per note in ms. */
  msPerNote: number;
}

/** De-identification recall and precision per identifier type on notes rendered from the Synthea fixtures. */
export function evaluateDeid(fixturesDir = DEFAULT_FIXTURES_DIR, notes?: LabelledNote[]): DeidEvaluation {
  const patients = notes ? [] : loadSyntheaPatients(fixturesDir);
  const labelled = notes ?? renderNotes(patients);
  const gold = new Map<string, { gold: number; found: number; predicted: number; correct: number }>();
  const bucket = (t: string) =>
    gold.get(t) ?? (gold.set(t, { gold: 0, found: 0, predicted: 0, correct: 0 }), gold.get(t)!);
  const misses: DeidEvaluation['misses'] = [];
  const falsePositives: DeidEvaluation['falsePositives'] = [];
  deidentify('warm-up'); // loads the word list once, outside the timing
  const started = performance.now();
  const results = labelled.map((n) => detect(n.text).entities);
  const elapsed = performance.now() - started;
  labelled.forEach((note, i) => {
    const predicted = results[i]!;
    for (const g of note.entities) {
      const b = bucket(g.type);
      b.gold++;
      if (covered(g, predicted, note.text)) b.found++;
      else
        misses.push({
          type: g.type,
          template: note.template,
          patientId: note.patientId,
          text: note.text.slice(g.start, g.end),
        });
    }
    for (const p of predicted) {
      const b = bucket(p.type);
      b.predicted++;
      if (note.entities.some((g) => g.start < p.end && p.start < g.end)) b.correct++;
      else falsePositives.push({ type: p.type, template: note.template, text: note.text.slice(p.start, p.end) });
    }
  });
  const rows: DeidRow[] = [];
  const total = { gold: 0, found: 0, predicted: 0, correct: 0 };
  for (const type of PHI_TYPES) {
    const b = gold.get(type);
    if (!b) continue;
    rows.push(row(type, b));
    total.gold += b.gold;
    total.found += b.found;
    total.predicted += b.predicted;
    total.correct += b.correct;
  }
  rows.push(row('ALL', total));
  return {
    notes: labelled.length,
    patients: patients.length || new Set(labelled.map((n) => n.patientId)).size,
    rows,
    misses,
    falsePositives,
    msPerNote: labelled.length ? elapsed / labelled.length : 0,
  };
}

function row(type: DeidRow['type'], b: { gold: number; found: number; predicted: number; correct: number }): DeidRow {
  return {
    type,
    ...b,
    recall: b.gold ? b.found / b.gold : 1,
    precision: b.predicted ? b.correct / b.predicted : 1,
  };
}

/** True when every non-space character of the gold span lies inside some predicted span. */
function covered(g: { start: number; end: number }, predicted: PhiEntity[], text: string): boolean {
  for (let i = g.start; i < g.end; i++) {
    if (/\s/.test(text[i]!)) continue;
    if (!predicted.some((p) => p.start <= i && i < p.end)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------------

/**
 * Clinical facts that must pass through de-identification untouched: ages <= 89, sex, vitals, labs, doses, stages,
 * codes, eponyms and drug names. Written as a clinician types them.
 */
export const CLINICAL_PHRASES: readonly string[] = [
  'A1c 8.4',
  'HbA1c 9.1%',
  'BP 150/95',
  'BP 182/110 mmHg',
  'eGFR 38',
  'eGFR 28 mL/min/1.73m2',
  'metformin 1000 mg BID',
  '67M',
  '54F',
  '67 yo F',
  'a 54-year-old woman',
  '89-year-old man',
  'T2DM',
  'HR 110',
  'SpO2 88%',
  'Stage 3a',
  'CKD stage 4',
  'ICD-10 E11.9',
  'ICD-10 I10',
  'LDL 162 mg/dL',
  'BMI 34.2',
  'K 5.1',
  'Cr 1.6',
  'PHQ-9 of 17',
  'GAD-7 12',
  'G2P1 at 28 weeks',
  'RR 22',
  'Temp 38.9 C',
  'INR 2.5',
  'Hgb 9.8',
  'WBC 14.2',
  'platelets 250',
  'TSH 6.2',
  'UACR 300 mg/g',
  'FEV1/FVC 0.62',
  'FEV1 48% predicted',
  'lisinopril 20 mg daily',
  'empagliflozin 10 mg',
  'sertraline 100 mg',
  'apixaban 5 mg BID',
  'insulin glargine 20 units qHS',
  'buprenorphine 16 mg/day',
  'MME 90',
  'Parkinson disease',
  "Cushing's syndrome",
  "Graves' disease",
  'Bell palsy',
  "Murphy's sign",
  'Wells score 4',
  'Glasgow Coma Scale 14',
  "Hashimoto's thyroiditis",
  'Barrett esophagus',
  'Stevens-Johnson syndrome',
  "Crohn's disease",
  "Alzheimer's dementia",
  'Guillain-Barre syndrome',
  "Addison's disease",
  'Lewy body dementia',
  'Will start metformin',
  'May repeat A1c in 3 months',
  'Mark the site',
  'May return in 2 weeks',
  'Grace period of 30 days',
  'Hope is low',
  'Dawn was uneventful',
  'Diet is poor',
  'Mood is low',
  'Gait is steady',
  'Laboratory reports show a low sodium',
  'Nobody smokes at home',
  'Everyone agrees on comfort care',
  'Staff reports agitation at night',
  'Cough has improved',
  'Surgery wants a CT first',
  'Pharmacy says it is on backorder',
  'Biopsy returned benign',
  'Follow up in 2 weeks',
  'twice daily for 14 days',
  'LVEF 35%',
  'QTc 470 ms',
  'troponin 0.8',
  'lactate 4.2',
  'glucose 48 mg/dL',
  'pH 7.21',
  'pCO2 62',
  'AUDIT-C 7',
  'ISI 18',
  'ODI 42%',
  'NRS pain 7/10',
  'MoCA 22/30',
  'PCL-5 of 45',
  'C-SSRS positive',
  'CAT score 18',
  'mMRC 3',
  'GOLD group E',
  'ASA 81 mg',
  'Tylenol 650 mg q6h',
  'HCTZ 25 mg',
  'Ozempic 0.5 mg weekly',
  'Jardiance',
  'walker for ambulation',
  'burns on forearm',
  'gross hematuria',
  'sharp chest pain',
  'little improvement',
  'frank blood',
  'Grant application',
  'ED visit',
  'VA clinic',
  'Columbia Suicide Severity Rating Scale',
  'Edinburgh Postnatal Depression Scale of 14',
  'Beck Depression Inventory 30',
  'Hamilton Anxiety Rating Scale',
  'Montreal Cognitive Assessment 21/30',
  'Beers criteria',
  'Epworth Sleepiness Scale 16',
  'CHA2DS2-VASc 3',
  'HAS-BLED 2',
  'KDIGO stage G3a A2',
  'STOP-BANG 6',
  'Berlin Questionnaire positive',
  'Oswestry Disability Index 40%',
  'Ottawa ankle rules',
  'Johns Hopkins protocol',
  'Tampa Scale of Kinesiophobia',
  'VA/DoD guideline',
  'USPSTF grade B',
  'Mini-Cog 3',
  'STarT Back tool high risk',
];

export interface ClinicalSurvivalRow {
  phrases: number;
  survived: number;
  rate: number;
  /** Phrases that lost something, with what was redacted. */
  altered: { phrase: string; redacted: string[] }[];
}

/** How many clinical phrases come through de-identification unchanged, alone and embedded in a sentence. */
export function evaluateClinicalSurvival(phrases: readonly string[] = CLINICAL_PHRASES): ClinicalSurvivalRow {
  const altered: ClinicalSurvivalRow['altered'] = [];
  for (const phrase of phrases) {
    for (const text of [phrase, `Question: ${phrase}, what next?`]) {
      const { entities } = deidentify(text);
      if (entities.length) {
        altered.push({ phrase, redacted: entities.map((e) => `${e.type}:${text.slice(e.start, e.end)}`) });
        break;
      }
    }
  }
  return {
    phrases: phrases.length,
    survived: phrases.length - altered.length,
    rate: (phrases.length - altered.length) / phrases.length,
    altered,
  };
}

// ---------------------------------------------------------------------------------------------------------------------

export interface RedFlagCase {
  text: string;
  /** Expected red-flag ids; empty for a negative case. */
  expect: string[];
}

export interface RedFlagRow {
  flag: string;
  positives: number;
  detected: number;
  recall: number;
  predicted: number;
  correct: number;
  precision: number;
}

export interface RedFlagEvaluation {
  cases: number;
  positives: number;
  negatives: number;
  rows: RedFlagRow[];
  /** Case-level: a positive case counts as detected when any expected flag fires; a negative case is wrong if any flag fires. */
  caseRecall: number;
  casePrecision: number;
  negativeFalseAlarms: number;
  errors: { text: string; expected: string[]; got: string[] }[];
}

/** The labelled red-flag suite (JSON array of {text, expect}). */
export function loadRedFlagSuite(file = DEFAULT_RED_FLAG_SUITE): RedFlagCase[] {
  const cases = JSON.parse(fs.readFileSync(file, 'utf8')) as RedFlagCase[];
  if (!Array.isArray(cases) || cases.some((c) => typeof c.text !== 'string' || !Array.isArray(c.expect))) {
    throw new Error(`${file}: expected a JSON array of {"text": string, "expect": string[]}`);
  }
  return cases;
}

/** The default suite, loaded once when this module is imported ([] when the repo's test folder is absent). */
export const RED_FLAG_SUITE: readonly RedFlagCase[] = fs.existsSync(DEFAULT_RED_FLAG_SUITE) ? loadRedFlagSuite() : [];

/** Red-flag recall/precision per flag and per case on a labelled suite. */
export function evaluateRedFlags(suite: readonly RedFlagCase[]): RedFlagEvaluation {
  const per = new Map<string, { positives: number; detected: number; predicted: number; correct: number }>();
  const get = (id: string) =>
    per.get(id) ?? (per.set(id, { positives: 0, detected: 0, predicted: 0, correct: 0 }), per.get(id)!);
  let tpCases = 0;
  let fpCases = 0;
  let positives = 0;
  const errors: RedFlagEvaluation['errors'] = [];
  for (const c of suite) {
    const got = detectRedFlags(c.text).map((f) => f.id);
    for (const id of c.expect) {
      const b = get(id);
      b.positives++;
      if (got.includes(id)) b.detected++;
    }
    for (const id of got) {
      const b = get(id);
      b.predicted++;
      if (c.expect.includes(id)) b.correct++;
    }
    if (c.expect.length) {
      positives++;
      if (got.some((id) => c.expect.includes(id))) tpCases++;
    } else if (got.length) {
      fpCases++;
    }
    const missing = c.expect.filter((id) => !got.includes(id));
    const extra = got.filter((id) => !c.expect.includes(id));
    if (missing.length || (c.expect.length === 0 && extra.length))
      errors.push({ text: c.text, expected: c.expect, got });
  }
  const rows = [...per.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([flag, b]) => ({
      flag,
      ...b,
      recall: b.positives ? b.detected / b.positives : 1,
      precision: b.predicted ? b.correct / b.predicted : 1,
    }));
  return {
    cases: suite.length,
    positives,
    negatives: suite.length - positives,
    rows,
    caseRecall: positives ? tpCases / positives : 1,
    casePrecision: tpCases + fpCases ? tpCases / (tpCases + fpCases) : 1,
    negativeFalseAlarms: fpCases,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------------------------------

export interface OverRedactionRow {
  vignettes: number;
  /** Redactions per type. Vignettes hold no identifiers except ages over 89, so any other redaction is an over-redaction. */
  byType: Record<string, number>;
  /** Vignettes with at least one redaction other than AGE. */
  vignettesTouched: number;
  msPerVignette: number;
}

/** Over-redaction on realistic clinical text with no identifiers: USMLE-style vignettes (MedQA, one JSON object a line). */
export function evaluateOverRedaction(file = DEFAULT_VIGNETTES, limit = Infinity): OverRedactionRow {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, limit);
  const texts = lines.map((l) => String((JSON.parse(l) as { question?: unknown }).question ?? ''));
  deidentify('warm-up');
  const byType: Record<string, number> = {};
  let touched = 0;
  const started = performance.now();
  for (const text of texts) {
    const { entities } = detect(text);
    for (const e of entities) byType[e.type] = (byType[e.type] ?? 0) + 1;
    if (entities.some((e) => e.type !== 'AGE')) touched++;
  }
  return {
    vignettes: texts.length,
    byType,
    vignettesTouched: touched,
    msPerVignette: texts.length ? (performance.now() - started) / texts.length : 0,
  };
}

export interface CaseReadingRow {
  /** Vignettes that open with "A(n) N-year-old man/woman/boy/girl": the reference age and sex. */
  checked: number;
  ageCorrect: number;
  sexCorrect: number;
  /** Each vignette asked after the one before it in one conversation: how many are read as its follow-up (none is). */
  pairs: number;
  readAsFollowUp: number;
}

/** Age and sex read from de-identified vignettes against the vignette's own opening ("A 45-year-old woman ..."). */
export function evaluateCaseReading(file = DEFAULT_VIGNETTES): CaseReadingRow {
  const row: CaseReadingRow = { checked: 0, ageCorrect: 0, sexCorrect: 0, pairs: 0, readAsFollowUp: 0 };
  let before: string | null = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const text = String((JSON.parse(line) as { question?: unknown }).question ?? '');
    // Standalone vignettes: one read as a follow-up would inherit the earlier patient's conditions.
    if (before !== null) {
      row.pairs++;
      if (isFollowUp(text, [{ role: 'user', text: before }])) row.readAsFollowUp++;
    }
    before = text;
    const m = /^An?\s(\d{1,3})-year-old\s(man|woman|boy|girl)\b/.exec(text);
    if (!m) continue;
    row.checked++;
    const facts = readCase(deidentify(text).text);
    const age = Number(m[1]);
    if (facts.age === Math.min(age, 90) && facts.ageOver89 === age > 89) row.ageCorrect++;
    if (facts.sex === (m[2] === 'man' || m[2] === 'boy' ? 'male' : 'female')) row.sexCorrect++;
  }
  return row;
}

/** 60 two- and three-turn chats a helper wrote without reading the code (`test/answer/conversation-set.jsonl`). */
export const CONVERSATION_SET = path.join(REPO_ROOT, 'test', 'answer', 'conversation-set.jsonl');

export interface ConversationRow {
  half: 'even' | 'odd';
  followUps: number;
  followUpsRead: number;
  newCases: number;
  newCasesRead: number;
}

/** Whether each latest message is read as leaning on the earlier ones, by half (even ids: tuning; odd: confirmation). */
export function evaluateConversations(file = CONVERSATION_SET): ConversationRow[] {
  const rows: ConversationRow[] = (['even', 'odd'] as const).map((half) => ({
    half,
    followUps: 0,
    followUpsRead: 0,
    newCases: 0,
    newCasesRead: 0,
  }));
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const item = JSON.parse(line) as { id: string; history: string[]; question: string; expect: string };
    const row = rows[Number(item.id.replace(/\D/g, '')) % 2]!;
    const history = item.history.map((text) => ({ role: 'user' as const, text }));
    const read = isFollowUp(item.question, history);
    if (item.expect === 'follow-up') {
      row.followUps++;
      if (read) row.followUpsRead++;
    } else {
      row.newCases++;
      if (!read) row.newCasesRead++;
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------------

/** A markdown table from rows of plain values; numbers in [0, 1) print with 3 decimals. */
export function formatTable(rows: Record<string, string | number>[]): string {
  if (!rows.length) return '(no rows)';
  const head = Object.keys(rows[0]!);
  const cell = (v: string | number) =>
    typeof v === 'number' && !Number.isInteger(v)
      ? v.toFixed(3)
      : typeof v === 'number' && v <= 1 && v >= 0 && head.length > 0
        ? String(v)
        : String(v);
  const body = rows.map((r) => head.map((h) => cell(r[h]!)));
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export function deidTableRows(e: DeidEvaluation): Record<string, string | number>[] {
  return e.rows.map((r) => ({
    type: r.type,
    gold: r.gold,
    found: r.found,
    recall: r.recall,
    predicted: r.predicted,
    precision: r.precision,
  }));
}

export function redFlagTableRows(e: RedFlagEvaluation): Record<string, string | number>[] {
  return [
    ...e.rows.map((r) => ({
      flag: r.flag,
      positives: r.positives,
      detected: r.detected,
      recall: r.recall,
      predicted: r.predicted,
      precision: r.precision,
    })),
    {
      flag: 'ALL (per case)',
      positives: e.positives,
      detected: Math.round(e.caseRecall * e.positives),
      recall: e.caseRecall,
      predicted: e.negativeFalseAlarms + Math.round(e.caseRecall * e.positives),
      precision: e.casePrecision,
    },
  ];
}
