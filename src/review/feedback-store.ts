// Durable thumbs up/down feedback. Each answer is recorded (its message id and trace id -> mode, cited sources, and the
// de-identified turn a reviewer reads) so that a later feedback event, which names only the answer's message id (Teams:
// the invoke's replyToId) or trace id (HTTP API), is tied to exactly that answer. Feedback that names no answer is kept
// but tied to none: guessing "the conversation's latest answer" put thumbs on the wrong answer. The user's free-text
// comment is de-identified before it is written.
import path from 'node:path';
import { DurableSqliteStore, type WriteThread } from '../ops/durable-sqlite.js';
import { deidentify } from '../safety/deid.js';

export interface AnswerCitation {
  n: number;
  passageId: string;
  source: string;
  title: string;
  page: number | null;
  recommendation: string | null;
  strength: string | null;
  /** The start of the verbatim quote. */
  quote: string;
}

/** What a reviewer reads about one answer; all text already de-identified. */
export interface AnswerContent {
  /** Which door answered: "teams", "http", "mcp-http", ... */
  door: string;
  question: string;
  /** Earlier user messages of the conversation, oldest first. */
  history: string[];
  answer: string;
  citations: AnswerCitation[];
  refused: boolean;
  urgent: boolean;
  latencyMs: number;
}

export interface AnswerRecord {
  /** The Teams activity id of the answer message (what a feedback invoke's replyToId points at); the trace id elsewhere. */
  messageId: string;
  traceId: string;
  mode: 'model' | 'extractive';
  /** Cited sources in citation order. */
  sources: { passageId: string; source: string; page: number | null }[];
  /** Opaque conversation key (a hash, never the raw Teams id). */
  conversationKey: string;
  /** Absent on records written before reviews existed. */
  content?: AnswerContent;
  /** Set by the store. */
  createdAt?: string;
}

/** Which answer feedback is about: its message id (Teams) or its trace id (HTTP API). */
export interface AnswerRef {
  messageId?: string;
  traceId?: string;
}

export interface FeedbackInput extends AnswerRef {
  reaction: 'like' | 'dislike';
  /** Raw comment from the user; de-identified before storing. */
  comment: string;
  /** The comment is already de-identified (by the review queue, on an answer thread): stored as it is. */
  commentClean?: boolean;
}

/** How feedback was tied to an answer: by the answer's message id, by its trace id, or not at all. */
export type FeedbackMatch = 'message' | 'trace' | 'none';

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
  findAnswer(ref: AnswerRef): AnswerRecord | null | Promise<AnswerRecord | null>;
  addFeedback(input: FeedbackInput): FeedbackRow | Promise<FeedbackRow>;
  /** Newest first; only rows created at or after `since` when given. */
  list(limit?: number, since?: Date): FeedbackRow[] | Promise<FeedbackRow[]>;
  /** Answers recorded at or after `since`, oldest first. */
  answersSince(since: Date): AnswerRecord[] | Promise<AnswerRecord[]>;
  /** Deletes answers and feedback created before `before` (the retention setting); returns how many records went. */
  purge(before: Date): number | Promise<number>;
  close(): void;
}

/** Comments are short notes; anything longer is cut before de-identification and storage. */
export const MAX_COMMENT_CHARS = 4000;

export function cleanComment({ comment, commentClean }: Pick<FeedbackInput, 'comment' | 'commentClean'>): string {
  const short = comment.slice(0, MAX_COMMENT_CHARS);
  return commentClean ? short : deidentify(short).text;
}

type AnswerRow = {
  message_id: string;
  trace_id: string;
  mode: string;
  sources: string;
  conversation_key: string;
  content: string | null;
  created_at: string;
};

function answerOf(r: AnswerRow): AnswerRecord {
  return {
    messageId: r.message_id,
    traceId: r.trace_id,
    mode: r.mode as AnswerRecord['mode'],
    sources: JSON.parse(r.sources) as AnswerRecord['sources'],
    conversationKey: r.conversation_key,
    ...(r.content ? { content: JSON.parse(r.content) as AnswerContent } : {}),
    createdAt: r.created_at,
  };
}

