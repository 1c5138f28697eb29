import { describe, expect, it } from '@jest/globals';
import { resolveRecipients } from 'backend/inbox/participant';
import { sdkDirectory } from 'backend/wix-sdk/sdk-directory';
import { SDK_MODULES } from 'backend/wix-sdk/modules';
import { veloDirectory } from 'backend/wix/velo-directory';
import { apiKeyClient, restApp, type Site } from 'wix-emulator';
import { callers, startSite } from '../support/emulator';

/**
 * A contact's `members.membershipStatus` is `APPROVED`, `DENIED`, `PENDING` or `INACTIVE` (wix-crm-backend Contacts
 * "Sort, Filter, and Search"). Only `APPROVED` makes it a member's contact, addressed by member ID; the others are
 * reached by contact ID. Before, any value at all counted as "a member's", and with no member to find, such a contact
 * could not be messaged.
 */
const STATUSES = ['DENIED', 'PENDING', 'INACTIVE'] as const;

function contactWithStatus(site: Site, email: string, status: string): string {
  return site.contacts.seedContact({ emails: [{ email }], extendedFields: { 'members.membershipStatus': status } } as never)._id;
}

const families = {
  velo: () => veloDirectory,
  sdk: (site: Site) => sdkDirectory(apiKeyClient(restApp(site), SDK_MODULES)),
};

describe.each(Object.entries(families))('the %s family', (_, directoryOf) => {
  it.each(STATUSES)('reaches a contact whose membership is %s by contact ID', async (status) => {
    const site = startSite();
    const contactId = contactWithStatus(site, 'pat@example.com', status);
    const [result] = await site.as(callers.job(), () => resolveRecipients(directoryOf(site), [{ email: 'pat@example.com' }]));
    expect(result).toMatchObject({ ok: true, value: { participantId: { contactId } } });
  });

  it('still refuses an APPROVED contact whose member cannot be found, rather than open a conversation beside it', async () => {
    const site = startSite();
    contactWithStatus(site, 'pat@example.com', 'APPROVED');
    const [result] = await site.as(callers.job(), () => resolveRecipients(directoryOf(site), [{ email: 'pat@example.com' }]));
    expect(result).toMatchObject({ ok: false, error: { code: 'INBOX_UNAVAILABLE' } });
  });
});
