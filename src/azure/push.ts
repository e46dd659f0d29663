// `curbside azure push`: sync the guideline files into Azure AI Search with the same extraction and chunking as the
// local index. Per-file sha256 lives in the index itself (one manifest document per file), so an unchanged file is
// skipped from any machine; a file gone from the knowledge base has its passages removed. Every per-document failure
// the service reports (HTTP 207) is retried, and whatever still fails is returned to the caller, never dropped.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRestError } from '@azure/core-rest-pipeline';
import { IndexDocumentsBatch, odata, type SearchClient } from '@azure/search-documents';
import type { Config } from '../config.js';
import { sha256File } from '../knowledge/files.js';
import { defaultParserThreads, errorReason, findDocuments } from '../knowledge/ingest.js';
import type { ParsedDocument } from '../knowledge/parse.js';
import { ParserPool } from '../knowledge/parse-pool.js';
import { log } from '../log.js';
import { normaliseSets, SHARED_SET } from '../retrieval/library.js';
import { PassageStore } from '../retrieval/store.js';
import type { AzureDeps } from './credentials.js';
import { createEmbedder, passageEmbeddingText, type Embedder } from './embeddings.js';
import { allDocuments, createSearchClient, describeSearchError, requireSearchConfig } from './search-client.js';
import {
  MANIFEST_KIND,
  manifestDocument,
  passageDocument,
  type PushedStatus,
  type SearchDocument,
} from './search-schema.js';

/** Documents per upload request: each carries a vector (~20 KB of JSON at 1,536 dims), far below the 16 MB cap. */
export const UPLOAD_BATCH_SIZE = 100;
/** Rounds of re-sending documents the service rejected with a transient status. */
const MAX_UPLOAD_ROUNDS = 4;
/** Statuses the service documents as transient for a single document of a batch. */
const RETRIABLE_DOCUMENT_STATUSES = new Set([409, 422, 429, 500, 502, 503, 504]);

export interface PushOptions {
  /** Files or folders; defaults to config.guidelinesPaths. */
  paths?: string[];
  /** Groups allowed to see these guidelines (ACL field); empty = everyone. */
  groups?: string[];
  /** Re-push even when the file's sha256 is unchanged. */
  force?: boolean;
  /** Remove from the index the guidelines whose files are not under `paths` (default true: the index mirrors the folders). */
  removeMissing?: boolean;
  onProgress?: (event: PushProgress) => void;
  /** Backoff base between upload rounds (ms). */
  retryBaseMs?: number;
  /** Parser threads (as for the local ingest); defaults to the number of CPUs, at most 4. 1 parses in this thread. */
  workers?: number;
  /**
   * Each document's library status (superseded, retired) by document id; default: the local library at CURBSIDE_INDEX,
   * where new editions and `library retire` decide it. A document it does not know is current.
   */
  library?: ReadonlyMap<string, PushedStatus>;
}

export type PushProgress =
  | { phase: 'scan'; files: number }
  | { phase: 'file'; done: number; total: number; docId: string; action: 'skipped' | 'pushed' | 'unreadable' }
  | { phase: 'embed'; done: number; total: number }
  | { phase: 'remove'; docId: string };

export interface FailedDocument {
  key: string;
  docId: string;
  status: number | null;
  message: string;
}

export interface PushReport {
  files: number;
  pushedFiles: string[];
  skippedFiles: string[];
  unreadableFiles: { docId: string; reason: string }[];
  removedFiles: string[];
  /** Unchanged files whose library status changed: only the status field of their documents was updated. */
  restatusedFiles: string[];
  uploadedPassages: number;
  deletedPassages: number;
  /** Upload rounds beyond the first (retries of rejected documents or failed requests). */
  retries: number;
  failed: FailedDocument[];
  warnings: string[];
}

function sameGroups(a: string[], b: string[]): boolean {
  return [...a].sort().join('\n') === [...b].sort().join('\n');
}

interface Manifest {
  docId: string;
  key: string;
  sha: string;
  groups: string[];
  library: PushedStatus;
}

async function readManifests(client: SearchClient<SearchDocument>): Promise<Map<string, Manifest>> {
  const docs = await allDocuments(client, odata`kind eq ${MANIFEST_KIND}`, [
    'doc_id',
    'file_sha',
    'groups',
    'status',
    'superseded_by',
  ]);
  return new Map(
    docs.map((d) => [
      d.doc_id,
      {
        docId: d.doc_id,
        key: d.id,
        sha: d.file_sha,
        groups: d.groups ?? [],
        library: { status: d.status ?? 'current', supersededBy: d.superseded_by ?? null },
      },
    ]),
  );
}

