// Feedback on Azure Table storage, for the bot on App Service (the local SQLite file would sit on a network share or be
// lost on restart). Same contract and same rules as the SQLite FeedbackStore: answers are recorded by message id (trace
// id, mode, cited sources, the de-identified turn), a feedback event is joined to the answer it names (message id or
// trace id, never a guess), and the user's comment is de-identified before it is written. Keyless: the app's managed
// identity holds Storage Table Data Contributor.
import { TableClient, odata } from '@azure/data-tables';
import type { Config } from '../config.js';
import {
  cleanComment,
  type AnswerContent,
  type AnswerRecord,
  type AnswerRef,
  type FeedbackInput,
  type FeedbackMatch,
  type FeedbackRow,
  type FeedbackStore,
} from '../review/feedback-store.js';
import { sdkTlsOptions, tokenCredential, type AzureDeps } from './credentials.js';

const ANSWER_PARTITION = 'answer';
const FEEDBACK_PARTITION = 'feedback';
/** trace id -> message id of its answer, for feedback that names the trace (HTTP API). */
const TRACE_PARTITION = 'trace';
/** Row keys sort ascending; (MAX - id) makes the newest feedback come first. */
const MAX_ID = 9_000_000_000_000_000;

interface AnswerEntity {
  partitionKey: string;
  rowKey: string;
  traceId: string;
  mode: string;
  sources: string;
  conversationKey: string;
  /** JSON of AnswerContent; absent on records written before reviews. */
  content?: string;
  createdAt: string;
}

interface TraceEntity {
  partitionKey: string;
  rowKey: string;
  messageId: string;
  createdAt: string;
}

interface FeedbackEntity {
  partitionKey: string;
  rowKey: string;
  match: FeedbackMatch;
  /** Stored as a string: Table numbers are doubles on the wire. */
  id: string;
  createdAt: string;
  messageId: string;
  reaction: 'like' | 'dislike';
  comment: string;
  traceId: string;
  mode: string;
  sources: string;
}

/** Row keys may not contain / \ # ? or control characters; Teams message ids can. */
function rowKeyOf(messageId: string): string {
  return Buffer.from(messageId, 'utf8').toString('base64url') || '_';
}

export class AzureTableFeedbackStore implements FeedbackStore {
  private lastId = 0;

  constructor(private readonly client: TableClient) {}

  async recordAnswer(record: AnswerRecord): Promise<void> {
    const entity: AnswerEntity = {
      partitionKey: ANSWER_PARTITION,
      rowKey: rowKeyOf(record.messageId),
      traceId: record.traceId,
      mode: record.mode,
      sources: JSON.stringify(record.sources),
      conversationKey: record.conversationKey,
      ...(record.content ? { content: JSON.stringify(record.content) } : {}),
      createdAt: record.createdAt ?? new Date().toISOString(),
    };
    await this.client.upsertEntity(entity, 'Replace');
    const trace: TraceEntity = {
      partitionKey: TRACE_PARTITION,
      rowKey: rowKeyOf(record.traceId),
      messageId: record.messageId,
      createdAt: entity.createdAt,
    };
    await this.client.upsertEntity(trace, 'Replace');
  }

  async findAnswer(ref: AnswerRef): Promise<AnswerRecord | null> {
    let messageId = ref.messageId;
    if (!messageId && ref.traceId)
      messageId = (await this.entity<TraceEntity>(TRACE_PARTITION, rowKeyOf(ref.traceId)))?.messageId;
    if (!messageId) return null;
    const entity = await this.entity<AnswerEntity>(ANSWER_PARTITION, rowKeyOf(messageId));
    return entity ? answerOf(entity, messageId) : null;
  }

  private async entity<T extends object>(partition: string, rowKey: string): Promise<(T & { etag: string }) | null> {
    return this.client.getEntity<T>(partition, rowKey).catch((err: unknown) => {
      if ((err as { statusCode?: number }).statusCode === 404) return null;
      throw err;
    }) as Promise<(T & { etag: string }) | null>;
  }

