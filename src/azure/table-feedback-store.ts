// Feedback on Azure Table storage, for the bot on App Service (the local SQLite file would sit on a network share or be
// lost on restart). Same contract and same rules as the SQLite FeedbackStore: answers are recorded by message id (trace
// id, mode, cited sources; never message text), a feedback event is joined to its answer, and the user's comment is
// de-identified before it is written. Keyless: the app's managed identity holds Storage Table Data Contributor.
import { TableClient, odata } from '@azure/data-tables';
import type { Config } from '../config.js';
import { deidentify } from '../safety/deid.js';
import type { AnswerRecord, FeedbackInput, FeedbackMatch, FeedbackRow } from '../ops/feedback-store.js';
import { sdkTlsOptions, tokenCredential, type AzureDeps } from './credentials.js';

const ANSWER_PARTITION = 'answer';
const FEEDBACK_PARTITION = 'feedback';
/** conversation key -> message id of its latest answer, for feedback that arrives without a message id. */
const LATEST_PARTITION = 'latest';
/** Row keys sort ascending; (MAX - id) makes the newest feedback come first. */
const MAX_ID = 9_000_000_000_000_000;

interface AnswerEntity {
  partitionKey: string;
  rowKey: string;
  traceId: string;
  mode: string;
  sources: string;
  conversationKey: string;
  createdAt: string;
}

interface LatestEntity {
  partitionKey: string;
  rowKey: string;
  messageId: string;
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

export class AzureTableFeedbackStore {
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
      createdAt: new Date().toISOString(),
    };
    await this.client.upsertEntity(entity, 'Replace');
    const latest: LatestEntity = { partitionKey: LATEST_PARTITION, rowKey: rowKeyOf(record.conversationKey), messageId: record.messageId };
    await this.client.upsertEntity(latest, 'Replace');
  }

  private async entity<T extends object>(partition: string, rowKey: string): Promise<(T & { etag: string }) | null> {
    return this.client.getEntity<T>(partition, rowKey).catch((err: unknown) => {
      if ((err as { statusCode?: number }).statusCode === 404) return null;
      throw err;
    }) as Promise<(T & { etag: string }) | null>;
  }

  /**
   * Stores one feedback event, joined to its answer: by message id, or (when the client sent none) to the latest answer
   * in the same conversation, recorded as such. The same rules as the SQLite FeedbackStore.
   */
  async addFeedback(input: FeedbackInput): Promise<FeedbackRow> {
    let answer: AnswerEntity | null = null;
    let match: FeedbackMatch = 'none';
    let messageId = input.messageId;
    if (input.messageId) {
      answer = await this.entity<AnswerEntity>(ANSWER_PARTITION, rowKeyOf(input.messageId));
      if (answer) match = 'message';
    } else if (input.conversationKey) {
      const latest = await this.entity<LatestEntity>(LATEST_PARTITION, rowKeyOf(input.conversationKey));
      answer = latest ? await this.entity<AnswerEntity>(ANSWER_PARTITION, rowKeyOf(latest.messageId)) : null;
      if (answer && latest) {
        match = 'latest-in-conversation';
        messageId = latest.messageId;
      }
    }
    const comment = deidentify(input.comment.slice(0, 4000)).text;
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
      sources: answer?.sources ?? '[]',
    };
    await this.client.createEntity(entity);
    return toRow(entity);
  }

  /** Newest first. */
  async list(limit = 100): Promise<FeedbackRow[]> {
    const pages = this.client
      .listEntities<FeedbackEntity>({ queryOptions: { filter: odata`PartitionKey eq ${FEEDBACK_PARTITION}` } })
      .byPage({ maxPageSize: Math.min(limit, 1000) });
    const rows: FeedbackRow[] = [];
    for await (const page of pages) {
      for (const entity of page) rows.push(toRow(entity));
      if (rows.length >= limit) break;
    }
    return rows.slice(0, limit);
  }

  close(): void {
    // The SDK client holds no resources that need closing.
  }
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
  const client = new TableClient(config.azureStorage.tableEndpoint, config.azureStorage.feedbackTable, tokenCredential(deps), sdkTlsOptions(deps));
  return new AzureTableFeedbackStore(client);
}
