import { describe, expect, it } from '@jest/globals';
import { rowLaggingUnderARetry } from '../support/lagging-row';
import { startSiteWithCode } from '../support/site-with-code';

/**
 * Second review of delivery.ts saveFinished. It claims "the job's stale refresh can no longer overwrite an admin's
 * retried round": the job writes its stale finished row, then reads the key's records back and puts a newer round's
 * row back `pending`. But the read-back happens only when the write *answered* success. A write whose answer is lost
 * (it landed, the caller got a 504) is treated as "not written" (saveCache → false) and saveFinished returns at once:
 * the stale round-0 `dead` row now covers the admin's queued round 1, the job lists only unfinished rows, and the
 * retried message is never delivered (a second Retry answers `retried: false, status: 'pending'`).
 * Likewise when the stale write lands and only the put-back write fails (one 503): the put-back is not retried and
 * saveFinished still answers `true`.
 */
describe('the job refreshing a lagging row while an admin retries the dead message (one more fault)', () => {
  for (const variant of ['the stale write lands but its answer is lost', 'the put-back write fails once'] as const) {
    it(`${variant}: the retried round is still delivered by a later run`, async () => {
      const site = startSiteWithCode();
      // After the Retry, before the job's stale write: that write lands with its answer lost, or the put-back fails.
      const { retried, row, sent, runJob } = await rowLaggingUnderARetry(site, () => {
        if (variant === 'the stale write lands but its answer is lost') site.faults.inject('data.update', { responseLost: true, times: 1 });
        else site.faults.interleave('data.update', () => void site.faults.inject('data.update', { status: 503, times: 1 }));
      });
      expect(retried).toMatchObject({ ok: true, value: { retried: true, status: 'queued' } });
      for (let run = 0; run < 3; run += 1) await runJob();
      // Before the fix: the row read round 0 `dead`, nothing was ever sent.
      expect(row()).toMatchObject({ status: 'sent', round: 1 });
      expect(sent()).toBe(1);
    });
  }
});
