import { expect, test } from '@jest/globals';
import { keyedSendPerTest } from '../support/keyed-send';

const order = keyedSendPerTest();
const { send, drain, purge } = order;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

// Housekeeping finds the finished intents older than 30 days, then removes them one by one by ID (wix-data has no
// delete-by-query or conditional remove). A send of the same key between the find and the remove starts a new round
// on that very row (the replay window is long over); the remove then deletes the queued round and nothing delivers it.
// The resend reads the row back after claiming its round, and housekeeping reads the claims back after removing: the
// one that comes second puts the row back.
test('a key sent again while housekeeping removes its 30-day-old intent is still delivered', async () => {
  const { site } = order;
  await expect(send()).resolves.toMatchObject({ status: 'sent' });
  // The hourly job brings the outbox row's cache up to date (finished, completedAt set).
  site.clock.advance(HOUR);
  await drain();
  site.clock.advance(30 * DAY);

  // Wix is down for the new round, so the call leaves it queued for the job.
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
  site.faults.interleave('data.remove', async () => {
    await expect(send()).resolves.toMatchObject({ status: 'queued' });
  });
  await purge();
  site.faults.clear();

  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await drain();
  }
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(2);
  expect(site.data.inspectCollection('InboxOutbox')).toEqual([expect.objectContaining({ status: 'sent' })]);
});
