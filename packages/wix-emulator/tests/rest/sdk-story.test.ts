import { contacts, submittedContact } from '@wix/crm';
import { members } from '@wix/members';
import { conversations, messages } from '@wix/inbox';
import { items } from '@wix/data';
import { apiKeyClient, controlsFor, enableSiteSdkContext, restApp, type Site } from '../../src';
import { startSite } from '../../src/testing';

/**
 * The visitor → contact → member story, told through the real @wix/crm, @wix/members, @wix/inbox and @wix/data
 * packages (unmodified: their query builders, renames, date transforms and error parsing) against the REST face.
 */
const modules = { contacts, submittedContact, members, conversations, messages, items };
type Client = ReturnType<typeof apiKeyClient<typeof modules>>;

let site: Site;
let app: ReturnType<typeof restApp>;
let wix: Client;

beforeEach(() => {
  site = startSite({ seed: 11 });
  site.data.defineCollection('Outbox', { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });
  app = restApp(site);
  wix = apiKeyClient(app, modules);
});

const text = (t: string) => ({
  direction: 'BUSINESS_TO_PARTICIPANT' as const,
  visibility: 'BUSINESS_AND_PARTICIPANT' as const,
  content: { basic: { items: [{ text: t }] } },
});

describe('a visitor becomes a contact, then a member, through the real SDK packages', () => {
  it('links the member to the contact, moves the history to a new conversation and refuses the old ID', async () => {
    const controls = controlsFor(site);
    controls.act.participantSendsMessage({ anonymousVisitorId: 'visitor-ada' }, 'Hi, anyone there?');

    // The visitor's own page code submits their details: a direct module call, as the visitor, through the Wix context.
    const siteCode = enableSiteSdkContext(app);
    const submitted = await site
      .as({ kind: 'visitor', visitorId: 'visitor-ada' }, () =>
        submittedContact.appendOrCreateContact({ info: { name: { first: 'Ada' }, emails: { items: [{ email: 'ada@example.com' }] } } }),
      )
      .finally(() => siteCode.disable());
    expect(submitted).toMatchObject({ identityType: 'CONTACT', newContact: true });
    const contactId = submitted.contactId;

    const { conversation: contactConversation } = await wix.conversations.getOrCreateConversation({ contactId });
    const contactConversationId = contactConversation?._id as string;
    await wix.messages.sendMessage(contactConversationId, text('Thanks, we will write back'), { sendNotifications: false });

    const member = await wix.members.createMember({ member: { loginEmail: 'ada@example.com', contact: { firstName: 'Ada' } } });
    expect(member.contactId).toBe(contactId);
    expect(member._id).not.toBe(contactId);

    const found = await wix.members.queryMembers().eq('loginEmail', 'ada@example.com').find();
    expect(found.items.map((m) => [m._id, m.contactId])).toEqual([[member._id, contactId]]);
    const byContact = await wix.members.queryMembers().in('contactId', [contactId]).find();
    expect(byContact.items.map((m) => m._id)).toEqual([member._id]);

    const { conversation: memberConversation } = await wix.conversations.getOrCreateConversation({ memberId: member._id as string });
    expect(memberConversation?._id).toBeDefined();
    expect(memberConversation?._id).not.toBe(contactConversationId);
    expect(memberConversation?.participant).toEqual({ memberId: member._id, contactId });
    // REST answers `{ conversation }`; the SDK function resolves the Conversation itself.
    expect(await wix.conversations.getConversation(memberConversation?._id as string)).toMatchObject({ _id: memberConversation?._id });

    const history = await wix.messages.listMessages(memberConversation?._id as string, 'BUSINESS', { sorting: { fieldName: 'sequence', order: 'ASC' } });
    const texts = history.messages?.map((m) => m.content?.basic?.items?.[0]?.text);
    expect(texts).toEqual(['Hi, anyone there?', 'Thanks, we will write back']);

    const refused = await wix.conversations.getConversation(contactConversationId).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 404, details: { applicationError: { code: 'CONVERSATION_NOT_FOUND' } } });
    const notSent = await wix.messages.sendMessage(contactConversationId, text('late'), {}).catch((e: unknown) => e);
    expect(notSent).toMatchObject({ status: 404, details: { applicationError: { code: 'CONVERSATION_NOT_FOUND' } } });
  });

  it('finds the contact by email and reads it back with SDK names and Date values', async () => {
    const { contact } = await wix.contacts.createContact({ name: { first: 'Grace' }, emails: { items: [{ email: 'grace@example.com', primary: true }] } });
    expect(contact?._id).toEqual(expect.any(String));
    expect(contact).not.toHaveProperty('id');
    expect(contact?._createdDate).toBeInstanceOf(Date);
    expect(contact?.info?.emails?.items?.[0]).toMatchObject({ email: 'grace@example.com', primary: true, _id: expect.any(String) });

    const page = await wix.contacts.queryContacts().eq('primaryInfo.email', 'grace@example.com').find();
    expect(page.items.map((c) => c._id)).toEqual([contact?._id]);
    expect(page.items[0]?.primaryInfo?.email).toBe('grace@example.com');
    const byPrimary = await wix.contacts.queryContacts().eq('primaryInfo.email', 'grace@example.com').find();
    expect(byPrimary.items.map((c) => c._id)).toEqual([contact?._id]);

    const read = await wix.contacts.getContact(contact?._id as string);
    expect(read.lastActivity?.activityDate).toBeInstanceOf(Date);
    const missing = await wix.contacts.getContact('00000000-0000-0000-0000-00000000dead').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, details: { applicationError: { code: 'CONTACT_NOT_FOUND' } } });
  });

  it('refuses a second member for one email', async () => {
    await wix.members.createMember({ member: { loginEmail: 'ada@example.com' } });
    const again = await wix.members.createMember({ member: { loginEmail: 'ada@example.com' } }).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 409, details: { applicationError: { code: 'ALREADY_EXISTS' } } });
  });

  it('sends the member only the fieldsets asked for (PUBLIC by default)', async () => {
    const member = await wix.members.createMember({ member: { loginEmail: 'ada@example.com' } });
    const publicView = await wix.members.getMember(member._id as string);
    expect(Object.keys(publicView).sort()).toEqual(['_createdDate', '_id', '_updatedDate', 'activityStatus', 'contactId', 'privacyStatus', 'profile', 'status']);
    expect(publicView).toMatchObject({ status: 'UNKNOWN', privacyStatus: 'UNKNOWN', activityStatus: 'UNKNOWN' });
    const full = await wix.members.getMember(member._id as string, { fieldsets: ['FULL'] });
    expect(full).toMatchObject({ loginEmail: 'ada@example.com', status: 'APPROVED', contact: { emails: ['ada@example.com'] } });
    expect(full._createdDate).toBeInstanceOf(Date);
  });
});

