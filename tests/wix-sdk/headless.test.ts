import { beforeEach, describe, expect, it } from '@jest/globals';
import { ApiKeyStrategy, createClient } from '@wix/sdk';
import { createInbox, type HeadlessInbox } from 'backend/wix-sdk/headless';
import { restApp, type Site, targetFetch } from 'wix-emulator';
import { startSite } from '../support/emulator';
import { registerMember, seedContact } from '../support/people';
import { defineProjectCollections } from '../../scripts/workbench/site-code';

let site: Site;
let inbox: HeadlessInbox;

beforeEach(() => {
  site = startSite();
  defineProjectCollections(site);
  // What a Node backend writes: a client with an API key (no modules needed: createInbox binds its own).
  const client = createClient({ auth: ApiKeyStrategy({ apiKey: 'key', siteId: 'site' }), fetch: targetFetch(restApp(site)) });
  inbox = createInbox({ client, clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) } });
});

const texts = (conversationId: string) => site.inbox.messagesOf(conversationId).map((m) => m.message.content?.basic?.items?.[0]?.text);

describe('createInbox({ client }) on the real @wix packages', () => {
  it('messages a contact, then the same person as a member in the conversation their history moved to', async () => {
    seedContact(site, { email: 'jo@example.com' });
    const first = await inbox.send({ email: 'jo@example.com' }, 'Thanks for writing', { idempotencyKey: 'form:1' });
    expect(first).toMatchObject({ status: 'sent', kind: 'contact' });

    const { memberId } = registerMember(site, { email: 'jo@example.com' });
    await expect(inbox.resolve({ email: 'JO@example.com' })).resolves.toMatchObject({ kind: 'member', participantId: { memberId } });
    const second = await inbox.send({ email: 'jo@example.com' }, 'Welcome aboard', { idempotencyKey: 'welcome:1' });
    if (first.status !== 'sent' || second.status !== 'sent') throw new Error('expected both sent');
    expect(second).toMatchObject({ kind: 'member', participantId: { memberId } });
    expect(second.conversationId).not.toBe(first.conversationId);
    expect(texts(second.conversationId)).toEqual(['Thanks for writing', 'Welcome aboard']);
  });

  it('keeps what Wix failed to take in the outbox, and the drain delivers it once', async () => {
    seedContact(site, { email: 'sam@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 503, times: 1000 });
    const queued = await inbox.send({ email: 'sam@example.com' }, 'Your order shipped', { idempotencyKey: 'shipped:7' });
    expect(queued).toMatchObject({ status: 'queued', lastErrorCode: 'INBOX_UNAVAILABLE' });

    site.faults.clear();
    site.clock.advance(2 * 60 * 60 * 1000);
    const report = await inbox.drain();
    expect(report).toMatchObject({ taken: 1, failed: 0 });
    const again = await inbox.send({ email: 'sam@example.com' }, 'Your order shipped', { idempotencyKey: 'shipped:7' });
    expect(again).toMatchObject({ status: 'sent', deduplicated: true });
    if (again.status !== 'sent') throw new Error('expected sent');
    expect(texts(again.conversationId)).toEqual(['Your order shipped']);
  });

  it('sends once when the same key is sent twice at the same time', async () => {
    seedContact(site, { email: 'ann@example.com' });
    const both = await Promise.all([
      inbox.send({ email: 'ann@example.com' }, 'Once only', { idempotencyKey: 'race:1' }),
      inbox.send({ email: 'ann@example.com' }, 'Once only', { idempotencyKey: 'race:1' }),
    ]);
    const conversationId = both.flatMap((r) => (r.status === 'sent' ? [r.conversationId] : []))[0];
    expect(conversationId).toBeDefined();
    expect(texts(conversationId ?? '')).toEqual(['Once only']);
  });

  it('broadcasts to many people once each, and started again sends nobody twice', async () => {
    const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
    for (const email of emails) seedContact(site, { email });
    registerMember(site, { email: 'c@example.com' });
    const people = [...emails.map((email) => ({ email })), { email: 'nobody@example.com' }];

    const first = await inbox.sendToMany(people, 'Spring sale', { idempotencyKey: 'spring' });
    expect(first).toMatchObject({ broadcastId: 'spring', total: 3, created: 3, delivery: { sent: 3 } });
    expect(first.unreached).toEqual([expect.objectContaining({ index: 3, code: 'PARTICIPANT_NOT_FOUND' })]);
    const again = await inbox.sendToMany(people, 'Spring sale', { idempotencyKey: 'spring' });
    expect(again).toMatchObject({ total: 3, created: 0, delivery: { sent: 0 } });

    await expect(inbox.broadcastStatus('spring')).resolves.toEqual({ broadcastId: 'spring', pending: 0, sent: 3, skipped: 0, dead: 0, total: 3 });
    const delivered = site.inbox.listConversations().flatMap((c) => texts(c.conversation._id ?? '')).filter((t) => t === 'Spring sale');
    expect(delivered).toHaveLength(3);
  });

  it('answers a bad query as a typed error', async () => {
    await expect(inbox.resolve({ email: 'nobody@example.com' })).rejects.toMatchObject({ code: 'PARTICIPANT_NOT_FOUND' });
    await expect(inbox.send({ anonymousVisitorId: 'v-1' } as never, 'hi')).rejects.toMatchObject({ code: 'ANONYMOUS_VISITOR_NOT_ADDRESSABLE' });
  });
});
