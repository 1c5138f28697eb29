import { expect, it } from '@jest/globals';
import type { SendResult } from 'backend/inbox/send';
import { keyedSendPerTest } from '../support/keyed-send';

const order = keyedSendPerTest();
const { send } = order;

it('a second call with the same key, arriving while the first is on its retry, never starts a parallel attempt', async () => {
  const { site } = order;
  // The first call's first attempt meets one 503: it records the failure (status retrying) and tries again.
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1 });
  let second: SendResult | undefined;
  // The page retries the same key just as the first call's retry is about to send.
  site.faults.interleave('inbox.sendMessage', async () => {
    second = await send();
  });
  const first = await send();

  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  expect(first).toMatchObject({ status: 'sent' });
  expect(second).toMatchObject({ deduplicated: true });
});
