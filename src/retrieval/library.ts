// The guideline library kept in the index: each document's family (the guideline it is an edition of), body, edition,
// dates, status (current, superseded, retired), sets and source, plus which sets a Teams team, channel or user draws on.
// Ingest seeds it from front matter and index.json; `curbside library` and the admin API change it. The tables are not
// dropped when the passage schema changes: an administrator's decisions (retired, sets) outlive an index rebuild.
import type Database from 'better-sqlite3';
import type { GuidelineMeta, LibrarySeed } from '../knowledge/passage.js';

export type LibraryStatus = 'current' | 'superseded' | 'retired';
export type ScopeKind = 'team' | 'channel' | 'user';

/** The set every team sees. */
export const SHARED_SET = 'all';

export interface LibraryEntry {
  docId: string;
  title: string;
  family: string;
  /** Issuing body, short: "VA/DoD", "USPSTF", or the organisation of a local protocol. */
  body: string | null;
  edition: string | null;
  /** ISO date or year. */
  published: string | null;
  evidenceThrough: string | null;
  status: LibraryStatus;
  /** The current edition that replaced this one, when superseded. */
  supersededBy: string | null;
  sets: string[];
  /** "local" for the organisation's own protocols. */
  origin: 'national' | 'local';
  /** The file it was read from. */
  source: string;
  passages: number;
  recommendations: number;
}

export interface ScopeMapping {
  kind: ScopeKind;
  id: string;
  sets: string[];
}

