import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const KEY = 'order-17';

/**
 * Housekeeping removes a key's delivery records only once its outbox row says what they say (item-housekeeping.ts
 * keysBehind). The stale row here is the one of 13-stale-dead-row-over-a-sent-round-…: round 0 `dead` written over
 * round 1, which an owner's Retry sent, every put-back failing. When housekeeping cannot write the row, the records stay
 * (they are the only place that tells round 1); the next run writes it and then removes them.
 */
describe('housekeeping and a row behind its records', () => {
  it('keeps the records while it cannot write the row, and removes them once the row says what they say', async () => {
    const site = startSiteWithCode();
    const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
    const row = () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === KEY) as { status?: string; round?: number } | undefined;
    const records = () => site.data.inspectCollection('InboxDeliveries').filter((r) => String(r.intentKey) === KEY);
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;
    const runJob = () => site.as(callers.job(), () => drainInboxOutbox());

    site.faults.inject('data.update', { status: 503, times: 1 });
    await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));
    site.faults.clear();
    seedContact(site, { email: 'late@example.com' });
    site.faults.interleave('data.update', async () => {
      await asAdmin(() => retryDeadMessage(KEY));
      site.faults.inject('data.update', { responseLost: true, times: 1 });
      site.faults.inject('data.update', { status: 503, times: 2 });
    });
    site.clock.advance(HOUR);
    await runJob();
    site.faults.clear();
    expect(row()).toMatchObject({ status: 'dead', round: 0 });
    expect(sent()).toBe(1);

    // Past the records' retention, with every row write failing: nothing of the key is removed.
    site.clock.advance(8 * DAY);
    site.faults.inject('data.update', { status: 503, times: 100 });
    await runJob();
    site.faults.clear();
    expect(row()).toMatchObject({ status: 'dead', round: 0 });
    expect(records().length).toBeGreaterThan(0);

    // The next run writes the row as round 1 ended, reads it back, and only then removes the records.
    site.clock.advance(HOUR);
    await runJob();
    expect(row()).toMatchObject({ status: 'sent', round: 1 });
    expect(records()).toHaveLength(0);

    const again = await asAdmin(() => retryDeadMessage(KEY));
    site.clock.advance(HOUR);
    await runJob();
    expect(again).toMatchObject({ ok: true, value: { retried: false, status: 'sent' } });
    expect(sent()).toBe(1);
  });
});
