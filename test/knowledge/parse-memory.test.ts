// Parser threads run within a heap budget (PARSE_POOL_SETTINGS.workerHeapMb), so an index rebuild cannot take the
// process's memory. A file that needs more fails alone with a reason a reader understands; the pool keeps going.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreadableDocumentError } from '../../src/knowledge/parse.js';
import { ParserPool } from '../../src/knowledge/parse-pool.js';
import { textPdf } from './pdf-fixtures.js';

let dir: string;
let pdf: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-parse-memory-'));
  pdf = path.join(dir, 'metformin.pdf');
  fs.writeFileSync(
    pdf,
    textPdf([
      { heading: 'Recommendations', body: ['1. We recommend metformin as first-line therapy.', 'Strong for.'] },
    ]),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parser threads within a heap budget', () => {
  it('fail a file that needs more memory with a clear reason, and parse on with a fresh thread', async () => {
    // pdf.js alone needs far more than 8 MB of old space, so every parse on this pool exceeds its budget.
    const starved = new ParserPool(1, 8);
    try {
      const first = await starved.parse(pdf, dir).catch((err: unknown) => err);
      expect(first).toBeInstanceOf(UnreadableDocumentError);
      expect((first as UnreadableDocumentError).reason).toBe(
        "parsing it needs more memory than a parser thread's 8 MB",
      );
      // The thread that ran out was replaced: the next file is tried (and fails the same way), not left waiting.
      await expect(starved.parse(pdf, dir)).rejects.toBeInstanceOf(UnreadableDocumentError);
    } finally {
      await starved.close();
    }
    const budgeted = new ParserPool(1);
    try {
      const doc = await budgeted.parse(pdf, dir);
      expect(doc.passages.map((p) => p.text).join(' ')).toMatch(/metformin/);
    } finally {
      await budgeted.close();
    }
  });
});
