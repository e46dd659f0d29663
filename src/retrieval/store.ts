// The local knowledge base: one SQLite file with documents, passages and an FTS5 index over them.
// Each document is written in its own transaction, so a crash or a bad file never leaves the index half-written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  DocumentState,
  GuidelineSummary,
  LibrarySeed,
  Passage,
  PassageKind,
  PassageSink,
  StoredDocument,
} from '../knowledge/passage.js';
import { LibraryTable } from './library.js';
import type { SearchFilters } from './retriever.js';

/** Bump when the schema or the indexed text changes: an older index is then rebuilt from scratch. */
export const SCHEMA_VERSION = 1;

/** FTS5 columns, in order; bm25() column weights follow this order. */
export const FTS_COLUMNS = ['title', 'section', 'recommendation', 'body'] as const;
export type ColumnWeights = Readonly<Record<(typeof FTS_COLUMNS)[number], number>>;

export interface FtsHit {
  rowid: number;
  docId: string;
  /** bm25() as FTS5 returns it: lower (more negative) is better. */
  bm25: number;
}

interface PassageRow {
  rowid: number;
  id: string;
  doc_id: string;
  page: number | null;
  section: string | null;
  recommendation: string | null;
  strength: string | null;
  kind: PassageKind;
  text: string;
  title: string;
  publisher: string | null;
  version: string | null;
  year: number | null;
  source: string;
}

export class IndexSchemaError extends Error {}
export class IndexDamagedError extends Error {}

