import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * Seventh review, second case (still failing after the fix of the first: the waits were symmetric, with no tie-break).
 * README: "no intent waits until it dies while Wix answers". Fixed by letting a wait on another worker's progress use
 * up none of a round's attempts (InboxError.waiting).
 * As 13-look-alikes-waiting-on-each-others-waits-never-die, but the two callers call again at the same moments
 * (every 20 s, both keys at once): each attempt reconciles while the other's attempt is claimed and unrecorded (live),
 * and "a look-alike mid-attempt makes the others decide on a later attempt" — for both, every time. Symmetric waits
 * with no tie-break: both intents end `dead` at attempt 12 while Wix answers every call.
 */
it('two look-alikes called again at the same moments never keep each other waiting until they die', async () => {
  const site = startSiteWithCode();
  const deps = siteDependencies(site);
  const contactId = seedContact(site, { email: 'ann@example.com' });
  const send = (key: string) =>
    site
      .as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your table is ready', { idempotencyKey: key }))
      .then((r) => r.status as string, (error: unknown) => (error as { code?: string }).code ?? 'error');
  const rows = () => (site.data.inspectCollection('InboxOutbox') as { _id: string; status: string; attempts: number }[]).map((r) => `${r._id}:${r.status}`).sort();

  site.faults.inject('inbox.sendMessage', { responseLost: true, times: 2 });
  await Promise.all([send('k-1'), send('k-2')]);
  // Wix healthy from here on. The callers call again with the same keys, each answer lost on the way back.
  for (let call = 0; call < 6; call += 1) {
    site.clock.advance(20_000);
    await Promise.all([send('k-1'), send('k-2')]);
  }
  for (let run = 0; run < 4; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(site.journal.count('inbox.sendMessage')).toBe(2);
  // Before the fix: ['k-1:dead', 'k-2:dead'].
  expect(rows()).toEqual(['k-1:sent', 'k-2:sent']);
});
