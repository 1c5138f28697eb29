import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { conversations } from '@wix/inbox';
import { sdkSiteFamily } from 'backend/wix-sdk/site-family';
import { isPermissionDenied } from 'backend/wix/translate-error';
import { enableSiteSdkContext, restApp, type Site, type SiteSdkContext } from 'wix-emulator';
import { callers, startSite } from '../support/emulator';
import { seedContact } from '../support/people';
import { defineProjectCollections } from '../../scripts/workbench/site-code';

let site: Site;
let context: SiteSdkContext;

beforeEach(() => {
  site = startSite();
  defineProjectCollections(site);
  // Site code calls the modules directly; the global Wix context carries the current caller to the REST face.
  context = enableSiteSdkContext(restApp(site));
});
afterEach(() => context.disable());

describe('the SDK family as site code runs it (direct module calls, auth.elevate)', () => {
  it('acts as admin for a visitor’s call through auth.elevate, where the bare module call is refused', async () => {
    const contactId = seedContact(site, { email: 'vi@example.com' });
    const deps = sdkSiteFamily.dependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) } });
    const refused = await site.as(callers.visitor('v-9'), () => conversations.getOrCreateConversation({ contactId }).then(() => undefined, (e: unknown) => e));
    expect(isPermissionDenied(refused)).toBe(true);

    const found = await site.as(callers.visitor('v-9'), () => deps.directory.findContacts({ ids: [], emails: ['vi@example.com'], phones: [] }));
    expect(found.map((c) => c.id)).toEqual([contactId]);
    const { conversationId } = await site.as(callers.visitor('v-9'), () => deps.inbox.getOrCreateConversation({ contactId }));
    await site.as(callers.visitor('v-9'), () => deps.inbox.sendMessage(conversationId, { content: { basic: { items: [{ text: 'Got it' }] } }, direction: 'BUSINESS_TO_PARTICIPANT', visibility: 'BUSINESS_AND_PARTICIPANT' }, { sendNotifications: false }));
    expect(site.inbox.messagesOf(conversationId).map((m) => m.message.content?.basic?.items?.[0]?.text)).toEqual(['Got it']);
    const record = { id: 'cap:welcome:m-9', kind: 'cap' as const, chain: 'welcome:m-9', seq: 0, at: site.clock.now(), intentKey: 'k-9' };
    await expect(site.as(callers.visitor('v-9'), () => deps.deliveries.insert(record))).resolves.toBeUndefined();
  });

  it('runs elevated queries too (the query builder keeps the elevated client through find and count)', async () => {
    const deps = sdkSiteFamily.dependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) } });
    const takes = await site.as(callers.visitor('v-9'), () => Promise.all([1, 2, 3].map(() => deps.rateLimiter.take('visitor:v-9', 2, 60_000))));
    expect(takes.filter((t) => t.allowed)).toHaveLength(2);
    await expect(site.as(callers.visitor('v-9'), () => deps.outbox.due(site.clock.now(), 10))).resolves.toEqual([]);
  });
});
