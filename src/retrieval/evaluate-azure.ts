// Retrieval evaluation on Azure AI Search: the same BEIR datasets and metrics as the local engine, run through the
// production retriever against a separate evaluation index (`<index>-eval-<hash8>`), so the production index is never
// touched. The index name follows the corpus content (and whether guideline distractors are in it), which makes a kept
// index reusable: re-runs skip the upload of passages already there.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { isRestError } from '@azure/core-rest-pipeline';
import { odata } from '@azure/search-documents';
import type { Config } from '../config.js';
import type { AzureDeps } from '../azure/credentials.js';
import { createEmbedder, passageEmbeddingText } from '../azure/embeddings.js';
import { applyActions, pushGuidelines, type FailedDocument } from '../azure/push.js';
import {
  allDocuments,
  createSearchClient,
  createSearchIndexClient,
  describeSearchError,
  ensureIndex,
  requireSearchConfig,
} from '../azure/search-client.js';
import { MANIFEST_KIND, manifestDocument, passageDocument } from '../azure/search-schema.js';
import { loadBeirCorpus, loadBeirQueries } from '../knowledge/beir.js';
import { sha256File } from '../knowledge/files.js';
import { createAzureSearchRetriever } from './azure-search.js';
import { scoreRankings, type LabelledQuery, type RetrievalMetrics } from './metrics.js';

/** Azure AI Search index names: lowercase letters, digits and dashes, at most 128 characters. */
const MAX_INDEX_NAME = 128;

export interface AzureBeirEvalOptions {
  beirDir: string;
  split: string;
  /** Also push the guideline knowledge base (config.guidelinesPaths) as distractors; only BEIR passages count as hits. */
  withGuidelines?: boolean;
  /** Keep the evaluation index afterwards (a re-run then skips the upload); by default it is deleted. */
  keepIndex?: boolean;
  onNotice?: (line: string) => void;
}

export interface AzureBeirEvalResult {
  dataset: string;
  split: string;
  index: string;
  /** Whether the evaluation index was left in place. */
  kept: boolean;
  passages: number;
  /** Passages uploaded in this run (0 when a kept index already had them). */
  uploaded: number;
  /** Guideline distractor files pushed or already present (0 without --with-guidelines). */
  distractorFiles: number;
  metrics: RetrievalMetrics;
}

export class AzureEvalError extends Error {}

/**
 * `<index>-eval-<hash8>`: the hash covers the corpus bytes, the distractor choice and the embedding setup, so a kept index
 * is reused only when its contents and vectors are exactly what this run would build.
 */
export function evaluationIndexName(
  productionIndex: string,
  setup: { corpusSha256: string; withGuidelines: boolean; embeddingDeployment: string | null; dimensions: number },
): string {
  const key = [
    setup.corpusSha256,
    setup.withGuidelines ? 'with-guidelines' : 'corpus-only',
    setup.embeddingDeployment ?? 'no-vectors',
    setup.dimensions,
  ];
  const suffix = `-eval-${createHash('sha256').update(key.join('\n')).digest('hex').slice(0, 8)}`;
  const base =
    productionIndex
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'curbside';
  return `${base.slice(0, MAX_INDEX_NAME - suffix.length).replace(/-$/, '')}${suffix}`;
}

/** docId of the BEIR passages in the index: like a guideline's path under its root, never a local absolute path. */
export function beirIndexDocId(beirDir: string): string {
  return `beir/${path.basename(path.resolve(beirDir))}/corpus.jsonl`;
}

