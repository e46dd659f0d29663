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

/**
 * Resolves a write that lost an eTag race (another instance saved the same key since this one read it): `base` is what this
 * writer read, `mine` what it wants to write, `current` what is stored now. Returns the value to write instead.
 */
export type StateMerge = (
  key: string,
  base: Record<string, unknown>,
  mine: Record<string, unknown>,
  current: Record<string, unknown>,
) => Record<string, unknown>;

export interface TableStateOptions {
  /** Without it a lost race throws "eTag conflict", like botbuilder's MemoryStorage. */
  merge?: StateMerge;
}

/** Retry settings of the optimistic merge: re-read, merge, write with the new eTag; a key this contended is a fault. */
export const STATE_MERGE_SETTINGS = {
  attempts: 5,
  /** What each read returned, by key and eTag, so a conflicting write knows its base; oldest dropped first. */
  baseCacheEntries: 2000,
} as const;

function entityOf(key: string, value: object): StateEntity {
  const json = JSON.stringify(value);
  const chunks = Math.max(1, Math.ceil(json.length / CHUNK_CHARS));
  if (chunks > MAX_CHUNKS)
    throw new StateTooLargeError(
      `conversation state "${key}" is ${json.length} characters, over the 1 MiB a Table entity holds`,
    );
  const entity: StateEntity = { partitionKey: PARTITION, rowKey: rowKeyOf(key), chunks };
  for (let i = 0; i < chunks; i++) entity[`d${i}`] = json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  return entity;
}

const rowKeyOf = (key: string) => Buffer.from(key, 'utf8').toString('base64url') || '_';
const statusOf = (err: unknown) => (err as { statusCode?: number }).statusCode;

export class AzureTableStateStorage implements Storage {
  private readonly bases = new Map<string, string>();
  /** Writes that lost an eTag race and were merged (a figure for the load bench and tests). */
  merged = 0;

  constructor(
    private readonly client: TableClient,
    private readonly options: TableStateOptions = {},
  ) {}

  private remember(key: string, eTag: string, json: string): void {
    if (!this.options.merge) return;
    this.bases.set(`${eTag}\n${key}`, json);
    while (this.bases.size > STATE_MERGE_SETTINGS.baseCacheEntries) this.bases.delete(this.bases.keys().next().value!);
  }

  private async readOne(key: string): Promise<{ value: Record<string, unknown>; eTag: string; json: string } | null> {
    const entity = await this.client.getEntity<StateEntity>(PARTITION, rowKeyOf(key)).catch((err: unknown) => {
      if (statusOf(err) === 404) return null;
      throw err;
    });
    if (!entity) return null;
    let json = '';
    for (let i = 0; i < entity.chunks; i++) json += entity[`d${i}`] ?? '';
    return { value: JSON.parse(json) as Record<string, unknown>, eTag: entity.etag, json };
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const read = await this.readOne(key);
        if (!read) return;
        this.remember(key, read.eTag, read.json);
        items[key] = { ...read.value, eTag: read.eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        // '*' overrides. No eTag is a new item: last writer wins, unless merging, where two first turns of a new
        // conversation on two instances must both be kept, so the item is created only if still absent.
        if (eTag === '*' || (!eTag && !this.options.merge)) {
          await this.client.upsertEntity(entityOf(key, value), 'Replace');
          return;
        }
        const base = eTag ? this.bases.get(`${eTag}\n${key}`) : '{}';
        let mine: Record<string, unknown> = value;
        let expected: string | null = eTag ?? null;
        for (let attempt = 1; ; attempt++) {
          try {
            if (expected === null) await this.client.createEntity(entityOf(key, mine));
            else await this.client.updateEntity(entityOf(key, mine), 'Replace', { etag: expected });
            return;
          } catch (err) {
            // Gone since it was read: like MemoryStorage, a missing item is simply written.
            if (statusOf(err) === 404) {
              await this.client.upsertEntity(entityOf(key, mine), 'Replace');
              return;
            }
            // 412: changed since read; 409: created by another writer since it was found absent.
            if (statusOf(err) !== 412 && statusOf(err) !== 409) throw err;
            if (!this.options.merge || attempt >= STATE_MERGE_SETTINGS.attempts)
              throw new Error(`Storage: error writing "${key}" due to eTag conflict.`, { cause: err });
          }
          // Another instance saved this key since it was read: merge onto what it saved, and write against that eTag.
          const current = await this.readOne(key);
          if (!current) {
            await this.client.upsertEntity(entityOf(key, mine), 'Replace');
            return;
          }
          mine = this.options.merge(
            key,
            base ? (JSON.parse(base) as Record<string, unknown>) : {},
            mine,
            current.value,
          );
          expected = current.eTag;
          this.merged++;
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
export function createTableStateStorage(
  config: Config,
  deps: AzureDeps = {},
  options: TableStateOptions = {},
): AzureTableStateStorage | null {
  if (!config.azureStorage) return null;
  const client = new TableClient(
    config.azureStorage.tableEndpoint,
    config.azureStorage.stateTable,
    tokenCredential(deps),
    sdkTlsOptions(deps),
  );
  return new AzureTableStateStorage(client, options);
}
