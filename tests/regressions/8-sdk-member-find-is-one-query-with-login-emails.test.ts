import { describe, expect, it } from '@jest/globals';
import { sdkDirectory } from 'backend/wix-sdk/sdk-directory';
import { SDK_MODULES } from 'backend/wix-sdk/modules';
import { apiKeyClient, restApp } from 'wix-emulator';
import { startSite } from '../support/emulator';
import { registerMember } from '../support/people';

// `@wix/members` `queryMembers` answers the PUBLIC fieldset unless asked (its typings: "Default: PUBLIC"; PUBLIC has no
// `loginEmail`), and the Directory port promises one query per find. The SDK directory asked twice (IDs, then login
// emails) without a fieldset, so every member came back without the login email resolution matches them by.

describe('the SDK directory finds members by IDs and login emails', () => {
  it('in one query, each member with its login email and contact', async () => {
    const site = startSite();
    const ann = registerMember(site, { email: 'ann@example.com' });
    const bob = registerMember(site, { email: 'bob@example.com' });
    registerMember(site, { email: 'cat@example.com' });
    const directory = sdkDirectory(apiKeyClient(restApp(site), SDK_MODULES));

    site.journal.clear();
    const found = await directory.findMembers({ ids: [ann.memberId], loginEmails: ['bob@example.com'] });

    expect(found.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: ann.memberId, loginEmail: 'ann@example.com', contactId: ann.contactId },
        { id: bob.memberId, loginEmail: 'bob@example.com', contactId: bob.contactId },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(site.journal.count('members.queryMembers')).toBe(1);
  });

  it('pages past 100 members', async () => {
    const site = startSite();
    const emails = Array.from({ length: 130 }, (_, i) => `m${i}@example.com`);
    for (const email of emails) registerMember(site, { email });
    const directory = sdkDirectory(apiKeyClient(restApp(site), SDK_MODULES));
    const found = await directory.findMembers({ ids: [], loginEmails: emails });
    expect(new Set(found.map((m) => m.loginEmail))).toEqual(new Set(emails));
  });
});
