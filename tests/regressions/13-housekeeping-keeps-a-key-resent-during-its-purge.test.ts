import { expect, test } from '@jest/globals';
import { keyedSendPerTest } from '../support/keyed-send';

const order = keyedSendPerTest();
const { send, drain, purge } = order;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

test('a key resent and delivered while housekeeping removes its 30-day-old intent replays that delivery an hour later', async () => {
  const { site } = order;
  await expect(send()).resolves.toMatchObject({ status: 'sent' });
  site.clock.advance(HOUR);
  await drain();
  site.clock.advance(30 * DAY);

  // Between housekeeping's find and its remove, the key is sent again and delivered at once.
  site.faults.interleave('data.remove', async () => {
    await expect(send()).resolves.toMatchObject({ status: 'sent', deduplicated: false });
  });
  await purge();
  site.clock.advance(HOUR);
  await drain();

  await expect(send()).resolves.toMatchObject({ status: 'sent', deduplicated: true });
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(2);
  expect(site.data.inspectCollection('InboxOutbox')).toEqual([expect.objectContaining({ status: 'sent', round: 1 })]);
});
