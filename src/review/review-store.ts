// Where review items live: SQLite in CURBSIDE_DATA_DIR locally, Azure Table storage when a storage account is configured
// (src/azure/table-review-store.ts). One item per answer; labelling updates it in place (who and when go to the audit log too).
import path from 'node:path';
import { DurableSqliteStore, type WriteThread } from '../ops/durable-sqlite.js';
import type { ReviewItem } from './review-item.js';

export interface ReviewQuery {
  status?: 'open' | 'labelled';
  /** Items created at or after this time. */
  since?: Date;
  limit?: number;
}

export interface ReviewStore {
  /** Inserts or replaces the item with this id. */
  put(item: ReviewItem): void | Promise<void>;
  get(id: string): ReviewItem | null | Promise<ReviewItem | null>;
  /** Newest first. */
  list(query?: ReviewQuery): ReviewItem[] | Promise<ReviewItem[]>;
  /** Deletes items created before `before` (the retention setting); returns how many went. */
  purge(before: Date): number | Promise<number>;
  close(): void;
}

export class SqliteReviewStore extends DurableSqliteStore implements ReviewStore {
  constructor(file: string, writes: WriteThread | null = null) {
    super(
      file,
      `
      CREATE TABLE IF NOT EXISTS reviews (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open','labelled')),
        item TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS reviews_created ON reviews(created_at);
    `,
      writes,
    );
  }

  put(item: ReviewItem): void | Promise<void> {
    return this.write(
      'INSERT OR REPLACE INTO reviews (id, created_at, status, item) VALUES (?, ?, ?, ?)',
      item.id,
      item.createdAt,
      item.status,
      JSON.stringify(item),
    );
  }

  get(id: string): ReviewItem | null {
    const row = this.db.prepare('SELECT item FROM reviews WHERE id = ?').get(id) as { item: string } | undefined;
    return row ? (JSON.parse(row.item) as ReviewItem) : null;
  }

  list({ status, since, limit = 1000 }: ReviewQuery = {}): ReviewItem[] {
    const rows = this.db
      .prepare(
        'SELECT item FROM reviews WHERE created_at >= ? AND (? IS NULL OR status = ?) ORDER BY created_at DESC, id LIMIT ?',
      )
      .all(since?.toISOString() ?? '', status ?? null, status ?? null, limit) as { item: string }[];
    return rows.map((r) => JSON.parse(r.item) as ReviewItem);
  }

  purge(before: Date): number {
    return this.db.prepare('DELETE FROM reviews WHERE created_at < ?').run(before.toISOString()).changes;
  }
}

export function openReviewStore(dataDir: string, writes: WriteThread | null = null): SqliteReviewStore {
  return new SqliteReviewStore(path.join(dataDir, 'reviews.sqlite'), writes);
}
