// The one composition root: every long-running door (bot server, HTTP API, MCP over HTTP) gets its retriever, answer pipeline and
// feedback store from here, so they all answer the same way from the same index.
import fs from 'node:fs';
import type { Config } from './config.js';
import type { Retriever } from './retrieval/retriever.js';
import { openRetriever, type OpenRetrieverOptions } from './retrieval/index.js';
import { createChatModel, type ChatModel } from './answer/model.js';
import { createPipeline, type AnswerPipeline } from './answer/pipeline.js';
import type { FeedbackStore } from './review/feedback-store.js';
import { openFeedback, openReviewQueue } from './ops/stores.js';
import type { ReviewQueue } from './review/review-queue.js';
import { cleanHere } from './review/review-item.js';
import { log } from './log.js';
import { tokenCredential, type AzureDeps } from './azure/credentials.js';
import { localDeidentifier, type Deidentifier } from './safety/deidentifier.js';
import { warmSafetyDetectors } from './safety/warm.js';
import { createAzureDeid, createAzureDeidentifier } from './safety/azure-deid.js';
import {
  ADMISSION_SETTINGS,
  admitAnswers,
  ServiceUnavailableError,
  WARMING_MESSAGE,
  type AdmissionSettings,
  type AdmittedPipeline,
} from './ops/admission.js';
import { createAnswerPool, type AnswerPool, type ThreadMemory } from './ops/answer-pool.js';

export interface Runtime {
  readonly config: Config;
  /** The doors' retriever; its check() (readiness) also fails while warming up and once the index file is gone. */
  readonly retriever: Retriever;
  /** Bounded (src/ops/admission.ts) and, with answer threads, computed off the main thread. */
  readonly pipeline: AdmittedPipeline;
  readonly feedback: FeedbackStore;
  /** Records answers and feedback (over `feedback`) and keeps the review queue. */
  readonly review: ReviewQueue;
  /** This thread's chat model (null in extractive mode): its identity for /readyz (pinned model) and `about`. */
  readonly model?: ChatModel | null;
  /** Answer threads running (0: answers on the main thread). */
  answerThreads(): number;
  /** Each answer thread's heap (a diagnostic for the load benchmark); `snapshot`: heap snapshots into that folder. */
  threadMemory(snapshot?: string): Promise<ThreadMemory[]>;
  /** Resolves once the index is open (at once unless started with `warmUp`); rejects if it cannot be built. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** How to open the index (build on first start with a progress bar by default). */
  retriever?: OpenRetrieverOptions;
  /** Azure credential for the de-identification service (default: DefaultAzureCredential). */
  azure?: AzureDeps;
  /**
   * Worker threads that compute answers (src/ops/answer-pool.ts); 0 or unset: on the main thread. Not with injected Azure
   * deps (a credential object cannot cross to a thread).
   */
  answerThreads?: number;
  /**
   * Return before the index is open: the server can listen at once and answer "warming up" (503) while a missing or damaged
   * index is rebuilt. Default: wait for it.
   */
  warmUp?: boolean;
  /** Overrides of ADMISSION_SETTINGS (the answer bound). */
  admission?: Partial<AdmissionSettings>;
  /** Awaited before the index is opened (tests hold a warming-up start here). */
  beforeOpen?: () => Promise<void>;
}

