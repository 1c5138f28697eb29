import { contacts, submittedContact } from '@wix/crm';
import { members } from '@wix/members';
import { conversations, messages } from '@wix/inbox';
import { items } from '@wix/data';
import { apiKeyClient, restApp, type Site } from '../../src';
import { seedContact, seedMember } from '../../src/testing';
import { startSite } from '../../src/testing';

/**
 * Every REST route goes through the kernel door: a fault injected on the service operation fails the SDK call once
 * (as the status the fault names), the journal records it, and the next call succeeds.
 */
const modules = { contacts, submittedContact, members, conversations, messages, items };
let site: Site;
let wix: ReturnType<typeof apiKeyClient<typeof modules>>;
let contactId: string;
let memberId: string;
let conversationId: string;

beforeEach(async () => {
  site = startSite({ seed: 21 });
  site.data.defineCollection('Outbox', {});
  site.data.seedItems('Outbox', [{ _id: 'seeded', n: 1 }]);
  contactId = seedContact(site, { email: 'ann@example.com', first: 'Ann' });
  memberId = seedMember(site, { email: 'bob@example.com' }).memberId;
  conversationId = site.inbox.participantSendsMessage({ contactId }, 'hello').conversationId;
  wix = apiKeyClient(restApp(site), modules);
});

const text = { direction: 'BUSINESS_TO_PARTICIPANT' as const, visibility: 'BUSINESS' as const, content: { basic: { items: [{ text: 'note' }] } } };

const calls: [string, () => Promise<unknown>][] = [
  ['contacts.createContact', () => wix.contacts.createContact({ name: { first: 'New' } })],
  ['contacts.queryContacts', () => wix.contacts.queryContacts().find()],
  ['contacts.getContact', () => wix.contacts.getContact(contactId)],
  ['contacts.appendOrCreateContact', () => wix.submittedContact.appendOrCreateContact({ info: { emails: { items: [{ email: 'c@example.com' }] } } })],
  ['members.createMember', () => wix.members.createMember({ member: { loginEmail: 'new@example.com' } })],
  ['members.queryMembers', () => wix.members.queryMembers().find()],
  ['members.getMember', () => wix.members.getMember(memberId)],
  ['inbox.getOrCreateConversation', () => wix.conversations.getOrCreateConversation({ contactId })],
  ['inbox.getConversation', () => wix.conversations.getConversation(conversationId)],
  ['inbox.sendMessage', () => wix.messages.sendMessage(conversationId, text, {})],
  ['inbox.listMessages', () => wix.messages.listMessages(conversationId, 'BUSINESS')],
  ['data.insert', () => wix.items.insert('Outbox', { n: 2 })],
  ['data.get', () => wix.items.get('Outbox', 'seeded')],
  ['data.update', () => wix.items.update('Outbox', { _id: 'seeded', n: 3 })],
  ['data.save', () => wix.items.save('Outbox', { _id: 'seeded', n: 4 })],
  ['data.remove', () => wix.items.remove('Outbox', 'seeded')],
  ['data.query', () => wix.items.query('Outbox').find()],
  ['data.count', () => wix.items.query('Outbox').count()],
];

describe.each(calls)('%s over REST', (operation, call) => {
  it.each([429, 503])('fails once with an injected %i, journalled, then succeeds', async (status) => {
    site.faults.inject(operation, { status, times: 1 });
    const failure = (await call().then(() => undefined, (e: unknown) => e)) as { status?: number; details?: { applicationError?: { code?: unknown } } } | undefined;
    expect(failure).toBeDefined();
    // @wix/data keeps only `details`; the other modules also keep `status`.
    if (operation.startsWith('data.')) expect(failure?.details?.applicationError?.code).toBe(status);
    else expect(failure?.status).toBe(status);
    expect(site.journal.entries(operation).at(-1)).toMatchObject({ outcome: 'error', applied: false });
    await expect(call()).resolves.toBeDefined();
  });
});