export class SqliteFeedbackStore extends DurableSqliteStore implements FeedbackStore {
  constructor(file: string, writes: WriteThread | null = null) {
    // Feedback is rare and precious: an acknowledged thumbs-down survives a crash.
    super(
      file,
      `
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
    `,
      writes,
    );
    // Files written before reviews: add the de-identified turn a reviewer reads (old rows keep null).
    if (
      !(this.db.prepare('PRAGMA table_info(answers)').all() as { name: string }[]).some((c) => c.name === 'content')
    ) {
      this.db.exec('ALTER TABLE answers ADD COLUMN content TEXT');
    }
    this.db.exec(
      'CREATE INDEX IF NOT EXISTS answers_trace ON answers(trace_id); CREATE INDEX IF NOT EXISTS answers_created ON answers(created_at)',
    );
  }

  recordAnswer(record: AnswerRecord): void | Promise<void> {
    return this.write(
      `INSERT OR REPLACE INTO answers (message_id, trace_id, mode, sources, conversation_key, content, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      record.messageId,
      record.traceId,
      record.mode,
      JSON.stringify(record.sources),
      record.conversationKey,
      record.content ? JSON.stringify(record.content) : null,
      record.createdAt ?? new Date().toISOString(),
    );
  }

  findAnswer(ref: AnswerRef): AnswerRecord | null {
    const row = ref.messageId
      ? this.db.prepare('SELECT * FROM answers WHERE message_id = ?').get(ref.messageId)
      : ref.traceId
        ? this.db.prepare('SELECT * FROM answers WHERE trace_id = ? ORDER BY created_at DESC LIMIT 1').get(ref.traceId)
        : undefined;
    return row ? answerOf(row as AnswerRow) : null;
  }

  /** Stores one feedback event, joined to the answer it names (or to none). Returns the stored row. */
  addFeedback(input: FeedbackInput): FeedbackRow {
    const answer = this.findAnswer(input);
    const match: FeedbackMatch = !answer ? 'none' : input.messageId ? 'message' : 'trace';
    const messageId = input.messageId || answer?.messageId || '';
    const comment = cleanComment(input);
    const createdAt = new Date().toISOString();
    const sources = JSON.stringify(answer?.sources ?? []);
    const info = this.db
      .prepare(
        `INSERT INTO feedback (created_at, message_id, reaction, comment, trace_id, mode, sources, match) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        createdAt,
        messageId,
        input.reaction,
        comment,
        answer?.traceId ?? null,
        answer?.mode ?? null,
        sources,
        match,
      );
    return {
      id: Number(info.lastInsertRowid),
      createdAt,
      messageId,
      match,
      reaction: input.reaction,
      comment,
      traceId: answer?.traceId ?? null,
      mode: answer?.mode ?? null,
      sources: answer?.sources ?? [],
    };
  }

  list(limit = 100, since?: Date): FeedbackRow[] {
    const rows = this.db
      .prepare('SELECT * FROM feedback WHERE created_at >= ? ORDER BY id DESC LIMIT ?')
      .all(since?.toISOString() ?? '', limit) as {
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

  answersSince(since: Date): AnswerRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM answers WHERE created_at >= ? ORDER BY created_at')
        .all(since.toISOString()) as AnswerRow[]
    ).map(answerOf);
  }

  purge(before: Date): number {
    const cutoff = before.toISOString();
    return this.db.transaction(
      () =>
        this.db.prepare('DELETE FROM answers WHERE created_at < ?').run(cutoff).changes +
        this.db.prepare('DELETE FROM feedback WHERE created_at < ?').run(cutoff).changes,
    )();
  }

  /** The durability settings in force on this connection (journal mode, synchronous level: 2 = FULL). */
  durability(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }
}

export function openFeedbackStore(dataDir: string, writes: WriteThread | null = null): SqliteFeedbackStore {
  return new SqliteFeedbackStore(path.join(dataDir, 'feedback.sqlite'), writes);
}
