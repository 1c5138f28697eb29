import { beforeEach, expect, it } from '@jest/globals';
import { resolveParticipantId } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

it('a member resolving themselves learns nothing about how many other contacts list their email', async () => {
  const me = seedMember(site, { email: 'kim@example.com' });
  seedContact(site, { email: 'kim@example.com' });
  seedContact(site, { emails: ['other@example.com', 'kim@example.com'] });
  const result = await site.as(callers.member(me.memberId), () => resolveParticipantId({ email: 'kim@example.com' }));
  expect(result).toEqual({ ok: true, value: { participantId: { memberId: me.memberId }, kind: 'member', contactId: me.contactId, memberId: me.memberId, matchedBy: 'email' } });
});

it('the site admin still sees the candidates count', async () => {
  const me = seedMember(site, { email: 'kim@example.com' });
  seedContact(site, { email: 'kim@example.com' });
  const result = await site.as(callers.admin(), () => resolveParticipantId({ email: 'kim@example.com' }));
  expect(result).toMatchObject({ ok: true, value: { participantId: { memberId: me.memberId }, candidates: 2 } });
});
