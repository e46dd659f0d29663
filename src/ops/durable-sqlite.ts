// The SQLite files whose every acknowledged write must survive a crash (audit, feedback, review queue).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Opens (creating its folder) a SQLite file for records: WAL for concurrent readers, FULL sync, a 5 s busy wait. */
export function openDurableDatabase(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** A store kept in one durable SQLite file: opened with its schema created, closed at most once. */
export abstract class DurableSqliteStore {
  protected readonly db: Database.Database;

  constructor(
    readonly file: string,
    schema: string,
  ) {
    this.db = openDurableDatabase(file);
    this.db.exec(schema);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
