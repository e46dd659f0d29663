// The audit trail on Azure Table storage, for App Service: /home there is an SMB share where SQLite's WAL mode fails
// ("database is locked"), and local disk is lost on restart. Same records as the SQLite store (ids, counts, outcomes; never
// question or answer text). Writes are queued and never block or fail a door: a failed write is logged (reason only) and
// counted. Keyless: the app's managed identity holds Storage Table Data Contributor.
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { Config } from '../config.js';
import { log } from '../log.js';
import { auditRecord, type AuditEvent, type AuditRecord, type AuditStore } from '../ops/audit.js';
import { sdkTlsOptions, tokenCredential, type AzureDeps } from './credentials.js';

/** Every number the Table audit store decides by. */
export const TABLE_AUDIT_SETTINGS = {
  /** Records kept in memory for recent() (this process only; the table holds them all). */
  recentInMemory: 1000,
  /** Row keys sort ascending: (MAX - epoch ms) puts the newest first within a day's partition. */
  maxEpochMs: 9_999_999_999_999,
} as const;

export interface TableAuditStore extends AuditStore {
  /** Resolves when every queued write has been attempted (tests, shutdown). */
  flush(): Promise<void>;
  /** Writes that failed since start. */
  readonly failures: number;
}

export function createTableAuditStore(config: Config, deps: AzureDeps = {}): TableAuditStore | null {
  if (!config.azureStorage) return null;
  const { tableEndpoint, auditTable } = config.azureStorage;
  const client = new TableClient(tableEndpoint, auditTable, tokenCredential(deps), sdkTlsOptions(deps));
  const recent: AuditRecord[] = [];
  const pending = new Set<Promise<void>>();
  let seq = 0;
  let failures = 0;
  let open = true;

  return {
    path: `${tableEndpoint.replace(/\/$/, '')}/${auditTable}`,
    get failures() {
      return failures;
    },
    record(event: AuditEvent) {
      if (!open) return;
      const record = auditRecord(event, ++seq);
      const at = new Date(record.at);
      recent.unshift(record);
      if (recent.length > TABLE_AUDIT_SETTINGS.recentInMemory) recent.pop();
      const inverted = String(TABLE_AUDIT_SETTINGS.maxEpochMs - at.getTime()).padStart(13, '0');
      const entity = {
        // One partition per UTC day: queries by day stay cheap; writes spread over partitions over time.
        partitionKey: record.at.slice(0, 10),
        rowKey: `${inverted}_${randomBytes(6).toString('hex')}`,
        ...record,
        id: undefined,
        // Table properties cannot be null: '' and -1 stand for "none".
        sources: JSON.stringify(record.sources),
        tenant: record.tenant ?? '',
        httpStatus: record.httpStatus ?? -1,
        mode: record.mode ?? '',
        model: record.model ?? '',
        redactions: record.redactions ?? -1,
        traceId: record.traceId ?? '',
      };
      delete (entity as { id?: unknown }).id;
      const write = client.createEntity(entity).then(
        () => undefined,
        (err: unknown) => {
          failures++;
          log.warn(
            { err: (err as Error).message, status: (err as { statusCode?: number }).statusCode ?? null, failures },
            'audit record not written to Table storage',
          );
        },
      );
      pending.add(write);
      void write.finally(() => pending.delete(write));
    },
    recent(limit = 100) {
      return recent.slice(0, limit);
    },
    async flush() {
      while (pending.size) await Promise.all([...pending]);
    },
    close() {
      open = false;
    },
  };
}
