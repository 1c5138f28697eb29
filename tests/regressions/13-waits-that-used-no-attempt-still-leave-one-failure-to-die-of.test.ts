import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * Eighth review (liveness). Note 0030: "A wait on another worker's progress ... is now no failure of the round: it uses
 * up none of its attempts (InboxError.waiting)." It does use them up: each wait still takes the next attempt number
 * (claimNext claims `last + 1`, deliver claims `attempt + 1`), and only the wait itself is spared the `attempt >=
 * maxAttempts` check (delivery.ts `dead`). A round that waited 12 times therefore dies of the FIRST ordinary retryable
 * failure after them (one 503 from Inbox), where a round that never waited survives eleven.
 * Here: two look-alikes called again in step (as 13-look-alikes-attempted-at-the-same-moments-never-die) wait on each
 * other past attempt 12; Wix then answers one listMessages with a 503, once, and answers everything after it. Both keys'
 * messages are already in the conversation; one intent ends `dead` (its message delivered, the owner panel showing it
 * failed) while Wix answers every later call.
 */
it('a round that waited on a look-alike still survives one transient failure', async () => {
  const site = startSiteWithCode();
  const deps = siteDependencies(site);
  const contactId = seedContact(site, { email: 'ann@example.com' });
  const send = (key: string) =>
    site
      .as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your table is ready', { idempotencyKey: key }))
      .then((r) => r.status as string, (error: unknown) => (error as { code?: string }).code ?? 'error');
  const rows = () => (site.data.inspectCollection('InboxOutbox') as { _id: string; status: string; attempts: number }[]).map((r) => `${r._id}:${r.status}`).sort();
  const attempts = () => (site.data.inspectCollection('InboxOutbox') as { _id: string; attempts: number }[]).map((r) => r.attempts);

  site.faults.inject('inbox.sendMessage', { responseLost: true, times: 2 });
  await Promise.all([send('k-1'), send('k-2')]);
  for (let call = 0; call < 8; call += 1) {
    site.clock.advance(20_000);
    await Promise.all([send('k-1'), send('k-2')]);
  }
  // Every attempt after the first was a wait on the other intent (nothing failed): past the round's 12 attempts.
  expect(Math.min(...attempts())).toBeGreaterThanOrEqual(12);
  expect(rows()).toEqual(['k-1:retrying', 'k-2:retrying']);

  // One transient failure, then Wix answers everything.
  site.faults.inject('inbox.listMessages', { status: 503, times: 1 });
  for (let run = 0; run < 4; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(site.journal.count('inbox.sendMessage')).toBe(2);
  // On the current code: one of them `dead` ("attempts exhausted") after a single 503.
  expect(rows()).toEqual(['k-1:sent', 'k-2:sent']);
});
