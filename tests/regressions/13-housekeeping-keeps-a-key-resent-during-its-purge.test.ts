import { beforeEach, expect, test } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { purgeExpired } from 'backend/inbox/retention';
import { sendToParticipant } from 'backend/inbox/send';
import { family } from 'backend/inbox-family';
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
const DAY = 24 * HOUR;
const send = () =>
  site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, 'Your order shipped', { idempotencyKey: 'order-42' }));
const drain = () => site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
const purge = () => site.as(callers.job(), () => purgeExpired(family.housekeeping, siteDependencies(site).clock));

test('a key resent and delivered while housekeeping removes its 30-day-old intent replays that delivery an hour later', async () => {
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
