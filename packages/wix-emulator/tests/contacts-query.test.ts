import { contacts } from 'wix-crm-backend';
import type { Contacts } from 'wix-crm-backend';
import { runElevated } from '../src/kernel/caller';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const asAdmin = <T>(fn: () => T) => site.as(callers.admin(), fn);
const ids = (result: Contacts.ContactsQueryResult) => result.items.map((c) => c._id);
const appError = (code: string) => ({ status: 400, details: { applicationError: { code } } });
/** corvid-types declares `limit`/`skip` as taking a string; Wix's examples (and site code) pass numbers. */
const n = (value: number) => value as unknown as string;

/** Three contacts created one minute apart: Ada (oldest), Grace, Linus (newest). */
function seedThree() {
  const ada = site.contacts.seedContact({
    name: { first: 'Ada', last: 'Lovelace' },
    emails: [{ email: 'Ada@Example.com' }, { email: 'ada.work@example.com' }],
    labelKeys: ['custom.vip', 'custom.lead'],
  });
  site.clock.advance(60_000);
  const grace = site.contacts.seedContact({ name: { first: 'Grace', last: 'Hopper' }, phones: [{ phone: '+1 555 0100' }] });
  site.clock.advance(60_000);
  const linus = site.contacts.seedContact({ name: { first: 'Linus' }, emails: [{ email: 'linus@kernel.org' }], labelKeys: ['custom.vip'] });
  return { ada, grace, linus };
}

