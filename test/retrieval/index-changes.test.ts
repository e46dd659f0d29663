// The local engine caches passages, their stems and document frequencies across searches. When the index changes under it
// (an ingest run by another process while the server is up reuses rowids), the next search must see the new content.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/passage.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';

let dir: string;
let file: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-index-changes-'));
  file = path.join(dir, 'index.sqlite');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const DOC = 'gout.md';
function write(store: PassageStore, text: string): void {
  const passage: Passage = {
    id: 'p1',
    docId: DOC,
    title: 'Gout',
    publisher: null,
    version: null,
    year: 2020,
    source: DOC,
    page: 1,
    section: 'Recommendations',
    recommendation: '1',
    strength: 'Strong for',
    kind: 'recommendation',
    text,
  };
  store.replaceDocument(
    {
      docId: DOC,
      path: `/x/${DOC}`,
      root: '/x',
      sha256: text,
      title: 'Gout',
      publisher: null,
      version: null,
      year: 2020,
      source: DOC,
    },
    [passage],
  );
}

describe('a server reading an index that another process re-ingests', () => {
  it('answers from the new content, not from its caches', async () => {
    const writer = PassageStore.open(file);
    write(writer, 'We recommend allopurinol as first-line urate-lowering therapy for gout.');
    const reader = PassageStore.open(file, { readonly: true });
    const retriever = new LocalRetriever(reader);
    try {
      const before = await retriever.search('urate-lowering therapy for gout');
      expect(before[0]?.passage.text).toMatch(/allopurinol/);

      // Same document id, new text: the row is replaced, and its rowid may be reused.
      write(writer, 'We recommend febuxostat as first-line urate-lowering therapy for gout with renal impairment.');
      const after = await retriever.search('urate-lowering therapy for gout');
      expect(after).toHaveLength(1);
      expect(after[0]?.passage.text).toMatch(/febuxostat/);
      expect(await retriever.search('allopurinol')).toEqual([]);
    } finally {
      reader.close();
      writer.close();
    }
  });
});
