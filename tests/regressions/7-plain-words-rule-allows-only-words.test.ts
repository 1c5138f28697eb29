import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
let contactId: string;
beforeEach(() => {
  site = startSiteWithCode();
  contactId = seedContact(site, { email: 'una@example.com' });
});

/** The acknowledgement a visitor's page asks for, with `name` as typed into the form; answers the title sent. */
async function titleFor(name: string): Promise<string | null | undefined> {
  const result = await site.as(callers.visitor('v-una'), () => sendToParticipant({ email: 'una@example.com' }, { template: 'form-received', vars: { name } }));
  expect(result).toEqual({ ok: true, value: { status: 'sent' } });
  const conversation = site.inbox.conversationOf({ contactId });
  return site.inbox.messagesOf(conversation?.conversation._id ?? '').at(-1)?.message.content?.template?.title;
}

describe('the plain-words rule for participant-typed template variables', () => {
  it.each([
    ['an emoji domain', 'i❤.ws'],
    ['an emoji in a domain', 'evil🎉.com'],
    ['a decomposed accent before the dot', 'cafe\u0301.com'],
    ['a look-alike dot (U+A4F8)', 'evil\uA4F8com'],
    ['an apostrophe before the dot', "evil'.com"],
    ['a bracket before the dot', 'evil).com'],
    ['a space after the dot', 'bit. ly'],
    ['a full-width dot that NFKC turns into one', 'evil\uFF0Ecom'],
    ['a link', 'https://evil.example/login'],
    ['an email address', 'a@b.c'],
  ])('leaves out %s: %p', async (_what, value) => {
    await expect(titleFor(value)).resolves.toBe('We got your message');
  });

  it.each(["O'Brien", 'Jean-Luc', 'Zoë', '山田', 'Nguyễn', 'Ana María', 'Zoe\u0308'])('keeps a real name: %p', async (name) => {
    await expect(titleFor(name)).resolves.toBe(`We got your message, ${name.normalize('NFKC')}`);
  });
});
