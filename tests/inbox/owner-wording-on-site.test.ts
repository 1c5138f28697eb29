import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import type { AccessDependencies } from 'backend/inbox/access';
import type { Site } from 'wix-emulator';
import { siteWithOwnerTemplates } from '../support/configured-site';
import { callers } from '../support/emulator';
import { registerMember, seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
let deps: AccessDependencies;
beforeEach(() => {
  ({ site, deps } = siteWithOwnerTemplates(startSiteWithCode));
});

const ownerWrites = (rows: Record<string, unknown>[]) => site.data.seedItems('InboxTemplates', rows);
const titleSentTo = (participantId: { memberId: string } | { contactId: string }) => {
  const conversation = site.inbox.conversationOf(participantId);
  const [message] = conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').map((m) => m.message).filter((m) => m.direction === 'BUSINESS_TO_PARTICIPANT') : [];
  return message?.content?.template?.title;
};
const send = (participantId: { memberId: string } | { contactId: string }, template: string) =>
  site.as(callers.admin(), () => sendToParticipant(deps, participantId, { template: template as 'welcome', vars: { name: 'Ada' } }));

describe('wording the site owner edits in the CMS (InboxTemplates)', () => {
  it('is what the next send says, without a deploy', async () => {
    ownerWrites([{ key: 'form-received', title: 'Thanks, we have it[[, {{name}}]]', text: 'Talk soon.' }]);
    const contactId = seedContact(site, { email: 'ada@example.com' });

    await send({ contactId }, 'form-received');

    expect(titleSentTo({ contactId })).toBe('Thanks, we have it, Ada');
  });

  it("is taken in the person's language (the contact's locale), else the row for every language", async () => {
    ownerWrites([
      { key: 'welcome', title: 'Hello[[, {{name}}]]!' },
      { key: 'welcome', language: 'de', title: 'Willkommen[[, {{name}}]]!' },
    ]);
    const german = seedContact(site, { email: 'de@example.com', locale: 'de-DE' });
    const french = seedContact(site, { email: 'fr@example.com', locale: 'fr-FR' });

    await send({ contactId: german }, 'welcome');
    await send({ contactId: french }, 'welcome');

    expect(titleSentTo({ contactId: german })).toBe('Willkommen, Ada!');
    expect(titleSentTo({ contactId: french })).toBe('Hello, Ada!');
  });

  it("reaches a member in their contact's language, by member ID", async () => {
    ownerWrites([{ key: 'welcome-back', language: 'es', title: 'Bienvenido de nuevo[[, {{name}}]]' }]);
    seedContact(site, { email: 'sol@example.com', locale: 'es-ES' });
    const { memberId } = registerMember(site, { email: 'sol@example.com' });
    await site.events.settle();

    await send({ memberId }, 'welcome-back');

    expect(titleSentTo({ memberId })).toBeDefined();
    const conversation = site.inbox.conversationOf({ memberId });
    const titles = site.inbox.messagesOf(conversation?.conversation._id ?? '').map((m) => m.message.content?.template?.title);
    expect(titles).toContain('Bienvenido de nuevo, Ada');
    expect(site.inbox.detachedConversations()).toHaveLength(0);
  });

  it('switched off by the owner: the send answers skipped and nothing goes out', async () => {
    ownerWrites([{ key: 'form-received', enabled: false }]);
    const contactId = seedContact(site, { email: 'off@example.com' });

    await expect(send({ contactId }, 'form-received')).resolves.toMatchObject({ status: 'skipped', reason: 'switched-off' });
    expect(site.journal.count('inbox.sendMessage')).toBe(0);
  });

  it('costs no lookup of the language when no row of the template names one', async () => {
    ownerWrites([{ key: 'welcome', title: 'Hello!' }]);
    const contactId = seedContact(site, { email: 'one@example.com', locale: 'de-DE' });
    await send({ contactId }, 'welcome-back');
    const contactQueries = site.journal.count('contacts.queryContacts');

    const other = seedContact(site, { email: 'two@example.com', locale: 'de-DE' });
    // A conversation already there: a first one would have the contact read again after the lookup (address-check.ts).
    site.inbox.participantSendsMessage({ contactId: other }, 'Hello');
    await send({ contactId: other }, 'welcome');

    expect(site.journal.count('contacts.queryContacts') - contactQueries).toBe(1);
  });

  it('an invalid row is ignored with a log line naming the row and the rule, not its words', async () => {
    ownerWrites([{ _id: 'row-7', key: 'welcome', title: 'Click https://x.example {{name}}' }]);
    const contactId = seedContact(site, { email: 'inv@example.com' });
    const warnings: unknown[][] = [];
    const spy = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args));

    await send({ contactId }, 'welcome');

    spy.mockRestore();
    expect(titleSentTo({ contactId })).toBe('Welcome aboard, Ada!');
    expect(JSON.stringify(warnings)).toContain('row-7');
    expect(JSON.stringify(warnings)).not.toContain('x.example');
  });
});
