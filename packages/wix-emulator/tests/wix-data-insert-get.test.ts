import wixData, { get, insert, remove, save, update } from 'wix-data';
import { createSite, type Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite({ now: new Date('2026-03-01T10:00:00.000Z') });
  site.data.defineCollection('Notes', {
    permissions: { read: 'Anyone', insert: 'SiteMember', update: 'SiteMember', remove: 'SiteMember' },
  });
});

const asAdmin = <T>(fn: () => T) => site.as(callers.admin(), fn);
const asMember = <T>(fn: () => T, memberId = 'member-1') => site.as(callers.member(memberId), fn);

describe('wixData.insert', () => {
  it('stamps _id, _owner (the logged-in member) and both dates from the emulated clock', async () => {
    const item = await asMember(() => insert('Notes', { title: 'Hello' }));
    expect(item).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      _owner: 'member-1',
      _createdDate: new Date('2026-03-01T10:00:00.000Z'),
      _updatedDate: new Date('2026-03-01T10:00:00.000Z'),
      title: 'Hello',
    });
    // Real Dates of the realm site code runs in, so `instanceof Date` holds as it does on Wix.
    expect(item._createdDate).toBeInstanceOf(Date);
  });

  it('keeps a given _id and refuses a second item with it (WD_ITEM_ALREADY_EXISTS)', async () => {
    await asMember(() => insert('Notes', { _id: 'note-1', title: 'first' }));
    const error = await asMember(() => insert('Notes', { _id: 'note-1', title: 'second' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'WD_ITEM_ALREADY_EXISTS', message: expect.stringMatching(/^WDE0074: /) });
    expect(site.data.inspectCollection('Notes')).toEqual([expect.objectContaining({ _id: 'note-1', title: 'first' })]);
  });

  it('fails on a collection that does not exist with WD_SCHEMA_DOES_NOT_EXIST (WDE0025)', async () => {
    await expect(asAdmin(() => insert('Nope', { a: 1 }))).rejects.toMatchObject({
      code: 'WD_SCHEMA_DOES_NOT_EXIST',
      message: expect.stringMatching(/^WDE0025: The Nope collection does not exist/),
    });
  });

  it('refuses an item that is not an object (WDE0004) and an _id that is not a string (WDE0002)', async () => {
    await expect(asAdmin(() => insert('Notes', 'text'))).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringMatching(/^WDE0004: /),
    });
    await expect(asAdmin(() => insert('Notes', { _id: 7 }))).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringMatching(/^WDE0002: /),
    });
  });

  it('refuses options that are not the documented boolean flags (WDE0018)', async () => {
    await expect(
      asAdmin(() => insert('Notes', { a: 1 }, { suppressAuth: 'yes' } as unknown as { suppressAuth: boolean })),
    ).rejects.toMatchObject({ code: 'WD_VALIDATION_ERROR', message: expect.stringMatching(/^WDE0018: /) });
  });

  it('stores a copy: changing the object afterwards changes nothing stored', async () => {
    const input = { title: 'draft', tags: ['a'] };
    const item = await asMember(() => insert('Notes', input));
    input.tags.push('b');
    item.title = 'changed';
    expect(site.data.inspectCollection('Notes')).toEqual([expect.objectContaining({ title: 'draft', tags: ['a'] })]);
  });
});

describe('wixData.get', () => {
  it('returns the item, a fresh copy each time', async () => {
    const { _id } = await asMember(() => insert('Notes', { title: 'Hello', nested: { n: 1 } }));
    const first = await asMember(() => get('Notes', _id));
    (first?.nested as { n: number }).n = 2;
    const second = await asMember(() => get('Notes', _id));
    expect(second).toMatchObject({ _id, title: 'Hello', nested: { n: 1 } });
  });

  it('resolves null for an ID that does not exist, as Wix does', async () => {
    await expect(asMember(() => get('Notes', 'missing'))).resolves.toBeNull();
  });

  it('refuses an item ID that is not a string (WDE0002)', async () => {
    await expect(asMember(() => get('Notes', 42 as unknown as string))).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
    });
  });
});

