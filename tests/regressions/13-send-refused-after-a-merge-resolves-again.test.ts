import { beforeEach, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { controlsFor, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });
const TEXT = 'Your parcel is on its way';

// Wix documents no error for sendMessage to a conversation merged away. Whatever 4xx it answers for a conversation this
// attempt just got from getOrCreateConversation may mean "merged": the attempt resolves the person once more first.
it.each([
  [400, 'INVALID_ARGUMENT'],
  [403, 'FORBIDDEN'],
  [409, 'CONVERSATION_CLOSED'],
])('a send refused with %i %s because the contact just signed up goes to the member\'s conversation, once', async (status, code) => {
  const controls = controlsFor(site);
  const contactId = seedContact(site, { email: 'cy@example.com', first: 'Cy' });
  let memberId = '';
  site.faults.interleave('inbox.sendMessage', () => {
    memberId = controls.seed.memberSilently({ email: 'cy@example.com', firstName: 'Cy' })._id;
    site.faults.inject('inbox.sendMessage', { status, code, times: 1 });
  });
  const result = await site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, TEXT, { idempotencyKey: 'parcel-7' }));

  expect(result).toMatchObject({ status: 'sent', kind: 'member', participantId: { memberId } });
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
});

it('a 400 about the message itself is still permanent: resolving again finds the same conversation', async () => {
  const contactId = seedContact(site, { email: 'cy@example.com', first: 'Cy' });
  site.faults.inject('inbox.sendMessage', { status: 400, code: 'INVALID_ARGUMENT', times: 1 });
  await expect(site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, TEXT, { idempotencyKey: 'parcel-8' }))).rejects.toMatchObject({
    code: 'MESSAGE_INVALID',
  });
  expect(site.journal.count('inbox.sendMessage')).toBe(1);
});
