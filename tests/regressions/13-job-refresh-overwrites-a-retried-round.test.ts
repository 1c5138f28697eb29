import { describe, expect, it } from '@jest/globals';
import { rowLaggingUnderARetry } from '../support/lagging-row';
import { startSiteWithCode } from '../support/site-with-code';

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
    const { retried, row, sent, runJob } = await rowLaggingUnderARetry(site);
    expect(retried).toMatchObject({ ok: true, value: { retried: true, status: 'queued' } });

    // Inbox is back. The next runs must deliver round 1. Before the fix the row read round 0 `dead`, nothing was sent,
    // and a second Retry answered { retried: false, status: 'pending' }.
    for (let run = 0; run < 3; run += 1) await runJob();
    expect(row()).toMatchObject({ status: 'sent', round: 1 });
    expect(sent()).toBe(1);
  });
});
