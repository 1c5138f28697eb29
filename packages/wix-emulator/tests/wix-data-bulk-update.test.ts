import { describe, expect, it } from '@jest/globals';
import wixData from 'wix-data';
import { items } from '@wix/data';
import { apiKeyClient, restApp } from '../src';
import { callers, startSite } from '../src/testing';

const ADMIN_ONLY = { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } } as const;

async function siteWithThings() {
  const site = startSite();
  site.data.defineCollection('Things', ADMIN_ONLY);
  await site.as(callers.admin(), () => wixData.bulkInsert('Things', [{ _id: 'a', name: 'A', kept: 1 }, { _id: 'b', name: 'B' }]));
  site.journal.clear();
  return site;
}

describe('wix-data bulkUpdate (Velo module)', () => {
  it('replaces every existing item whole in one call and skips an _id not in the collection, inserting nothing', async () => {
    const site = await siteWithThings();
    const result = await site.as(callers.admin(), () => wixData.bulkUpdate('Things', [{ _id: 'a', name: 'A2' }, { _id: 'zz', name: 'new' }, { _id: 'b', name: 'B2' }]));
    expect(result).toMatchObject({ inserted: 0, updated: 2, skipped: 1, errors: [], updatedItemIds: ['a', 'b'], insertedItemIds: [] });
    const stored = site.data.inspectCollection('Things');
    expect(stored.map((i) => [i._id, i.name, i.kept])).toEqual([['a', 'A2', undefined], ['b', 'B2', undefined]]);
    expect(site.journal.entries().map((e) => e.operation)).toEqual(['data.bulkUpdate']);
  });

  it('fails whole for a caller without update permission, for more than 1,000 items, or for an item without an _id', async () => {
    const site = await siteWithThings();
    await expect(site.as(callers.visitor(), () => wixData.bulkUpdate('Things', [{ _id: 'a' }]))).rejects.toMatchObject({ code: 'WD_PERMISSION_DENIED' });
    const many = Array.from({ length: 1_001 }, (_, i) => ({ _id: `t${i}` }));
    await expect(site.as(callers.admin(), () => wixData.bulkUpdate('Things', many, { suppressAuth: true }))).rejects.toThrow(/WDE0006/);
    await expect(site.as(callers.admin(), () => wixData.bulkUpdate('Things', [{ name: 'no id' }]))).rejects.toThrow(/WDE0005/);
    expect(site.data.inspectCollection('Things').map((i) => i.name)).toEqual(['A', 'B']);
  });
});

describe('@wix/data items.bulkUpdate over the REST face', () => {
  it('answers as the Velo module does: existing items updated, an unknown _id skipped (not an error), one call', async () => {
    const site = await siteWithThings();
    const wix = apiKeyClient(restApp(site), { items });
    const result = await wix.items.bulkUpdate('Things', [{ _id: 'a', name: 'A2' }, { _id: 'zz', name: 'new' }]);
    expect(result).toMatchObject({ updated: 1, skipped: 1, errors: [], updatedItemIds: ['a'] });
    expect(site.data.inspectCollection('Things').map((i) => [i._id, i.name])).toEqual([['a', 'A2'], ['b', 'B']]);
    expect(site.journal.entries().map((e) => e.operation)).toEqual(['data.bulkUpdate']);
  });
});
