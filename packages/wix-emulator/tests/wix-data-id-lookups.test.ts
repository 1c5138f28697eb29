import wixData from 'wix-data';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

// Queries that name `_id`s look those items up instead of testing every item; the answers must be a scan's.
let site: Site;
beforeEach(() => {
  site = startSite({ now: new Date('2026-03-01T10:00:00.000Z') });
  site.data.defineCollection('Tasks', {
    permissions: { read: 'SiteMemberAuthor', insert: 'SiteMember', update: 'SiteMemberAuthor', remove: 'SiteMemberAuthor' },
  });
});

const asMember = <T>(fn: () => T, memberId = 'member-1') => site.as(callers.member(memberId), fn);
const asAdmin = <T>(fn: () => T) => site.as(callers.admin(), fn);
const ids = (result: { items: { _id?: unknown }[] }) => result.items.map((item) => item._id);
const query = () => wixData.query('Tasks');

describe('wix-data queries by _id', () => {
  beforeEach(() => {
    site.data.seedItems('Tasks', [
      { _id: 't1', _owner: 'member-1', status: 'open', n: 1 },
      { _id: 't2', _owner: 'member-2', status: 'open', n: 2 },
      { _id: 't3', _owner: 'member-1', status: 'done', n: 3 },
      { _id: 't4', _owner: 'member-1', status: 'open', n: 4 },
    ]);
  });

  it('answer eq and hasSome on _id in collection order, with the other conditions applied', async () => {
    await expect(asAdmin(() => query().eq('_id', 't3').find())).resolves.toMatchObject({ items: [{ _id: 't3' }], totalCount: 1 });
    expect(ids(await asAdmin(() => query().hasSome('_id', ['t4', 'missing', 't1']).find()))).toEqual(['t1', 't4']);
    expect(ids(await asAdmin(() => query().hasSome('_id', ['t4', 't1', 't3']).eq('status', 'open').find()))).toEqual(['t1', 't4']);
    expect(ids(await asAdmin(() => query().eq('_id', 't3').eq('status', 'open').find()))).toEqual([]);
    expect(ids(await asAdmin(() => query().eq('_id', 't1').eq('_id', 't2').find()))).toEqual([]);
    await expect(asAdmin(() => query().hasSome('_id', ['t1', 't4']).count())).resolves.toBe(2);
  });

  it('show only what the caller may read (SiteMemberAuthor: their own items)', async () => {
    expect(ids(await asMember(() => query().hasSome('_id', ['t1', 't2', 't3']).find()))).toEqual(['t1', 't3']);
    expect(ids(await asMember(() => query().eq('_id', 't2').find()))).toEqual([]);
    await expect(asMember(() => wixData.get('Tasks', 't2'))).resolves.toBeNull();
    await expect(asMember(() => wixData.get('Tasks', 't2'), 'member-2')).resolves.toMatchObject({ _id: 't2' });
  });

  it('see inserts, updates, saves and removals at once', async () => {
    await asMember(() => wixData.insert('Tasks', { _id: 't5', status: 'open' }));
    await asMember(() => wixData.update('Tasks', { _id: 't1', status: 'done' }));
    await asMember(() => wixData.save('Tasks', { _id: 't3', status: 'open' }));
    await asMember(() => wixData.remove('Tasks', 't4'));

    const open = await asMember(() => query().hasSome('_id', ['t1', 't3', 't4', 't5']).eq('status', 'open').find());
    expect(ids(open)).toEqual(['t3', 't5']);
    await expect(asMember(() => wixData.get('Tasks', 't4'))).resolves.toBeNull();
    await expect(asMember(() => wixData.get('Tasks', 't1'))).resolves.toMatchObject({ status: 'done' });
  });

  it('match only string _ids: a number never equals one', async () => {
    expect(ids(await asAdmin(() => query().eq('_id', 1).find()))).toEqual([]);
    expect(ids(await asAdmin(() => query().hasSome('_id', [1, 't2']).find()))).toEqual(['t2']);
  });
});

describe('a collection of 20,000 items', () => {
  const DAY = 86_400_000;
  const start = Date.UTC(2026, 0, 1);
  const statuses = ['open', 'closed', 'pending', 'snoozed'];

  beforeEach(() => {
    site.data.defineCollection('Big', { permissions: { read: 'Anyone' } });
    site.data.seedItems(
      'Big',
      Array.from({ length: 20_000 }, (_, i) => ({ _id: `item-${i}`, status: statuses[i % 4], due: new Date(start + (i % 365) * DAY) })),
    );
  });

  const big = () => wixData.query('Big');

  it('answers eq(_id) + le(date) with that one item when its date is in range, else nothing', async () => {
    const cut = new Date(start + 100 * DAY);
    await expect(asAdmin(() => big().eq('_id', 'item-12045').le('due', cut).find())).resolves.toMatchObject({
      items: [{ _id: 'item-12045', status: 'closed' }],
      totalCount: 1,
    });
    await expect(asAdmin(() => big().eq('_id', 'item-12345').le('due', cut).find())).resolves.toMatchObject({ items: [], totalCount: 0 });
  });

  it('answers hasSome(status) + le(date) with every matching item, paged in collection order', async () => {
    const cut = new Date(start + 100 * DAY);
    const expected = Array.from({ length: 20_000 }, (_, i) => i).filter((i) => (i % 4 === 0 || i % 4 === 2) && i % 365 <= 100);
    const page = await asAdmin(() => big().hasSome('status', ['open', 'pending']).le('due', cut).find());
    expect(page.totalCount).toBe(expected.length);
    expect(ids(page)).toEqual(expected.slice(0, 50).map((i) => `item-${i}`));
    const last = await asAdmin(() => big().hasSome('status', ['open', 'pending']).le('due', cut).skip(expected.length - 3).find());
    expect(ids(last)).toEqual(expected.slice(-3).map((i) => `item-${i}`));
  });
});
