// Incremental ingest against a real SQLite file and real files in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';

let dir: string;
let kb: string;
let store: PassageStore;

function guideline(title: string, body: string): string {
  return `---\ntitle: "${title}"\nreleased: "2019"\n---\n\n# ${title}\n\n## Major Recommendations\n\n${body}\n`;
}

async function texts(query: string): Promise<string[]> {
  const hits = await new LocalRetriever(store).search(query, { top: 20 });
  return hits.map((h) => h.passage.text);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-ingest-test-'));
  kb = path.join(dir, 'kb');
  fs.mkdirSync(path.join(kb, 'sub'), { recursive: true });
  fs.writeFileSync(
    path.join(kb, 'gout.md'),
    guideline('Gout management', 'We recommend allopurinol for recurrent gout flares.'),
  );
  fs.writeFileSync(
    path.join(kb, 'sub', 'anemia.md'),
    guideline('Anemia in pregnancy', 'Screen pregnant women for iron deficiency anemia.'),
  );
  fs.writeFileSync(
    path.join(kb, 'notes.txt'),
    'Zebrafish husbandry notes: water temperature should stay near 28 degrees.\n',
  );
  store = PassageStore.open(path.join(dir, 'index.sqlite'));
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ingestPaths', () => {
  it('adds new files, skips unchanged ones, replaces changed ones and removes deleted ones', async () => {
    const first = await ingestPaths(store, [kb], { workers: 1 });
    expect(first).toMatchObject({ files: 3, added: 3, updated: 0, unchanged: 0, removed: 0, failed: [] });
    expect(store.counts().documents).toBe(3);
    expect((await texts('allopurinol')).join(' ')).toMatch(/allopurinol/);

    const again = await ingestPaths(store, [kb], { workers: 1 });
    expect(again).toMatchObject({ files: 3, added: 0, updated: 0, unchanged: 3, removed: 0, passages: 0 });

    fs.writeFileSync(
      path.join(kb, 'gout.md'),
      guideline('Gout management', 'We suggest febuxostat when allopurinol is not tolerated.'),
    );
    fs.rmSync(path.join(kb, 'notes.txt'));
    const changed = await ingestPaths(store, [kb], { workers: 1 });
    expect(changed).toMatchObject({ files: 2, added: 0, updated: 1, unchanged: 1, removed: 1, failed: [] });
    expect(store.counts().documents).toBe(2);
    expect((await texts('febuxostat')).join(' ')).toMatch(/febuxostat/);
    expect(await texts('recurrent flares')).not.toContainEqual(expect.stringMatching(/recurrent gout flares/));
    expect(await texts('zebrafish')).toEqual([]);
    expect(
      store
        .documentStates()
        .map((d) => d.docId)
        .sort(),
    ).toEqual(['gout.md', 'sub/anemia.md']);
  });

  it('reports a corrupt file on its own line and still ingests the others, leaving the index consistent', async () => {
    fs.writeFileSync(
      path.join(kb, 'broken.pdf'),
      Buffer.from('%PDF-1.7\n this is not really a pdf \x00\x01\x02 trailer garbage'),
    );
    const report = await ingestPaths(store, [kb], { workers: 2 });
    expect(report.added).toBe(3);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.file).toBe(path.join(kb, 'broken.pdf'));
    expect(report.failed[0]!.reason.length).toBeGreaterThan(0);
    expect(
      store
        .documentStates()
        .map((d) => d.docId)
        .sort(),
    ).toEqual(['gout.md', 'notes.txt', 'sub/anemia.md']);
    expect((await texts('iron deficiency')).join(' ')).toMatch(/iron deficiency/);

    // Re-running changes nothing for the good files and reports the bad one again.
    const next = await ingestPaths(store, [kb], { workers: 1 });
    expect(next).toMatchObject({ unchanged: 3, added: 0, updated: 0, removed: 0 });
    expect(next.failed.map((f) => path.basename(f.file))).toEqual(['broken.pdf']);
    const { passages } = store.counts();
    const listed = store.listGuidelines().reduce((n, g) => n + g.passages, 0);
    expect(listed).toBe(passages);
  });

  it('names a missing path instead of failing the whole run', async () => {
    const report = await ingestPaths(store, [kb, path.join(dir, 'nope')], { workers: 1 });
    expect(report.added).toBe(3);
    expect(report.failed).toEqual([{ file: path.join(dir, 'nope'), reason: 'no such file or directory' }]);
  });
});
