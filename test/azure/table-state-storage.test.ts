// Bot conversation state on Azure Table storage: the botbuilder Storage contract, checked side by side with
// botbuilder's own MemoryStorage, through the real @azure/data-tables client and a loopback HTTPS fake.
import { MemoryStorage, type Storage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTableStateStorage, StateTooLargeError } from '../../src/azure/table-state-storage.js';
import { BEARER_TOKEN, staticTokenCredential } from '../support/azure-env.js';
import { startFakeAzureTables, type FakeAzureTables } from '../support/fake-azure-tables.js';

let fake: FakeAzureTables;
let table: Storage;

beforeAll(async () => {
  fake = await startFakeAzureTables({ bearerTokens: [BEARER_TOKEN] });
  table = createTableStateStorage(loadConfig({ AZURE_STORAGE_TABLE_ENDPOINT: fake.endpoint }), {
    ca: fake.ca,
    credential: staticTokenCredential(),
  })!;
});
afterAll(async () => fake?.close());

/** One scenario a bot goes through; returns what a caller observes, eTag values aside. */
async function scenario(storage: Storage, prefix: string): Promise<unknown[]> {
  const key = `${prefix}/msteams/conversations/19:abc#thread?x`;
  const seen: unknown[] = [];
  const strip = (items: Record<string, any>) =>
    Object.fromEntries(Object.entries(items).map(([k, v]) => [k.slice(prefix.length), { ...v, eTag: typeof v.eTag }]));
  seen.push(strip(await storage.read([key])));
  await storage.write({ [key]: { history: [{ role: 'user', text: 'first question' }] } });
  const first = await storage.read([key]);
  seen.push(strip(first));
  // A write carrying the eTag it read succeeds...
  await storage.write({
    [key]: { ...first[key], history: [...first[key].history, { role: 'assistant', text: 'answer [1]' }] },
  });
  const second = await storage.read([key]);
  seen.push(strip(second));
  // ...a second write with the now stale eTag is a conflict...
  seen.push(
    await storage.write({ [key]: { ...first[key], history: [] } }).then(
      () => 'written',
      (e: Error) => e.message.replace(prefix, ''),
    ),
  );
  // ...and '*' overrides.
  await storage.write({ [key]: { history: [], eTag: '*' } });
  seen.push(strip(await storage.read([key])));
  await storage.delete([key]);
  await storage.delete([key]); // deleting twice is fine
  seen.push(strip(await storage.read([key])));
  return seen;
}

describe('AzureTableStateStorage', () => {
  it('behaves like botbuilder MemoryStorage: reads, eTag-checked writes, conflicts, overrides, deletes', async () => {
    const expected = await scenario(new MemoryStorage(), 'mem');
    const actual = await scenario(table, 'tbl');
    expect(actual).toEqual(expected);
    expect(expected[3]).toMatch(/eTag conflict/);
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${BEARER_TOKEN}`)).toBe(true);
  });

  it('stores state larger than one Table property across chunks, and refuses state over the entity limit', async () => {
    const history = Array.from({ length: 400 }, (_, i) => ({ role: 'user', text: `question ${i} `.repeat(40) }));
    await table.write({ big: { history } });
    const read = await table.read(['big']);
    expect(read.big.history).toEqual(history);
    const entity = [...fake.tables.get('conversationstate')!.values()].find(
      (e) => e.RowKey === Buffer.from('big').toString('base64url'),
    )!;
    expect(entity.chunks).toBeGreaterThan(1);
    await expect(table.write({ huge: { blob: 'x'.repeat(1_000_000) } })).rejects.toBeInstanceOf(StateTooLargeError);
  });
});
