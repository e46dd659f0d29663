// The local index is derived from the guideline files: when SQLite finds its pages damaged, the next start moves it aside
// and rebuilds it, rather than serving from it or refusing to start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openLocalRetriever } from '../../src/retrieval/index.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-damaged-index-'));
  fs.mkdirSync(path.join(dir, 'kb'));
  // Enough text for the index to span many pages, so damage in the middle hits table or index pages, not the header.
  const body = Array.from(
    { length: 300 },
    (_, i) => `Paragraph ${i}: monitor serum potassium ${i} days after starting an ACE inhibitor.`,
  ).join('\n\n');
  fs.writeFileSync(
    path.join(dir, 'kb', 'htn.md'),
    `---\ntitle: Hypertension\nyear: 2020\n---\n# Recommendations\n\nWe recommend a thiazide-type diuretic as first-line therapy for hypertension (Strong for).\n\n# Monitoring\n\n${body}\n`,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a local index with damaged pages', () => {
  it('is moved aside on the next start and rebuilt from the guidelines', async () => {
    const config = loadConfig({
      CURBSIDE_DATA_DIR: dir,
      CURBSIDE_GUIDELINES: path.join(dir, 'kb'),
      LOG_LEVEL: 'silent',
    });
    const quiet = { onProgress: () => undefined, onNotice: () => undefined };
    const first = await openLocalRetriever(config, quiet);
    await first.close();
    const file = config.indexPath;
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(16 * 4096);
    // Overwrite pages in the middle of the file, as a torn write or a bad disk would.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);

    const notices: string[] = [];
    const retriever = await openLocalRetriever(config, { ...quiet, onNotice: (line) => notices.push(line) });
    try {
      expect(notices.join('\n')).toMatch(/is damaged \(.*\); moved it to .*index\.sqlite\.damaged-/);
      expect(fs.readdirSync(dir).some((f) => f.startsWith('index.sqlite.damaged-'))).toBe(true);
      const hits = await retriever.search('first-line therapy for hypertension');
      expect(hits[0]?.passage.text).toMatch(/thiazide-type diuretic/);
    } finally {
      await retriever.close();
    }
  });
});

describe('an index damaged while the server is up', () => {
  it('fails the search, and readiness from then on, so the host restarts the process (whose start rebuilds it)', async () => {
    const config = loadConfig({
      CURBSIDE_DATA_DIR: path.join(dir, 'live'),
      CURBSIDE_GUIDELINES: path.join(dir, 'kb'),
      LOG_LEVEL: 'silent',
    });
    await (await openLocalRetriever(config, { onProgress: () => undefined, onNotice: () => undefined })).close();
    const retriever = new LocalRetriever(PassageStore.open(config.indexPath, { readonly: true }));
    try {
      await retriever.check();
      // Everything after the first two pages (the header and the schema) overwritten: any read of the tables fails.
      const fd = fs.openSync(config.indexPath, 'r+');
      const size = fs.statSync(config.indexPath).size;
      fs.writeSync(fd, Buffer.alloc(size - 2 * 4096, 0x5a), 0, size - 2 * 4096, 2 * 4096);
      fs.closeSync(fd);
      await expect(retriever.search('first-line therapy for hypertension')).rejects.toThrow(
        /malformed|corrupt|not a database/i,
      );
      await expect(retriever.check()).rejects.toThrow(/is damaged .*restart to rebuild it/);
    } finally {
      await retriever.close();
    }
  });
});
