import { expect, it } from '@jest/globals';
import type { SendResult } from 'backend/inbox/send';
import { keyedSendPerTest } from '../support/keyed-send';

const order = keyedSendPerTest();
const { send, drain, queueForTheJob } = order;

it('a web call with the same key, arriving while the hourly job is about to send it, does not send it too', async () => {
  const { site } = order;
  await queueForTheJob();

  let webCall: SendResult | undefined;
  site.faults.interleave('inbox.sendMessage', async () => {
    webCall = await send();
  });
  await drain();

  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  expect(webCall).toMatchObject({ deduplicated: true });
});
