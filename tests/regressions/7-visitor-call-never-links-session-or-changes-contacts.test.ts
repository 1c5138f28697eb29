import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const acknowledge = (visitorId: string, query: { email: string; name?: string }) =>
  site.as(callers.visitor(visitorId), () => sendToParticipant(query, { template: 'form-received' }));

describe("a visitor's web-method call only reads", () => {
  it("does not link the visitor's session to the contact of the email they typed, nor merge their chat into it", async () => {
    const victim = seedContact(site, { email: 'vic@example.com' });
    site.inbox.participantSendsMessage({ anonymousVisitorId: 'v-mallory' }, 'Hello from the attacker');
    await expect(acknowledge('v-mallory', { email: 'vic@example.com', name: 'Mallory' })).resolves.toEqual({ ok: true, value: { status: 'sent' } });

    expect(site.contacts.inspectSession('v-mallory')).toBeUndefined();
    expect(site.inbox.conversationOf({ anonymousVisitorId: 'v-mallory' })?.messageCount).toBe(1);
    expect(site.inbox.conversationOf({ contactId: victim })?.messageCount).toBe(1);
    expect(site.inbox.mergeLog()).toHaveLength(0);
  });

  it("does not fill in the contact's empty name (or anything else) with what the visitor typed", async () => {
    const victim = seedContact(site, { email: 'vic@example.com' });
    const before = site.contacts.inspectContact(victim);
    await acknowledge('v-mallory', { email: 'vic@example.com', name: 'Mallory' });
    expect(site.contacts.inspectContact(victim)).toEqual(before);
    expect(site.journal.count('contacts.appendOrCreateContact')).toBe(0);
  });

  it('for an email nobody has, creates a contact holding only that email, linked to no session', async () => {
    await expect(acknowledge('v-nia', { email: 'nia@example.com', name: 'Nia' })).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    const [created] = site.contacts.listContacts();
    expect(created?.info?.emails?.map((e) => e.email)).toEqual(['nia@example.com']);
    expect(created?.info?.name?.first).toBeUndefined();
    expect(site.contacts.inspectSession('v-nia')).toBeUndefined();
    expect(site.inbox.conversationOf({ contactId: created?._id ?? '' })?.messageCount).toBe(1);
  });

  it('answers the same whether or not the site knew the email, so it tells nobody who is a contact', async () => {
    seedContact(site, { email: 'known@example.com' });
    const known = await acknowledge('v-probe', { email: 'known@example.com' });
    const unknown = await acknowledge('v-probe', { email: 'unknown@example.com' });
    expect(unknown).toEqual(known);
  });
});
