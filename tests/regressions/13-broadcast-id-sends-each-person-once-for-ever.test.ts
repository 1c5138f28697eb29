import { expect, it } from '@jest/globals';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { sendToMany } from 'backend/inbox/broadcast';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';
import { byEmail, drainUntilQuiet, seedCrowd, tally } from '../broadcast/broadcast-fixture';

const DAY = 24 * 60 * 60 * 1000;

// Housekeeping removes finished intents after 30 days and delivery records after 7; only the broadcast's own record
// (its message's fingerprint) is kept. Started again after that, a broadcast ID found no trace of whom it had
// reached and sent everyone the message a second time.
it('a broadcast ID started again 31 days later, after housekeeping, sends nobody anything twice', async () => {
  const site = startSiteWithCode();
  const people = seedCrowd(site, 5, { memberEvery: 2 });
  const start = () => site.as(callers.eventHandler(), () => sendToMany(siteDependencies(site), byEmail(people), 'Season pass', { idempotencyKey: 'season-2030' }));
  await expect(start()).resolves.toMatchObject({ total: 5, delivery: { sent: 5 } });

  site.clock.advance(31 * DAY);
  await site.as(callers.job(), () => drainInboxOutbox());
  await expect(start()).resolves.toMatchObject({ total: 0, created: 0, closed: true, delivery: { sent: 0 } });
  await drainUntilQuiet(site);
  expect(tally(site, people, 'Season pass')).toEqual({ once: 5, messages: 5, twice: 0 });
});
