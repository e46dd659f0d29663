// One answer thread of the pool (src/ops/answer-pool.ts): opens the local index read-only, loads the lexicons and the model
// client once, and runs the same answer pipeline as the main thread for each request it is sent. Progress events and the
// answer go back by message; only de-identified text and the answer cross, as on the main thread.
import path from 'node:path';
import v8 from 'node:v8';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { createChatModel } from '../answer/model.js';
import { createPipeline } from '../answer/pipeline.js';
import { ANSWER_TUNING } from '../answer/tuning.js';
import type { ConversationTurn } from '../answer/types.js';
import { openRetriever } from '../retrieval/index.js';
import { isIndexDamage } from '../retrieval/store.js';
import { localDeidentifier } from '../safety/deidentifier.js';
import { createAzureDeid, createAzureDeidentifier } from '../safety/azure-deid.js';
import { tokenCredential } from '../azure/credentials.js';
import { runInTurn } from './turn-context.js';
import type { PoolReply, PoolRequest, WordLists } from './answer-pool.js';
import { useEnglishWords } from '../retrieval/lexicon.js';
import { useNameData } from '../safety/name-data.js';

const port = parentPort!;
const { config, wordLists } = workerData as { config: Config; wordLists?: WordLists };
// The main thread's word lists, read in place (SharedArrayBuffers): not built again on this thread.
if (wordLists) {
  useEnglishWords(wordLists.english);
  useNameData(wordLists.names);
}

async function main(): Promise<void> {
  const retriever = await openRetriever(config, { build: false });
  const model = createChatModel(config);
  const deidentifier = config.azureDeid
    ? createAzureDeidentifier(
        createAzureDeid({
          endpoint: config.azureDeid.endpoint,
          timeoutMs: config.azureDeid.timeoutMs,
          credential: tokenCredential({}),
        }),
      )
    : localDeidentifier;
  const pipeline = createPipeline({ config, retriever, model, deidentifier });
  // Loaded (or restored from its saved copy) before the thread reports ready, not by the first question it is sent.
  await retriever.recommendationUnits?.(ANSWER_TUNING.unit);
  const running = new Map<number, AbortController>();
  const send = (reply: PoolReply) => port.postMessage(reply);

  port.on('message', (msg: PoolRequest) => {
    if (msg.type === 'abort') {
      running.get(msg.id)?.abort();
      return;
    }
    if (msg.type === 'close') {
      void retriever.close().finally(() => port.close());
      return;
    }
    if (msg.type === 'memory') {
      const mb = (n: number) => Math.round(n / 1024 / 1024);
      const snapshot = msg.snapshot
        ? v8.writeHeapSnapshot(path.join(msg.snapshot, `answer-thread-${threadId}-${Date.now()}.heapsnapshot`))
        : undefined;
      const usage = process.memoryUsage();
      send({
        type: 'memory',
        id: msg.id,
        memory: {
          heapUsedMB: mb(usage.heapUsed),
          heapTotalMB: mb(usage.heapTotal),
          externalMB: mb(usage.external),
          snapshot,
        },
      });
      return;
    }
    if (msg.type === 'deidentify') {
      (msg.remote ? deidentifier : localDeidentifier).deidentify(msg.texts).then(
        (batch) => send({ type: 'deidentified', id: msg.id, batch }),
        (err: unknown) => send({ type: 'deidentified', id: msg.id, error: (err as Error)?.message ?? String(err) }),
      );
      return;
    }
    const controller = new AbortController();
    running.set(msg.id, controller);
    void runInTurn(
      () =>
        pipeline.answer({
          question: msg.question,
          history: msg.history as ConversationTurn[] | undefined,
          scope: msg.scope,
          signal: controller.signal,
          onProgress: msg.progress ? (event) => send({ type: 'progress', id: msg.id, event }) : undefined,
        }),
      msg.traceId,
    )
      .then(
        (answer) => send({ type: 'done', id: msg.id, answer, health: pipeline.modelHealth?.() ?? null }),
        (err: unknown) =>
          send({
            type: 'done',
            id: msg.id,
            error: {
              name: (err as Error)?.name ?? 'Error',
              message: (err as Error)?.message ?? String(err),
              damage: isIndexDamage(err),
            },
            health: pipeline.modelHealth?.() ?? null,
          }),
      )
      .finally(() => running.delete(msg.id));
  });
  send({ type: 'ready', mode: pipeline.mode });
}

main().catch((err: unknown) => {
  send0({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
});

function send0(reply: PoolReply): void {
  port.postMessage(reply);
}
