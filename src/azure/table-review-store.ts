// Review items on Azure Table storage (several bot instances, App Service): the same contract as the SQLite ReviewStore.
// Each item is one entity: created time and status as columns (for queries), the item itself as JSON.
import { TableClient, odata } from '@azure/data-tables';
import type { Config } from '../config.js';
import type { ReviewItem } from '../review/review-item.js';
import type { ReviewQuery, ReviewStore } from '../review/review-store.js';
import { sdkTlsOptions, tokenCredential, type AzureDeps } from './credentials.js';

const PARTITION = 'review';

interface ReviewEntity {
  partitionKey: string;
  rowKey: string;
  createdAt: string;
  status: string;
  item: string;
}

export class AzureTableReviewStore implements ReviewStore {
  constructor(private readonly client: TableClient) {}

  async put(item: ReviewItem): Promise<void> {
    const entity: ReviewEntity = {
      partitionKey: PARTITION,
      rowKey: item.id,
      createdAt: item.createdAt,
      status: item.status,
      item: JSON.stringify(item),
    };
    await this.client.upsertEntity(entity, 'Replace');
  }

  async get(id: string): Promise<ReviewItem | null> {
    if (!/^[0-9a-f]+$/i.test(id)) return null; // review ids are hex; anything else cannot be a row key
    const entity = await this.client.getEntity<ReviewEntity>(PARTITION, id).catch((err: unknown) => {
      if ((err as { statusCode?: number }).statusCode === 404) return null;
      throw err;
    });
    return entity ? (JSON.parse(entity.item) as ReviewItem) : null;
  }

  async list({ status, since, limit = 1000 }: ReviewQuery = {}): Promise<ReviewItem[]> {
    const from = since?.toISOString() ?? '';
    const filter = status
      ? odata`PartitionKey eq ${PARTITION} and createdAt ge ${from} and status eq ${status}`
      : odata`PartitionKey eq ${PARTITION} and createdAt ge ${from}`;
    const items: ReviewItem[] = [];
    for await (const e of this.client.listEntities<ReviewEntity>({ queryOptions: { filter } }))
      items.push(JSON.parse(e.item) as ReviewItem);
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id)).slice(0, limit);
  }

  async purge(before: Date): Promise<number> {
    let removed = 0;
    const filter = odata`PartitionKey eq ${PARTITION} and createdAt lt ${before.toISOString()}`;
    for await (const e of this.client.listEntities<ReviewEntity>({ queryOptions: { filter } })) {
      await this.client.deleteEntity(PARTITION, e.rowKey);
      removed++;
    }
    return removed;
  }

  close(): void {
    // The SDK client holds no resources that need closing.
  }
}

/** The Table-backed review store when a storage account is configured, else null. */
export function createTableReviewStore(config: Config, deps: AzureDeps = {}): AzureTableReviewStore | null {
  if (!config.azureStorage) return null;
  const client = new TableClient(
    config.azureStorage.tableEndpoint,
    config.azureStorage.reviewTable,
    tokenCredential(deps),
    sdkTlsOptions(deps),
  );
  return new AzureTableReviewStore(client);
}