export async function evaluateBeirOnAzure(
  config: Config,
  opts: AzureBeirEvalOptions,
  deps: AzureDeps = {},
): Promise<AzureBeirEvalResult> {
  const notice = opts.onNotice ?? (() => {});
  const production = requireSearchConfig(config);
  const corpus = await loadBeirCorpus(opts.beirDir);
  const corpusSha = sha256File(corpus.docId);
  const index = evaluationIndexName(production.indexName, {
    corpusSha256: corpusSha,
    withGuidelines: Boolean(opts.withGuidelines),
    embeddingDeployment: config.azureOpenAI?.embeddingDeployment ?? null,
    dimensions: config.azureOpenAI?.embeddingDimensions ?? 1536,
  });
  if (index === production.indexName)
    throw new AzureEvalError(`evaluation index name "${index}" equals the production index`);
  const search = { ...production, indexName: index };
  const evalConfig: Config = { ...config, azureSearch: search };
  const { queries, qrels } = await loadBeirQueries(opts.beirDir, opts.split);
  const labelled: LabelledQuery[] = queries.map((q) => ({ id: q.id, text: q.text, relevant: qrels.get(q.id)! }));

  if (!config.azureOpenAI?.embeddingDeployment)
    notice('no AZURE_OPENAI_EMBEDDING_DEPLOYMENT: evaluating keyword + semantic search without vectors');
  const created = await ensureIndex(evalConfig, deps);
  notice(`eval index "${index}" ${created.created ? 'created' : 'exists'}`);
  let kept = false;
  try {
    let distractorFiles = 0;
    if (opts.withGuidelines) {
      // The same push as `curbside azure push` (same parsing, ids and skip of unchanged files). removeMissing stays off:
      // the BEIR corpus's manifest lives in this index too and is not a guideline file.
      const report = await pushGuidelines(evalConfig, { paths: config.guidelinesPaths, removeMissing: false }, deps);
      distractorFiles = report.pushedFiles.length + report.skippedFiles.length;
      throwIfFailed(report.failed, 'guideline distractors');
      notice(
        `guidelines: ${report.pushedFiles.length} pushed, ${report.skippedFiles.length} already in the index` +
          (report.unreadableFiles.length ? `, ${report.unreadableFiles.length} unreadable (left out)` : ''),
      );
    }
    const uploaded = await pushBeirCorpus(evalConfig, opts.beirDir, corpus, corpusSha, deps);
    notice(`BEIR corpus: ${uploaded ? `${uploaded} passages uploaded` : 'already in the index'}`);

    const retriever = createAzureSearchRetriever(evalConfig, deps);
    const beirDocId = beirIndexDocId(opts.beirDir);
    const rankings = [];
    // One query at a time: the service's query rate limit is per index, and the metrics do not depend on order.
    for (const q of labelled) rankings.push(await retriever.search(q.text, { top: 10 }));
    await retriever.close();
    const metrics = scoreRankings(labelled, rankings, (p) => p.docId === beirDocId);
    kept = Boolean(opts.keepIndex);
    return {
      dataset: path.basename(path.resolve(opts.beirDir)),
      split: opts.split,
      index,
      kept,
      passages: corpus.passages.length,
      uploaded,
      distractorFiles,
      metrics,
    };
  } finally {
    if (!kept) {
      await createSearchIndexClient(search, deps)
        .deleteIndex(index)
        .catch((err: unknown) => {
          // Already gone is what we wanted; anything else the admin must know, since the index costs storage.
          if (!(isRestError(err) && err.statusCode === 404))
            notice(`could not delete eval index "${index}": ${describeSearchError(err, search).message}`);
        });
    }
  }
}

function throwIfFailed(failed: FailedDocument[], what: string): void {
  if (failed.length === 0) return;
  const sample = failed
    .slice(0, 3)
    .map((f) => `${f.docId} [${f.status ?? 'request'}] ${f.message}`)
    .join('; ');
  throw new AzureEvalError(`${failed.length} ${what} documents were not indexed: ${sample}`);
}

/** Uploads the BEIR passages (embedded) plus a manifest carrying the corpus sha256; skipped when the manifest matches. */
async function pushBeirCorpus(
  config: Config,
  beirDir: string,
  corpus: Awaited<ReturnType<typeof loadBeirCorpus>>,
  sha: string,
  deps: AzureDeps,
): Promise<number> {
  const search = requireSearchConfig(config);
  const client = createSearchClient(search, deps);
  const docId = beirIndexDocId(beirDir);
  const present = await allDocuments(client, odata`kind eq ${MANIFEST_KIND} and doc_id eq ${docId}`, [
    'file_sha',
  ]).catch((err: unknown) => {
    throw describeSearchError(err, search);
  });
  if (present.some((m) => m.file_sha === sha)) return 0;
  const passages = corpus.passages.map((p) => ({ ...p, docId }));
  const embedder = createEmbedder(config, deps, { maxRetries: Math.max(6, config.azureOpenAI?.maxRetries ?? 0) });
  const vectors = embedder ? await embedder.embed(passages.map(passageEmbeddingText)) : null;
  const docs = passages.map((p, i) => passageDocument(p, sha, [], vectors ? vectors[i]! : null));
  const { failed } = await applyActions(
    client,
    docs.map((doc) => ({ type: 'mergeOrUpload' as const, doc })),
  );
  throwIfFailed(failed, 'BEIR passage');
  // The manifest last, as in push: a run that failed half-way uploads again next time.
  const manifest = await applyActions(client, [
    { type: 'mergeOrUpload', doc: manifestDocument(docId, corpus.meta, sha, [], passages) },
  ]);
  throwIfFailed(manifest.failed, 'BEIR manifest');
  return docs.length;
}
