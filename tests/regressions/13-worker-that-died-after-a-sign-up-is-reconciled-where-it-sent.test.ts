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
  // Cy signs up while the call looks the conversation up by contact ID, and something else (another send resolved
  // before the sign-up, or Cy's own chat) has already opened the conversation that contact ID reaches since: the lookup
  // finds it (not new), and the message goes there. Then wix-data fails for good, so the worker records nothing — as if
  // its container stopped.
  site.faults.interleave('inbox.getOrCreateConversation', () => {
    controls.seed.memberSilently({ email: 'cy@example.com', firstName: 'Cy' });
    controls.act.participantSendsMessage({ contactId }, 'Hi, it is Cy');
  });
  site.faults.interleave('inbox.sendMessage', () => {
    // Neither the result nor the outbox row written beside it (decision 0023) lands.
    for (const write of ['data.insert', 'data.update', 'data.save']) site.faults.inject(write, { code: 'WD_UNKNOWN_ERROR', times: 1_000 });
  });
  const send = () => site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, TEXT, { idempotencyKey: 'parcel-9' }));
  await send().catch(() => undefined);
  site.faults.clear();
  const messages = () =>
    controls.inspect
      .conversations()
      .filter((c) => !c.mergedInto)
      .flatMap((c) => controls.inspect.messages(c.conversation._id ?? ''))
      .filter((m) => m.message.direction === 'BUSINESS_TO_PARTICIPANT').length;
  expect(messages()).toBe(1);

  site.clock.advance(HOUR);
  await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

  await expect(send()).resolves.toMatchObject({ status: 'sent', deduplicated: true });
  expect(messages()).toBe(1);
});
