import { beforeEach, describe, expect, it } from '@jest/globals';
import { veloDirectory } from 'backend/wix/velo-directory';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

describe('finding members', () => {
  it('returns every match, following the pages past the first 1000', async () => {
    const ids = Array.from({ length: 1005 }, (_, i) => seedMember(site, { email: `m${i}@example.com` }).memberId);
    site.journal.clear();
    const found = await site.as(callers.job(), () => veloDirectory.findMembers({ ids, loginEmails: [] }));

    expect(found).toHaveLength(1005);
    expect(new Set(found.map((m) => m.id))).toEqual(new Set(ids));
    const queries = site.journal.entries('data.query');
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const query of queries) expect((query.args[0] as { limit: number }).limit).toBeLessThanOrEqual(1000);
  });

  it('returns member ID and login email for matches by ID or by exact login email', async () => {
    const ann = seedMember(site, { email: 'ann@example.com' });
    const bo = seedMember(site, { email: 'bo@example.com' });
    const found = await site.as(callers.job(), () => veloDirectory.findMembers({ ids: [ann.memberId], loginEmails: ['bo@example.com', 'BO@example.com'] }));
    expect(found.sort((a, b) => (a.loginEmail ?? '').localeCompare(b.loginEmail ?? ''))).toEqual([
      { id: ann.memberId, loginEmail: 'ann@example.com' },
      { id: bo.memberId, loginEmail: 'bo@example.com' },
    ]);
  });
});

describe('creating a contact for an email (a visitor acknowledgement to somebody new)', () => {
  it('creates a contact holding only the email, elevated, and links no visitor session to it', async () => {
    const { contactId } = await site.as(callers.visitor('v-new'), () => veloDirectory.createContactForEmail('new@example.com'));
    const contact = site.contacts.inspectContact(contactId);
    expect(contact?.info?.emails?.map((e) => e.email)).toEqual(['new@example.com']);
    expect(contact?.info?.name).toBeUndefined();
    expect(site.contacts.inspectSession('v-new')).toBeUndefined();
  });

  it('answers the existing contact, unchanged, when the email is taken already (a race, a lagging search)', async () => {
    const existing = seedContact(site, { email: 'old@example.com', first: 'Olga' });
    const before = site.contacts.inspectContact(existing);
    const { contactId } = await site.as(callers.visitor('v-old'), () => veloDirectory.createContactForEmail('OLD@example.com'));
    expect(contactId).toBe(existing);
    expect(site.contacts.inspectContact(existing)).toEqual(before);
    expect(site.contacts.listContacts()).toHaveLength(1);
  });

  it('reports any other failure as a typed error', async () => {
    site.faults.inject('contacts.createContact', { status: 503 });
    await expect(site.as(callers.visitor(), () => veloDirectory.createContactForEmail('x@example.com'))).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: true });
  });
});
