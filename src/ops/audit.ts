// Append-only audit trail of every call through a door (HTTP API, MCP, bot): who, when, what, which sources were cited,
// how it ended and how long it took. It never holds question or answer text: only ids, counts and outcomes.
// SQLite in WAL mode with synchronous=FULL, so a record that was acknowledged survives a power cut.
import path from 'node:path';
import { openDurableDatabase, type WriteThread } from './durable-sqlite.js';

export type AuditStatus = 'ok' | 'refused' | 'invalid' | 'unauthorized' | 'forbidden' | 'rate_limited' | 'error';

export interface AuditEvent {
  /** Which door: "http", "mcp-stdio", "mcp-http", "teams", ... */
  door: string;
  /** Route or tool, e.g. "POST /api/ask", "search_guidelines". */
  action: string;
  /** Entra object id of the caller, or "local" / "anonymous". */
  caller: string;
  /** Entra tenant id, when known. */
  tenant?: string | null;
  status: AuditStatus;
  /** HTTP status sent, when the door is HTTP. */
  httpStatus?: number | null;
  /** Answer mode ("model" | "extractive") for answers. */
  mode?: string | null;
  /** Which model replied: the name (and version) the service reported, else the deployment. Null without a model. */
  model?: string | null;
  /** Passage ids cited (answers) or returned (searches), in order. */
  sources?: string[];
  /** Number of identifiers removed from the input. */
  redactions?: number | null;
  traceId?: string | null;
  latencyMs: number;
  /** Defaults to now. */
  at?: Date;
}

export interface AuditRecord {
  id: number;
  at: string;
  door: string;
  action: string;
  caller: string;
  tenant: string | null;
  status: AuditStatus;
  httpStatus: number | null;
  mode: string | null;
  /** Optional in the type so stores written before it (Table storage) still fit; the SQLite store always fills it. */
  model?: string | null;
  sources: string[];
  redactions: number | null;
  traceId: string | null;
  latencyMs: number;
}

export interface AuditStore {
  readonly path: string;
  /** Settles when the record is stored (on disk, for the SQLite store); callers await it before acknowledging. */
  record(event: AuditEvent): void | Promise<void>;
  /** Most recent first. */
  recent(limit?: number): AuditRecord[];
  close(): void;
}

/** Where the audit database lives for a given data directory. */
export function auditPath(dataDir: string): string {
  return path.join(dataDir, 'audit.sqlite');
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  door TEXT NOT NULL,
  action TEXT NOT NULL,
  caller TEXT NOT NULL,
  tenant TEXT,
  status TEXT NOT NULL,
  http_status INTEGER,
  mode TEXT,
  model TEXT,
  sources TEXT NOT NULL,
  redactions INTEGER,
  trace_id TEXT,
  latency_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE INDEX IF NOT EXISTS audit_caller ON audit(caller, at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;

interface Row {
  id: number;
  at: string;
  door: string;
  action: string;
  caller: string;
  tenant: string | null;
  status: AuditStatus;
  http_status: number | null;
  mode: string | null;
  model: string | null;
  sources: string;
  redactions: number | null;
  trace_id: string | null;
  latency_ms: number;
}

/** An event as the record every audit store keeps (one mapping, so the stores cannot drift apart). */
export function auditRecord(event: AuditEvent, id: number): AuditRecord {
  return {
    id,
    at: (event.at ?? new Date()).toISOString(),
    door: event.door,
    action: event.action,
    caller: event.caller,
    tenant: event.tenant ?? null,
    status: event.status,
    httpStatus: event.httpStatus ?? null,
    mode: event.mode ?? null,
    model: event.model ?? null,
    sources: event.sources ?? [],
    redactions: event.redactions ?? null,
    traceId: event.traceId ?? null,
    latencyMs: Math.max(0, Math.round(event.latencyMs)),
  };
}

/** `writes`: commit records on that thread (the server's store), else here. */
export function openAuditStore(file: string, writes: WriteThread | null = null): AuditStore {
  const db = openDurableDatabase(file);
  db.exec(SCHEMA);
  // Audit files written before the model column: add it (existing rows keep null; the append-only triggers allow ALTER).
  if (!(db.prepare('PRAGMA table_info(audit)').all() as { name: string }[]).some((c) => c.name === 'model'))
    db.exec('ALTER TABLE audit ADD COLUMN model TEXT');
  const insertSql = `INSERT INTO audit (at, door, action, caller, tenant, status, http_status, mode, model, sources, redactions, trace_id, latency_ms)
     VALUES (@at, @door, @action, @caller, @tenant, @status, @httpStatus, @mode, @model, @sources, @redactions, @traceId, @latencyMs)`;
  const insert = db.prepare(insertSql);
  const offThread = writes && file !== ':memory:' ? writes : null;
  offThread?.start();
  const select = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
  let open = true;

  return {
    path: file,
    record(event) {
      if (!open) return;
      const { id: _id, ...record } = auditRecord(event, 0);
      const row = { ...record, sources: JSON.stringify(record.sources) };
      if (offThread) return offThread.run(file, insertSql, [row]);
      insert.run(row);
    },
    recent(limit = 100) {
      return (select.all(limit) as Row[]).map((r) => ({
        id: r.id,
        at: r.at,
        door: r.door,
        action: r.action,
        caller: r.caller,
        tenant: r.tenant,
        status: r.status,
        httpStatus: r.http_status,
        mode: r.mode,
        model: r.model,
        sources: JSON.parse(r.sources) as string[],
        redactions: r.redactions,
        traceId: r.trace_id,
        latencyMs: r.latency_ms,
      }));
    },
    close() {
      if (!open) return;
      open = false;
      offThread?.release(file);
      db.close();
    },
  };
}
