// The feedback store is durable (WAL, synchronous FULL, survives reopen), ties feedback to the answer's trace and sources,
// and never stores identifiers from the user's comment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openFeedbackStore, SqliteFeedbackStore } from '../../src/review/feedback-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-feedback-'));
  dirs.push(d);
  return d;
}

describe('FeedbackStore', () => {
  it('joins feedback to the recorded answer and survives a reopen', () => {
    const dir = tempDir();
    const store = openFeedbackStore(dir);
    store.recordAnswer({
      messageId: 'm-1',
      traceId: 'trace-abc',
      mode: 'extractive',
      sources: [{ passageId: 'p1', source: 'a.pdf', page: 3 }],
      conversationKey: 'k1',
    });
    const row = store.addFeedback({ messageId: 'm-1', reaction: 'like', comment: 'Spot on' });
    expect(row).toMatchObject({ reaction: 'like', comment: 'Spot on', traceId: 'trace-abc', mode: 'extractive' });
    store.close();

    const reopened = openFeedbackStore(dir);
    const rows = reopened.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sources).toEqual([{ passageId: 'p1', source: 'a.pdf', page: 3 }]);
    reopened.close();
  });

  it('de-identifies comments and keeps feedback for unknown messages', () => {
    const store = openFeedbackStore(tempDir());
    const row = store.addFeedback({
      messageId: 'unknown',
      reaction: 'dislike',
      comment: 'Patient Mary Johnson, DOB 03/14/1951, MRN 55512345, email mary.j@example.com: answer missed the dose',
    });
    expect(row.traceId).toBeNull();
    expect(row.comment).not.toMatch(/Johnson|03\/14\/1951|55512345|mary\.j@example\.com/);
    expect(row.comment).toMatch(/answer missed the dose/);
    store.close();
  });

  it('ties feedback to the answer it names (message id or trace id), an older one included, and never guesses', () => {
    const store = openFeedbackStore(tempDir());
    const record = (messageId: string, traceId: string, conversationKey: string) =>
      store.recordAnswer({ messageId, traceId, mode: 'model', sources: [], conversationKey });
    record('m-1', 't-1', 'conv-a');
    record('m-2', 't-2', 'conv-a');
    record('m-3', 't-3', 'conv-b');
    // Thumbs on the first answer after a later one was sent: it lands on the first.
    expect(store.addFeedback({ messageId: 'm-1', reaction: 'dislike', comment: '' })).toMatchObject({
      match: 'message',
      messageId: 'm-1',
      traceId: 't-1',
    });
    expect(store.addFeedback({ traceId: 't-1', reaction: 'like', comment: '' })).toMatchObject({
      match: 'trace',
      messageId: 'm-1',
      traceId: 't-1',
    });
    // Naming no answer (the Agents Playground sends no replyToId): kept, tied to none, not to conv-a's latest answer.
    expect(store.addFeedback({ messageId: '', reaction: 'like', comment: '' })).toMatchObject({
      match: 'none',
      traceId: null,
    });
    expect(store.addFeedback({ traceId: 'no-such-trace', reaction: 'dislike', comment: '' })).toMatchObject({
      match: 'none',
      traceId: null,
    });
    store.close();
  });

  it('uses WAL with synchronous FULL', () => {
    const dir = tempDir();
    const store = new SqliteFeedbackStore(path.join(dir, 'nested', 'feedback.sqlite'));
    store.addFeedback({ messageId: 'm', reaction: 'like', comment: '' });
    const db = new Database(store.file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    store.close();
  });
});
