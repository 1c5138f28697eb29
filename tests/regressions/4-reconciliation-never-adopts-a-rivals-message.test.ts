import { beforeEach, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { drainOutbox } from 'backend/inbox/drain';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
let contactId: string;
beforeEach(() => { site = startSiteWithCode(); contactId = seedContact(site, { email: 'ida@example.com' }); });
const send = (key: string) =>
  site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, 'Your code is ready', { idempotencyKey: key }));

it('two intents with the same text to the same person are two messages, even when one reconciles', async () => {
  // Intent A: every sendMessage fails with 503 (nothing written) for the whole call: queued, with an inFlight marker.
  site.faults.inject('inbox.sendMessage', { status: 503, times: 1000 });
  await expect(send('A')).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();
  site.clock.advance(60 * 60 * 1000);
  // Intent B (another key, same text) is sent; between its sendMessage and the save of its result, the job runs A.
  let updates = 0;
  site.faults.interleave('data.update', async () => {
    updates += 1;
    if (updates === 2) await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
  }, 2);
  const b = await send('B');
  const a = (await send('A')) as { messageId?: string };
  expect(b).toMatchObject({ status: 'sent' });
  expect(a.messageId).not.toBe((b as { messageId?: string }).messageId);
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(2);
});
