// The durable write thread: each caller's promise settles only when its row is committed (readable from another
// connection), a bad row fails only its own caller, a store's reads see its own awaited writes, and an idle thread never
// keeps a process alive.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDurableDatabase, WriteThread } from '../../src/ops/durable-sqlite.js';
import { auditPath, openAuditStore } from '../../src/ops/audit.js';
import { openFeedbackStore } from '../../src/review/feedback-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempFile(name: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-writes-'));
  dirs.push(d);
  return path.join(d, name);
}

describe('WriteThread', () => {
  it('settles each write when its row is on disk, many writes at once', async () => {
    const file = tempFile('t.sqlite');
    openDurableDatabase(file).exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    const writes = new WriteThread();
    const reader = new Database(file, { readonly: true });
    const count = () => (reader.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c;
    await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        writes.run(file, 'INSERT INTO t (n) VALUES (?)', [n]).then(() => {
          // Resolved means committed: another connection already sees this row.
          expect(reader.prepare('SELECT n FROM t WHERE n = ?').get(n)).toEqual({ n });
        }),
      ),
    );
    expect(count()).toBe(200);
    writes.release(file);
    reader.close();
  });

  it('fails only the write that is wrong, not the others committed with it', async () => {
    const file = tempFile('t.sqlite');
    openDurableDatabase(file).exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    const writes = new WriteThread();
    const results = await Promise.allSettled([
      writes.run(file, 'INSERT INTO t (n) VALUES (?)', [1]),
      writes.run(file, 'INSERT INTO t (n) VALUES (?)', [1]),
      writes.run(file, 'INSERT INTO t (n) VALUES (?)', [2]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    writes.release(file);
  });

  it('lets the audit and feedback stores read their own awaited writes, durable across a reopen', async () => {
    const file = tempFile('audit.sqlite');
    const writes = new WriteThread();
    const audit = openAuditStore(file, writes);
    await audit.record({ door: 'http', action: 'ask', caller: 'c', status: 'ok', latencyMs: 5 });
    expect(audit.recent(5).map((r) => r.action)).toEqual(['ask']);
    audit.close();
    expect(openAuditStore(file).recent(5)).toHaveLength(1);

    const feedback = openFeedbackStore(path.dirname(file), writes);
    await feedback.recordAnswer({
      messageId: 'm',
      traceId: 't',
      mode: 'extractive',
      sources: [],
      conversationKey: 'k',
    });
    expect(feedback.findAnswer({ messageId: 'm' })).toMatchObject({ traceId: 't' });
    feedback.close();
    expect(auditPath(path.dirname(file))).toBe(file);
  });

  it('does not keep a process alive once its writes are done', () => {
    const file = tempFile('t.sqlite');
    const module = path.resolve(__dirname, '../../src/ops/durable-sqlite.ts');
    const script = `
      import { openDurableDatabase, WriteThread } from ${JSON.stringify(module)};
      openDurableDatabase(${JSON.stringify(file)}).exec('CREATE TABLE t (n INTEGER)');
      new WriteThread().start(); // started (a store opened) and never written to
      await new WriteThread().run(${JSON.stringify(file)}, 'INSERT INTO t VALUES (?)', [7]);
      console.log('written');
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out.trim()).toBe('written');
    expect(new Database(file, { readonly: true }).prepare('SELECT n FROM t').get()).toEqual({ n: 7 });
  });
});