const CURRENT: PushedStatus = { status: 'current', supersededBy: null };

/** Each document's status in the local library at `indexPath` (none when there is no local index). */
export function localLibraryStatuses(indexPath: string): Map<string, PushedStatus> {
  if (!fs.existsSync(indexPath)) return new Map();
  const store = PassageStore.open(indexPath, { readonly: true });
  try {
    return new Map(store.library.entries().map((e) => [e.docId, { status: e.status, supersededBy: e.supersededBy }]));
  } finally {
    store.close();
  }
}

/** Keys of every passage document of one guideline (not its manifest). */
async function passageKeys(client: SearchClient<SearchDocument>, docId: string): Promise<string[]> {
  return (await allDocuments(client, odata`doc_id eq ${docId} and kind ne ${MANIFEST_KIND}`, ['id'])).map((d) => d.id);
}

type Action =
  | { type: 'mergeOrUpload'; doc: SearchDocument }
  /** Changes only the fields given (a status update leaves vectors and text as they are). */
  | { type: 'merge'; doc: Pick<SearchDocument, 'id' | 'doc_id' | 'status'> & Partial<SearchDocument> }
  | { type: 'delete'; key: string; docId: string };

const actionKey = (a: Action) => (a.type === 'delete' ? a.key : a.doc.id);
const actionDocId = (a: Action) => (a.type === 'delete' ? a.docId : a.doc.doc_id);

/**
 * Sends the actions in batches; documents the service rejects with a transient status, and whole batches that fail
 * with one, are sent again in later rounds. Returns what still failed after the last round.
 */
export async function applyActions(
  client: SearchClient<SearchDocument>,
  actions: Action[],
  options: { batchSize?: number; retryBaseMs?: number } = {},
): Promise<{ failed: FailedDocument[]; retries: number }> {
  let pending = actions;
  const permanent: FailedDocument[] = [];
  let transient: FailedDocument[] = [];
  let retries = 0;
  const batchSize = options.batchSize ?? UPLOAD_BATCH_SIZE;
  for (let round = 0; round < MAX_UPLOAD_ROUNDS && pending.length > 0; round++) {
    if (round > 0) {
      retries++;
      await sleep((options.retryBaseMs ?? 1000) * 2 ** (round - 1));
    }
    const retry: Action[] = [];
    transient = [];
    for (let start = 0; start < pending.length; start += batchSize) {
      const slice = pending.slice(start, start + batchSize);
      const batch = new IndexDocumentsBatch<SearchDocument>();
      const uploads = slice.filter((a) => a.type === 'mergeOrUpload').map((a) => a.doc);
      const deletes = slice.filter((a) => a.type === 'delete').map((a) => ({ id: a.key }) as SearchDocument);
      const merges = slice.filter((a) => a.type === 'merge').map((a) => a.doc as SearchDocument);
      if (uploads.length) batch.mergeOrUpload(uploads);
      if (merges.length) batch.merge(merges);
      if (deletes.length) batch.delete(deletes);
      const byKey = new Map(slice.map((a) => [actionKey(a), a]));
      try {
        const result = await client.indexDocuments(batch, { throwOnAnyFailure: false });
        for (const r of result.results) {
          if (r.succeeded) continue;
          const action = byKey.get(r.key);
          if (!action) continue;
          // Deleting a document that is already gone is success.
          if (action.type === 'delete' && r.statusCode === 404) continue;
          const entry = {
            key: r.key,
            docId: actionDocId(action),
            status: r.statusCode,
            message: r.errorMessage ?? 'rejected',
          };
          if (RETRIABLE_DOCUMENT_STATUSES.has(r.statusCode)) {
            transient.push(entry);
            retry.push(action);
          } else {
            permanent.push(entry);
          }
        }
      } catch (err) {
        // The SDK has already retried 429/5xx at the HTTP level; a whole batch failing here is retried as a round.
        const status = isRestError(err) ? (err.statusCode ?? null) : null;
        if (status === 401 || status === 403 || status === 404) throw err;
        const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        for (const action of slice) {
          transient.push({ key: actionKey(action), docId: actionDocId(action), status, message });
          retry.push(action);
        }
      }
    }
    log.debug(
      { round, sent: pending.length, rejected: permanent.length, retriable: retry.length },
      'azure search batch round',
    );
    pending = retry;
  }
  return { failed: [...permanent, ...transient], retries };
}

