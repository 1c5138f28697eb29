import { elevate } from 'wix-auth';
import { get, insert, query, remove, update } from 'wix-data';
import type { Caller } from '../src/kernel/caller';
import type { PermissionLevel } from '../src/data/data';
import { runOnPage } from '../src/kernel/rpc';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const kinds = {
  visitor: callers.visitor(),
  member: callers.member('member-1'),
  admin: callers.admin(),
} satisfies Record<string, Caller>;
type Kind = keyof typeof kinds;

/** Who may act, per level: Anyone → everybody; SiteMember / SiteMemberAuthor → members and admins; Admin → admins. */
const allowed: Record<PermissionLevel, Kind[]> = {
  Anyone: ['visitor', 'member', 'admin'],
  SiteMember: ['member', 'admin'],
  SiteMemberAuthor: ['member', 'admin'],
  Admin: ['admin'],
};
const cases = (Object.keys(allowed) as PermissionLevel[]).flatMap((level) =>
  (Object.keys(kinds) as Kind[]).map((kind) => ({ level, kind, allowed: allowed[level].includes(kind) })),
);

const permissionDenied = (action: string, collection: string) => ({
  code: 'WD_PERMISSION_DENIED',
  message: `WDE0027: The current user does not have permissions to ${action} on the ${collection} collection.`,
});

