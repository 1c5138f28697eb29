import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { registerMember, seedContact } from '../support/people';
import { builtEventHandlers, builtSiteLogs, startBuiltSite, type BuiltSite } from '../support/built-site-with-code';

// The built events.js (what ships), dispatched by the emulator only in the export forms Wix calls.
let site: Site;
let built: BuiltSite;
beforeEach(() => {
  built = startBuiltSite();
  ({ site } = built);
});

const texts = (participantId: { memberId: string } | { contactId: string }) => {
  const conversation = site.inbox.conversationOf(participantId);
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').map((m) => m.message) : [];
};

describe('when a member is created', () => {
  it("sends the welcome template to the member's own conversation, by member ID", async () => {
    const { memberId, contactId } = registerMember(site, { email: 'wen@example.com', firstName: 'Wen' });
    await site.events.settle();

    const [welcome] = texts({ memberId });
    expect(welcome?.content?.template?.title).toBe('Welcome aboard, Wen!');
    expect(welcome?.direction).toBe('BUSINESS_TO_PARTICIPANT');
    expect(site.inbox.conversationOf({ contactId })).toBeUndefined();
    expect(site.inbox.detachedConversations()).toHaveLength(0);
  });

  it('sends it once even when Wix delivers the event twice', async () => {
    const { memberId } = registerMember(site, { email: 'xan@example.com' });
    await site.events.settle();
    const [created] = site.events.log('wixMembers_onMemberCreated');
    await site.as(callers.eventHandler(), () => (built.repo.backendModule('backend/events').wixMembers_onMemberCreated as (e: unknown) => Promise<unknown>)(created?.event));
    expect(texts({ memberId })).toHaveLength(1);
  });
});

describe('when a form is submitted', () => {
  it.each(['wixForms', 'wixFormsV2'] as const)(
    'records the %s submission once, as a business-only form message from the participant',
    async (generation) => {
      await site.as(callers.visitor('v-form'), () =>
        site.forms.submit({
          generation,
          formName: 'Contact us',
          fields: { email: 'yul@example.com', name: 'Yul', message: 'Call me back' },
          labels: { message: 'Your message' },
        }),
      );
      await site.events.settle();
      const contactId = site.contacts.listContacts()[0]?._id ?? '';
      const records = texts({ contactId }).filter((m) => m.content?.form);

      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        direction: 'PARTICIPANT_TO_BUSINESS',
        visibility: 'BUSINESS',
        // Named by the label (old forms) or the key (new forms).
        content: { form: { fields: expect.arrayContaining([{ name: expect.stringMatching(/^(Your message|message)$/), value: 'Call me back' }]) } },
      });
    },
  );

  it('records a new-forms submission that carries no contact ID by the submitted email', async () => {
    const contactId = seedContact(site, { email: 'kit@example.com' });
    const handlers = builtEventHandlers(built);
    await site.as(callers.eventHandler(), () =>
      handlers.wixForms_onSubmissionCreated({ entity: { _id: 'sub-1', formId: 'f-1', namespace: 'wix.form_app.form', submissions: { email: 'kit@example.com', message: 'Hi' } } }),
    );
    expect(texts({ contactId }).filter((m) => m.content?.form)).toHaveLength(1);
  });

  it("records a member's submission in the member's conversation", async () => {
    const { memberId } = registerMember(site, { email: 'zed@example.com' });
    await site.events.settle();
    await site.as(callers.member(memberId), () => site.forms.submit({ generation: 'wixForms', formName: 'Support', fields: { email: 'zed@example.com', topic: 'Billing' } }));
    await site.events.settle();
    expect(texts({ memberId }).filter((m) => m.content?.form)).toHaveLength(1);
  });
});

describe('when a participant messages the business', () => {
  it('sends no acknowledgement by default', async () => {
    const contactId = seedContact(site, { email: 'abe@example.com' });
    site.inbox.participantSendsMessage({ contactId }, 'Hello?');
    await site.events.settle();
    expect(texts({ contactId })).toHaveLength(1);
  });

  it('acknowledges at most once per 24 hours when auto-acknowledgement is on', async () => {
    const handlers = builtEventHandlers(built, { autoAcknowledge: true });
    site.events.setHandlers(handlers);
    const contactId = seedContact(site, { email: 'bea@example.com' });
    site.inbox.participantSendsMessage({ contactId }, 'First');
    await site.events.settle();
    site.inbox.participantSendsMessage({ contactId }, 'Second');
    await site.events.settle();
    site.clock.advance(25 * 60 * 60 * 1000);
    site.inbox.participantSendsMessage({ contactId }, 'Next day');
    await site.events.settle();

    const acks = texts({ contactId }).filter((m) => m.direction === 'BUSINESS_TO_PARTICIPANT');
    expect(acks).toHaveLength(2);
    expect(acks[0]?.content?.template?.title).toBe('Thanks for your message');
  });

  it('does not acknowledge an anonymous visitor, whom site code cannot address', async () => {
    site.events.setHandlers(builtEventHandlers(built, { autoAcknowledge: true }));
    site.inbox.participantSendsMessage({ anonymousVisitorId: 'v-anon' }, 'Hi');
    await site.events.settle();
    expect(site.journal.count('inbox.sendMessage')).toBe(0);
  });
});

describe('when conversations merge', () => {
  it('logs the merge with IDs and counts only, no personal data', async () => {
    const contactId = seedContact(site, { email: 'cam@example.com', first: 'Cameron' });
    site.inbox.participantSendsMessage({ contactId }, 'my phone is 555-0100');
    registerMember(site, { email: 'cam@example.com', firstName: 'Cameron' });
    await site.events.settle();

    const merged = site.events.log('wixCrmInbox_onConversationConversationsMerged');
    expect(merged).toHaveLength(1);
    const logged = builtSiteLogs().join('\n');
    expect(logged).toContain('conversations merged');
    expect(logged).not.toMatch(/cam@example\.com|Cameron|555-0100/);
  });
});