  /** Stores one feedback event, joined to the answer it names (or to none). The same rules as the SQLite FeedbackStore. */
  async addFeedback(input: FeedbackInput): Promise<FeedbackRow> {
    const answer = await this.findAnswer(input);
    const match: FeedbackMatch = !answer ? 'none' : input.messageId ? 'message' : 'trace';
    const messageId = input.messageId || answer?.messageId || '';
    const comment = cleanComment(input);
    const createdAt = new Date().toISOString();
    // Millisecond time with a random tail (unique across instances for human clicks), and strictly increasing within
    // this process, so rows list in the order they were given.
    const id = Math.max(Date.now() * 1000 + Math.floor(Math.random() * 1000), this.lastId + 1);
    this.lastId = id;
    const entity: FeedbackEntity = {
      partitionKey: FEEDBACK_PARTITION,
      rowKey: String(MAX_ID - id).padStart(16, '0'),
      match,
      id: String(id),
      createdAt,
      messageId,
      reaction: input.reaction,
      comment,
      traceId: answer?.traceId ?? '',
      mode: answer?.mode ?? '',
      sources: JSON.stringify(answer?.sources ?? []),
    };
    await this.client.createEntity(entity);
    return toRow(entity);
  }

  /** Newest first. */
  async list(limit = 100, since?: Date): Promise<FeedbackRow[]> {
    const filter = since
      ? odata`PartitionKey eq ${FEEDBACK_PARTITION} and createdAt ge ${since.toISOString()}`
      : odata`PartitionKey eq ${FEEDBACK_PARTITION}`;
    const pages = this.client
      .listEntities<FeedbackEntity>({ queryOptions: { filter } })
      .byPage({ maxPageSize: Math.min(limit, 1000) });
    const rows: FeedbackRow[] = [];
    for await (const page of pages) {
      for (const entity of page) rows.push(toRow(entity));
      if (rows.length >= limit) break;
    }
    return rows.slice(0, limit);
  }

  async answersSince(since: Date): Promise<AnswerRecord[]> {
    const out: AnswerRecord[] = [];
    const filter = odata`PartitionKey eq ${ANSWER_PARTITION} and createdAt ge ${since.toISOString()}`;
    for await (const e of this.client.listEntities<AnswerEntity>({ queryOptions: { filter } }))
      out.push(answerOf(e, Buffer.from(e.rowKey, 'base64url').toString('utf8')));
    return out.sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
  }

  async purge(before: Date): Promise<number> {
    let removed = 0;
    for (const partition of [ANSWER_PARTITION, TRACE_PARTITION, FEEDBACK_PARTITION]) {
      const filter = odata`PartitionKey eq ${partition} and createdAt lt ${before.toISOString()}`;
      for await (const e of this.client.listEntities({
        queryOptions: { filter, select: ['PartitionKey', 'RowKey'] },
      })) {
        await this.client.deleteEntity(e.partitionKey!, e.rowKey!);
        if (partition !== TRACE_PARTITION) removed++;
      }
    }
    return removed;
  }

  close(): void {
    // The SDK client holds no resources that need closing.
  }
}

function answerOf(e: AnswerEntity, messageId: string): AnswerRecord {
  return {
    messageId,
    traceId: e.traceId,
    mode: e.mode as AnswerRecord['mode'],
    sources: JSON.parse(e.sources) as AnswerRecord['sources'],
    conversationKey: e.conversationKey,
    ...(e.content ? { content: JSON.parse(e.content) as AnswerContent } : {}),
    createdAt: e.createdAt,
  };
}

function toRow(e: FeedbackEntity): FeedbackRow {
  return {
    id: Number(e.id),
    createdAt: e.createdAt,
    messageId: e.messageId,
    match: e.match,
    reaction: e.reaction,
    comment: e.comment,
    traceId: e.traceId || null,
    mode: e.mode || null,
    sources: JSON.parse(e.sources) as AnswerRecord['sources'],
  };
}

/** The Table-backed feedback store when AZURE_STORAGE_ACCOUNT_NAME (or AZURE_STORAGE_TABLE_ENDPOINT) is set, else null. */
export function createTableFeedbackStore(config: Config, deps: AzureDeps = {}): AzureTableFeedbackStore | null {
  if (!config.azureStorage) return null;
  const client = new TableClient(
    config.azureStorage.tableEndpoint,
    config.azureStorage.feedbackTable,
    tokenCredential(deps),
    sdkTlsOptions(deps),
  );
  return new AzureTableFeedbackStore(client);
}
