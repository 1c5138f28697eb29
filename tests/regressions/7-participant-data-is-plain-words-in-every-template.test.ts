import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const EVIL = 'https://evil.example/login';
const titlesOf = (participantId: { memberId: string } | { contactId: string }) => {
  const conversation = site.inbox.conversationOf(participantId);
  // Template messages only (a form record, for the business, has none).
  return site.inbox.messagesOf(conversation?.conversation._id ?? '').flatMap((m) => m.message.content?.template?.title ?? []);
};

describe('template variables that come from what a participant typed', () => {
  it("a visitor's web call naming someone else cannot put a link in that person's member welcome", async () => {
    seedContact(site, { email: 'vic@example.com' });
    await site.as(callers.visitor('v-mallory'), () => sendToParticipant({ email: 'vic@example.com', name: EVIL }, { template: 'form-received' }));
    const member = site.members.register({ email: 'vic@example.com' });
    await site.events.settle();
    const titles = titlesOf({ memberId: member._id });
    expect(titles.some((t) => t?.startsWith('Welcome aboard'))).toBe(true);
    expect(titles.join(' ')).not.toContain('evil');
  });

  it('a name a Wix form filled in with a link is left out of the member welcome: "Welcome aboard!"', async () => {
    // Wix Forms fills an empty contact name on submit (Wix's own flow): the welcome must not repeat it.
    await site.as(callers.visitor('v-mallory'), () => site.forms.submit({ generation: 'wixForms', formName: 'Contact us', fields: { email: 'w.yn@example.com', name: EVIL } }));
    // Nor is the nickname Wix derives from the email ("w.yn") plain words.
    const member = site.members.register({ email: 'w.yn@example.com' });
    await site.events.settle();
    expect(titlesOf({ memberId: member._id })).toEqual(['Welcome aboard!']);
  });

  it('a member whose first name is a link but whose nickname is plain words is welcomed by the nickname', async () => {
    await site.as(callers.visitor('v-mallory'), () => site.forms.submit({ generation: 'wixForms', formName: 'Contact us', fields: { email: 'zia@example.com', name: EVIL } }));
    const member = site.members.register({ email: 'zia@example.com', nickname: 'Zia' });
    await site.events.settle();
    expect(titlesOf({ memberId: member._id })).toEqual(['Welcome aboard, Zia!']);
  });

  it("a member's own welcome-back with a link for a name greets without it", async () => {
    const member = site.members.register({ email: 'xen@example.com', firstName: 'Xen' });
    await site.events.settle();
    await site.as(callers.member(member._id), () => sendToParticipant({ memberId: member._id }, { template: 'welcome-back', vars: { name: EVIL } }));
    expect(titlesOf({ memberId: member._id })).toEqual(['Welcome aboard, Xen!', 'Welcome back']);
  });

  it("the form acknowledgement's form name follows the same rule", async () => {
    const contactId = seedContact(site, { email: 'yoko@example.com' });
    await site.as(callers.visitor('v-yoko'), () => sendToParticipant({ email: 'yoko@example.com' }, { template: 'form-received', vars: { name: 'Yoko', formName: 'visit evil.example' } }));
    const conversation = site.inbox.conversationOf({ contactId });
    const [content] = site.inbox.messagesOf(conversation?.conversation._id ?? '').map((m) => m.message.content?.template);
    expect(content?.title).toBe('We got your message, Yoko');
    expect(content?.textLines?.[0]).toBe('Thanks for contacting us. We usually answer within one business day.');
  });
});
