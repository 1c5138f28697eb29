import { describe, expect, it } from '@jest/globals';
import { resolveRecipients } from 'backend/inbox/participant';
import { sdkDirectory } from 'backend/wix-sdk/sdk-directory';
import { SDK_MODULES } from 'backend/wix-sdk/modules';
import { apiKeyClient, restApp } from 'wix-emulator';
import { startSite } from '../support/emulator';
import { registerMember, seedContact } from '../support/people';

describe('resolving the recipients of sends through the SDK family', () => {
  // A member whose login email is spelled in another case than the query costs a second members query (by the contact's
  // stored emails): login emails compare exactly.
  it('asks Wix once for contacts and once for members, whatever mix of people is named', async () => {
    const site = startSite();
    const member = registerMember(site, { email: 'member@example.com' });
    const contactId = seedContact(site, { email: 'contact@example.com', phone: '+1 555 0199' });
    const directory = sdkDirectory(apiKeyClient(restApp(site), SDK_MODULES));

    site.journal.clear();
    const results = await resolveRecipients(directory, [
      { email: 'member@example.com' },
      { email: 'contact@example.com' },
      { phone: '+1 555 0199' },
      { memberId: member.memberId },
      { contactId },
    ]);

    expect(results.map((r) => (r.ok ? r.value.participantId : r.error.code))).toEqual([
      { memberId: member.memberId },
      { contactId },
      { contactId },
      { memberId: member.memberId },
      { contactId },
    ]);
    expect({
      contacts: site.journal.count('contacts.queryContacts'),
      members: site.journal.count('members.queryMembers'),
      memberReads: site.journal.count('members.getMember'),
      contactReads: site.journal.count('contacts.getContact'),
    }).toEqual({ contacts: 1, members: 1, memberReads: 0, contactReads: 0 });
  });
});
