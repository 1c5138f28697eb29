import { describe, expect, it } from '@jest/globals';
import { broadcastStatus } from 'backend/inbox/broadcast-status';
import { sendToMany, startBroadcast } from 'backend/inbox/broadcast';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { byEmail, drainUntilQuiet, seedCrowd, tally } from './broadcast-fixture';

const TEXT = 'Doors open at nine';

describe('sendToMany', () => {
  it('sends one message to each person named, once, and broadcastStatus counts them all sent', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 25, { memberEvery: 4 });
    const deps = siteDependencies(site);
    const result = await site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'doors-1' }));
    expect(result).toMatchObject({ broadcastId: 'doors-1', total: 25, created: 25, unreached: [], delivery: { sent: 25, left: 0, dead: 0 } });
    expect(tally(site, people, TEXT)).toEqual({ once: 25, messages: 25, twice: 0 });
    await expect(site.as(callers.job(), () => broadcastStatus(deps, 'doors-1'))).resolves.toEqual({ broadcastId: 'doors-1', pending: 0, sent: 25, skipped: 0, dead: 0, total: 25 });
  });

  it('names who it cannot reach by index and code, and sends a person named twice (two ways) one message', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 3, { memberEvery: 2 });
    const member = people[0];
    const queries = [...byEmail(people), { email: 'nobody@example.com' }, { memberId: member?.memberId ?? '' }, { email: 'not an email' }];
    const result = await site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site), queries, TEXT, { idempotencyKey: 'twice' }));
    expect(result.total).toBe(3);
    expect(result.unreached).toEqual([
      { index: 3, code: 'PARTICIPANT_NOT_FOUND', message: expect.any(String) },
      { index: 5, code: 'INVALID_INPUT', message: expect.any(String) },
    ]);
    expect(tally(site, people, TEXT)).toEqual({ once: 3, messages: 3, twice: 0 });
  });

  it('a label reaches every contact carrying it and nobody else', async () => {
    const site = startSiteWithCode();
    const vips = seedCrowd(site, 12, { prefix: 'vip', labelKeys: ['custom.vip'] });
    const others = seedCrowd(site, 5, { prefix: 'other', labelKeys: ['custom.other'] });
    const result = await site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site), { label: 'custom.vip' }, TEXT, { idempotencyKey: 'vip' }));
    expect(result).toMatchObject({ total: 12, delivery: { sent: 12 } });
    expect(tally(site, vips, TEXT)).toEqual({ once: 12, messages: 12, twice: 0 });
    expect(tally(site, others, TEXT).once).toBe(0);
  });

  it('started again with its ID (a retry), it sends nobody anything more', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 10, { memberEvery: 3 });
    const deps = siteDependencies(site);
    await site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'again' }));
    const retried = await site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'again' }));
    expect(retried).toMatchObject({ total: 10, created: 0, delivery: { sent: 0 } });
    await drainUntilQuiet(site);
    expect(tally(site, people, TEXT)).toEqual({ once: 10, messages: 10, twice: 0 });
  });

  it('two starts of one broadcast at once share the work: each person gets one message', async () => {
    const site = startSiteWithCode();
    site.kernel.latencyMs = 50;
    const people = seedCrowd(site, 30, { memberEvery: 5 });
    const start = (seed: number) => site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site, seed), byEmail(people), TEXT, { idempotencyKey: 'both' }));
    const [a, b] = await Promise.all([start(1), start(2)]);
    expect(a.broadcastId).toBe(b.broadcastId);
    expect((a.delivery.sent ?? 0) + (b.delivery.sent ?? 0)).toBe(30);
    await drainUntilQuiet(site);
    expect(tally(site, people, TEXT)).toEqual({ once: 30, messages: 30, twice: 0 });
  });

  it('one broadcast ID with another message is refused before anything is written', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 4);
    const deps = siteDependencies(site);
    await site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people.slice(0, 2)), TEXT, { idempotencyKey: 'same-id' }));
    await expect(site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people), 'Something else', { idempotencyKey: 'same-id' }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
    expect(site.data.inspectCollection('InboxOutbox')).toHaveLength(2);
  });

  it('answers its ID as soon as the intents are durable, before anything is sent', async () => {
    const site = startSiteWithCode();
    site.kernel.latencyMs = 100;
    const people = seedCrowd(site, 20);
    const deps = siteDependencies(site);
    const started = await site.as(callers.eventHandler(), () => startBroadcast(deps, byEmail(people), TEXT, { idempotencyKey: 'early' }));
    expect(started).toMatchObject({ broadcastId: 'early', total: 20, created: 20 });
    expect(tally(site, people, TEXT).messages).toBe(0);
    expect(site.data.inspectCollection('InboxOutbox')).toHaveLength(20);
    await expect(started.delivery).resolves.toMatchObject({ sent: 20 });
  });

  it('leaves what does not fit in its budget to the job, which delivers it; the counts follow', async () => {
    const site = startSiteWithCode();
    site.kernel.latencyMs = 100;
    const people = seedCrowd(site, 40);
    const deps = siteDependencies(site);
    const result = await site.as(callers.eventHandler(), () =>
      sendToMany(deps, byEmail(people), TEXT, { idempotencyKey: 'budget', budgetMs: 1_500, concurrency: { initial: 2, max: 2 } }),
    );
    expect(result.delivery.left).toBeGreaterThan(0);
    expect(result.delivery.sent + result.delivery.left).toBe(40);
    const during = await site.as(callers.job(), () => broadcastStatus(deps, 'budget'));
    expect(during).toMatchObject({ total: 40, sent: result.delivery.sent, pending: result.delivery.left });
    site.kernel.latencyMs = 0;
    await drainUntilQuiet(site);
    expect(tally(site, people, TEXT)).toEqual({ once: 40, messages: 40, twice: 0 });
    await expect(site.as(callers.job(), () => broadcastStatus(deps, 'budget'))).resolves.toMatchObject({ pending: 0, sent: 40, total: 40 });
  });

  it('a template capped once per person skips whoever already had it', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 6);
    const deps = siteDependencies(site);
    const welcome = { template: 'welcome', vars: { name: 'friend' } };
    await site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people.slice(0, 2)), welcome, { idempotencyKey: 'welcome-1' }));
    const second = await site.as(callers.eventHandler(), () => sendToMany(deps, byEmail(people), welcome, { idempotencyKey: 'welcome-2' }));
    expect(second.delivery).toMatchObject({ sent: 4, skipped: 2 });
    await expect(site.as(callers.job(), () => broadcastStatus(deps, 'welcome-2'))).resolves.toMatchObject({ sent: 4, skipped: 2, pending: 0, total: 6 });
  });

  it('a contact who becomes a member mid-broadcast still gets exactly one message, in their live conversation', async () => {
    const site = startSiteWithCode();
    const people = seedCrowd(site, 10);
    let merged = 0;
    site.faults.interleave(
      'inbox.sendMessage',
      (args) => {
        const conversation = site.inbox.listConversations().find((c) => c.conversation._id === args[0]);
        const contactId = conversation && 'contactId' in conversation.participantId ? conversation.participantId.contactId : undefined;
        const person = people.find((p) => p.contactId === contactId);
        if (!person || merged >= 3) return;
        merged += 1;
        site.members.register({ email: person.email });
      },
      Number.POSITIVE_INFINITY,
    );
    await site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site), byEmail(people), TEXT, { idempotencyKey: 'merge' }));
    site.faults.clear();
    await drainUntilQuiet(site);
    expect(merged).toBe(3);
    expect(tally(site, people, TEXT)).toEqual({ once: 10, messages: 10, twice: 0 });
  });
});
