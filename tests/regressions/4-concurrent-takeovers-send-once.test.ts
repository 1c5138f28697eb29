import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { callers } from '../support/emulator';
import { keyedSendPerTest } from '../support/keyed-send';
import { siteDependencies } from '../support/site-with-code';

const order = keyedSendPerTest();
const { send, queueForTheJob } = order;
const sent = () => order.site.journal.count('inbox.sendMessage', 'ok');

it('two concurrent retries of a queued key send it once', async () => {
  await queueForTheJob();
  const [a, b] = await Promise.all([send(), send()]);   // e.g. a page retry from two tabs
  expect([a.status, b.status]).toContain('sent');
  expect(sent()).toBe(1);
});

it('the job does not redeliver an intent a web-method call delivered after the job listed it', async () => {
  await queueForTheJob();
  const { site } = order;
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
