import { elevate } from 'wix-auth';
import { get, insert, query, remove, save, update } from 'wix-data';
import { Clock } from '../src/kernel/clock';
import { DataService } from '../src/data/data';
import { EventDispatcher } from '../src/kernel/events';
import { Faults } from '../src/kernel/faults';
import { Journal } from '../src/kernel/journal';
import { Kernel } from '../src/kernel/kernel';
import { Random } from '../src/kernel/random';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

const PRIVATE = 'Members/PrivateMembersData';
const FULL = 'Members/FullData';

let site: Site;
let ada: string;
let grace: string;
beforeEach(() => {
  site = startSite();
  ada = site.members.seedMember({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' })._id;
  grace = site.members.seedMember({ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' })._id;
});

const asMember = <T>(memberId: string, fn: () => T) => site.as(callers.member(memberId), fn);
const asAdmin = <T>(fn: () => T) => site.as(callers.admin(), fn);
const denied = { code: 'WD_PERMISSION_DENIED' };

describe('Members/PrivateMembersData', () => {
  it('shows a member only their own row, found by their member ID', async () => {
    const result = await asMember(ada, () => query(PRIVATE).find());
    expect(result.items).toEqual([expect.objectContaining({ _id: ada, loginEmail: 'ada@example.com', firstName: 'Ada' })]);
    await expect(asMember(ada, () => query(PRIVATE).eq('loginEmail', 'grace@example.com').find())).resolves.toMatchObject({
      totalCount: 0,
    });
    await expect(asMember(ada, () => get(PRIVATE, ada))).resolves.toMatchObject({ _id: ada });
    await expect(asMember(ada, () => get(PRIVATE, grace))).resolves.toBeNull();
  });

  it('refuses a visitor with WD_PERMISSION_DENIED', async () => {
    await expect(site.as(callers.visitor(), () => query(PRIVATE).find())).rejects.toMatchObject({
      ...denied,
      message: `WDE0027: The current user does not have permissions to read on the ${PRIVATE} collection.`,
    });
  });

  it('shows every row to an admin, to elevated code and with suppressAuth', async () => {
    await expect(asAdmin(() => query(PRIVATE).count())).resolves.toBe(2);
    await expect(asMember(ada, elevate(() => query(PRIVATE).count()))).resolves.toBe(2);
    const found = await site.as(callers.visitor(), () => query(PRIVATE).eq('loginEmail', 'grace@example.com').find({ suppressAuth: true }));
    expect(found.items.map((row) => row._id)).toEqual([grace]);
  });

  it('reads the members at query time, so a new member is there at once', async () => {
    const alan = site.members.seedMember({ email: 'alan@example.com' })._id;
    const result = await asAdmin(() => query(PRIVATE).hasSome('_id', [alan]).find());
    expect(result.items).toEqual([expect.objectContaining({ _id: alan, loginEmail: 'alan@example.com' })]);
  });

  it('has no contactId field (member and contact IDs differ; use the Members API)', async () => {
    const [row] = (await asAdmin(() => query(PRIVATE).eq('_id', ada).find())).items;
    expect(row).toBeDefined();
    expect(row).not.toHaveProperty('contactId');
  });

  it('is read-only for everybody, admin and suppressAuth included', async () => {
    const options = { suppressAuth: true };
    await expect(asAdmin(() => insert(PRIVATE, { loginEmail: 'x@example.com' }, options))).rejects.toMatchObject(denied);
    await expect(asAdmin(() => update(PRIVATE, { _id: ada, loginEmail: 'x@example.com' }, options))).rejects.toMatchObject(denied);
    await expect(asAdmin(() => save(PRIVATE, { _id: ada }, options))).rejects.toMatchObject(denied);
    await expect(asMember(ada, () => remove(PRIVATE, ada))).rejects.toMatchObject(denied);
    expect(site.members.has(ada)).toBe(true);
  });

  it('rejects a filter its field table does not list (stricter than the docs: WDE0076)', async () => {
    await expect(asAdmin(() => query(PRIVATE).contains('loginEmail', 'ada').find())).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringMatching(/^WDE0076: /),
    });
  });
});

describe('Members/FullData', () => {
  it('is readable by admins only', async () => {
    await expect(asMember(ada, () => query(FULL).find())).rejects.toMatchObject(denied);
    await expect(site.as(callers.visitor(), () => get(FULL, ada))).rejects.toMatchObject(denied);
    const result = await asAdmin(() => query(FULL).eq('loginEmail', 'ada@example.com').find());
    expect(result.items).toEqual([{ _id: ada, loginEmail: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }]);
  });

  it('accepts a limit of 100 and rejects 101 with a validation error', async () => {
    await expect(asAdmin(() => query(FULL).limit(100).find())).resolves.toMatchObject({ pageSize: 100, totalCount: 2 });
    await expect(asAdmin(() => query(FULL).limit(101).find())).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
      message: expect.stringContaining('limit cannot exceed 100'),
    });
  });

  it('sorts only by the fields documented as sortable', async () => {
    const sorted = await asAdmin(() => query(FULL).descending('firstName').find());
    expect(sorted.items.map((row) => row.firstName)).toEqual(['Grace', 'Ada']);
    await expect(asAdmin(() => query(FULL).ascending('loginEmail').find())).rejects.toMatchObject({
      code: 'WD_VALIDATION_ERROR',
    });
  });

  it('is read-only', async () => {
    await expect(asAdmin(() => insert(FULL, { loginEmail: 'x@example.com' }))).rejects.toMatchObject(denied);
  });
});

describe('DataService with a stubbed members source', () => {
  it('serves whatever rows the source returns at the moment of the query', async () => {
    const random = new Random(7);
    const kernel = new Kernel(random, new Clock(), new Journal(), new Faults(random), new EventDispatcher());
    const rows: Record<string, unknown>[] = [];
    const data = new DataService(kernel, { privateMembersData: () => rows });
    const spec = { collection: PRIVATE, sort: [], limit: 50, skip: 0, include: [], problems: [] };
    await expect(site.as(callers.admin(), () => data.query(spec))).resolves.toEqual({ items: [], total: 0 });
    rows.push({ _id: 'm1', loginEmail: 'm1@example.com', _createdDate: new Date(0) });
    await expect(site.as(callers.member('m1'), () => data.query(spec))).resolves.toMatchObject({ total: 1 });
    await expect(site.as(callers.member('m2'), () => data.query(spec))).resolves.toMatchObject({ total: 0 });
  });
});
