import { beforeEach, describe, expect, it } from '@jest/globals';
import { contacts } from 'wix-crm-backend';
import { resolveParticipantId } from 'backend/inbox/participant';
import { veloDirectory } from 'backend/wix/velo-directory';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.contacts.searchLagMs = 5_000; // contacts search lags behind writes
});

const resolve = (query: Parameters<typeof resolveParticipantId>[1]) =>
  site.as(callers.eventHandler(), () => resolveParticipantId(veloDirectory, query));

describe('a participant Wix created a moment ago', () => {
  it('is found by contact ID even before the contacts search sees it', async () => {
    const contactId = seedContact(site, { email: 'new@example.com' });
    const searched = await site.as(callers.admin(), () => contacts.queryContacts().eq('_id', contactId).find());
    expect(searched.items).toHaveLength(0); // the lag is real in this test
    await expect(resolve({ contactId })).resolves.toMatchObject({ participantId: { contactId }, kind: 'contact' });
  });

  it('is still refused when the contact ID names nobody', async () => {
    await expect(resolve({ contactId: '0b6e5b1a-1111-4222-8333-944455556666' })).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND' });
  });
});
