import { describe, expect, it } from '@jest/globals';
import wixData from 'wix-data';
import { items } from '@wix/data';
import { apiKeyClient, restApp } from '../src';
import { callers, startSite } from '../src/testing';

const ADMIN_ONLY = { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } } as const;

function siteWithThings() {
  const site = startSite();
  site.data.defineCollection('Things', ADMIN_ONLY);
  return site;
}

describe('wix-data bulkInsert (Velo module)', () => {
  it('inserts every new item in one call and skips an item whose _id exists, without overwriting it', async () => {
    const site = siteWithThings();
    await site.as(callers.admin(), () => wixData.insert('Things', { _id: 'b', name: 'first' }));
    site.journal.clear();
    const result = await site.as(callers.admin(), () => wixData.bulkInsert('Things', [{ _id: 'a', name: 'A' }, { _id: 'b', name: 'second' }, { name: 'no id' }]));
    expect(result).toMatchObject({ inserted: 2, skipped: 1, updated: 0, errors: [], updatedItemIds: [] });
    expect(result.insertedItemIds).toHaveLength(2);
    expect(result.insertedItemIds[0]).toBe('a');
    expect(site.data.inspectCollection('Things').find((i) => i._id === 'b')).toMatchObject({ name: 'first' });
    expect(site.journal.entries().map((e) => e.operation)).toEqual(['data.bulkInsert']);
  });

  it('fails whole for a caller without insert permission, for more than 1,000 items, an empty list, or an _id that is not a string', async () => {
    const site = siteWithThings();
    await expect(site.as(callers.visitor(), () => wixData.bulkInsert('Things', [{ _id: 'x' }]))).rejects.toMatchObject({ code: 'WD_PERMISSION_DENIED' });
    const many = Array.from({ length: 1_001 }, (_, i) => ({ _id: `t${i}` }));
    await expect(site.as(callers.admin(), () => wixData.bulkInsert('Things', many, { suppressAuth: true }))).rejects.toThrow(/WDE0006/);
    await expect(site.as(callers.admin(), () => wixData.bulkInsert('Things', []))).rejects.toThrow(/WDE0005/);
    await expect(site.as(callers.admin(), () => wixData.bulkInsert('Things', [{ _id: '' }]))).rejects.toThrow(/WDE0005/);
    expect(site.data.inspectCollection('Things')).toHaveLength(0);
  });

  it('a lost answer: the items are in, the caller sees a failure; inserting them again skips them all', async () => {
    const site = siteWithThings();
    site.faults.inject('data.bulkInsert', { responseLost: true, times: 1 });
    await expect(site.as(callers.admin(), () => wixData.bulkInsert('Things', [{ _id: 'a' }, { _id: 'b' }]))).rejects.toBeDefined();
    expect(site.data.inspectCollection('Things')).toHaveLength(2);
    await expect(site.as(callers.admin(), () => wixData.bulkInsert('Things', [{ _id: 'a' }, { _id: 'b' }]))).resolves.toMatchObject({ inserted: 0, skipped: 2, errors: [] });
  });
});

describe('@wix/data items.bulkInsert over the REST face', () => {
  it('answers as the Velo module does: the new items inserted, an existing _id skipped (not an error), one call', async () => {
    const site = siteWithThings();
    await site.as(callers.admin(), () => wixData.insert('Things', { _id: 'b', name: 'first' }));
    const wix = apiKeyClient(restApp(site), { items });
    site.journal.clear();
    const result = await wix.items.bulkInsert('Things', [{ _id: 'a', name: 'A' }, { _id: 'b', name: 'second' }]);
    expect(result).toMatchObject({ inserted: 1, skipped: 1, errors: [], insertedItemIds: ['a'] });
    expect(site.data.inspectCollection('Things').find((i) => i._id === 'b')).toMatchObject({ name: 'first' });
    expect(site.journal.entries().map((e) => e.operation)).toEqual(['data.bulkInsert']);
  });
});
