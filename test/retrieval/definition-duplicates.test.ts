// Definition questions ("What is LOT?") and near-duplicate boilerplate, on a generated index in a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import { DEFAULT_TUNING, LocalRetriever } from '../../src/retrieval/local.js';
import { definesTerm, definitionTarget } from '../../src/retrieval/rerank.js';
import { PassageStore } from '../../src/retrieval/store.js';

describe('definition questions', () => {
  it('recognises the ways a clinician asks what a term means, and nothing else', () => {
    expect(definitionTarget('What is CIH?')).toBe('CIH');
    expect(definitionTarget('what does PDMP stand for')).toBe('PDMP');
    expect(definitionTarget('What does MME mean?')).toBe('MME');
    expect(definitionTarget('What does it mean by SUD?')).toBe('SUD');
    expect(definitionTarget('What is meant by long-term opioid therapy?')).toBe('long-term opioid therapy');
    expect(definitionTarget('Define LOT')).toBe('LOT');
    expect(definitionTarget('What is the first-line treatment for hypertension in black patients?')).toBeNull();
    expect(definitionTarget('What does the GRADE system include?')).toBeNull();
    expect(definitionTarget('When to follow up?')).toBeNull();
  });

  it('knows a definition when a passage gives one', () => {
    expect(definesTerm('patients on long-term opioid therapy (LOT) should be reviewed', 'LOT')).toBe(true);
    expect(definesTerm('Review PDMP (Prescription Drug Monitoring Program) data at least every 3 months', 'PDMP')).toBe(
      true,
    );
    expect(definesTerm('Morphine milligram equivalents (MMEs) are used to compare doses', 'MME')).toBe(true);
    expect(definesTerm('Delirium is defined as an acute disturbance in attention', 'delirium')).toBe(true);
    expect(definesTerm('Reduce LOT gradually; LOT carries risk', 'LOT')).toBe(false);
    expect(definesTerm('Review PDMP (at least every 3 months)', 'PDMP')).toBe(false);
  });
});

describe('ranking with definitions and duplicates', () => {
  let dir: string;
  let store: PassageStore;
  const boilerplate =
    'The Work Group used the Grading of Recommendations Assessment, Development and Evaluation approach to craft each ' +
    'recommendation and determine its strength, considering the quality of the evidence, the balance of benefits and harms, ' +
    'patient values and preferences, and other implications such as resource use and acceptability';
  const passage = (doc: string, id: string, text: string, extra: Partial<Passage> = {}): Passage => ({
    id,
    docId: doc,
    title: `Guideline ${doc}`,
    publisher: null,
    version: null,
    year: 2020,
    source: doc,
    page: 3,
    section: extra.section ?? null,
    recommendation: extra.recommendation ?? null,
    strength: extra.strength ?? null,
    kind: extra.kind ?? 'text',
    text,
  });
  const addDocument = (doc: string, passages: Passage[]) =>
    store.replaceDocument(
      {
        docId: doc,
        path: `/x/${doc}`,
        root: '/x',
        sha256: doc,
        title: `Guideline ${doc}`,
        publisher: null,
        version: null,
        year: 2020,
        source: doc,
      },
      passages,
    );

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-definition-test-'));
    store = PassageStore.open(path.join(dir, 'index.sqlite'));
    addDocument('opioids.md', [
      passage(
        'opioids.md',
        'uses-1',
        'Taper LOT slowly. LOT at high dose raises overdose risk; review LOT every 3 months.',
      ),
      passage('opioids.md', 'uses-2', 'LOT and benzodiazepines together: avoid LOT with sedatives where possible.'),
      passage(
        'opioids.md',
        'defines',
        'This guideline covers adults with chronic pain who are on or being considered for long-term opioid therapy (LOT), in primary care and specialty settings.',
      ),
    ]);
    addDocument('asthma.md', [
      passage('asthma.md', 'method', `${boilerplate} for adults with asthma.`),
      passage('asthma.md', 'method-again', `${boilerplate} for adults with asthma.`, { section: 'Appendix A' }),
      passage(
        'asthma.md',
        'rec',
        'We recommend rating evidence with Grading of Recommendations Assessment, Development and Evaluation.',
        { kind: 'recommendation', recommendation: '1', strength: 'Strong for' },
      ),
    ]);
    addDocument('copd.md', [
      passage('copd.md', 'method', `${boilerplate} for adults with COPD.`),
      passage(
        'copd.md',
        'rec',
        'We recommend rating evidence with Grading of Recommendations Assessment, Development and Evaluation.',
        { kind: 'recommendation', recommendation: '4', strength: 'Weak for' },
      ),
    ]);
  });

  afterAll(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers "What is X?" with the passage that defines X, not the one that repeats it most', async () => {
    const full = new LocalRetriever(store);
    expect((await full.search('What is LOT?'))[0]?.passage.id).toBe('defines');
    // The same index without the definition signal ranks by repetition: the signal is what moves it.
    const withoutDefinition = new LocalRetriever(store, 'full', undefined, { ...DEFAULT_TUNING, definition: 0 });
    expect((await withoutDefinition.search('What is LOT?'))[0]?.passage.id).not.toBe('defines');
  });

  it('shows a paragraph reprinted by several guidelines once, but keeps repeats within one guideline and every recommendation', async () => {
    const hits = await new LocalRetriever(store).search(
      'Grading of Recommendations Assessment Development Evaluation strength',
      { top: 10 },
    );
    const copies = hits.filter((h) => h.passage.text.startsWith('The Work Group used'));
    expect(new Set(copies.map((h) => h.passage.docId)).size).toBe(1);
    expect(copies.map((h) => h.passage.id).sort()).toEqual(['method', 'method-again']);
    expect(
      hits
        .filter((h) => h.passage.kind === 'recommendation')
        .map((h) => h.passage.docId)
        .sort(),
    ).toEqual(['asthma.md', 'copd.md']);
  });
});