describe('wixData.update', () => {
  it('replaces the whole item, keeping _owner and _createdDate and moving _updatedDate', async () => {
    const { _id } = await asMember(() => insert('Notes', { title: 'Hello', body: 'text' }));
    site.clock.advance(60_000);
    const updated = await asMember(() => update('Notes', { _id, title: 'Hi' }));
    expect(updated).toEqual({
      _id,
      _owner: 'member-1',
      _createdDate: new Date('2026-03-01T10:00:00.000Z'),
      _updatedDate: new Date('2026-03-01T10:01:00.000Z'),
      title: 'Hi',
    });
    expect(site.data.inspectCollection('Notes')[0]).not.toHaveProperty('body');
  });

  it('fails for an item that does not exist with WD_ITEM_DOES_NOT_EXIST (WDE0073)', async () => {
    await expect(asMember(() => update('Notes', { _id: 'missing', title: 'x' }))).rejects.toMatchObject({
      code: 'WD_ITEM_DOES_NOT_EXIST',
      message: 'WDE0073: Item [missing] does not exist in collection [Notes].',
    });
  });

  it('needs a string _id (WDE0007)', async () => {
    await expect(asMember(() => update('Notes', { title: 'x' }))).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringMatching(/^WDE0007: /),
    });
  });
});

describe('wixData.remove', () => {
  it('removes the item and returns it; get then resolves null', async () => {
    const { _id } = await asMember(() => insert('Notes', { title: 'bye' }));
    await expect(asMember(() => remove('Notes', _id))).resolves.toMatchObject({ _id, title: 'bye' });
    await expect(asMember(() => get('Notes', _id))).resolves.toBeNull();
  });

  it('fails for an item that does not exist (WD_ITEM_DOES_NOT_EXIST)', async () => {
    await expect(asMember(() => remove('Notes', 'missing'))).rejects.toMatchObject({ code: 'WD_ITEM_DOES_NOT_EXIST' });
  });
});

describe('wixData.save', () => {
  it('inserts an item with a new _id, then replaces it when saved again', async () => {
    const created = await asMember(() => save('Notes', { _id: 'n1', title: 'one' }));
    site.clock.advance(1000);
    const saved = await asMember(() => save('Notes', { _id: 'n1', title: 'two' }));
    expect(saved).toMatchObject({ _id: 'n1', title: 'two', _createdDate: created._createdDate });
    expect(site.data.inspectCollection('Notes')).toHaveLength(1);
  });
});

describe('wix-data operations and the site', () => {
  it('are reachable through the default export, as `import wixData from "wix-data"` code uses them', async () => {
    const item = await asMember(() => wixData.insert('Notes', { title: 'x' }));
    await expect(asMember(() => wixData.get('Notes', item._id as string))).resolves.toMatchObject({ title: 'x' });
  });

  it('journal every call under data.<operation>, failures included', async () => {
    await asMember(() => insert('Notes', { _id: 'j1' }));
    await asMember(() => get('Notes', 'j1'));
    await asMember(() => insert('Notes', { _id: 'j1' })).catch(() => undefined);
    expect(site.journal.entries().map((e) => [e.operation, e.outcome])).toEqual([
      ['data.insert', 'ok'],
      ['data.get', 'ok'],
      ['data.insert', 'error'],
    ]);
    expect(site.journal.entries('data.insert')[1]?.error).toMatchObject({ code: 'WD_ITEM_ALREADY_EXISTS' });
  });

  it('fail with a wix-data code when a fault is injected', async () => {
    site.faults.inject('data.insert', { code: 'WDE0014' });
    await expect(asMember(() => insert('Notes', { title: 'x' }))).rejects.toMatchObject({ code: 'WDE0014' });
  });

  it('persist items through exportState/importState, Dates included', async () => {
    await asMember(() => insert('Notes', { _id: 'p1', due: new Date('2026-04-01T00:00:00.000Z'), list: [{ at: new Date(0) }] }));
    const state = JSON.parse(JSON.stringify(site.exportState()));
    const restored = createSite({ state });
    const [item] = restored.data.inspectCollection('Notes');
    expect(item).toMatchObject({ _id: 'p1', _owner: 'member-1', due: new Date('2026-04-01T00:00:00.000Z'), list: [{ at: new Date(0) }] });
    expect(item?._createdDate).toBeInstanceOf(Date);
  });
});
