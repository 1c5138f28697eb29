import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { controlsFor, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;
const TEXT = 'Your parcel is on its way';

it('a worker that died after sending to a contact who had just signed up is fenced, and the job finds its message instead of sending again', async () => {
  const site: Site = startSiteWithCode();
  const controls = controlsFor(site);
  const contactId = seedContact(site, { email: 'cy@example.com', first: 'Cy' });
  // Cy signs up while the call looks the conversation up by contact ID: the message goes to the conversation that
  // contact ID now opens. Then wix-data fails for good, so the worker records nothing — as if its container stopped.
  site.faults.interleave('inbox.getOrCreateConversation', () => { controls.seed.memberSilently({ email: 'cy@example.com', firstName: 'Cy' }); });
  site.faults.interleave('inbox.sendMessage', () => { site.faults.inject('data.insert', { code: 'WD_UNKNOWN_ERROR', times: 1_000 }); });
  const send = () => site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, TEXT, { idempotencyKey: 'parcel-9' }));
  await send().catch(() => undefined);
  site.faults.clear();
  const messages = () => controls.inspect.conversations().filter((c) => !c.mergedInto).reduce((n, c) => n + c.messageCount, 0);
  expect(messages()).toBe(1);

  site.clock.advance(HOUR);
  await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

  await expect(send()).resolves.toMatchObject({ status: 'sent', deduplicated: true });
  expect(messages()).toBe(1);
});
