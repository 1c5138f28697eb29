import { expect, test } from '@jest/globals';
import type { AccessDependencies } from 'backend/inbox/access';
import { drainOutbox } from 'backend/inbox/drain';
import { purgeExpired } from 'backend/inbox/retention';
import { sendToParticipant } from 'backend/inbox/send';
import { family } from 'backend/inbox-family';
import { inboxDependencies } from 'backend/wix/composition';
import { Prng as Random } from '../chaos/prng';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const SEEDS = Number(process.env.SWEEP_SEEDS ?? 40);

/**
 * A seeded sweep around 14-housekeeping-split-by-skewed-record-times-sends-a-sent-key-again: a key's first call (on a
 * container up to 30 s off) is queued by failing lookups, a retry within the minute (another container up to 30 s
 * off) delivers it, and housekeeping runs every few seconds across the 7-day edge, then hourly beside the job.
 * Exactly one message per key, and its row stays `sent`.
 */
test(`a key sent once stays sent once through housekeeping across skewed stamps (${SEEDS} seeds)`, async () => {
  const failures: number[] = [];
  for (let seed = 1; seed <= SEEDS; seed += 1) {
    const random = new Random(seed);
    const site = startSiteWithCode();
    site.clock.set(new Date('2030-05-01T09:00:00Z'));
    const contactId = seedContact(site, { email: 'ida@example.com' });
    const container = (skewMs: number): AccessDependencies =>
      inboxDependencies({ clock: { now: () => new Date(site.clock.nowMs() + skewMs), sleep: (ms) => site.clock.sleep(ms) } });
    const skew = () => Math.round((random.next() * 2 - 1) * 30 * SECOND);
    const send = (deps: AccessDependencies) =>
      site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your order shipped', { idempotencyKey: 'order-42' }));
    site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
    await send(container(skew()));
    site.faults.clear();
    site.clock.advance(Math.round(random.next() * 50 * SECOND));
    await send(container(skew()));
    // Housekeeping near the 7-day edge every few seconds to a minute (several job containers, each off by up to 30 s),
    // then the hourly job.
    site.clock.advance(7 * 24 * HOUR - 2 * MINUTE);
    for (let spent = 0; spent < 5 * MINUTE; ) {
      const step = Math.round((5 + random.next() * 55) * SECOND);
      site.clock.advance(step);
      spent += step;
      await site.as(callers.job(), () => purgeExpired(family.housekeeping, container(skew()).clock));
    }
    for (let run = 0; run < 3; run += 1) {
      site.clock.advance(HOUR);
      const job = container(skew());
      await site.as(callers.job(), () => purgeExpired(family.housekeeping, job.clock));
      await site.as(callers.job(), () => drainOutbox(job));
    }
    const row = site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-42');
    if (site.journal.count('inbox.sendMessage', 'ok') !== 1 || (row && row.status !== 'sent')) failures.push(seed);
  }
  expect(failures).toEqual([]);
}, 120_000);
