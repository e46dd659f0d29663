// Emergencies on the case dev sets: for each file (one writer each), the `emergency` items that raise a red flag and the
// `not_urgent` items (alarming words, no emergency) that raise none. Read by `curbside eval safety` ("Emergencies on
// cases-dev"). The files are written outside the team: tune on one, confirm on the other, report both.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import { analyseRedFlags } from '../safety/red-flags.js';

export const DEFAULT_EMERGENCY_CASE_FILES = ['dev-a.jsonl', 'dev-b.jsonl'].map((f) =>
  path.join(REPO_ROOT, '..', 'shared', 'eval', 'cases-dev', f),
);

export interface EmergencyCase {
  id: string;
  kind: 'emergency' | 'not_urgent';
  question: string;
  history: string[];
}

export interface EmergencyCaseError {
  id: string;
  kind: EmergencyCase['kind'];
  /** Flags raised (for an emergency: none; for a not-urgent item: the false alarms). */
  got: string[];
  /** Flags found but withheld by the framing, and why. */
  suppressed: string[];
  because: string | null;
}

export interface EmergencyCaseResult {
  file: string;
  /** File name without extension ("dev-a"). */
  label: string;
  emergencies: { flagged: number; total: number };
  notUrgent: { clean: number; total: number };
  errors: EmergencyCaseError[];
}

/** The `emergency` and `not_urgent` items of a cases JSONL file (other kinds are skipped). */
export function loadEmergencyCases(file: string): EmergencyCase[] {
  const out: EmergencyCase[] = [];
  for (const [i, line] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line.trim()) continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    if (row.kind !== 'emergency' && row.kind !== 'not_urgent') continue;
    if (typeof row.question !== 'string') throw new Error(`${file}:${i + 1}: "question" must be a string`);
    const history = Array.isArray(row.history)
      ? row.history.map((h) => (typeof h === 'string' ? h : String((h as { text?: unknown })?.text ?? '')))
      : [];
    out.push({ id: String(row.id ?? `line ${i + 1}`), kind: row.kind, question: row.question, history });
  }
  return out;
}

/**
 * Red flags on one file's emergency and not-urgent items. The question is read as the answer pipeline reads it
 * (`detectRedFlags(question)`); earlier turns are not added.
 */
export function evaluateEmergencyCases(file: string): EmergencyCaseResult {
  const cases = loadEmergencyCases(file);
  const result: EmergencyCaseResult = {
    file,
    label: path.basename(file).replace(/\.jsonl?$/, ''),
    emergencies: { flagged: 0, total: 0 },
    notUrgent: { clean: 0, total: 0 },
    errors: [],
  };
  for (const c of cases) {
    const a = analyseRedFlags(c.question);
    const got = a.flags.map((f) => f.id);
    const ok = c.kind === 'emergency' ? got.length > 0 : got.length === 0;
    if (c.kind === 'emergency') {
      result.emergencies.total++;
      if (ok) result.emergencies.flagged++;
    } else {
      result.notUrgent.total++;
      if (ok) result.notUrgent.clean++;
    }
    if (!ok)
      result.errors.push({
        id: c.id,
        kind: c.kind,
        got,
        suppressed: a.suppressed.map((f) => f.id),
        because: a.because,
      });
  }
  return result;
}

/** Table rows: one per file, counts as n/N. */
export function emergencyTableRows(results: readonly EmergencyCaseResult[]): Record<string, string | number>[] {
  return results.map((r) => ({
    set: r.label,
    'emergencies flagged': `${r.emergencies.flagged}/${r.emergencies.total}`,
    'not-urgent clean': `${r.notUrgent.clean}/${r.notUrgent.total}`,
  }));
}
