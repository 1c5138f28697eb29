import wixData from 'wix-data';
import { items } from '@wix/data';
import { apiKeyClient, restApp, type Site } from 'wix-emulator';
import { itemOutbox } from '../../src/backend/wix/item-outbox';
import { itemDeliveryLog } from '../../src/backend/wix/item-stores';
import { veloItems } from '../../src/backend/wix/velo-items';
import { sdkItems } from '../../src/backend/wix-sdk/sdk-items';
import { OUTBOX_COLLECTION, REQUIRED_COLLECTIONS, ADMIN } from '../../src/backend/wix/collections';
import { wrapQuery, type ItemStore } from '../../src/backend/wix/item-store';
import type { Intent } from '../../src/backend/inbox/intent';
import { callers, startSite } from '../support/emulator';

/**
 * Wix Data is eventually consistent (dev.wix.com/api/sdk/data/eventual-consistency): a read without `consistentRead`
 * may miss the writes of the last seconds. The emulator lags such reads when asked to; the product's reads all decide
 * something, so they read consistently and give the same answers with or without lag.
 */
const LAG_MS = 3000;
let site: Site;

beforeEach(() => {
  site = startSite({ seed: 16, readLagMs: LAG_MS });
  for (const name of REQUIRED_COLLECTIONS) site.data.defineCollection(name, { permissions: { read: 'Admin' } });
});

/** The Velo item store as it was before: the same calls, reads without `consistentRead`. */
const laggingVeloItems: ItemStore = {
  ...veloItems,
  get: async (collection, id) => ((await wixData.get(collection, id, ADMIN)) as Record<string, unknown> | null) ?? null,
  query: (collection) => wrapQuery(wixData.query(collection), { find: (q) => q.find(ADMIN), count: (q) => q.count(ADMIN) }),
};

/** Backend code: a scheduled job's identity, as the drain and the stores run on a site. */
const asBackend = <T>(fn: () => Promise<T>): Promise<T> => site.as(callers.job(), fn);

function intent(key: string): Intent {
  const at = site.clock.now();
  return { key, status: 'pending', attempts: 0, createdAt: at, updatedAt: at, nextAttemptAt: at } as unknown as Intent;
}

describe('the emulator lags reads that do not ask for consistentRead', () => {
  it('a read without consistentRead misses a write of the last N ms; a consistent read sees it', () => asBackend(async () => {
    await wixData.insert(OUTBOX_COLLECTION, { _id: 'k1', n: 1 }, ADMIN);
    expect(await wixData.get(OUTBOX_COLLECTION, 'k1', ADMIN)).toBeNull();
    expect((await wixData.query(OUTBOX_COLLECTION).find(ADMIN)).items).toEqual([]);
    expect(await wixData.get(OUTBOX_COLLECTION, 'k1', { ...ADMIN, consistentRead: true } as typeof ADMIN)).toMatchObject({ n: 1 });
  }));

  it('a lagging read sees the version before an update or a removal, and catches up once the lag has passed', () => asBackend(async () => {
    site.data.seedItems(OUTBOX_COLLECTION, [{ _id: 'k1', n: 1 }]);
    await wixData.update(OUTBOX_COLLECTION, { _id: 'k1', n: 2 }, ADMIN);
    expect(await wixData.get(OUTBOX_COLLECTION, 'k1', ADMIN)).toMatchObject({ n: 1 });
    await wixData.remove(OUTBOX_COLLECTION, 'k1', ADMIN);
    expect((await wixData.query(OUTBOX_COLLECTION).eq('n', 1).find(ADMIN)).items).toHaveLength(1);
    site.clock.advance(LAG_MS);
    expect(await wixData.get(OUTBOX_COLLECTION, 'k1', ADMIN)).toBeNull();
  }));

  it('the REST face lags the same way, and honours the consistentRead the @wix/data client sends', () => asBackend(async () => {
    const wix = apiKeyClient(restApp(site), { items });
    await wix.items.insert(OUTBOX_COLLECTION, { _id: 'k1', n: 1 });
    expect(await wix.items.get(OUTBOX_COLLECTION, 'k1')).toBeNull();
    expect((await wix.items.query(OUTBOX_COLLECTION).find()).items).toEqual([]);
    expect(await wix.items.get(OUTBOX_COLLECTION, 'k1', { consistentRead: true })).toMatchObject({ n: 1 });
    expect((await wix.items.query(OUTBOX_COLLECTION).find({ consistentRead: true })).items).toHaveLength(1);
  }));

  it('is off by default: without readLagMs every read sees every write', () => asBackend(async () => {
    site = startSite({ seed: 16 });
    site.data.defineCollection(OUTBOX_COLLECTION, {});
    await wixData.insert(OUTBOX_COLLECTION, { _id: 'k1' }, ADMIN);
    expect(await wixData.get(OUTBOX_COLLECTION, 'k1', ADMIN)).not.toBeNull();
  }));
});

describe('decisive reads pass consistentRead', () => {
  it('without consistentRead, the read-back after a duplicate insert would find nothing and fail the second request', () => asBackend(async () => {
    const outbox = itemOutbox(laggingVeloItems);
    expect(await outbox.create(intent('same-key'))).toEqual({ created: true });
    await expect(outbox.create(intent('same-key'))).rejects.toThrow('read InboxOutbox failed');
  }));

  it('the Velo outbox reads its duplicate back under lag: the second request sees the first intent', () => asBackend(async () => {
    const outbox = itemOutbox(veloItems);
    await outbox.create(intent('same-key'));
    expect(await outbox.create(intent('same-key'))).toMatchObject({ created: false, existing: { key: 'same-key' } });
  }));

  it('the SDK outbox reads its duplicate back under lag too', () => asBackend(async () => {
    const wix = apiKeyClient(restApp(site), { items });
    const outbox = itemOutbox(sdkItems(wix.items));
    await outbox.create(intent('same-key'));
    expect(await outbox.create(intent('same-key'))).toMatchObject({ created: false, existing: { key: 'same-key' } });
  }));

  it('a delivery record inserted a moment ago is read back as the one there first, under lag', () => asBackend(async () => {
    const log = itemDeliveryLog(veloItems);
    const cap = { id: 'cap:welcome:m-1', kind: 'cap' as const, chain: 'welcome:m-1', seq: 0, at: site.clock.now(), intentKey: 'first' };
    expect(await log.insert(cap)).toBeUndefined();
    expect(await log.insert({ ...cap, intentKey: 'second' })).toMatchObject({ intentKey: 'first' });
  }));

  it('without consistentRead the read-back would miss it, and report the loser\'s own record as there first', () => asBackend(async () => {
    const log = itemDeliveryLog(laggingVeloItems);
    const cap = { id: 'cap:welcome:m-1', kind: 'cap' as const, chain: 'welcome:m-1', seq: 0, at: site.clock.now(), intentKey: 'first' };
    await log.insert(cap);
    expect(await log.insert({ ...cap, intentKey: 'second' })).toMatchObject({ intentKey: 'second' });
  }));
});
