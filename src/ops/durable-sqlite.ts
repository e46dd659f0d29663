// The SQLite files whose every acknowledged write must survive a crash (audit, feedback, review queue).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** WAL for concurrent readers, FULL sync, a 5 s busy wait: every connection to a durable file, on any thread. */
const DURABLE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000'];

/** Opens (creating its folder) a SQLite file for records, with the durable pragmas. */
export function openDurableDatabase(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  for (const pragma of DURABLE_PRAGMAS) db.pragma(pragma);
  return db;
}

/**
 * Writes to durable SQLite files on a thread of their own, committed in groups. With synchronous=FULL each commit waits
 * for the disk (an fsync: ~10 ms on a quiet disk, hundreds under load); on the main thread that wait held HTTP, the
 * health probes and every other turn (a turn's audit row, answer record and review item were three of them). Here the
 * writes that arrive while one commit waits are committed together, and each caller's promise settles only when its
 * row is on disk, so "acknowledged" still means durable.
 */
export class WriteThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  run(file: string, sql: string, params: unknown[]): Promise<void> {
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const worker = this.thread();
    // Held open only while a write is outstanding, so an idle writer never keeps a CLI process alive.
    if (this.pending.size === 1) worker.ref();
    worker.postMessage({ type: 'write', id, file, sql, params });
    return done;
  }

  /** Starts the thread now (a store opening), so the first turn does not pay for it. */
  start(): void {
    this.thread();
  }

  /** Closes the thread's connection to `file` after the writes already sent to it (a store closing). */
  release(file: string): void {
    this.worker?.postMessage({ type: 'release', file });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WRITER_SOURCE, {
      eval: true,
      // CommonJS whatever flags the process runs with (an inherited --input-type=module would make it ESM).
      execArgv: [],
      workerData: { betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3'), pragmas: DURABLE_PRAGMAS },
    });
    worker.on('message', (reply: { done: number[]; failed: { id: number; message: string }[] }) => {
      for (const id of reply.done) this.settle(id)?.resolve();
      for (const f of reply.failed) this.settle(f.id)?.reject(new Error(f.message));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => this.fail(new Error('the durable write thread stopped')));
    // After the listeners (a 'message' listener holds the thread open again): only outstanding writes hold it.
    if (this.pending.size === 0) worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(id: number) {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    return entry;
  }

  /** A thread that died fails what it had not confirmed; the next write starts a new one. */
  private fail(err: Error): void {
    this.worker = null;
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(err);
    }
  }
}

// CommonJS run by the worker: one connection per file, with the durable pragmas; every tick's writes to a file
// in one transaction; a transaction that fails is retried write by write, so one bad row fails only its own caller.
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const connections = new Map();
let queue = [];
let scheduled = false;
const open = (file) => {
  let c = connections.get(file);
  if (!c) {
    const db = new Database(file);
    for (const pragma of workerData.pragmas) db.pragma(pragma);
    c = { db, statements: new Map() };
    connections.set(file, c);
  }
  return c;
};
const statement = (c, sql) => {
  let s = c.statements.get(sql);
  if (!s) c.statements.set(sql, (s = c.db.prepare(sql)));
  return s;
};
const flush = () => {
  scheduled = false;
  const batch = queue;
  queue = [];
  const done = [];
  const failed = [];
  const byFile = new Map();
  for (const m of batch) {
    if (!byFile.has(m.file)) byFile.set(m.file, []);
    byFile.get(m.file).push(m);
  }
  for (const [file, messages] of byFile) {
    const writes = messages.filter((m) => m.type === 'write');
    if (writes.length) {
      try {
        const c = open(file);
        c.db.transaction(() => { for (const w of writes) statement(c, w.sql).run(...w.params); })();
        for (const w of writes) done.push(w.id);
      } catch {
        for (const w of writes) {
          try {
            statement(open(file), w.sql).run(...w.params);
            done.push(w.id);
          } catch (err) {
            failed.push({ id: w.id, message: String(err && err.message) });
          }
        }
      }
    }
    if (messages.some((m) => m.type === 'release') && connections.has(file)) {
      connections.get(file).db.close();
      connections.delete(file);
    }
  }
  if (done.length || failed.length) parentPort.postMessage({ done, failed });
};
parentPort.on('message', (m) => {
  queue.push(m);
  if (!scheduled) { scheduled = true; setImmediate(flush); }
});
`;

/** A store kept in one durable SQLite file: opened with its schema created, closed at most once. */
export abstract class DurableSqliteStore {
  protected readonly db: Database.Database;

  /** `writes`: commit this store's hot-path writes on that thread (the server's stores); without it they run here. */
  constructor(
    readonly file: string,
    schema: string,
    private readonly writes: WriteThread | null = null,
  ) {
    this.db = openDurableDatabase(file);
    this.db.exec(schema);
    if (file !== ':memory:') writes?.start();
  }

  /** One write, on the write thread when this store has one (an in-memory database has no file to share). */
  protected write(sql: string, ...params: unknown[]): void | Promise<void> {
    if (this.writes && this.file !== ':memory:') return this.writes.run(this.file, sql, params);
    this.db.prepare(sql).run(...params);
  }

  close(): void {
    if (this.writes) this.writes.release(this.file);
    if (this.db.open) this.db.close();
  }
}
