// Bot conversation state (botbuilder `Storage`) on Azure Table storage, so follow-up questions keep their context
// across App Service restarts and instances. Same contract as botbuilder's MemoryStorage: optimistic concurrency by
// eTag ('*' or no eTag = last writer wins), and a conflicting write throws. Keyless, like everything on Azure here.
// State holds only what the bot keeps between turns (already de-identified conversation text, ids), never raw input.
import { TableClient } from '@azure/data-tables';
import type { Storage, StoreItems } from 'botbuilder';
import type { Config } from '../config.js';
import { sdkTlsOptions, tokenCredential, type AzureDeps } from './credentials.js';

const PARTITION = 'state';
/** A Table string property holds 64 KiB (32K UTF-16 code units); JSON is split across properties d0, d1, ... */
const CHUNK_CHARS = 30_000;
/** An entity holds at most 1 MiB in all. */
const MAX_CHUNKS = 30;

interface StateEntity {
  partitionKey: string;
  rowKey: string;
  chunks: number;
  [chunk: `d${number}`]: string;
}

export class StateTooLargeError extends Error {}

const rowKeyOf = (key: string) => Buffer.from(key, 'utf8').toString('base64url') || '_';
const statusOf = (err: unknown) => (err as { statusCode?: number }).statusCode;

export class AzureTableStateStorage implements Storage {
  constructor(private readonly client: TableClient) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const entity = await this.client.getEntity<StateEntity>(PARTITION, rowKeyOf(key)).catch((err: unknown) => {
          if (statusOf(err) === 404) return null;
          throw err;
        });
        if (!entity) return;
        let json = '';
        for (let i = 0; i < entity.chunks; i++) json += entity[`d${i}`] ?? '';
        items[key] = { ...(JSON.parse(json) as object), eTag: entity.etag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        const json = JSON.stringify(value);
        const chunks = Math.max(1, Math.ceil(json.length / CHUNK_CHARS));
        if (chunks > MAX_CHUNKS) throw new StateTooLargeError(`conversation state "${key}" is ${json.length} characters, over the 1 MiB a Table entity holds`);
        const entity: StateEntity = { partitionKey: PARTITION, rowKey: rowKeyOf(key), chunks };
        for (let i = 0; i < chunks; i++) entity[`d${i}`] = json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
        if (!eTag || eTag === '*') {
          await this.client.upsertEntity(entity, 'Replace');
          return;
        }
        try {
          await this.client.updateEntity(entity, 'Replace', { etag: eTag });
        } catch (err) {
          // Gone since it was read: like MemoryStorage, a missing item is simply written.
          if (statusOf(err) === 404) await this.client.upsertEntity(entity, 'Replace');
          else if (statusOf(err) === 412) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
          else throw err;
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        this.client.deleteEntity(PARTITION, rowKeyOf(key)).catch((err: unknown) => {
          if (statusOf(err) !== 404) throw err;
        }),
      ),
    );
  }
}

/** Table-backed conversation state when AZURE_STORAGE_ACCOUNT_NAME (or AZURE_STORAGE_TABLE_ENDPOINT) is set, else null. */
export function createTableStateStorage(config: Config, deps: AzureDeps = {}): AzureTableStateStorage | null {
  if (!config.azureStorage) return null;
  const client = new TableClient(config.azureStorage.tableEndpoint, config.azureStorage.stateTable, tokenCredential(deps), sdkTlsOptions(deps));
  return new AzureTableStateStorage(client);
}
