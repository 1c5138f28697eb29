import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;
const KEY = 'order-17';

/**
 * delivery.ts saveFinished's documented limit ("nothing is decided wrongly (the records hold the newer round)") only
 * holds while the records exist. A message dies at once and its row lags `pending`; the job lists it; before its stale
 * round-0 `dead` write lands the owner's Retry sends round 1 and writes its row `sent`; the stale write then lands (its
 * answer lost) and both put-backs fail. The row reads round 0 `dead`, and the owner panel counts finished rows from
 * the row (owner-panel.ts), so it lists the message dead with its Retry. Nothing repairs it by itself: the job lists
 * only unfinished rows. A week later housekeeping removes the delivery records (retention.ts leasesDays = 7); from then
 * the stale row is the only truth. The owner presses Retry on the "dead" message: recordsGone, status `dead`, a new
 * round 1 is claimed (its old claim was purged) and the same message goes out a second time.
 * Broken: "a key's send is never ... sent twice whatever order the job's refresh, an admin's Retry ... housekeeping
 * run in".
 */
async function staleDeadRowOverASentRound() {
  const site = startSiteWithCode();
  const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
  const row = () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === KEY) as { status?: string; round?: number } | undefined;
  const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;
  const runJob = async () => {
    site.clock.advance(HOUR);
    return site.as(callers.job(), () => drainInboxOutbox());
  };

  site.faults.inject('data.update', { status: 503, times: 1 });
  const first = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));
  site.faults.clear();
  expect(first).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } });
  seedContact(site, { email: 'late@example.com' });

  let retried: unknown;
  site.faults.interleave('data.update', async () => {
    retried = await asAdmin(() => retryDeadMessage(KEY));
    site.faults.inject('data.update', { responseLost: true, times: 1 });
    site.faults.inject('data.update', { status: 503, times: 2 });
  });
  await runJob();
  site.faults.clear();
  expect(retried).toMatchObject({ ok: true, value: { retried: true, status: 'sent' } });
  expect(sent()).toBe(1);
  expect(row()).toMatchObject({ status: 'dead', round: 0 });
  return { site, asAdmin, row, sent, runJob };
}

describe('a stale dead row over a retried round that was sent', () => {
  it('does not answer a resend within the replay window that the message was given up', async () => {
    const { site, asAdmin, sent } = await staleDeadRowOverASentRound();
    // Two hours after round 1 went out (three after round 0 died): a replay of the key. The row's round 0 `dead` is
    // taken as true (send.ts again: "A finished cache is always true"), so the caller is told the send failed and was
    // given up although round 1 delivered it: a caller then sends it again under a new key.
    site.clock.advance(2 * HOUR);
    const replayed = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));
    expect(sent()).toBe(1);
    // Before a fix: { ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } }.
    expect(replayed).toMatchObject({ ok: true, value: { status: 'sent', deduplicated: true } });
  });

  it("is not sent again by the owner's Retry once housekeeping removed the records", async () => {
    const { site, asAdmin, row, sent, runJob } = await staleDeadRowOverASentRound();
    // A week and a day of hourly runs: housekeeping removes the key's delivery records. Before a fix the row still
    // read round 0 `dead` then (nothing repaired it). Changed deliberately with the fix: housekeeping removes a key's
    // records only once its row says what they say (item-housekeeping.ts keysBehind, retention.ts rowCaughtUp), so it
    // first wrote the row as round 1 `sent`, and the panel no longer lists the message as dead.
    for (let hour = 0; hour < 8 * 24; hour += 1) await runJob();
    expect(row()).toMatchObject({ status: 'sent', round: 1 });
    const records = site.data.inspectCollection('InboxDeliveries').filter((r) => String(r.intentKey) === KEY);
    expect(records).toHaveLength(0);

    // The owner finally presses Retry on the message the panel lists as dead.
    const again = await asAdmin(() => retryDeadMessage(KEY));
    for (let run = 0; run < 3; run += 1) await runJob();
    // Before a fix: { retried: true, status: 'sent' } and a second copy of the message went out.
    expect(sent()).toBe(1);
    expect(again).toMatchObject({ ok: true, value: { retried: false } });
  });
});