describe('collection permissions per level and caller', () => {
  it.each(cases)('read $level as $kind: allowed=$allowed', async ({ level, kind, allowed }) => {
    site.data.defineCollection('Items', { permissions: { read: level } });
    site.data.seedItems('Items', [{ _id: 'i1', _owner: 'member-1' }]);
    const run = site.as(kinds[kind], () => query('Items').find());
    if (allowed) await expect(run).resolves.toMatchObject({ totalCount: 1 });
    else await expect(run).rejects.toMatchObject(permissionDenied('read', 'Items'));
  });

  it.each(cases)('insert $level as $kind: allowed=$allowed', async ({ level, kind, allowed }) => {
    site.data.defineCollection('Items', { permissions: { insert: level } });
    const run = site.as(kinds[kind], () => insert('Items', { title: 'x' }));
    if (allowed) await expect(run).resolves.toMatchObject({ title: 'x' });
    else await expect(run).rejects.toMatchObject(permissionDenied('insert', 'Items'));
  });

  it.each(cases)('update and remove $level as $kind (own item): allowed=$allowed', async ({ level, kind, allowed }) => {
    site.data.defineCollection('Items', { permissions: { update: level, remove: level } });
    const owner = kind === 'member' ? 'member-1' : kind === 'admin' ? 'owner-user-1' : undefined;
    site.data.seedItems('Items', [{ _id: 'i1', ...(owner ? { _owner: owner } : {}) }]);
    const updating = site.as(kinds[kind], () => update('Items', { _id: 'i1', title: 'new' }));
    if (allowed) await expect(updating).resolves.toMatchObject({ title: 'new' });
    else await expect(updating).rejects.toMatchObject(permissionDenied('update', 'Items'));
    const removing = site.as(kinds[kind], () => remove('Items', 'i1'));
    if (allowed) await expect(removing).resolves.toMatchObject({ _id: 'i1' });
    else await expect(removing).rejects.toMatchObject(permissionDenied('remove', 'Items'));
  });

  it('a permission failure is a plain Error carrying the wix-data code', async () => {
    site.data.defineCollection('Items', { permissions: { insert: 'Admin' } });
    const error = await site.as(kinds.visitor, () => insert('Items', {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject(permissionDenied('insert', 'Items'));
  });
});

describe('SiteMemberAuthor', () => {
  beforeEach(() => {
    site.data.defineCollection('Posts', {
      permissions: { read: 'SiteMemberAuthor', insert: 'SiteMember', update: 'SiteMemberAuthor', remove: 'SiteMemberAuthor' },
    });
    site.data.seedItems('Posts', [
      { _id: 'mine', _owner: 'member-1', text: 'mine' },
      { _id: 'theirs', _owner: 'member-2', text: 'theirs' },
    ]);
  });
  const asMember1 = <T>(fn: () => T) => site.as(callers.member('member-1'), fn);

  it("shows a member only the items they own, in find(), count() and get()", async () => {
    const result = await asMember1(() => query('Posts').find());
    expect(result.items.map((i) => i._id)).toEqual(['mine']);
    expect(result.totalCount).toBe(1);
    await expect(asMember1(() => query('Posts').count())).resolves.toBe(1);
    await expect(asMember1(() => get('Posts', 'theirs'))).resolves.toBeNull();
    await expect(asMember1(() => get('Posts', 'mine'))).resolves.toMatchObject({ text: 'mine' });
  });

  it("refuses a member's update or removal of someone else's item", async () => {
    await expect(asMember1(() => update('Posts', { _id: 'theirs', text: 'hijack' }))).rejects.toMatchObject(
      permissionDenied('update', 'Posts'),
    );
    await expect(asMember1(() => remove('Posts', 'theirs'))).rejects.toMatchObject(permissionDenied('remove', 'Posts'));
    await expect(asMember1(() => update('Posts', { _id: 'mine', text: 'edited' }))).resolves.toMatchObject({
      _owner: 'member-1',
      text: 'edited',
    });
  });

  it('shows an admin every item', async () => {
    await expect(site.as(callers.admin(), () => query('Posts').count())).resolves.toBe(2);
  });
});

describe('suppressAuth, elevate and session-less callers', () => {
  beforeEach(() => {
    site.data.defineCollection('Secrets', {
      permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' },
    });
    site.data.seedItems('Secrets', [{ _id: 's1', value: 42 }]);
  });

  it('suppressAuth in backend code skips the permission checks', async () => {
    const asVisitor = <T>(fn: () => T) => site.as(callers.visitor(), fn);
    await expect(asVisitor(() => query('Secrets').find({ suppressAuth: true }))).resolves.toMatchObject({ totalCount: 1 });
    await expect(asVisitor(() => get('Secrets', 's1', { suppressAuth: true }))).resolves.toMatchObject({ value: 42 });
    await expect(asVisitor(() => insert('Secrets', { value: 1 }, { suppressAuth: true }))).resolves.toMatchObject({ value: 1 });
  });

  it('suppressAuth from page code does not lift the permissions (it is backend-only)', async () => {
    const run = site.as(callers.visitor(), () => runOnPage({}, () => query('Secrets').find({ suppressAuth: true })));
    await expect(run).rejects.toMatchObject(permissionDenied('read', 'Secrets'));
  });

  it('an elevated function passes every permission level for the same caller', async () => {
    const readAll = elevate(() => query('Secrets').find());
    await expect(site.as(callers.member('member-1'), () => readAll())).resolves.toMatchObject({ totalCount: 1 });
  });

  it('a scheduled job acts as Admin; an event handler has no session and acts as a visitor', async () => {
    await expect(site.as(callers.job(), () => get('Secrets', 's1'))).resolves.toMatchObject({ value: 42 });
    await expect(site.as(callers.eventHandler(), () => get('Secrets', 's1'))).rejects.toMatchObject({
      code: 'WD_PERMISSION_DENIED',
    });
  });
});

describe('_owner', () => {
  beforeEach(() => {
    site.data.defineCollection('Open', { permissions: { insert: 'Anyone' } });
  });

  it('is the member for a member, the site user for an admin, and absent for a visitor', async () => {
    await expect(site.as(callers.member('m-9'), () => insert('Open', {}))).resolves.toMatchObject({ _owner: 'm-9' });
    await expect(site.as(callers.admin(), () => insert('Open', {}))).resolves.toMatchObject({ _owner: 'owner-user-1' });
    await expect(site.as(callers.visitor(), () => insert('Open', {}))).resolves.not.toHaveProperty('_owner');
  });

  it('may be chosen by privileged backend code, never by a member', async () => {
    const forMember = elevate(() => insert('Open', { _owner: 'm-2' }));
    await expect(site.as(callers.visitor(), () => forMember())).resolves.toMatchObject({ _owner: 'm-2' });
    await expect(site.as(callers.member('m-1'), () => insert('Open', { _owner: 'm-2' }))).resolves.toMatchObject({
      _owner: 'm-1',
    });
  });
});
