// The door-agnostic operations modules: per-caller token buckets and the append-only SQLite audit trail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/ops/rate-limit.js';
import { auditPath, openAuditStore } from '../../src/ops/audit.js';

describe('rate limiter', () => {
  it('allows a burst, then refuses with a Retry-After that matches the refill rate', () => {
    let t = 1_000_000;
    const limiter = createRateLimiter({ perMinute: 6, burst: 3, now: () => t });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('a');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(10); // 6 per minute = one token every 10 s
    t += 9_000;
    expect(limiter.take('a').allowed).toBe(false);
    t += 1_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('keeps callers apart and never refills beyond the burst', () => {
    let t = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 2, now: () => t });
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
    t += 3_600_000;
    expect(limiter.take('a').remaining).toBe(1);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('rejects nonsensical settings', () => {
    expect(() => createRateLimiter({ perMinute: 0, burst: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ perMinute: 1, burst: 0 })).toThrow(RangeError);
  });
});

describe('audit store', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-audit-'));
    dirs.push(d);
    return d;
  };

  it('persists records in a WAL-mode database and reads them back newest first', () => {
    const file = auditPath(tempDir());
    const store = openAuditStore(file);
    store.record({
      door: 'http',
      action: 'POST /api/ask',
      caller: 'oid-1',
      tenant: 't-1',
      status: 'ok',
      mode: 'extractive',
      sources: ['p1', 'p2'],
      redactions: 2,
      traceId: 'tr-1',
      latencyMs: 12.6,
    });
    store.record({
      door: 'mcp-stdio',
      action: 'search_guidelines',
      caller: 'local',
      status: 'rate_limited',
      latencyMs: 0,
    });
    const rows = store.recent(10);
    expect(rows.map((r) => r.action)).toEqual(['search_guidelines', 'POST /api/ask']);
    expect(rows[1]).toMatchObject({
      caller: 'oid-1',
      tenant: 't-1',
      status: 'ok',
      mode: 'extractive',
      sources: ['p1', 'p2'],
      redactions: 2,
      traceId: 'tr-1',
      latencyMs: 13,
    });
    expect(rows[0]).toMatchObject({ tenant: null, sources: [], mode: null });
    expect(Date.parse(rows[0]!.at)).not.toBeNaN();

    // journal_mode is stored in the file (synchronous is per connection and cannot be seen from here).
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    store.close();

    const reopened = openAuditStore(file);
    expect(reopened.recent().length).toBe(2);
    reopened.close();
  });

  it('is append-only: updates and deletes are refused by the database itself', () => {
    const file = auditPath(tempDir());
    const store = openAuditStore(file);
    store.record({ door: 'http', action: 'GET /api/search', caller: 'local', status: 'ok', latencyMs: 3 });
    store.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE audit SET caller = 'someone-else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 1 });
    db.close();
  });

  it('has no column that could hold question or answer text', () => {
    const file = auditPath(tempDir());
    openAuditStore(file).close();
    const db = new Database(file, { readonly: true });
    const columns = (db.prepare('PRAGMA table_info(audit)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(columns).toEqual([
      'id',
      'at',
      'door',
      'action',
      'caller',
      'tenant',
      'status',
      'http_status',
      'mode',
      'model',
      'sources',
      'redactions',
      'trace_id',
      'latency_ms',
    ]);
  });
});
