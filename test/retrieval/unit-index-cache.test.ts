// The recommendation-unit index is saved beside the local index and restored at the next start. A restored index must
// rank exactly as a fresh build, and an ingest or a changed tuning must never be answered from a stale copy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import {
  RecommendationUnitIndex,
  UNIT_TUNING,
  type RecommendationUnitIndex as UnitIndex,
} from '../../src/retrieval/recommendation-units.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { loadUnitIndex, unitIndexCachePath } from '../../src/retrieval/unit-index-cache.js';

let dir: string;
let file: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-unit-cache-'));
  file = path.join(dir, 'index.sqlite');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function passage(docId: string, n: number, fields: Partial<Passage>): Passage {
  return {
    id: `${docId}-${n}`,
    docId,
    title: docId.replace('.md', ''),
    publisher: null,
    version: null,
    year: 2020,
    source: docId,
    page: n,
    section: null,
    recommendation: null,
    strength: null,
    kind: 'text',
    text: '',
    ...fields,
  };
}

function ingest(store: PassageStore, docId: string, passages: Passage[]): void {
  store.replaceDocument(
    {
      docId,
      path: `/kb/${docId}`,
      root: '/kb',
      sha256: JSON.stringify(passages),
      title: docId,
      publisher: null,
      version: null,
      year: 2020,
      source: docId,
    },
    passages,
  );
}

const GOUT = [
  passage('gout.md', 1, {
    kind: 'recommendation',
    recommendation: '1',
    strength: 'Strong for',
    section: 'Recommendations',
    text: 'We recommend allopurinol as first-line urate-lowering therapy (ULT) for gout.',
  }),
  passage('gout.md', 2, {
    kind: 'recommendation',
    recommendation: '2',
    strength: 'Weak for',
    section: 'Recommendations',
    text: 'We suggest colchicine prophylaxis when starting urate-lowering therapy.',
  }),
  passage('gout.md', 3, {
    section: 'Discussion > Recommendations 1-2',
    text: 'Serum urate below 6 mg/dL prevents flares; titrate allopurinol monthly.',
  }),
];
const ASTHMA = [
  passage('asthma.md', 1, {
    kind: 'recommendation',
    recommendation: '1',
    strength: 'Strong for',
    section: 'Recommendations',
    text: 'We recommend fractional exhaled nitric oxide (FeNO) testing to support an asthma diagnosis.',
  }),
  passage('asthma.md', 2, {
    section: 'Discussion > Recommendation 1',
    text: 'FeNO above 50 ppb in adults suggests eosinophilic airway inflammation.',
  }),
];
const QUESTIONS = [
  'first line ULT for gout',
  'alopurinol titration',
  'feno for asthma dx',
  'colchicine when starting therapy',
];

/** Every ranking the answer path reads, as plain data. */
function rankings(index: UnitIndex) {
  return QUESTIONS.map((q) => ({
    terms: index.queryTerms(q),
    hits: index.search(q).map((h) => ({
      key: h.unit.key,
      score: h.score,
      matched: h.matched,
      discussion: h.unit.discussion.map((d) => d.id),
    })),
    prior: [...index.guidelinePrior(index.queryTerms(q))],
  }));
}

const inode = () => fs.statSync(unitIndexCachePath(file)).ino;

describe('the saved recommendation-unit index', () => {
  it('is written at the first build and restored, identical to a fresh build, until the content or tuning changes', () => {
    const writer = PassageStore.open(file);
    ingest(writer, 'gout.md', GOUT);
    ingest(writer, 'asthma.md', ASTHMA);
    const reader = PassageStore.open(file, { readonly: true });
    try {
      const fresh = () => new RecommendationUnitIndex(reader.allPassages(), UNIT_TUNING);
      const built = loadUnitIndex(reader, UNIT_TUNING);
      expect(fs.existsSync(unitIndexCachePath(file))).toBe(true);
      const saved = inode();

      const restored = loadUnitIndex(reader, UNIT_TUNING);
      expect(inode()).toBe(saved); // read, not rebuilt and rewritten
      expect(rankings(restored)).toEqual(rankings(built));
      expect(rankings(restored)).toEqual(rankings(fresh()));
      expect(restored.correct('alopurinol')).toBe('allopurinol');
      expect(restored.abbreviations.get('feno')).toEqual(['fractional', 'exhaled', 'nitric', 'oxide']);
      // A discussion passage shared by two recommendations stays one object, as in a build.
      const [one, two] = restored.units.filter((u) => u.key.startsWith('gout.md#'));
      expect(one!.discussion[0]).toBe(two!.discussion[0]);

      // Another weight: not answered from the copy built with the old one.
      const heavier = { ...UNIT_TUNING, statement: UNIT_TUNING.statement + 2 };
      const retuned = loadUnitIndex(reader, heavier);
      expect(rankings(retuned)).toEqual(rankings(new RecommendationUnitIndex(reader.allPassages(), heavier)));
      expect(rankings(retuned)).not.toEqual(rankings(built));

      // An ingest (here by another connection, as `curbside ingest` beside a running server): the new text is seen.
      ingest(writer, 'gout.md', [
        ...GOUT,
        passage('gout.md', 4, {
          kind: 'recommendation',
          recommendation: '3',
          section: 'Recommendations',
          text: 'We suggest febuxostat when allopurinol is not tolerated.',
        }),
      ]);
      const afterIngest = loadUnitIndex(reader, UNIT_TUNING);
      expect(afterIngest.units.map((u) => u.key)).toContain('gout.md#3');
      expect(rankings(afterIngest)).toEqual(rankings(fresh()));
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('is rebuilt when the saved copy is damaged', () => {
    const store = PassageStore.open(file, { readonly: true });
    try {
      const good = loadUnitIndex(store, UNIT_TUNING);
      const saved = fs.readFileSync(unitIndexCachePath(file));
      fs.writeFileSync(unitIndexCachePath(file), saved.subarray(0, Math.floor(saved.length / 2)));
      expect(rankings(loadUnitIndex(store, UNIT_TUNING))).toEqual(rankings(good));
      expect(fs.statSync(unitIndexCachePath(file)).size).toBe(saved.length);
    } finally {
      store.close();
    }
  });
});
