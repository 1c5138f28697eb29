import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;
const TEXT = 'Your code is ready';

function scene(site: Site) {
  const contactId = seedContact(site, { email: 'ida@example.com' });
  const send = (key: string) =>
    site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, TEXT, { idempotencyKey: key }));
  const drainUntilDone = async () => {
    for (let run = 0; run < 14; run += 1) {
      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
    }
  };
  const outcome = () => {
    const rows = site.data.inspectCollection('InboxOutbox') as unknown as { status: string }[];
    const conversation = site.inbox.conversationOf({ contactId })?.conversation._id ?? '';
    return {
      messages: site.inbox.messagesOf(conversation).filter((m) => m.message.content?.basic?.items?.[0]?.text === TEXT).length,
      sent: rows.filter((r) => r.status === 'sent').length,
      dead: rows.filter((r) => r.status === 'dead').length,
    };
  };
  return { send, drainUntilDone, outcome };
}

describe('identical messages to one person, some answers lost, Wix healthy afterwards', () => {
  it('two intents: one queued after 503s, one whose answer was lost, both end sent with two messages', async () => {
    const site = startSiteWithCode();
    const { send, drainUntilDone, outcome } = scene(site);
    site.faults.inject('inbox.sendMessage', { status: 503, times: 1_000 });
    await expect(send('A')).resolves.toMatchObject({ status: 'queued' });
    site.faults.clear();
    site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
    await send('B');
    await drainUntilDone();

    expect(outcome()).toEqual({ messages: 2, sent: 2, dead: 0 });
  });

  it('twelve intents sent at once through lost answers and 503s: twelve messages, none dead', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const site = startSiteWithCode({ seed });
      const { send, drainUntilDone, outcome } = scene(site);
      site.faults.inject('inbox.sendMessage', { responseLost: true, probability: 0.3 });
      site.faults.inject('inbox.sendMessage', { status: 503, probability: 0.2 });
      await Promise.all(Array.from({ length: 12 }, (_, i) => send(`k-${String(i).padStart(2, '0')}`)));
      site.faults.clear();
      await drainUntilDone();
      const result = outcome();
      if (result.messages !== 12 || result.dead !== 0) console.log(`failing seed ${seed}: ${JSON.stringify(result)}`);
      expect({ seed, ...result }).toEqual({ seed, messages: 12, sent: 12, dead: 0 });
    }
  }, 60_000);
});
