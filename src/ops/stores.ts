// Where the audit trail, feedback and review items live, chosen once per process: Azure Table storage when a storage account is configured
// (App Service: /home is an SMB share where SQLite's WAL locking fails), else SQLite files in CURBSIDE_DATA_DIR. A local store
// that cannot open (unwritable or missing directory, network share, locked file) degrades to an in-memory database with one
// logged reason, instead of failing start-up and sending the container into a restart loop.
import type { Config } from '../config.js';
import { log } from '../log.js';
import { auditPath, openAuditStore, type AuditStore } from './audit.js';
import { openFeedbackStore, SqliteFeedbackStore, type FeedbackStore } from '../review/feedback-store.js';
import { createTableAuditStore } from '../azure/table-audit-store.js';
import { createTableFeedbackStore } from '../azure/table-feedback-store.js';
import type { AzureDeps } from '../azure/credentials.js';
import { createTableReviewStore } from '../azure/table-review-store.js';
import { openReviewStore, SqliteReviewStore } from '../review/review-store.js';
import { ReviewQueue } from '../review/review-queue.js';
import { WriteThread } from './durable-sqlite.js';

/** SQLite's name for a private in-memory database: same schema and code, nothing on disk. */
const IN_MEMORY = ':memory:';

/** The process's durable writes (audit rows, answer records, review items) commit on one thread, in groups. */
const writes = new WriteThread();

export interface StoreChoice {
  /** 'table' (Azure), 'sqlite' (CURBSIDE_DATA_DIR) or 'memory' (the directory could not be used). */
  kind: 'table' | 'sqlite' | 'memory';
  /** Why the store is in memory, when it is. */
  reason: string | null;
}

function degraded(what: string, dir: string, err: unknown): string {
  const reason = `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${(err as Error).message}`;
  // One line, no stack: the directory is configuration, not patient data.
  log.warn(
    { store: what, dataDir: dir, reason },
    `${what} store cannot open in CURBSIDE_DATA_DIR; kept in memory for this process (set AZURE_STORAGE_ACCOUNT_NAME, or a writable local directory)`,
  );
  return reason;
}

export function openAudit(config: Config, deps: AzureDeps = {}): AuditStore & { choice: StoreChoice } {
  const table = createTableAuditStore(config, deps);
  if (table) return Object.assign(table, { choice: { kind: 'table', reason: null } as StoreChoice });
  try {
    return Object.assign(openAuditStore(auditPath(config.dataDir), writes), {
      choice: { kind: 'sqlite', reason: null } as StoreChoice,
    });
  } catch (err) {
    const reason = degraded('audit', config.dataDir, err);
    return Object.assign(openAuditStore(IN_MEMORY), { choice: { kind: 'memory', reason } as StoreChoice });
  }
}

export function openFeedback(config: Config, deps: AzureDeps = {}): { store: FeedbackStore; choice: StoreChoice } {
  const table = createTableFeedbackStore(config, deps);
  if (table) return { store: table, choice: { kind: 'table', reason: null } };
  try {
    return { store: openFeedbackStore(config.dataDir, writes), choice: { kind: 'sqlite', reason: null } };
  } catch (err) {
    const reason = degraded('feedback', config.dataDir, err);
    return { store: new SqliteFeedbackStore(IN_MEMORY), choice: { kind: 'memory', reason } };
  }
}

/** The review loop over this process's feedback store and a review store chosen the same way (Table, SQLite, else memory). */
export function openReviewQueue(
  config: Config,
  deps: AzureDeps = {},
  feedback: FeedbackStore = openFeedback(config, deps).store,
): ReviewQueue {
  const table = createTableReviewStore(config, deps);
  if (table) return new ReviewQueue(feedback, table, config.review);
  try {
    return new ReviewQueue(feedback, openReviewStore(config.dataDir, writes), config.review);
  } catch (err) {
    degraded('review', config.dataDir, err);
    return new ReviewQueue(feedback, new SqliteReviewStore(IN_MEMORY), config.review);
  }
}
