import { beforeEach, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { drainOutbox } from 'backend/inbox/drain';
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
const sent = () => site.journal.count('inbox.sendMessage', 'ok');

async function queueIt() {
  // Wix fails getOrCreateConversation for the whole 8 s budget: the call answers "queued" (intent `retrying`, no inFlight).
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1000 });
  await expect(send()).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();
  site.clock.advance(60 * 60 * 1000);
}

it('two concurrent retries of a queued key send it once', async () => {
  await queueIt();
  const [a, b] = await Promise.all([send(), send()]);   // e.g. a page retry from two tabs
  expect([a.status, b.status]).toContain('sent');
  expect(sent()).toBe(1);
});

it('the job does not redeliver an intent a web-method call delivered after the job listed it', async () => {
  await queueIt();
  const deps = siteDependencies(site);
  const realDue = deps.outbox.due.bind(deps.outbox);
  const racingDeps = {
    ...deps,
    outbox: {
      ...deps.outbox,
      create: deps.outbox.create.bind(deps.outbox), get: deps.outbox.get.bind(deps.outbox), save: deps.outbox.save.bind(deps.outbox),
      unfinishedAlike: deps.outbox.unfinishedAlike.bind(deps.outbox),
      // The job lists a page of due intents; before it reaches this one, the caller retries the key and it is delivered.
      due: async (now: Date, limit: number, after?: { nextAttemptAt: Date; key: string }) => {
        const page = await realDue(now, limit, after);
        if (page.length) await send();
        return page;
      },
    },
  };
  const report = await site.as(callers.job(), () => drainOutbox(racingDeps));
  expect(report.taken + report.refreshed).toBe(1);
  expect(sent()).toBe(1);
});
