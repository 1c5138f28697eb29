import { describe, expect, it } from '@jest/globals';
import { contacts } from '@wix/crm';
import { sdkDirectory } from 'backend/wix-sdk/sdk-directory';
import { SDK_MODULES } from 'backend/wix-sdk/modules';
import { apiKeyClient, restApp } from 'wix-emulator';
import { startSite } from '../support/emulator';
import { seedContact } from '../support/people';

// The v4 contacts reference lists `$eq $ne $in $exists $startsWith` for `info.emails.email` and `info.phones.phone`
// (`$hasSome`/`$hasAll` only for `info.labelKeys`), and the SDK builder's `hasSome` sends `$hasSome`. The SDK directory
// asked for emails and phones with `hasSome`, one query per kind of criterion: up to three Wix calls per resolution,
// the email and phone ones in an operator Wix does not list for those fields.

describe('the SDK directory finds contacts by IDs, emails and phones', () => {
  it('in one query Wix accepts, whatever mix of criteria it is given', async () => {
    const site = startSite();
    const byId = seedContact(site, { email: 'id@example.com' });
    const byEmail = seedContact(site, { email: 'Mail@Example.com' });
    const byPhone = site.contacts.seedContact({ phones: [{ phone: '+1 555 0100' }] })._id;
    seedContact(site, { email: 'other@example.com' });
    const client = apiKeyClient(restApp(site), SDK_MODULES);
    const directory = sdkDirectory(client);

    site.journal.clear();
    const found = await directory.findContacts({ ids: [byId], emails: ['mail@example.com'], phones: ['+1 555 0100'] });

    expect(found.map((c) => c.id).sort()).toEqual([byId, byEmail, byPhone].sort());
    expect(site.journal.count('contacts.queryContacts')).toBe(1);
    expect(site.journal.count('contacts.getContact')).toBe(0);
  });

  it('on a REST face that refuses `$hasSome` on contact emails, as the v4 reference lists no such operator there', async () => {
    const site = startSite();
    seedContact(site, { email: 'ann@example.com' });
    const client = apiKeyClient(restApp(site), { contacts });
    const asked = client.contacts.queryContacts().hasSome('info.emails.email', ['ann@example.com']).find();
    await expect(asked).rejects.toMatchObject({ details: { validationError: expect.anything() } });
    const labelled = client.contacts.queryContacts().hasSome('info.labelKeys', ['custom.vip']).find();
    await expect(labelled).resolves.toMatchObject({ items: [] });
  });
});

describe('contact query pages', () => {
  it('carry the v4 paging metadata only (no hasNext), and the SDK directory pages past 1,000 matches by the total', async () => {
    const site = startSite();
    for (let i = 0; i < 1005; i += 1) site.contacts.seedContact({ phones: [{ phone: '+1 555 0142' }] });
    const answer = await restApp(site).fetch(
      new Request('https://www.wixapis.com/contacts/v4/contacts/query', {
        method: 'POST',
        headers: { authorization: 'key', 'content-type': 'application/json' },
        body: JSON.stringify({ query: { paging: { limit: 2 } } }),
      }),
    );
    const { pagingMetadata } = (await answer.json()) as { pagingMetadata: Record<string, unknown> };
    expect(Object.keys(pagingMetadata).sort()).toEqual(['count', 'offset', 'tooManyToCount', 'total']);

    const directory = sdkDirectory(apiKeyClient(restApp(site), SDK_MODULES));
    site.journal.clear();
    expect(await directory.findContacts({ ids: [], emails: [], phones: ['+1 555 0142'] })).toHaveLength(1005);
    expect(site.journal.count('contacts.queryContacts')).toBe(2);
  });
});
