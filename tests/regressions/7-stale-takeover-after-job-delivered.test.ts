import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
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
const HOUR = 60 * 60 * 1000;
const send = () =>
  site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, 'Your order shipped', { idempotencyKey: 'order-42' }));
const drain = () => site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

it('a call that read a queued intent before the job delivered it cannot hand it back for a second send', async () => {
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
  await expect(send()).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();
  site.clock.advance(HOUR);

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
