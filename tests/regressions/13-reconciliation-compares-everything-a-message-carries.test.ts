import { describe, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant, type SendResult } from 'backend/inbox/send';
import type { MessageContent } from 'backend/inbox/ports';
import { inboxDependencies } from 'backend/wix/composition';
import { Random } from 'wix-emulator';
import { defineProjectCollections } from '../../scripts/workbench/site-code';
import { captureLogs } from '../support/captured-logs';
import { jumpClockAtCall } from '../support/clock-jump';
import { callers, startSite } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/** 200 in `npm test`; `SWEEP_SEEDS=2000 npx jest tests/regressions/13-reconciliation-compares` sweeps deeper. */
const SEEDS = Number(process.env.SWEEP_SEEDS ?? 200);
const HOUR = 60 * 60 * 1000;
const IMAGES = ['red', 'green', 'blue', 'gold'].map((c) => `https://static.example.com/${c}.png`);
const photo = (url: string): MessageContent => ({ basic: { items: [{ text: 'Your photo is ready' }, { image: { url } }] } });

/**
 * One seed: four messages with the same words and different images to one person, two calls each (one key per
 * image) beside the job, while Inbox and wix-data fail at random (answers lost after the write) and the clock jumps.
 * Answers: how many messages carry each image once the job is quiet.
 */
async function runSeed(seed: number): Promise<number[]> {
  const site = startSite({ seed });
  defineProjectCollections(site);
  const random = new Random(seed);
  const deps = inboxDependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) }, random: () => random.next() });
  const contactId = seedContact(site, { email: 'pia@example.com' });
  for (const operation of ['inbox.getOrCreateConversation', 'inbox.sendMessage']) site.faults.inject(operation, { status: 503, probability: 0.15 });
  site.faults.inject('inbox.sendMessage', { responseLost: true, probability: 0.3 });
  site.faults.inject('inbox.listMessages', { status: 503, probability: 0.1 });
  for (const operation of ['data.insert', 'data.query']) site.faults.inject(operation, { code: 'WD_UNKNOWN_ERROR', probability: 0.03 });
  site.faults.inject('data.insert', { responseLost: true, probability: 0.03 });
  jumpClockAtCall(site, 1 + Math.floor(random.next() * 25), 2 * 60 * 1000);

  const send = (n: number) => site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, photo(IMAGES[n % 4] ?? ''), { idempotencyKey: `photo-${n % 4}` }));
  const job = () => site.as(callers.job(), () => drainOutbox(deps));
  await Promise.allSettled([...Array.from({ length: 8 }, (_, n) => send(n)), job()]);
  site.faults.clear();
  for (let run = 0; run < 14; run += 1) {
    site.clock.advance(HOUR);
    await job();
  }
  const urls = site.inbox
    .listConversations()
    .filter((c) => !c.mergedInto)
    .flatMap((c) => site.inbox.messagesOf(c.conversation._id ?? ''))
    .map((m) => m.message.content?.basic?.items?.[1]?.image?.url);
  return IMAGES.map((url) => urls.filter((u) => u === url).length);
}

describe('reconciliation after lost answers compares everything a message carries', () => {
  it(`four images with the same words to one person, two calls each, under faults: each arrives exactly once (${SEEDS} seeds)`, async () => {
    captureLogs();
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const counts = await runSeed(seed);
      if (counts.some((n) => n !== 1)) failures.push(`seed ${seed}: messages per image ${JSON.stringify(counts)}`);
    }
    if (failures.length > 0) process.stderr.write(`failing seeds:\n${failures.join('\n')}\n`);
    expect(failures).toEqual([]);
  }, 900_000);

  it('a participant-visible message never adopts a business-only note with the same words', async () => {
    const site = startSiteWithCode();
    const contactId = seedContact(site, { email: 'pia@example.com' });
    const deps = siteDependencies(site);
    const send = (key: string, visibility: 'BUSINESS' | 'BUSINESS_AND_PARTICIPANT') =>
      site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'We will call you tomorrow', { idempotencyKey: key, visibility }));

    // The reply to Pia may have gone out (Inbox kept answering 503), and is left for the job.
    site.faults.inject('inbox.sendMessage', { status: 503, times: 1_000 });
    await expect(send('a-reply', 'BUSINESS_AND_PARTICIPANT')).resolves.toMatchObject({ status: 'queued' });
    site.faults.clear();
    // A team note with the same words goes out, its answer lost: the note is in the conversation, unrecorded.
    site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
    await send('b-note', 'BUSINESS');
    site.clock.advance(2 * 60 * 1000);
    const reply = await site.as(callers.job(), async () => {
      await drainOutbox(deps);
      return send('a-reply', 'BUSINESS_AND_PARTICIPANT');
    });

    const messages = site.inbox.messagesOf(site.inbox.conversationOf({ contactId })?.conversation._id ?? '').map((m) => m.message);
    expect(messages.map((m) => m.visibility).sort()).toEqual(['BUSINESS', 'BUSINESS_AND_PARTICIPANT']);
    const visible = messages.find((m) => m.visibility === 'BUSINESS_AND_PARTICIPANT');
    expect(reply).toMatchObject({ status: 'sent', messageId: visible?._id ?? 'none' } satisfies Partial<SendResult>);
  });
});
