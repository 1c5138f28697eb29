import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * Seventh review (liveness of reconcile.ts waits). README: "no intent waits until it dies while Wix answers".
 *
 * Two look-alikes (keys k-1 and k-2, the same words to the same person) each send, and both answers are lost (two
 * faults, then Wix is healthy for good). Each next attempt reconciles and waits for the other: its lost answer was
 * recorded less than a minute before the read (attempts.ts lastPossibleSend) — as designed. But a wait is recorded as
 * a `failed` result with `maySent` (delivery.ts, the `wait` branch), though that attempt never called sendMessage, and
 * lastPossibleSend reads that result's time as the latest moment the waiting intent could have sent. So each wait
 * makes the other look-alike's next attempt within a minute wait again, and that wait makes the first one wait again:
 * ping-pong, with no send between. The first calls burn 5–7 attempts each within their 8 s budget; the callers, whose
 * answers are lost too, call again with the same keys, one after the other, 20 s apart (each call answered `queued`; no two attempts
 * overlap); every call makes an
 * attempt that waits, and both intents end `dead` at their 12th attempt — with Wix answering every call since the two
 * lost answers, and both messages in the conversation. The owner sees two dead messages that were delivered.
 */
it('two look-alikes whose lost answers are minutes old never keep each other waiting until they die', async () => {
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
    await send('k-1');
    site.clock.advance(20_000);
    await send('k-2');
  }
  for (let run = 0; run < 4; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(site.journal.count('inbox.sendMessage')).toBe(2);
  // On the current code: ['k-1:dead', 'k-2:dead'].
  expect(rows()).toEqual(['k-1:sent', 'k-2:sent']);
});
