import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { controlsFor, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;
const TEXT = 'Your parcel is on its way';

/**
 * A contact signs up between the moment a send resolves them (by contact ID) and getOrCreateConversation, and the
 * conversation that contact ID reaches after the sign-up is already open (another send resolved before the sign-up
 * opened it, or Cy wrote through it): the lookup finds it, not new, and the message goes there. When that send's answer
 * is lost, the next attempt resolves the member and looks in the member's conversation: it must also look where the
 * lost send went.
 */
function scene() {
  const site: Site = startSiteWithCode();
  const controls = controlsFor(site);
  const contactId = seedContact(site, { email: 'cy@example.com', first: 'Cy' });
  site.faults.interleave('inbox.getOrCreateConversation', async () => {
    controls.seed.memberSilently({ email: 'cy@example.com', firstName: 'Cy' });
    controls.act.participantSendsMessage({ contactId }, 'Hi, it is Cy');
  });
  const send = () => site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, TEXT, { idempotencyKey: 'parcel-7' }));
  const copies = () =>
    controls.inspect
      .conversations()
      .filter((c) => !c.mergedInto)
      .flatMap((c) => controls.inspect.messages(c.conversation._id ?? '').map((m) => ({ detached: c.detached === true, text: m.message.content?.basic?.items?.[0] })))
      .filter((m) => m.text !== undefined && 'text' in m.text && m.text.text === TEXT);
  return { site, send, copies };
}

describe('a contact becoming a member mid-send, with the send answer lost', () => {
  it('the retry within the same call finds the message where the lost send put it, and sends nothing more', async () => {
    const { site, send, copies } = scene();
    site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });

    await expect(send()).resolves.toMatchObject({ status: 'sent' });

    expect(site.journal.entries((e) => e.operation === 'inbox.sendMessage' && (e.outcome === 'ok' || e.applied === true))).toHaveLength(1);
    expect(copies()).toHaveLength(1);
  });

  it('the hourly job, taking the intent over after the call gave up, finds it there too', async () => {
    const { site, send, copies } = scene();
    site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
    // After that send, Inbox stays down for the rest of the call.
    site.faults.interleave('inbox.sendMessage', async () => {
      site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
    });
    await expect(send()).resolves.toMatchObject({ status: 'queued' });
    site.faults.clear();

    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

    await expect(send()).resolves.toMatchObject({ status: 'sent', deduplicated: true });
    expect(copies()).toHaveLength(1);
  });
});

describe('two intents with the same words, one sent before the sign-up and one after, both answers lost', () => {
  it('whichever the job takes first, each ends with one message: the later one also looks where the earlier one sent', async () => {
    for (const [first, second] of [['a-before', 'b-after'], ['b-before', 'a-after']] as const) {
      const { site, copies } = scene();
      const controls = controlsFor(site);
      const contactId = controls.inspect.contacts().find((c) => c.primaryInfo?.email === 'cy@example.com')?._id ?? '';
      const send = (key: string) => site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, TEXT, { idempotencyKey: key }));
      const lostThenDown = () => {
        site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
        site.faults.interleave('inbox.sendMessage', async () => {
          site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
        });
      };
      // The first send goes to the detached conversation the sign-up leaves behind; the second to the member's thread.
      lostThenDown();
      await expect(send(first)).resolves.toMatchObject({ status: 'queued' });
      site.faults.clear();
      lostThenDown();
      await expect(send(second)).resolves.toMatchObject({ status: 'queued' });
      site.faults.clear();
      expect(copies()).toHaveLength(2);

      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

      await expect(send(first)).resolves.toMatchObject({ status: 'sent', deduplicated: true });
      await expect(send(second)).resolves.toMatchObject({ status: 'sent', deduplicated: true });
      expect({ order: `${first} then ${second}`, copies: copies().length }).toEqual({ order: `${first} then ${second}`, copies: 2 });
    }
  });
});

describe('a lost send to the contact, then the sign-up during the next attempt', () => {
  it('does not send again into the detached conversation while the lost message sits in the member thread', async () => {
    const site: Site = startSiteWithCode();
    const controls = controlsFor(site);
    const contactId = seedContact(site, { email: 'cy@example.com', first: 'Cy' });
    site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
    // The second lookup (the retry's) comes right after the sign-up: the contact's conversation, holding the lost
    // message, is merged into the member's thread, and the contact ID now opens a detached conversation.
    let lookups = 0;
    site.faults.interleave(
      'inbox.getOrCreateConversation',
      async () => {
        lookups += 1;
        if (lookups === 2) controls.seed.memberSilently({ email: 'cy@example.com', firstName: 'Cy' });
      },
      Number.POSITIVE_INFINITY,
    );
    const send = () => site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, TEXT, { idempotencyKey: 'parcel-8' }));

    await send();
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

    await expect(send()).resolves.toMatchObject({ status: 'sent', deduplicated: true });
    const copies = controls.inspect
      .conversations()
      .filter((c) => !c.mergedInto)
      .flatMap((c) => controls.inspect.messages(c.conversation._id ?? '').map((m) => m.message.content?.basic?.items?.[0]))
      .filter((item) => item !== undefined && 'text' in item && item.text === TEXT);
    expect(copies).toHaveLength(1);
  });
});
