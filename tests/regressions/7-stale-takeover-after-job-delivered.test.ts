import { expect, it } from '@jest/globals';
import { keyedSendPerTest } from '../support/keyed-send';

const order = keyedSendPerTest();
const { send, drain, queueForTheJob } = order;
const HOUR = 60 * 60 * 1000;

it('a call that read a queued intent before the job delivered it cannot hand it back for a second send', async () => {
  const { site } = order;
  await queueForTheJob();

  // The caller retries the key; after it has read the outbox row and before its next write, the job delivers it.
  site.faults.interleave('data.update', () => drain());
  await expect(send()).resolves.toBeDefined();
  // Later runs of the job find nothing more to send.
  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await drain();
  }

  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  expect(site.data.inspectCollection('InboxOutbox')[0]).toMatchObject({ status: 'sent' });
});