/** Which part of the library a search or answer may draw on. */
export interface LibraryScope {
  /** Only documents in one of these sets (plus the shared set); undefined = every set. */
  sets?: string[];
  /** Also superseded editions (never retired documents). */
  includeSuperseded?: boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS library (
  doc_id TEXT PRIMARY KEY,
  family TEXT NOT NULL,
  body TEXT,
  edition TEXT,
  published TEXT,
  evidence_through TEXT,
  status TEXT NOT NULL DEFAULT 'current',
  superseded_by TEXT,
  sets TEXT NOT NULL DEFAULT '["all"]',
  origin TEXT NOT NULL DEFAULT 'national',
  source TEXT NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0,
  sets_by_admin INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS library_family ON library(family);
CREATE TABLE IF NOT EXISTS library_scopes (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  sets TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
`;

/** Family from a title: lower case, edition words and years dropped, so two editions of one guideline share it. */
export function familyOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/\((?:cpg|update[d]?|\d{4})\)/g, ' ')
    .replace(/\b(?:version|edition|v)\s*\d+(?:\.\d+)*\b|\b(?:19|20)\d\d\b|\b(?:update[d]?|revised|revision)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

const BODIES: [RegExp, string][] = [
  [/veterans affairs|\bva\s*\/?\s*dod\b/i, 'VA/DoD'],
  [/preventive services task force|\buspstf\b/i, 'USPSTF'],
  [/centers for disease control|\bcdc\b/i, 'CDC'],
  [/national heart, lung, and blood|\bnhlbi\b/i, 'NHLBI'],
];

/** Short name of the issuing body, from the publisher (or the title when no publisher is given). */
export function bodyOf(meta: Pick<GuidelineMeta, 'publisher' | 'title'>): string | null {
  for (const text of [meta.publisher, meta.title]) {
    if (!text) continue;
    const known = BODIES.find(([pattern]) => pattern.test(text));
    if (known) return known[1];
  }
  return meta.publisher?.split(/\s+-\s+/)[0]?.trim() || null;
}

/** Newest first: publication date, then edition number ("Version 4.0" over "Version 3.0"), then document id. */
export function compareEditions(
  a: Pick<LibraryEntry, 'published' | 'edition' | 'docId'>,
  b: Pick<LibraryEntry, 'published' | 'edition' | 'docId'>,
): number {
  const date = (e: typeof a) => e.published ?? /\b(?:19|20)\d\d\b/.exec(e.edition ?? '')?.[0] ?? '';
  const number = (e: typeof a) =>
    Number(/\d+(?:\.\d+)?/.exec((e.edition ?? '').replace(/\b(?:19|20)\d\d\b/g, ''))?.[0] ?? 0);
  return date(b).localeCompare(date(a)) || number(b) - number(a) || b.docId.localeCompare(a.docId);
}

interface Row {
  doc_id: string;
  title: string;
  family: string;
  body: string | null;
  edition: string | null;
  published: string | null;
  evidence_through: string | null;
  status: LibraryStatus;
  superseded_by: string | null;
  sets: string;
  origin: 'national' | 'local';
  source: string;
  passages: number;
  recommendations: number;
}

export class LibraryTable {
  /** False for a read-only index written before the library existed: every document then counts as current, set "all". */
  readonly available: boolean;

  constructor(
    private readonly db: Database.Database,
    readonly: boolean,
  ) {
    if (!readonly) db.exec(SCHEMA);
    this.available = Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'library'").get());
  }

  /** Writes what ingest read about a document. Status and admin-chosen sets are kept across re-ingests. */
  seed(docId: string, meta: GuidelineMeta, seed: LibrarySeed | undefined, file: string): void {
    const sets = JSON.stringify(normaliseSets(seed?.sets ?? [SHARED_SET]));
    this.db
      .prepare(
        `INSERT INTO library (doc_id, family, body, edition, published, evidence_through, sets, origin, source)
         VALUES (@docId, @family, @body, @edition, @published, @evidenceThrough, @sets, @origin, @source)
         ON CONFLICT(doc_id) DO UPDATE SET family = excluded.family, body = excluded.body, edition = excluded.edition,
           published = excluded.published, evidence_through = excluded.evidence_through, origin = excluded.origin,
           source = excluded.source, sets = CASE WHEN library.sets_by_admin THEN library.sets ELSE excluded.sets END`,
      )
      .run({
        docId,
        family: seed?.family ? familyOf(seed.family) || seed.family : familyOf(meta.title),
        body: seed?.organisation ?? bodyOf(meta),
        edition: seed?.edition ?? meta.version,
        published: seed?.published ?? (meta.year ? String(meta.year) : null),
        evidenceThrough: seed?.evidenceThrough ?? null,
        sets,
        origin: seed?.organisation ? 'local' : 'national',
        source: file,
      });
  }

  /** True when a document has no library entry yet (an index written before the library existed). */
  needsRefresh(): boolean {
    return Boolean(
      this.db
        .prepare('SELECT 1 FROM documents d LEFT JOIN library l ON l.doc_id = d.doc_id WHERE l.doc_id IS NULL LIMIT 1')
        .get(),
    );
  }

  remove(docId: string): void {
    this.db.prepare('DELETE FROM library WHERE doc_id = ?').run(docId);
  }

  /**
   * Recomputes every family's statuses: the newest edition not retired is current, the others are superseded by it.
   * Documents indexed before the library existed get their row here, from the stored title and edition.
   */
  refreshStatuses(): void {
    this.db.transaction(() => {
      const missing = this.db
        .prepare(
          'SELECT d.doc_id, d.title, d.publisher, d.version, d.year, d.path FROM documents d LEFT JOIN library l ON l.doc_id = d.doc_id WHERE l.doc_id IS NULL',
        )
        .all() as {
        doc_id: string;
        title: string;
        publisher: string | null;
        version: string | null;
        year: number | null;
        path: string;
      }[];
      for (const d of missing)
        this.seed(
          d.doc_id,
          { title: d.title, publisher: d.publisher, version: d.version, year: d.year, source: d.path },
          undefined,
          d.path,
        );
      const rows = this.db
        .prepare('SELECT doc_id AS docId, family, edition, published, retired FROM library')
        .all() as {
        docId: string;
        family: string;
        edition: string | null;
        published: string | null;
        retired: number;
      }[];
      const update = this.db.prepare('UPDATE library SET status = ?, superseded_by = ? WHERE doc_id = ?');
      const families = new Map<string, typeof rows>();
      for (const r of rows) families.set(r.family, [...(families.get(r.family) ?? []), r]);
      for (const members of families.values()) {
        const live = members.filter((m) => !m.retired).sort(compareEditions);
        for (const m of members) {
          if (m.retired) update.run('retired', null, m.docId);
          else if (m === live[0]) update.run('current', null, m.docId);
          else update.run('superseded', live[0]!.docId, m.docId);
        }
      }
    })();
  }

  entries(): LibraryEntry[] {
    if (!this.available) return [];
    const rows = this.db
      .prepare(
        `SELECT l.doc_id, d.title, l.family, l.body, l.edition, l.published, l.evidence_through, l.status, l.superseded_by,
                l.sets, l.origin, l.source,
                (SELECT COUNT(*) FROM passages p WHERE p.doc_id = l.doc_id) AS passages,
                (SELECT COUNT(*) FROM passages p WHERE p.doc_id = l.doc_id AND p.kind = 'recommendation') AS recommendations
         FROM library l JOIN documents d ON d.doc_id = l.doc_id ORDER BY l.family, l.published DESC, l.doc_id`,
      )
      .all() as Row[];
    return rows.map(toEntry);
  }

  entry(docId: string): LibraryEntry | null {
    return this.entries().find((e) => e.docId === docId) ?? null;
  }

  setRetired(docId: string, retired: boolean): void {
    this.db.prepare('UPDATE library SET retired = ? WHERE doc_id = ?').run(retired ? 1 : 0, docId);
    this.refreshStatuses();
  }

  setSets(docId: string, sets: string[]): void {
    this.db
      .prepare('UPDATE library SET sets = ?, sets_by_admin = 1 WHERE doc_id = ?')
      .run(JSON.stringify(normaliseSets(sets)), docId);
  }

  mapScope(kind: ScopeKind, id: string, sets: string[]): void {
    if (sets.length === 0) this.db.prepare('DELETE FROM library_scopes WHERE kind = ? AND id = ?').run(kind, id);
    else
      this.db
        .prepare('INSERT OR REPLACE INTO library_scopes (kind, id, sets) VALUES (?, ?, ?)')
        .run(kind, id, JSON.stringify(normaliseSets(sets)));
  }

  scopes(): ScopeMapping[] {
    if (!this.available) return [];
    return (
      this.db.prepare('SELECT kind, id, sets FROM library_scopes ORDER BY kind, id').all() as {
        kind: ScopeKind;
        id: string;
        sets: string;
      }[]
    ).map((r) => ({ kind: r.kind, id: r.id, sets: JSON.parse(r.sets) as string[] }));
  }

  /** Document ids a search or answer in this scope must leave out (retired always; superseded unless asked for). */
  excluded(scope: LibraryScope = {}): string[] {
    if (!this.available) return [];
    const rows = this.db.prepare('SELECT doc_id, status, sets FROM library').all() as {
      doc_id: string;
      status: LibraryStatus;
      sets: string;
    }[];
    const allowed = scope.sets ? new Set([SHARED_SET, ...scope.sets]) : null;
    return rows
      .filter(
        (r) =>
          r.status === 'retired' ||
          (r.status === 'superseded' && !scope.includeSuperseded) ||
          (allowed && !(JSON.parse(r.sets) as string[]).some((s) => allowed.has(s))),
      )
      .map((r) => r.doc_id)
      .sort();
  }
}

function toEntry(r: Row): LibraryEntry {
  return {
    docId: r.doc_id,
    title: r.title,
    family: r.family,
    body: r.body,
    edition: r.edition,
    published: r.published,
    evidenceThrough: r.evidence_through,
    status: r.status,
    supersededBy: r.superseded_by,
    sets: JSON.parse(r.sets) as string[],
    origin: r.origin,
    source: r.source,
    passages: r.passages,
    recommendations: r.recommendations,
  };
}

/** Set names as typed, trimmed and lower-cased, each once. */
export function normaliseSets(sets: readonly string[]): string[] {
  return [...new Set(sets.map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

/** The sets a conversation draws on: its channel's, else its team's, else the user's default; null when none is mapped. */
export function resolveScopeSets(
  mappings: readonly ScopeMapping[],
  where: { team?: string | null; channel?: string | null; user?: string | null },
): string[] | null {
  const find = (kind: ScopeKind, id: string | null | undefined) =>
    id ? mappings.find((m) => m.kind === kind && m.id === id)?.sets : undefined;
  return find('channel', where.channel) ?? find('team', where.team) ?? find('user', where.user) ?? null;
}
