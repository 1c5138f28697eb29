import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * Review of the hourly job (drain.ts, "refreshed" path). 0009 says "A stale cache write costs the job one look, never
 * a send", and 0020 moves a new round's row before claiming it so that "the job always sees the round". The job reads
 * a page's rows and records when it lists them, and refreshes a lagging row later, when a worker gets to it, by
 * writing the whole row (wix-data `update` replaces the item) as it was listed plus the old round's outcome. An
 * admin's Retry of the dead message in between (the owner panel lists it as dead from its records, precisely because
 * its row lags) moves the row to round 1; the job's refresh then writes round 0 `dead` over it. The job lists only
 * pending/retrying rows, so round 1 — queued because Inbox was down during the Retry — is never attempted again, and
 * a second Retry answers `retried: false` (its records say round 1 is pending). The message is lost.
 */
describe('the job refreshing a lagging row while an admin retries the dead message', () => {
  it('never writes the old round over the retried one: the retried message is delivered by a later run', async () => {
    const site = startSiteWithCode();
    const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
    const row = () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === 'order-17') as { status?: string; round?: number } | undefined;
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;

    // Nobody under that email yet: the send dies at once (PARTICIPANT_NOT_FOUND); its row's write fails, so the row
    // still reads pending (the panel counts it dead from its records, `cacheBehind`).
    site.faults.inject('data.update', { status: 503, times: 1 });
    const first = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: 'order-17' }));
    expect(first).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } });
    site.faults.clear();
    expect(row()?.status).toBe('pending');

    seedContact(site, { email: 'late@example.com' });
    site.clock.advance(HOUR);

    // The job lists the row and its records, then — before its worker writes the refreshed row — the admin presses
    // Retry while Inbox is briefly down: round 1 is queued for the job.
    let retried: unknown;
    site.faults.interleave('data.update', async () => {
      const outage = site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
      retried = await asAdmin(() => retryDeadMessage('order-17'));
      site.faults.remove(outage);
    });
    await site.as(callers.job(), () => drainInboxOutbox());
    expect(retried).toMatchObject({ ok: true, value: { retried: true, status: 'queued' } });

    // Inbox is back. The next runs must deliver round 1.
    for (let run = 0; run < 3; run += 1) {
      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainInboxOutbox());
    }
    // On the current code the row reads round 0 `dead`, nothing was sent, and a second Retry answers
    // { retried: false, status: 'pending' }: no way left to deliver it short of a resend after the replay window.
    expect(row()).toMatchObject({ status: 'sent', round: 1 });
    expect(sent()).toBe(1);
  });
});
