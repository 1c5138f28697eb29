import { beforeEach, expect, it } from '@jest/globals';
import { resolveParticipantId } from 'backend/inbox/participant';
import { veloDirectory } from 'backend/wix/velo-directory';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });

it("resolves a member's contact ID to the member even when the contact stores the login email in another case", async () => {
  const contactId = seedContact(site, { email: 'Dee@Example.com' });       // contact first (e.g. a form), typed with capitals
  const dee = seedMember(site, { email: 'dee@example.com' });              // then signs up, login email in lower case
  expect(dee.contactId).toBe(contactId);
  const r = await site.as(callers.eventHandler(), () => resolveParticipantId(veloDirectory, { contactId }));
  expect(r.participantId).toEqual({ memberId: dee.memberId });
});
