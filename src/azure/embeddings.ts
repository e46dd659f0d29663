// Embeddings through the configured Azure OpenAI / Azure AI Foundry embedding deployment, for Azure AI Search vectors.
// The openai SDK already retries 429/5xx and honours retry-after(-ms); we give it a budget sized for bulk pushes.
import { AzureOpenAI } from 'openai';
import type { Config } from '../config.js';
import type { Passage } from '../knowledge/passage.js';
import { httpsAgent, openAIAuth, type AzureDeps } from './credentials.js';

/** Inputs per request: well under the service's 2,048-input cap, small enough that one 429 costs little. */
export const EMBEDDING_BATCH_SIZE = 32;
/** ada-002 and text-embedding-3-small both return 1,536 dimensions; ada-002 rejects the `dimensions` parameter. */
const NATIVE_DIMENSIONS = 1536;
/** About 8k tokens, the models' input limit, with margin for dense clinical text. */
const MAX_INPUT_CHARS = 24_000;

export class EmbeddingError extends Error {}

export interface Embedder {
  readonly deployment: string;
  readonly dimensions: number;
  /** One vector per input, in input order. */
  embed(texts: string[], onBatch?: (done: number) => void): Promise<number[][]>;
}

export interface EmbedderOptions {
  batchSize?: number;
  /** SDK retry budget for 429/5xx; bulk pushes want more than interactive queries. */
  maxRetries?: number;
  /** Per-request timeout; defaults to AZURE_OPENAI_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** The embedder for Azure AI Search vectors, or null when no embedding deployment is configured (text + semantic only). */
export function createEmbedder(config: Config, deps: AzureDeps = {}, options: EmbedderOptions = {}): Embedder | null {
  const aoai = config.azureOpenAI;
  if (!aoai?.embeddingDeployment) return null;
  const deployment = aoai.embeddingDeployment;
  const dimensions = aoai.embeddingDimensions;
  const client = new AzureOpenAI({
    endpoint: aoai.endpoint,
    apiVersion: aoai.apiVersion,
    deployment,
    ...openAIAuth(aoai.apiKey, deps),
    maxRetries: options.maxRetries ?? aoai.maxRetries,
    timeout: options.timeoutMs ?? aoai.timeoutMs,
    httpAgent: httpsAgent(deps),
  });
  const batchSize = Math.max(1, options.batchSize ?? EMBEDDING_BATCH_SIZE);

  return {
    deployment,
    dimensions,
    async embed(texts, onBatch) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const input = texts
          .slice(start, start + batchSize)
          .map((t) => (t.trim() === '' ? ' ' : t.slice(0, MAX_INPUT_CHARS)));
        const response = await client.embeddings.create({
          model: deployment,
          input,
          ...(dimensions !== NATIVE_DIMENSIONS ? { dimensions } : {}),
        });
        const batch = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        if (batch.length !== input.length) {
          throw new EmbeddingError(
            `embedding deployment "${deployment}" returned ${batch.length} vectors for ${input.length} inputs`,
          );
        }
        for (const vector of batch) {
          if (vector.length !== dimensions) {
            throw new EmbeddingError(
              `embedding deployment "${deployment}" returned ${vector.length} dimensions but AZURE_OPENAI_EMBEDDING_DIMENSIONS is ${dimensions}`,
            );
          }
          vectors.push(vector);
        }
        onBatch?.(vectors.length);
      }
      return vectors;
    },
  };
}

/** What a passage's vector is computed from: the guideline and heading give the chunk its topic. */
export function passageEmbeddingText(passage: Passage): string {
  return [passage.title, passage.section, passage.text].filter(Boolean).join('\n');
}