/** A document's library sets as Azure AI Search groups: "all" (every team) is an open document, no groups. */
export function groupsOfSets(sets: readonly string[] | undefined): string[] {
  const named = normaliseSets(sets ?? []);
  return named.includes(SHARED_SET) ? [] : named.sort();
}

export async function pushGuidelines(
  config: Config,
  options: PushOptions = {},
  deps: AzureDeps = {},
): Promise<PushReport> {
  const search = requireSearchConfig(config);
  // Bulk retry policy: a push is not a clinician waiting, and a throttled service needs minutes to recover.
  const client = createSearchClient(search, deps, 'bulk');
  const embedder: Embedder | null = createEmbedder(config, deps, {
    maxRetries: Math.max(6, config.azureOpenAI?.maxRetries ?? 0),
  });
  const groups = [...new Set(options.groups ?? [])].sort();
  const removeMissing = options.removeMissing ?? true;
  const onProgress = options.onProgress ?? (() => {});
  const report: PushReport = {
    files: 0,
    pushedFiles: [],
    skippedFiles: [],
    unreadableFiles: [],
    removedFiles: [],
    restatusedFiles: [],
    uploadedPassages: 0,
    deletedPassages: 0,
    retries: 0,
    failed: [],
    warnings: [],
  };
  if (!embedder)
    report.warnings.push(
      'No AZURE_OPENAI_EMBEDDING_DEPLOYMENT: passages are pushed without vectors (keyword + semantic search only).',
    );

  const { files, roots, missing } = findDocuments(options.paths?.length ? options.paths : config.guidelinesPaths);
  if (missing.length) throw new Error(`no such file or directory: ${missing.join(', ')}`);
  report.files = files.length;
  onProgress({ phase: 'scan', files: files.length });
  const manifests = await readManifests(client).catch((err: unknown) => {
    throw describeSearchError(err, search);
  });
  const seen = new Set(files.map((f) => f.docId));
  let done = 0;
  const settle = (docId: string, action: 'skipped' | 'pushed' | 'unreadable') =>
    onProgress({ phase: 'file', done: ++done, total: files.length, docId, action });

  const statuses = options.library ?? localLibraryStatuses(config.indexPath);
  const libraryOf = (docId: string) => statuses.get(docId) ?? CURRENT;
  const changed: ((typeof files)[number] & { sha: string })[] = [];
  const restatus: Manifest[] = [];
  for (const file of files) {
    const sha = sha256File(file.absPath);
    const previous = manifests.get(file.docId);
    // Without --groups each document's groups are its library sets (read at parse time): a sets change needs --force.
    if (
      previous &&
      previous.sha === sha &&
      (!options.groups || sameGroups(previous.groups, groups)) &&
      !options.force
    ) {
      report.skippedFiles.push(file.docId);
      const wanted = libraryOf(file.docId);
      if (wanted.status !== previous.library.status || wanted.supersededBy !== previous.library.supersededBy)
        restatus.push(previous);
      settle(file.docId, 'skipped');
    } else {
      changed.push({ ...file, sha });
    }
  }

  // Parsing runs on worker threads; embedding and uploading go one file at a time so a bulk push does not
  // multiply its own 429s.
  const pool = new ParserPool(Math.min(options.workers ?? defaultParserThreads(), changed.length));
  let network: Promise<void> = Promise.resolve();
  try {
    await Promise.all(
      changed.map(async (file) => {
        let parsed: ParsedDocument;
        try {
          parsed = await pool.parse(file.absPath, file.root);
        } catch (err) {
          // What the index already has for this file stays: better a stale guideline than a missing one.
          report.unreadableFiles.push({ docId: file.docId, reason: errorReason(err) });
          settle(file.docId, 'unreadable');
          return;
        }
        const turn = network.then(() => pushFile(file, parsed));
        network = turn.catch(() => {});
        await turn;
      }),
    );
  } finally {
    await pool.close();
  }

  async function pushFile(file: { docId: string; sha: string }, parsed: ParsedDocument): Promise<void> {
    const { docId, sha } = file;
    report.warnings.push(...parsed.warnings.map((w) => `${docId}: ${w}`));
    // Same ids as the local index: the docId is the file's path under its knowledge-base root.
    const passages = parsed.passages.map((p) => ({ ...p, docId }));
    const vectors = embedder
      ? await embedder.embed(passages.map(passageEmbeddingText), (n) =>
          onProgress({ phase: 'embed', done: n, total: passages.length }),
        )
      : null;
    const docGroups = options.groups ? groups : groupsOfSets(parsed.library?.sets);
    const docs = passages.map((p, j) =>
      passageDocument(p, sha, docGroups, vectors ? vectors[j]! : null, libraryOf(docId)),
    );
    const keep = new Set(docs.map((d) => d.id));
    const stale = manifests.has(docId) ? (await passageKeys(client, docId)).filter((k) => !keep.has(k)) : [];
    const actions: Action[] = [
      ...docs.map((doc): Action => ({ type: 'mergeOrUpload', doc })),
      ...stale.map((key): Action => ({ type: 'delete', key, docId })),
    ];
    const { failed, retries } = await applyActions(client, actions, { retryBaseMs: options.retryBaseMs });
    report.retries += retries;
    report.failed.push(...failed);
    report.uploadedPassages += docs.length - failed.filter((f) => keep.has(f.key)).length;
    report.deletedPassages += stale.length - failed.filter((f) => !keep.has(f.key)).length;
    // The manifest (with the new sha) goes last and only when every passage landed, so a failed push is redone next time.
    if (failed.length === 0) {
      const manifest = await applyActions(
        client,
        [
          {
            type: 'mergeOrUpload',
            doc: manifestDocument(docId, parsed.meta, sha, docGroups, passages, libraryOf(docId)),
          },
        ],
        {
          retryBaseMs: options.retryBaseMs,
        },
      );
      report.failed.push(...manifest.failed);
      report.retries += manifest.retries;
      if (manifest.failed.length === 0) report.pushedFiles.push(docId);
    }
    settle(docId, 'pushed');
  }

  // A new edition elsewhere or `library retire` changes an unchanged file's status: only that field is rewritten.
  for (const manifest of restatus) {
    const { status, supersededBy } = libraryOf(manifest.docId);
    const keys = await passageKeys(client, manifest.docId);
    const { failed, retries } = await applyActions(
      client,
      keys.map((id): Action => ({ type: 'merge', doc: { id, doc_id: manifest.docId, status } })),
      { retryBaseMs: options.retryBaseMs },
    );
    report.retries += retries;
    report.failed.push(...failed);
    // The manifest last, as for a push: a failed update is found and redone next time.
    if (failed.length) continue;
    const m = await applyActions(
      client,
      [{ type: 'merge', doc: { id: manifest.key, doc_id: manifest.docId, status, superseded_by: supersededBy } }],
      { retryBaseMs: options.retryBaseMs },
    );
    report.failed.push(...m.failed);
    report.retries += m.retries;
    if (m.failed.length === 0) report.restatusedFiles.push(manifest.docId);
  }

  // Only a push of whole folders mirrors them; pushing single files never removes other guidelines.
  if (removeMissing && roots.length > 0) {
    for (const manifest of manifests.values()) {
      if (seen.has(manifest.docId)) continue;
      onProgress({ phase: 'remove', docId: manifest.docId });
      const keys = await passageKeys(client, manifest.docId);
      // Manifest last: if the passages' removal fails, the next push still knows the file and tries again.
      const { failed, retries } = await applyActions(
        client,
        keys.map((key): Action => ({ type: 'delete', key, docId: manifest.docId })),
        { retryBaseMs: options.retryBaseMs },
      );
      report.retries += retries;
      report.failed.push(...failed);
      report.deletedPassages += keys.length - failed.length;
      if (failed.length === 0) {
        const m = await applyActions(client, [{ type: 'delete', key: manifest.key, docId: manifest.docId }], {
          retryBaseMs: options.retryBaseMs,
        });
        report.failed.push(...m.failed);
        report.retries += m.retries;
        if (m.failed.length === 0) report.removedFiles.push(manifest.docId);
      }
    }
  }
  log.info(
    {
      files: report.files,
      pushed: report.pushedFiles.length,
      skipped: report.skippedFiles.length,
      removed: report.removedFiles.length,
      restatused: report.restatusedFiles.length,
      unreadable: report.unreadableFiles.length,
      uploaded: report.uploadedPassages,
      deleted: report.deletedPassages,
      failed: report.failed.length,
      retries: report.retries,
    },
    'azure push finished',
  );
  return report;
}
