import { elevate } from 'wix-auth';
import { insert } from 'wix-data';
import { collections } from 'wix-data.v2';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const spec = (id = 'Notes') => ({
  _id: id,
  fields: [{ key: 'title', type: 'TEXT' as const }],
  permissions: { read: 'ADMIN', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' } as const,
});
const create = (s: unknown) => elevate(collections.createDataCollection)(s as Parameters<typeof collections.createDataCollection>[0]);

describe('wix-data.v2 collections (the Data Collections API)', () => {
  it('creates a collection that wix-data then reads and writes with the given permissions', async () => {
    const created = await site.as(callers.visitor(), () => create(spec()));

    expect(created).toMatchObject({ _id: 'Notes', collectionType: 'NATIVE', permissions: { read: 'ADMIN', insert: 'ADMIN' } });
    await expect(site.as(callers.visitor(), () => insert('Notes', { title: 'x' }))).rejects.toMatchObject({ code: 'WD_PERMISSION_DENIED' });
    await expect(site.as(callers.admin(), () => insert('Notes', { title: 'x' }))).resolves.toMatchObject({ title: 'x' });
  });

  it('is an admin method: un-elevated site code is refused (403)', async () => {
    await expect(site.as(callers.visitor(), () => collections.createDataCollection(spec() as never))).rejects.toMatchObject({ status: 403 });
    await expect(site.as(callers.visitor(), () => collections.getDataCollection('Notes'))).rejects.toMatchObject({ status: 403 });
  });

  it('answers 404 WDE0025 for a collection that does not exist, and the collection once it does', async () => {
    const get = elevate(collections.getDataCollection);

    await expect(site.as(callers.visitor(), () => get('Notes'))).rejects.toMatchObject({ status: 404, details: { applicationError: { code: 'WDE0025' } } });
    await site.as(callers.visitor(), () => create(spec()));
    await expect(site.as(callers.visitor(), () => get('Notes'))).resolves.toMatchObject({ _id: 'Notes', fields: [{ key: 'title', type: 'TEXT' }] });
  });

  it('refuses a collection without an ID, a field or all four permissions, and one that exists', async () => {
    await expect(site.as(callers.admin(), () => create({ ...spec(), fields: [] }))).rejects.toMatchObject({ status: 400 });
    await expect(site.as(callers.admin(), () => create({ ...spec(), permissions: { read: 'ADMIN' } }))).rejects.toMatchObject({ status: 400 });
    await site.as(callers.admin(), () => create(spec()));
    await expect(site.as(callers.admin(), () => create(spec()))).rejects.toMatchObject({ status: 409, details: { applicationError: { code: 'ALREADY_EXISTS' } } });
    await expect(site.as(callers.admin(), () => create(spec('Members/FullData')))).rejects.toMatchObject({ status: 409 });
  });

  it('journals each call and takes injected faults like every other operation', async () => {
    site.faults.inject('data.createDataCollection', { status: 503 });

    await expect(site.as(callers.admin(), () => create(spec()))).rejects.toMatchObject({ status: 503 });
    await expect(site.as(callers.admin(), () => create(spec()))).resolves.toMatchObject({ _id: 'Notes' });
    expect(site.journal.entries('data.createDataCollection').map((e) => e.outcome)).toEqual(['error', 'ok']);
  });
});
