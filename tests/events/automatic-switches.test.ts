import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendAsCaller } from 'backend/inbox/access';
import { sendToParticipant } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { configuredSite } from '../support/configured-site';
import { callers } from '../support/emulator';
import { registerMember, seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const messagesOf = (participantId: { memberId: string } | { contactId: string }) => {
  const conversation = site.inbox.conversationOf(participantId);
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').map((m) => m.message) : [];
};
const outboxItems = () => site.data.inspectCollection('InboxOutbox');

describe('each automatic message has a switch in inbox.config.js', () => {
  it('welcomeOnSignUp: false — a new member gets no welcome, and nothing is written', async () => {
    configuredSite(site, { automatic: { welcomeOnSignUp: false } });
    const { memberId } = registerMember(site, { email: 'wen@example.com', firstName: 'Wen' });
    await site.events.settle();

    expect(messagesOf({ memberId })).toHaveLength(0);
    expect(outboxItems()).toHaveLength(0);
  });

  it('formRecord: false — a submitted form is not recorded in the conversation', async () => {
    configuredSite(site, { automatic: { formRecord: false } });
    await site.as(callers.visitor('v-form'), () =>
      site.forms.submit({ generation: 'wixFormsV2', formName: 'Contact us', fields: { email: 'yul@example.com', message: 'Call me back' } }),
    );
    await site.events.settle();

    const contactId = site.contacts.listContacts()[0]?._id ?? '';
    expect(messagesOf({ contactId }).filter((m) => m.content?.form)).toHaveLength(0);
  });

  it('autoAcknowledgement: true — a participant who writes gets the acknowledgement', async () => {
    configuredSite(site, { automatic: { autoAcknowledgement: true } });
    const contactId = seedContact(site, { email: 'abe@example.com' });
    site.inbox.participantSendsMessage({ contactId }, 'Hello?');
    await site.events.settle();

    expect(messagesOf({ contactId }).filter((m) => m.direction === 'BUSINESS_TO_PARTICIPANT')).toHaveLength(1);
  });

  it('loginGreeting: false — the greeting a member’s login asks for answers skipped and sends nothing', async () => {
    const deps = configuredSite(site, { automatic: { loginGreeting: false } });
    const { memberId } = registerMember(site, { email: 'lou@example.com' });
    await site.events.settle();
    const before = messagesOf({ memberId }).length;

    const result = await site.as(callers.member(memberId), () => sendAsCaller(deps, { memberId }, { template: 'welcome-back', vars: { name: 'Lou' } }, undefined));

    expect(result).toMatchObject({ status: 'skipped', reason: 'switched-off' });
    expect(messagesOf({ memberId })).toHaveLength(before);
  });
});

describe('each template has a switch in inbox.config.js', () => {
  it('a switched-off template sent from backend code answers skipped (switched-off) and writes nothing', async () => {
    const deps = configuredSite(site, { templates: { welcome: { enabled: false } } });
    const contactId = seedContact(site, { email: 'ida@example.com' });

    const result = await site.as(callers.admin(), () => sendToParticipant(deps, { contactId }, { template: 'welcome' }, { idempotencyKey: 'welcome-ida' }));

    expect(result).toEqual({ key: 'welcome-ida', deduplicated: false, status: 'skipped', reason: 'switched-off' });
    expect(outboxItems()).toHaveLength(0);
    expect(site.journal.count('inbox.sendMessage')).toBe(0);
  });

  it("a switched-off form acknowledgement tells the visitor only 'skipped' and takes no rate-limit slot", async () => {
    const deps = configuredSite(site, { templates: { 'form-received': { enabled: false } } });

    const result = await site.as(callers.visitor('v-ack'), () => sendAsCaller(deps, { email: 'kai@example.com' }, { template: 'form-received' }, undefined));

    expect(result).toEqual({ status: 'skipped' });
    expect(site.data.inspectCollection('InboxRateLimits')).toHaveLength(0);
    expect(site.journal.count('inbox.sendMessage')).toBe(0);
  });

  it('other templates keep going out when one is off', async () => {
    const deps = configuredSite(site, { templates: { welcome: { enabled: false } } });
    const contactId = seedContact(site, { email: 'joe@example.com' });

    await expect(site.as(callers.admin(), () => sendToParticipant(deps, { contactId }, { template: 'form-received' }))).resolves.toMatchObject({ status: 'sent' });
  });
});

describe('the contact page when the site switched its acknowledgement off', () => {
  it('thanks the visitor without promising a confirmation', async () => {
    const { acknowledgementText } = await import('public/inbox/form-fields');

    expect(acknowledgementText({ ok: true, value: { status: 'skipped' } })).toBe('Thanks! Your message reached us.');
  });
});