describe('contacts.queryContacts', () => {
  it('returns newest first by default, with length and pageSize 50', async () => {
    const { ada, grace, linus } = seedThree();
    const result = await asAdmin(() => contacts.queryContacts().find());
    expect(ids(result)).toEqual([linus._id, grace._id, ada._id]);
    expect(result.length).toBe(3);
    expect(result.pageSize).toBe(50);
    expect(result.hasNext()).toBe(false);
    expect(result.hasPrev()).toBe(false);
    expect(result).not.toHaveProperty('totalCount');
  });

  it('matches info.emails.email against any of the emails, case-insensitively', async () => {
    const { ada } = seedThree();
    const byEq = await asAdmin(() => contacts.queryContacts().eq('info.emails.email', 'ADA.WORK@example.com').find());
    const byHasSome = await asAdmin(() => contacts.queryContacts().hasSome('info.emails.email', ['nobody@x.io', 'ada@example.COM']).find());
    const byPrimary = await asAdmin(() => contacts.queryContacts().eq('primaryInfo.email', 'ada@example.com').find());
    expect([ids(byEq), ids(byHasSome), ids(byPrimary)]).toEqual([[ada._id], [ada._id], [ada._id]]);
  });

  it('supports ne, startsWith, hasAll and date ranges', async () => {
    const { ada, grace, linus } = seedThree();
    const run = (build: (q: Contacts.ContactsQueryBuilder) => Contacts.ContactsQueryBuilder) =>
      asAdmin(() => build(contacts.queryContacts()).ascending('_createdDate').find()).then(ids);
    expect(await run((q) => q.ne('info.emails.email', 'ada@example.com'))).toEqual([grace._id, linus._id]);
    expect(await run((q) => q.startsWith('info.name.first', 'Gr'))).toEqual([grace._id]);
    expect(await run((q) => q.startsWith('info.name.first', 'gr'))).toEqual([]);
    expect(await run((q) => q.hasAll('info.labelKeys', ['custom.vip', 'custom.lead']))).toEqual([ada._id]);
    expect(await run((q) => q.hasSome('info.labelKeys', ['custom.vip']))).toEqual([ada._id, linus._id]);
    expect(await run((q) => q.gt('_createdDate', new Date(ada._createdDate)))).toEqual([grace._id, linus._id]);
    expect(await run((q) => q.le('_createdDate', new Date(grace._createdDate)))).toEqual([ada._id, grace._id]);
    // between: start inclusive, end exclusive.
    expect(await run((q) => q.between('_createdDate', new Date(ada._createdDate), new Date(linus._createdDate)))).toEqual([
      ada._id,
      grace._id,
    ]);
    expect(await run((q) => q.eq('info.phones.phone', '+1 555 0100'))).toEqual([grace._id]);
  });

  it('combines queries with and, or and not', async () => {
    const { ada, grace, linus } = seedThree();
    const q = () => contacts.queryContacts();
    const or = await asAdmin(() => q().eq('info.name.first', 'Ada').or(q().eq('info.name.first', 'Linus')).ascending('_createdDate').find());
    const and = await asAdmin(() => q().hasSome('info.labelKeys', ['custom.vip']).and(q().eq('info.name.first', 'Linus')).find());
    const not = await asAdmin(() => q().hasSome('_id', [ada._id, grace._id]).not(q().eq('_id', ada._id)).find());
    expect([ids(or), ids(and), ids(not)]).toEqual([[ada._id, linus._id], [linus._id], [grace._id]]);
  });

  it('sorts with ascending/descending on sortable fields', async () => {
    const { ada, grace, linus } = seedThree();
    const result = await asAdmin(() => contacts.queryContacts().ascending('info.name.first').find());
    expect(ids(result)).toEqual([ada._id, grace._id, linus._id]);
  });

  it('pages with limit/skip, hasNext/next and hasPrev/prev', async () => {
    const { ada, grace, linus } = seedThree();
    const first = await asAdmin(() => contacts.queryContacts().limit(n(2)).find());
    expect([ids(first), first.pageSize, first.hasNext()]).toEqual([[linus._id, grace._id], 2, true]);
    const second = await asAdmin(() => first.next());
    expect([ids(second), second.hasNext(), second.hasPrev()]).toEqual([[ada._id], false, true]);
    const back = await asAdmin(() => second.prev());
    expect(ids(back)).toEqual([linus._id, grace._id]);
    await expect(asAdmin(() => second.next())).rejects.toMatchObject({ status: 400 });
    const skipped = await asAdmin(() => contacts.queryContacts().skip(n(1)).limit(n(1)).find());
    expect(ids(skipped)).toEqual([grace._id]);
    expect(site.journal.count('contacts.queryContacts', 'ok')).toBe(4);
  });

  it('caps limit at 1000 (ILLEGAL_LIMIT beyond it)', async () => {
    seedThree();
    await expect(asAdmin(() => contacts.queryContacts().limit(n(1000)).find())).resolves.toMatchObject({ pageSize: 1000 });
    await expect(asAdmin(() => contacts.queryContacts().limit(n(1001)).find())).rejects.toMatchObject(appError('ILLEGAL_LIMIT'));
    await expect(asAdmin(() => contacts.queryContacts().limit(n(0)).find())).rejects.toMatchObject(appError('ILLEGAL_LIMIT'));
  });

  it('refuses fields, operators and sorts the documented table does not support', async () => {
    const q = () => contacts.queryContacts();
    await expect(asAdmin(() => q().eq('memberId', 'x').find())).rejects.toMatchObject(appError('UNSUPPORTED_FILTER_FIELD_UNKNOWN'));
    await expect(asAdmin(() => q().startsWith('_id', 'a').find())).rejects.toMatchObject(appError('UNSUPPORTED_FILTER_OPERATOR'));
    await expect(asAdmin(() => q().gt('info.emails.email', new Date()).find())).rejects.toMatchObject(
      appError('UNSUPPORTED_FILTER_OPERATOR'),
    );
    await expect(asAdmin(() => q().ascending('info.emails.email').find())).rejects.toMatchObject(appError('UNSUPPORTED_SORT_FIELD'));
    await expect(asAdmin(() => q().eq('_createdDate', 'not a date').find())).rejects.toMatchObject(
      appError('UNSUPPORTED_FILTER_VALUE_TYPE'),
    );
  });

  it('finds contacts that are members by info.extendedFields.members.membershipStatus', async () => {
    const member = site.members.seedMember({ email: 'm@example.com' });
    site.contacts.seedContact({ name: { first: 'Not a member' } });
    const result = await asAdmin(() => contacts.queryContacts().eq('info.extendedFields.members.membershipStatus', 'APPROVED').find());
    expect(ids(result)).toEqual([member.contactId]);
  });

  it('is admin-level: visitors are refused; suppressAuth and elevation pass', async () => {
    seedThree();
    await expect(site.as(callers.visitor(), () => contacts.queryContacts().find())).rejects.toMatchObject({ status: 403 });
    await expect(site.as(callers.visitor(), () => contacts.queryContacts().find({ suppressAuth: true }))).resolves.toMatchObject({
      length: 3,
    });
    await expect(site.as(callers.eventHandler(), () => runElevated(() => contacts.queryContacts().find()))).resolves.toMatchObject({
      length: 3,
    });
  });

  it('keeps paging with the same suppressAuth option', async () => {
    seedThree();
    const first = await site.as(callers.visitor(), () => contacts.queryContacts().limit(n(1)).find({ suppressAuth: true }));
    await expect(site.as(callers.visitor(), () => first.next())).resolves.toMatchObject({ length: 1 });
  });
});