describe('wix-data items through the real @wix/data client', () => {
  it('fails a second insert of one _id with WDE0074 in details.applicationError.code, and no code', async () => {
    await wix.items.insert('Outbox', { _id: 'intent-1', state: 'pending' });
    const duplicate = (await wix.items.insert('Outbox', { _id: 'intent-1', state: 'other' }).catch((e: unknown) => e)) as Error & {
      code?: unknown;
      details?: { applicationError?: { code?: string } };
    };
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate.details?.applicationError?.code).toBe('WDE0074');
    expect(duplicate.code).toBeUndefined();
    expect(controlsFor(site).inspect.collection('Outbox').map((i) => i.state)).toEqual(['pending']);
  });

  it('reads items back with Dates, answers null for a missing item and WDE0025 for a missing collection', async () => {
    const due = new Date('2026-03-01T10:00:00.000Z');
    await wix.items.insert('Outbox', { _id: 'a', due, attempts: 0 });
    const item = await wix.items.get('Outbox', 'a');
    expect(item?.due).toBeInstanceOf(Date);
    expect((item?.due as Date).toISOString()).toBe(due.toISOString());
    expect(item?._createdDate).toBeInstanceOf(Date);
    expect(await wix.items.get('Outbox', 'nope')).toBeNull();

    const missing = (await wix.items.insert('NoSuchCollection', { a: 1 }).catch((e: unknown) => e)) as { details?: { applicationError?: { code?: string } } };
    expect(missing.details?.applicationError?.code).toBe('WDE0025');
  });

  it('updates, saves, removes and reports WDE0073 for updating an item that does not exist', async () => {
    await wix.items.insert('Outbox', { _id: 'a', n: 1 });
    expect(await wix.items.update('Outbox', { _id: 'a', n: 2 })).toMatchObject({ _id: 'a', n: 2 });
    expect(await wix.items.save('Outbox', { _id: 'b', n: 3 })).toMatchObject({ _id: 'b', n: 3 });
    expect(await wix.items.remove('Outbox', 'b')).toMatchObject({ _id: 'b' });
    const gone = (await wix.items.update('Outbox', { _id: 'b', n: 4 }).catch((e: unknown) => e)) as { details?: { applicationError?: { code?: string } } };
    expect(gone.details?.applicationError?.code).toBe('WDE0073');
    expect(controlsFor(site).inspect.collection('Outbox').map((i) => [i._id, i.n])).toEqual([['a', 2]]);
  });

  it('bulk-inserts, skipping the items that already exist as Wix does', async () => {
    await wix.items.insert('Outbox', { _id: 'a' });
    const result = await wix.items.bulkInsert('Outbox', [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]);
    expect(result).toMatchObject({ inserted: 2, skipped: 1, errors: [], insertedItemIds: ['b', 'c'] });
  });

  it('queries with filters, sort and paging, and counts', async () => {
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    for (const [i, state] of ['pending', 'sent', 'pending', 'failed', 'pending'].entries()) {
      await wix.items.insert('Outbox', { _id: `i${i}`, state, due: at(i + 1), tags: i % 2 ? ['x'] : ['y'] });
    }
    const page = await wix.items.query('Outbox').eq('state', 'pending').lt('due', at(5)).descending('due').limit(1).find({ returnTotalCount: true });
    expect(page.items.map((i) => i._id)).toEqual(['i2']);
    expect(page.totalCount).toBe(2);
    // Without `returnTotalCount` Wix answers no total, and the client reports none; hasNext() comes from Wix all the same.
    const uncounted = await wix.items.query('Outbox').eq('state', 'pending').limit(1).find();
    expect(uncounted.totalCount).toBeUndefined();
    expect(uncounted.hasNext()).toBe(true);
    expect(page.hasNext()).toBe(true);
    const next = await page.next();
    expect(next.items.map((i) => i._id)).toEqual(['i0']);

    const either = await wix.items.query('Outbox').eq('state', 'sent').or(wix.items.query('Outbox').eq('state', 'failed')).ascending('_id').find();
    expect(either.items.map((i) => i._id)).toEqual(['i1', 'i3']);
    const tagged = await wix.items.query('Outbox').hasSome('tags', ['x']).ne('state', 'sent').find();
    expect(tagged.items.map((i) => i._id)).toEqual(['i3']);
    const between = await wix.items.query('Outbox').between('due', at(2), at(4)).isNotEmpty('state').ascending('due').find();
    expect(between.items.map((i) => i._id)).toEqual(['i1', 'i2']);
    expect(await wix.items.query('Outbox').eq('state', 'pending').count()).toBe(3);
  });
});
