import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant, type SendResult } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
let contactId: string;
beforeEach(() => {
  site = startSiteWithCode();
  contactId = seedContact(site, { email: 'ida@example.com' });
});
const send = () =>
  site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, 'Your order shipped', { idempotencyKey: 'order-42' }));

it('a web call with the same key, arriving while the hourly job is about to send it, does not send it too', async () => {
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
  await expect(send()).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();
  site.clock.advance(60 * 60 * 1000);

  let webCall: SendResult | undefined;
  site.faults.interleave('inbox.sendMessage', async () => {
    webCall = await send();
  });
  await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  expect(webCall).toMatchObject({ deduplicated: true });
});
