import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * The other half of the job's handshake (delivery.ts saveFinished): a stale write of the dead round-0 row (the job
 * refreshing a row it listed minutes ago) lands between a Retry's move of the row and its claim. The retry reads its
 * row back after the claim and moves it again; otherwise, when its own `retrying` writes fail too (Inbox and wix-data
 * both down for the call), the row reads round 0 `dead`, the job never lists it, and round 1 is lost.
 */
describe('a stale dead row landing between a retry moving its row and claiming the new round', () => {
  it('is moved again by the retry: a later run delivers round 1', async () => {
    const site = startSiteWithCode();
    const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
    const row = () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === 'order-17') as Record<string, unknown> | undefined;
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;
    const first = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: 'order-17' }));
    expect(first).toMatchObject({ ok: false });
    const deps = siteDependencies(site);
    const deadRow = (await asAdmin(() => deps.outbox.get('order-17')))!;
    expect(deadRow.status).toBe('dead');
    seedContact(site, { email: 'late@example.com' });
    site.clock.advance(HOUR);
    // The retry's claim insert: just before it, a stale write puts the dead round-0 row back.
    site.faults.interleave('data.insert', async () => {
      await deps.outbox.save(deadRow);
      expect(row()?.status).toBe('dead');
      // The retry's own `retrying` row writes fail.
      site.faults.interleave('data.update', (args) => {
        if (JSON.stringify(args).includes('"retrying"')) site.faults.inject('data.update', { status: 503, times: 1 });
      }, 50);
    });
    const outage = site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
    const retried = await asAdmin(() => retryDeadMessage('order-17'));
    site.faults.remove(outage);
    site.faults.clear();
    expect(retried).toMatchObject({ ok: true, value: { retried: true, status: 'queued' } });
    for (let run = 0; run < 2; run += 1) {
      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainInboxOutbox());
    }
    expect(row()).toMatchObject({ status: 'sent', round: 1 });
    expect(sent()).toBe(1);
  });
});
