import { describe, expect, it } from '@jest/globals';
import { rowLaggingUnderARetry } from '../support/lagging-row';
import { startSiteWithCode } from '../support/site-with-code';

/**
 * The limit of delivery.ts saveFinished: the job's stale refresh lands over an admin's retried round, and both
 * put-back writes after it fail. The row reads round 0 `dead`, the job never lists it again, and the owner panel still
 * shows the message dead. The owner's next Retry reads the records (round 1 under way), answers not retried, and puts
 * the row back as round 1 (retry-dead.ts): the next job run delivers it, once.
 */
describe('a stale refresh whose every put-back write fails', () => {
  it("is put right by the owner's next Retry, and the retried round is delivered once", async () => {
    const site = startSiteWithCode();
    // After the Retry, the stale write lands and both put-back writes after it fail.
    const { row, sent, retry, runJob } = await rowLaggingUnderARetry(site, () => site.faults.interleave('data.update', () => void site.faults.inject('data.update', { status: 503, times: 2 })));
    expect(row()).toMatchObject({ status: 'dead', round: 0 });

    // Hidden from the job: a run sends nothing.
    await runJob();
    expect(sent()).toBe(0);

    await expect(retry()).resolves.toMatchObject({ ok: true, value: { retried: false, status: 'pending' } });
    expect(row()).toMatchObject({ status: 'pending', round: 1 });

    await runJob();
    expect(row()).toMatchObject({ status: 'sent', round: 1 });
    expect(sent()).toBe(1);
  });
});