/** A SQLite file that is not a database, or one whose pages are damaged (a torn write, a bad disk, a stray copy). */
export function isIndexDamage(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return err instanceof IndexDamagedError || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

export class PassageStore implements PassageSink {
  /** The library model (families, editions, status, sets) kept in the same file. */
  library!: LibraryTable;

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  /** Opens (creating if needed) the index at `file`. An index from another schema version is wiped and recreated. */
  static open(file: string, opts: { readonly?: boolean } = {}): PassageStore {
    if (opts.readonly) {
      if (!fs.existsSync(file)) throw new IndexSchemaError(`no index at ${file}`);
      const db = new Database(file, { readonly: true, fileMustExist: true });
      const store = new PassageStore(file, db);
      const version = store.schemaVersion();
      if (version !== SCHEMA_VERSION) {
        db.close();
        throw new IndexSchemaError(
          `index ${file} has schema ${version ?? 'none'}, expected ${SCHEMA_VERSION}: run \`curbside ingest\``,
        );
      }
      store.attachVocabulary();
      store.library = new LibraryTable(db, true);
      return store;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const store = new PassageStore(file, db);
    if (store.schemaVersion() !== SCHEMA_VERSION) store.recreate();
    store.attachVocabulary();
    store.library = new LibraryTable(db, false);
    return store;
  }

  /** Throws IndexDamagedError unless SQLite's quick integrity check passes (a few tens of ms for a library index). */
  verify(): void {
    const result = String(this.db.pragma('quick_check', { simple: true }));
    // One line: the report lists each damaged tree on its own line, and the notice that quotes it is one line.
    if (result !== 'ok')
      throw new IndexDamagedError(
        `the index ${this.file} failed SQLite's integrity check (${result.replace(/\s+/g, ' ').slice(0, 200)})`,
      );
  }

  private schemaVersion(): number | null {
    const hasMeta = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) return null;
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      { value: string } | undefined;
    return row ? Number(row.value) : null;
  }

  private recreate(): void {
    this.db.exec(`
      DROP TABLE IF EXISTS passages_fts;
      DROP TABLE IF EXISTS passages;
      DROP TABLE IF EXISTS documents;
      DROP TABLE IF EXISTS meta;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        root TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        title TEXT NOT NULL,
        publisher TEXT,
        version TEXT,
        year INTEGER,
        source TEXT NOT NULL,
        ingested_at TEXT NOT NULL
      );
      CREATE TABLE passages (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        page INTEGER,
        section TEXT,
        recommendation TEXT,
        strength TEXT,
        kind TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX passages_doc ON passages(doc_id);
      CREATE INDEX passages_id ON passages(id);
      CREATE VIRTUAL TABLE passages_fts USING fts5(
        ${FTS_COLUMNS.join(', ')},
        content = '', contentless_delete = 1,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `);
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
  }

  /** Term statistics (documents per stemmed term) live in a per-connection temp table, so read-only opens work too. */
  private attachVocabulary(): void {
    this.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab USING fts5vocab(main, passages_fts, 'row')");
  }

  /** Number of passages containing each stemmed term (0 when absent). */
  documentFrequencies(stems: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    const lookup = this.statement('SELECT doc FROM temp.passages_vocab WHERE term = ?');
    for (const s of stems) {
      if (out.has(s)) continue;
      const row = lookup.get(s) as { doc: number } | undefined;
      out.set(s, row?.doc ?? 0);
    }
    return out;
  }

  /**
   * Changes whenever the content may have changed: a write through this store or a commit by another process (an
   * ingest run while the server is up). Readers that cache what they read compare it before trusting their cache.
   */
  generation(): string {
    // Prepared once: db.pragma() prepares its statement on every call, and readers ask several times per turn.
    this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck();
    return `${this.writes}:${this.dataVersion.get() as number}`;
  }
  private dataVersion: Database.Statement | undefined;
  private writes = 0;

  /**
   * Names the indexed content across processes and restarts (generation() holds only within one connection): every
   * document with its fingerprint and ingest time, and the passage rowids. Data derived from the index is saved under it.
   */
  contentFingerprint(): string {
    const documents = this.statement('SELECT doc_id, sha256, ingested_at FROM documents ORDER BY doc_id').raw().all();
    const passages = this.statement('SELECT COUNT(*), MAX(rowid) FROM passages').raw().get();
    return createHash('sha256')
      .update(JSON.stringify([SCHEMA_VERSION, documents, passages]))
      .digest('hex');
  }

  passageCount(): number {
    return (this.statement('SELECT COUNT(*) AS n FROM passages').get() as { n: number }).n;
  }

  documentStates(): DocumentState[] {
    return this.db.prepare('SELECT doc_id AS docId, path, root, sha256 FROM documents').all() as DocumentState[];
  }

  refreshLibrary(changed: boolean): void {
    if (changed || this.library.needsRefresh()) this.library.refreshStatuses();
  }

  /** Replaces a document and all its passages atomically, with its library entry (seeded, or kept when it has one). */
  replaceDocument(doc: StoredDocument, passages: readonly Passage[], library?: LibrarySeed): void {
    const insertDoc = this.db.prepare(
      `INSERT INTO documents (doc_id, path, root, sha256, title, publisher, version, year, source, ingested_at)
       VALUES (@docId, @path, @root, @sha256, @title, @publisher, @version, @year, @source, @ingestedAt)`,
    );
    const insertPassage = this.db.prepare(
      `INSERT INTO passages (id, doc_id, page, section, recommendation, strength, kind, text)
       VALUES (@id, @docId, @page, @section, @recommendation, @strength, @kind, @text)`,
    );
    const insertFts = this.db.prepare(
      `INSERT INTO passages_fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?)`,
    );
    this.writes++;
    this.db.transaction(() => {
      this.deleteDocument(doc.docId);
      insertDoc.run({
        docId: doc.docId,
        path: doc.path,
        root: doc.root,
        sha256: doc.sha256,
        title: doc.title,
        publisher: doc.publisher,
        version: doc.version,
        year: doc.year,
        source: doc.source,
        ingestedAt: new Date().toISOString(),
      });
      for (const p of passages) {
        const { lastInsertRowid } = insertPassage.run({
          id: p.id,
          docId: doc.docId,
          page: p.page,
          section: p.section,
          recommendation: p.recommendation,
          strength: p.strength,
          kind: p.kind,
          text: p.text,
        });
        const isRecommendation = p.kind === 'recommendation';
        insertFts.run(
          lastInsertRowid,
          doc.title,
          p.section ?? '',
          isRecommendation ? p.text : '',
          isRecommendation ? '' : p.text,
        );
      }
      this.library.seed(doc.docId, doc, library, doc.path);
    })();
  }

  removeDocument(docId: string): void {
    this.writes++;
    this.db.transaction(() => {
      this.deleteDocument(docId);
      this.library.remove(docId);
    })();
  }

  /** Counts as a write: readers drop what they cached about which documents are in scope. */
  changedLibrary(): void {
    this.writes++;
  }

  private deleteDocument(docId: string): void {
    this.db.prepare('DELETE FROM passages_fts WHERE rowid IN (SELECT rowid FROM passages WHERE doc_id = ?)').run(docId);
    this.db.prepare('DELETE FROM passages WHERE doc_id = ?').run(docId);
    this.db.prepare('DELETE FROM documents WHERE doc_id = ?').run(docId);
  }

  /**
   * Full-text candidates for an FTS5 MATCH expression, best first. With filters, only passages that pass them
   * are ranked (the filter runs inside the query, so `limit` is never eaten by filtered-out passages).
   */
  matchFts(
    match: string,
    weights: ColumnWeights,
    limit: number,
    filters?: SearchFilters,
    excludedDocs: readonly string[] = [],
  ): FtsHit[] {
    const rank = `bm25(${FTS_COLUMNS.map((c) => Number(weights[c]).toFixed(3)).join(', ')})`;
    const filter = filterSql(filters, excludedDocs);
    // Filters join outside FTS5 (an `IN (subquery)` constraint inside it turns into one seek per row and is slow).
    const sql = filter
      ? `SELECT f.rowid AS rowid, f.rank AS bm25, p.doc_id AS docId
         FROM passages_fts f JOIN passages p ON p.rowid = f.rowid JOIN documents d ON d.doc_id = p.doc_id
         WHERE passages_fts MATCH @match AND f.rank MATCH @rank AND ${filter.where}
         ORDER BY f.rank LIMIT @limit`
      : `SELECT h.rowid, h.bm25, p.doc_id AS docId FROM (
           SELECT rowid, rank AS bm25 FROM passages_fts WHERE passages_fts MATCH @match AND rank MATCH @rank ORDER BY rank LIMIT @limit
         ) h JOIN passages p ON p.rowid = h.rowid ORDER BY h.bm25`;
    return this.statement(sql).all({ match, rank, limit, ...(filter?.params ?? {}) }) as FtsHit[];
  }

  /** Passages by FTS rowid, in the order given. */
  passagesByRowid(rowids: readonly number[]): Map<number, Passage> {
    const out = new Map<number, Passage>();
    if (rowids.length === 0) return out;
    const rows = this.statement(
      `SELECT p.rowid, p.id, p.doc_id, p.page, p.section, p.recommendation, p.strength, p.kind, p.text,
              d.title, d.publisher, d.version, d.year, d.source
       FROM passages p JOIN documents d ON d.doc_id = p.doc_id
       WHERE p.rowid IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(rowids)) as PassageRow[];
    for (const r of rows) out.set(r.rowid, rowToPassage(r));
    return out;
  }

  /** Every passage of the index, in document order: for in-memory derived indexes (recommendation units, vocabulary). */
  allPassages(): Passage[] {
    return this.passagesWhere('1 = 1');
  }

  /** One document's passages, in document order (comparing editions). */
  documentPassages(docId: string): Passage[] {
    return this.passagesWhere('p.doc_id = ?', docId);
  }

  /** Passages by their stable id (several documents may, in principle, reuse an id). */
  passagesById(id: string): Passage[] {
    return this.passagesWhere('p.id = ?', id);
  }

  private passagesWhere(where: string, ...params: unknown[]): Passage[] {
    const rows = this.statement(
      `SELECT p.rowid, p.id, p.doc_id, p.page, p.section, p.recommendation, p.strength, p.kind, p.text,
              d.title, d.publisher, d.version, d.year, d.source
       FROM passages p JOIN documents d ON d.doc_id = p.doc_id WHERE ${where} ORDER BY p.rowid`,
    ).all(...params) as PassageRow[];
    return rows.map(rowToPassage);
  }

  /** Rowid of the recommendation passage numbered `number` in a document, if the parser found one. */
  recommendationRowid(docId: string, number: string): number | null {
    const row = this.statement(
      `SELECT rowid FROM passages WHERE doc_id = ? AND recommendation = ? AND kind = 'recommendation' ORDER BY rowid LIMIT 1`,
    ).get(docId, number) as { rowid: number } | undefined;
    return row?.rowid ?? null;
  }

  listGuidelines(): GuidelineSummary[] {
    const rows = this.db
      .prepare(
        `SELECT d.doc_id AS docId, d.title, d.publisher, d.version, d.year, d.source, d.path,
                COUNT(p.rowid) AS passages, COALESCE(SUM(p.kind = 'recommendation'), 0) AS recommendations
         FROM documents d LEFT JOIN passages p ON p.doc_id = d.doc_id
         GROUP BY d.doc_id ORDER BY d.title`,
      )
      .all() as GuidelineSummary[];
    return rows;
  }

  counts(): { documents: number; passages: number; recommendations: number } {
    return this.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM documents) AS documents, (SELECT COUNT(*) FROM passages) AS passages,
                (SELECT COUNT(*) FROM passages WHERE kind = 'recommendation') AS recommendations`,
      )
      .get() as { documents: number; passages: number; recommendations: number };
  }

  /** Merges FTS5 segments: smaller and faster to query after a bulk ingest. */
  optimize(): void {
    this.db.exec("INSERT INTO passages_fts (passages_fts) VALUES ('optimize')");
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }

  private readonly statements = new Map<string, Database.Statement>();
  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

function rowToPassage(r: PassageRow): Passage {
  return {
    id: r.id,
    docId: r.doc_id,
    title: r.title,
    publisher: r.publisher,
    version: r.version,
    year: r.year,
    source: r.source,
    page: r.page,
    section: r.section,
    recommendation: r.recommendation,
    strength: r.strength,
    kind: r.kind,
    text: r.text,
  };
}

function filterSql(
  filters: SearchFilters | undefined,
  excludedDocs: readonly string[],
): { where: string; params: Record<string, unknown> } | null {
  if (!filters && excludedDocs.length === 0) return null;
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (excludedDocs.length) {
    // Superseded or retired editions, and documents outside the caller's sets (the library decides which).
    where.push('p.doc_id NOT IN (SELECT value FROM json_each(@excludedDocs))');
    params.excludedDocs = JSON.stringify(excludedDocs);
  }
  if (!filters) return { where: where.join(' AND '), params };
  if (filters.guideline) {
    where.push(`(instr(lower(d.title), @guideline) > 0 OR instr(lower(d.source), @guideline) > 0)`);
    params.guideline = filters.guideline.toLowerCase();
  }
  if (filters.strength) {
    where.push('lower(p.strength) = @strength');
    params.strength = filters.strength.toLowerCase();
  }
  if (filters.minYear !== undefined) {
    where.push('d.year >= @minYear');
    params.minYear = filters.minYear;
  }
  if (filters.kind) {
    where.push('p.kind = @kind');
    params.kind = filters.kind;
  }
  return where.length ? { where: where.join(' AND '), params } : null;
}
