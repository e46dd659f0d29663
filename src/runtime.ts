// The one composition root: every long-running door (bot server, HTTP API, MCP over HTTP) gets its retriever, answer pipeline and
// feedback store from here, so they all answer the same way from the same index.
import type { Config } from './config.js';
import type { Retriever } from './retrieval/retriever.js';
import { openRetriever, type OpenRetrieverOptions } from './retrieval/index.js';
import { createChatModel, type ChatModel } from './answer/model.js';
import { createPipeline, type AnswerPipeline } from './answer/pipeline.js';
import type { FeedbackStore } from './teams/feedback-store.js';
import { openFeedback } from './ops/stores.js';
import { log } from './log.js';
import { tokenCredential, type AzureDeps } from './azure/credentials.js';
import { localDeidentifier, type Deidentifier } from './safety/deidentifier.js';
import { createAzureDeid, createAzureDeidentifier } from './safety/azure-deid.js';

export interface Runtime {
  readonly config: Config;
  readonly retriever: Retriever;
  readonly pipeline: AnswerPipeline;
  readonly feedback: FeedbackStore;
  /** This thread's chat model (null in extractive mode): its identity for /readyz (pinned model) and `about`. */
  readonly model?: ChatModel | null;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** How to open the index (build on first start with a progress bar by default). */
  retriever?: OpenRetrieverOptions;
  /** Azure credential for the de-identification service (default: DefaultAzureCredential). */
  azure?: AzureDeps;
}

/** The local de-identifier, with the Azure service layered on top when AZURE_DEID_ENDPOINT is set (keyless). */
export function createDeidentifier(config: Config, deps: AzureDeps = {}): Deidentifier {
  if (!config.azureDeid) return localDeidentifier;
  const { endpoint, timeoutMs } = config.azureDeid;
  return createAzureDeidentifier(createAzureDeid({ endpoint, timeoutMs, credential: tokenCredential(deps) }));
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const started = Date.now();
  const retriever = await openRetriever(config, options.retriever);
  let feedback: FeedbackStore;
  try {
    // Table storage in Azure; a local store that cannot open degrades to memory with one logged reason (ops/stores.ts).
    feedback = openFeedback(config).store;
  } catch (err) {
    await retriever.close();
    throw err;
  }
  const model = createChatModel(config);
  const deidentifier = createDeidentifier(config, options.azure);
  const pipeline = createPipeline({ config, retriever, model, deidentifier });
  log.info({ engine: retriever.engine, mode: pipeline.mode, deid: deidentifier.name, ms: Date.now() - started }, 'runtime ready');
  let closed = false;
  return {
    config,
    retriever,
    pipeline,
    feedback,
    model,
    async close() {
      if (closed) return;
      closed = true;
      feedback.close();
      await retriever.close();
    },
  };
}
