import { describe, expect, it } from '@jest/globals';
import wixData from 'wix-data';
import { contacts } from '@wix/crm';
import { items } from '@wix/data';
import { conversations, messages } from '@wix/inbox';
import { createEventHandlers } from 'backend/inbox/event-handlers';
import { API_KEY_USER_ID, apiKeyClient, restApp } from 'wix-emulator';
import { LocalSite, OWNER_USER_ID } from 'wix-emulator/ui';
import { onSources } from '../../scripts/workbench/local-site-options';
import { createSiteWithCode } from '../../scripts/workbench/site-code';
import { callers, startSite } from '../support/emulator';
import { registerMember, seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { captureLogs } from '../support/captured-logs';

/** Where the emulator answered differently from Wix (issue 16, part C), each difference as Wix answers. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Members/FullData', () => {
  // dev.wix.com/docs/velo/api-reference/wix-members-backend/full-data-collection-fields: "Read: Admin".
  it('is read by admins only: a visitor and a member are refused, backend suppressAuth reads it', async () => {
    const site = startSite();
    const { memberId } = registerMember(site, { email: 'ada@example.com' });
    const read = () => wixData.query('Members/FullData').find();
    await expect(site.as(callers.visitor(), read)).rejects.toMatchObject({ code: 'WD_PERMISSION_DENIED' });
    await expect(site.as(callers.member(memberId), read)).rejects.toMatchObject({ code: 'WD_PERMISSION_DENIED' });
    const all = await site.as(callers.job(), () => wixData.query('Members/FullData').find({ suppressAuth: true }));
    expect(all.items.map((i) => i._id)).toEqual([memberId]);
  });
});

describe('the contacts query of the REST face', () => {
  // dev.wix.com/docs/rest/api-reference/contacts/contacts/contact-v4/sort-filter-and-search lists $exists.
  it('takes $exists, as the Contacts v4 filter table lists it', async () => {
    const site = startSite();
    const withPhone = seedContact(site, { email: 'p@example.com', phone: '+1 555 0100' });
    seedContact(site, { email: 'q@example.com' });
    const wix = apiKeyClient(restApp(site), { contacts });
    const found = await wix.contacts.queryContacts().exists('primaryInfo.phone', true).find();
    expect(found.items.map((c) => c._id)).toEqual([withPhone]);
  });
});

describe('IDs the emulator makes up', () => {
  it('a new visitor of the local site has a GUID, as Wix visitor IDs are', async () => {
    captureLogs();
    const local = await LocalSite.open(onSources(createSiteWithCode()));
    const [one, two] = await Promise.all([local.session(LocalSite.newSessionId()), local.session(LocalSite.newSessionId())]);
    expect(one.visitorId).toMatch(GUID);
    expect(two.visitorId).toMatch(GUID);
    expect(two.visitorId).not.toBe(one.visitorId);
  });

  it("an API key's writes are stamped with a Wix user's GUID, never a label", async () => {
    const site = startSite();
    site.data.defineCollection('Notes', {});
    const contactId = seedContact(site, { email: 'n@example.com' });
    const wix = apiKeyClient(restApp(site), { items, conversations, messages });
    const item = await wix.items.insert('Notes', { text: 'hi' });
    const { conversation } = await wix.conversations.getOrCreateConversation({ contactId });
    const { message } = await wix.messages.sendMessage(conversation?._id ?? '', {
      direction: 'BUSINESS_TO_PARTICIPANT',
      visibility: 'BUSINESS',
      content: { basic: { items: [{ text: 'note' }] } },
    });
    expect(item._owner).toMatch(GUID);
    expect(message?.sender?.wixUserId).toMatch(GUID);
    expect([API_KEY_USER_ID, OWNER_USER_ID].every((id) => GUID.test(id))).toBe(true);
  });
});

describe('a rate-limited call', () => {
  // Neither @wix/sdk-runtime's transform-error nor @wix/sdk's errorBuilder puts a Retry-After on the error.
  it('throws no retryAfterSeconds to site code, whatever Retry-After the answer had', async () => {
    const site = startSite();
    site.data.defineCollection('Notes', {});
    site.faults.inject('data.get', { status: 429, retryAfterSeconds: 5 });
    const error = await site.as(callers.job(), () => wixData.get('Notes', 'x', { suppressAuth: true })).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ status: 429 });
    expect(error).not.toHaveProperty('retryAfterSeconds');
  });
});

describe('the merge event', () => {
  it('is handled without oldConversationIds, which the @wix/inbox typings make optional', async () => {
    const site = startSiteWithCode();
    const lines: unknown[] = [];
    const handlers = createEventHandlers(siteDependencies(site), { info: (_, details) => void lines.push(details) });
    expect(() => handlers.wixCrmInbox_onConversationConversationsMerged({ data: { targetConversationId: 'c-1' } })).not.toThrow();
    expect(lines).toEqual([{ targetConversationId: 'c-1', merged: 0 }]);
  });
});
