// De-identification on the dev notes written outside the team (../shared/eval/deid-dev): recall, keep-string survival
// and precision must stay above a floor on both halves (A: tuning, B: confirmation), and no drug brand in the case dev
// questions may be redacted. Skipped when the shared data is not there.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  casesDevFiles,
  DEFAULT_DEID_DEV,
  evaluateBrandOverRedaction,
  evaluateDeidDev,
  loadDeidDev,
  splitDeidDev,
} from '../../src/eval/deid-dev-eval.js';

const present = fs.existsSync(DEFAULT_DEID_DEV);

describe.skipIf(!present)('deid-dev (dev notes written outside the team)', () => {
  const halves = present ? splitDeidDev(loadDeidDev()) : { A: [], B: [] };
  const results = { A: evaluateDeidDev(halves.A), B: evaluateDeidDev(halves.B) };
  const recall = (h: 'A' | 'B', key: string) => results[h].rows.find((r) => r.key === key)?.recall ?? 1;

  it('splits the 250 notes by source fixture into two halves with different patients', () => {
    expect(halves.A.length + halves.B.length).toBe(250);
    const a = new Set(halves.A.map((n) => n.source));
    expect(halves.B.some((n) => a.has(n.source))).toBe(false);
  });

  // Floors a little under the measured figures (A 0.996 / B 0.976 overall; NAME 1.000 / 0.968), so a regression shows.
  it.each([
    ['A', 'ALL', 0.99],
    ['A', 'NAME', 0.99],
    ['A', 'LOCATION', 0.98],
    ['A', 'ADDRESS', 0.99],
    ['A', 'DATE', 0.99],
    ['B', 'ALL', 0.965],
    ['B', 'NAME', 0.95],
    ['B', 'ADDRESS', 0.99],
  ] as const)('half %s: %s recall stays above %s', (h, key, floor) => {
    expect(recall(h, key)).toBeGreaterThanOrEqual(floor);
  });

  it.each(['A', 'B'] as const)(
    'half %s: keep strings survive (>= 0.99) and redactions are mostly identifiers (>= 0.97)',
    (h) => {
      expect(results[h].keep.rate).toBeGreaterThanOrEqual(0.99);
      expect(results[h].precision.precision).toBeGreaterThanOrEqual(0.97);
    },
  );

  it('redacts no drug brand in the case dev questions', () => {
    const files = casesDevFiles();
    if (!files.length) return;
    const r = evaluateBrandOverRedaction(files, 'cases-dev');
    const brands = [
      'Procrit',
      'Aranesp',
      'Amitiza',
      'Stiolto',
      'Qsymia',
      'Kerendia',
      'Dayvigo',
      'Arexvy',
      'Abrysvo',
      'Leqembi',
      'Zurzuvae',
      'Wakix',
      'Imcivree',
      'Mucomyst',
      'Medrol',
      'Viberzi',
      'Caltrate',
    ];
    const redacted = r.redactedWords.map((w) => w.text);
    expect(redacted.filter((w) => brands.some((b) => w.includes(b)))).toEqual([]);
    expect(r.touched).toBeLessThanOrEqual(2);
  });
});
