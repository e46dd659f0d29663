// Durable thumbs up/down feedback. Each answer the bot sends is recorded (message id -> trace id, cited sources, mode) so that a
// later feedback invoke, which carries only the message id, can be tied back to what was answered. No message text is ever stored;
// the user's free-text comment is de-identified before it is written.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { deidentify } from '../safety/deid.js';

export interface AnswerRecord {
  /** The Teams activity id of the answer message (what a feedback invoke's replyToId points at). */
  messageId: string;
  traceId: string;
  mode: 'model' | 'extractive';
  /** Cited sources in citation order. */
  sources: { passageId: string; source: string; page: number | null }[];
  /** Opaque conversation key (a hash, never the raw Teams id). */
  conversationKey: string;
}

export interface FeedbackInput {
  /** The answer's message id (the invoke's replyToId); empty when the client did not send one. */
  messageId: string;
  /** Same opaque key as AnswerRecord.conversationKey: used to find the answer when messageId is missing. */
  conversationKey?: string;
  reaction: 'like' | 'dislike';
  /** Raw comment from the user; de-identified before storing. */
  comment: string;
}

/** How feedback was tied to an answer: by the message id, by being the conversation's latest answer, or not at all. */
export type FeedbackMatch = 'message' | 'latest-in-conversation' | 'none';

export interface FeedbackRow {
  id: number;
  createdAt: string;
  messageId: string;
  match: FeedbackMatch;
  reaction: 'like' | 'dislike';
  comment: string;
  traceId: string | null;
  mode: string | null;
  sources: AnswerRecord['sources'];
}

/**
 * What the doors need from a feedback store: local SQLite here (synchronous), or Azure Table storage for several bot
 * instances (asynchronous, src/azure/table-feedback-store.ts).
 */
export interface FeedbackStore {
  recordAnswer(record: AnswerRecord): void | Promise<void>;
  addFeedback(input: FeedbackInput): FeedbackRow | Promise<FeedbackRow>;
  /** Newest first. */
  list(limit?: number): FeedbackRow[] | Promise<FeedbackRow[]>;
  close(): void;
}

export class SqliteFeedbackStore implements FeedbackStore {
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    // Feedback is rare and precious: WAL for concurrent readers, FULL sync so an acknowledged thumbs-down survives a crash.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS answers (
        message_id TEXT PRIMARY KEY,
        trace_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        sources TEXT NOT NULL,
        conversation_key TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        message_id TEXT NOT NULL,
        reaction TEXT NOT NULL CHECK (reaction IN ('like','dislike')),
        comment TEXT NOT NULL,
        trace_id TEXT,
        mode TEXT,
        sources TEXT NOT NULL,
        match TEXT NOT NULL DEFAULT 'none'
      );
      CREATE INDEX IF NOT EXISTS answers_conversation ON answers(conversation_key, created_at);
      CREATE INDEX IF NOT EXISTS feedback_trace ON feedback(trace_id);
    `);
  }

  recordAnswer(record: AnswerRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO answers (message_id, trace_id, mode, sources, conversation_key, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(record.messageId, record.traceId, record.mode, JSON.stringify(record.sources), record.conversationKey, new Date().toISOString());
  }

  /**
   * Stores one feedback event, joined to its answer: by message id, or (when the client sent none, as the Agents Playground
   * does) to the latest answer in the same conversation, recorded as such. Returns the stored row.
   */
  addFeedback(input: FeedbackInput): FeedbackRow {
    type AnswerRow = { message_id: string; trace_id: string; mode: string; sources: string };
    let answer: AnswerRow | undefined;
    let match: FeedbackMatch = 'none';
    if (input.messageId) {
      answer = this.db.prepare('SELECT message_id, trace_id, mode, sources FROM answers WHERE message_id = ?').get(input.messageId) as AnswerRow | undefined;
      if (answer) match = 'message';
    } else if (input.conversationKey) {
      answer = this.db
        .prepare('SELECT message_id, trace_id, mode, sources FROM answers WHERE conversation_key = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
        .get(input.conversationKey) as AnswerRow | undefined;
      if (answer) match = 'latest-in-conversation';
    }
    const messageId = input.messageId || answer?.message_id || '';
    const comment = deidentify(input.comment.slice(0, 4000)).text;
    const createdAt = new Date().toISOString();
    const info = this.db
      .prepare(
        `INSERT INTO feedback (created_at, message_id, reaction, comment, trace_id, mode, sources, match) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(createdAt, messageId, input.reaction, comment, answer?.trace_id ?? null, answer?.mode ?? null, answer?.sources ?? '[]', match);
    return {
      id: Number(info.lastInsertRowid),
      createdAt,
      messageId,
      match,
      reaction: input.reaction,
      comment,
      traceId: answer?.trace_id ?? null,
      mode: answer?.mode ?? null,
      sources: answer ? (JSON.parse(answer.sources) as AnswerRecord['sources']) : [],
    };
  }

  list(limit = 100): FeedbackRow[] {
    const rows = this.db.prepare('SELECT * FROM feedback ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number;
      created_at: string;
      message_id: string;
      reaction: 'like' | 'dislike';
      comment: string;
      trace_id: string | null;
      mode: string | null;
      sources: string;
      match: FeedbackMatch;
    }[];
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      messageId: r.message_id,
      match: r.match,
      reaction: r.reaction,
      comment: r.comment,
      traceId: r.trace_id,
      mode: r.mode,
      sources: JSON.parse(r.sources) as AnswerRecord['sources'],
    }));
  }

  /** The durability settings in force on this connection (journal mode, synchronous level: 2 = FULL). */
  durability(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openFeedbackStore(dataDir: string): SqliteFeedbackStore {
  return new SqliteFeedbackStore(path.join(dataDir, 'feedback.sqlite'));
}