/** The local de-identifier, with the Azure service layered on top when AZURE_DEID_ENDPOINT is set (keyless). */
export function createDeidentifier(config: Config, deps: AzureDeps = {}): Deidentifier {
  if (!config.azureDeid) return localDeidentifier;
  const { endpoint, timeoutMs } = config.azureDeid;
  return createAzureDeidentifier(createAzureDeid({ endpoint, timeoutMs, credential: tokenCredential(deps) }));
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const started = Date.now();
  const late = new LateRetriever(config.retrievalEngine);
  const opening = (options.beforeOpen?.() ?? Promise.resolve())
    .then(() => openRetriever(config, options.retriever))
    .then((r) => {
      late.resolve(r, config.retrievalEngine === 'local' ? config.indexPath : null);
      return r;
    });
  if (!options.warmUp) await opening;
  let feedback: FeedbackStore;
  let review: ReviewQueue;
  try {
    // Table storage in Azure; a local store that cannot open degrades to memory with one logged reason (ops/stores.ts).
    feedback = openFeedback(config).store;
    review = openReviewQueue(config, {}, feedback);
  } catch (err) {
    await opening.then(
      (r) => r.close(),
      () => undefined,
    );
    throw err;
  }
  // Retention: answers, feedback and review items past CURBSIDE_RETENTION_DAYS go, at start and then periodically.
  const purge = () =>
    void review.purge().then(
      (done) => (done.answersAndFeedback || done.reviews) && log.info(done, 'retention purge'),
      (err: unknown) => log.warn({ err: (err as Error)?.message }, 'retention purge failed'),
    );
  purge();
  const purgeTimer = setInterval(purge, config.review.purgeIntervalHours * 3_600_000);
  purgeTimer.unref();
  const model = createChatModel(config);
  const deidentifier = createDeidentifier(config, options.azure);
  const local = createPipeline({ config, retriever: late, model, deidentifier });
  const threads = options.azure ? 0 : (options.answerThreads ?? 0);
  let pool: AnswerPool | null = null;
  const ready = opening.then(async () => {
    late.damageOf = () => pool?.damage ?? null;
    // Without answer threads the doors de-identify here: load the detectors' lists before a turn does. With them, the
    // doors' de-identification runs on a thread too, and this thread never holds the lists (about 70 MB).
    if (threads === 0) warmSafetyDetectors();
    if (threads > 0) {
      const threaded = createAnswerPool(local, config, threads);
      pool = threaded;
      // Threads start now, so the first turns do not wait for one to open the index.
      await threaded.warm().then(
        // Review items and recorded histories are de-identified again on the answer thread, not between probes here.
        // (On this thread again if the pool cannot: a record is never lost for it.)
        () => review.cleanWith((texts) => threaded.clean(texts).catch(() => cleanHere(texts))),
        async (err: unknown) => {
          // Answers still work on the main thread: slower under load, but not down.
          log.error(
            { err: err instanceof Error ? err.message : String(err) },
            'answer threads could not start; answering on the main thread',
          );
          pool = null;
          await threaded.close();
          warmSafetyDetectors();
        },
      );
    }
  });
  ready.catch((err: unknown) => {
    late.fail(err instanceof Error ? err : new Error(String(err)));
    log.error({ err: err instanceof Error ? err.message : String(err) }, 'the index could not be opened');
  });
  const current: AnswerPipeline = {
    answer: (request) => (pool ?? local).answer(request),
    retriever: late,
    mode: local.mode,
    get deidentifier() {
      return (pool ?? local).deidentifier;
    },
    modelHealth: () => (pool ?? local).modelHealth?.() ?? null,
  };
  const pipeline = admitAnswers(current, () => late.warming(), { ...ADMISSION_SETTINGS, ...options.admission });
  void ready.then(
    () =>
      log.info(
        {
          engine: late.engine,
          mode: pipeline.mode,
          deid: deidentifier.name,
          answerThreads: threads,
          ms: Date.now() - started,
        },
        'runtime ready',
      ),
    () => undefined,
  );
  let closed = false;
  return {
    config,
    retriever: late,
    pipeline,
    feedback,
    review,
    model,
    answerThreads: () => (pool as AnswerPool | null)?.threads ?? 0,
    threadMemory: async (snapshot) => (await (pool as AnswerPool | null)?.memory(snapshot)) ?? [],
    ready,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(purgeTimer);
      review.close();
      await ready.catch(() => undefined);
      await (pool as AnswerPool | null)?.close();
      await opening.then(
        (r) => r.close(),
        () => undefined,
      );
    },
  };
}

/**
 * The retriever the doors hold from the start: while the index is being opened (or built) every call says "warming up"; then
 * it delegates. Its check() also fails at once when the local index file has been deleted or replaced underneath the running
 * process (SQLite keeps reading the unlinked file, so nothing else would notice until the restart has no index).
 */
class LateRetriever implements Retriever {
  private inner: Retriever | null = null;
  private failed: Error | null = null;
  private indexFile: { path: string; dev: number; ino: number } | null = null;
  damageOf: () => Error | null = () => null;

  constructor(readonly engine: 'local' | 'azure') {}

  resolve(inner: Retriever, indexPath: string | null): void {
    this.inner = inner;
    if (indexPath && fs.existsSync(indexPath)) {
      const st = fs.statSync(indexPath);
      this.indexFile = { path: indexPath, dev: st.dev, ino: st.ino };
    }
  }

  fail(err: Error): void {
    this.failed = err;
  }

  /** Why answers cannot be served yet, or null. */
  warming(): string | null {
    if (this.inner) return null;
    return this.failed
      ? `the index could not be opened: ${this.failed.message}`
      : 'warming up: the local index is being opened or built';
  }

  private get ready(): Retriever {
    if (this.inner) return this.inner;
    if (this.failed) throw this.failed;
    throw new ServiceUnavailableError('warming-up', 30, WARMING_MESSAGE);
  }

  // async: a caller sees "warming up" as a rejected promise, like any other retrieval failure, never a synchronous throw.
  async search(...args: Parameters<Retriever['search']>) {
    return this.ready.search(...args);
  }

  async listGuidelines() {
    return this.ready.listGuidelines();
  }

  async recommendationUnits(...args: Parameters<NonNullable<Retriever['recommendationUnits']>>) {
    const inner = this.ready;
    return inner.recommendationUnits ? inner.recommendationUnits(...args) : null;
  }

  async supersessions() {
    return (await this.ready.supersessions?.()) ?? new Map();
  }

  async scopeMappings() {
    return (await this.ready.scopeMappings?.()) ?? [];
  }

  async editionChanges(...args: Parameters<NonNullable<Retriever['editionChanges']>>) {
    const inner = this.ready;
    return inner.editionChanges ? inner.editionChanges(...args) : null;
  }

  async check(): Promise<void> {
    const reason = this.warming();
    if (reason) throw new Error(reason);
    if (this.indexFile) {
      const { path: file, dev, ino } = this.indexFile;
      let st: fs.Stats;
      try {
        st = fs.statSync(file);
      } catch {
        throw new Error(`the local index ${file} was deleted while running: restart to rebuild it`);
      }
      if (st.dev !== dev || st.ino !== ino)
        throw new Error(`the local index ${file} was replaced while running: restart to use it`);
    }
    const damage = this.damageOf();
    if (damage) throw new Error(`the local index is damaged (${damage.message}): restart to rebuild it`);
    await this.ready.check();
  }

  async close(): Promise<void> {
    await this.inner?.close();
  }
}
