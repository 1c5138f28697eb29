import { expect, test } from '@jest/globals';
import type { AccessDependencies } from 'backend/inbox/access';
import { drainOutbox } from 'backend/inbox/drain';
import { purgeExpired } from 'backend/inbox/retention';
import { sendToParticipant } from 'backend/inbox/send';
import { family } from 'backend/inbox-family';
import { inboxDependencies } from 'backend/wix/composition';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;
const DAY = 24 * HOUR;

/**
 * Housekeeping removes a caught-up key's delivery records by their `at` stamp, page by page, run by run; keysBehind
 * then judges the key by whatever records are left. Stamps are each container's clock, so a later round's `sent` can
 * carry an earlier stamp than the `failed` results before it. A run that removes the `sent` result and keeps the
 * `failed` ones leaves records that tell a round under way; the next run takes them for a newer round the row hides and
 * writes the `sent` row back `pending`: the job sends the message a second time, a week later.
 * Broken (README / retention.ts rowCaughtUp): housekeeping "never makes a resend or Retry send twice"; "exactly once per
 * idempotency key".
 */
test('a sent key whose delivery records straddle the purge cutoff is not put back pending and sent again', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-05-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'ida@example.com' });
  const container = (skewMs: number): AccessDependencies =>
    inboxDependencies({ clock: { now: () => new Date(site.clock.nowMs() + skewMs), sleep: (ms) => site.clock.sleep(ms) } });
  // Containers with clocks 30 s apart either side of Wix's (the skew the project allows, MAX_CLOCK_SKEW_MS).
  const ahead = container(30 * SECOND);
  const behind = container(-30 * SECOND);
  const send = (deps: AccessDependencies) =>
    site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your order shipped', { idempotencyKey: 'order-42' }));
  const sent = () => site.journal.count('inbox.sendMessage', 'ok');
  const records = () => site.data.inspectCollection('InboxDeliveries').filter((r) => r.intentKey === 'order-42');
  const row = () => site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-42');

  // A container 30 s ahead takes the send; Wix fails the conversation lookup for its whole budget: queued, its
  // `failed` results stamped by its clock.
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
  await expect(send(ahead)).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();
  // The caller's retry, a few seconds later, lands on a container 30 s behind and delivers it (attempt n + 1, stamped
  // by its clock: up to a minute earlier than the failed results it follows).
  await expect(send(behind)).resolves.toMatchObject({ status: 'sent' });
  expect(sent()).toBe(1);
  const sentAt = Math.max(...records().filter((r) => r.kind === 'result' && r.status === 'sent').map((r) => (r.at as Date).getTime()));
  const failedAt = Math.min(...records().filter((r) => r.kind === 'result' && r.status === 'failed').map((r) => (r.at as Date).getTime()));
  expect(sentAt).toBeLessThan(failedAt);

  // Seven days on, an hourly housekeeping run's 7-day cutoff falls between the two stamps (one run in ~60 for such a
  // key): the `sent` result and its claim are old, the `failed` ones not yet. The key's row says `sent` (caught up), so
  // the old records go; the `failed` ones stay behind.
  const housekeeper = container(0);
  site.clock.set(new Date(sentAt + 7 * DAY + 1 * SECOND));
  await site.as(callers.job(), () => purgeExpired(family.housekeeping, housekeeper.clock));
  // An hour later the next run finds the failed results; the row reads `sent`.
  site.clock.advance(HOUR);
  await site.as(callers.job(), () => purgeExpired(family.housekeeping, housekeeper.clock));
  // Before a fix: the second run found only the `failed` results, read the round as under way (rowCaughtUp false,
  // hides: a finished row), and wrote the `sent` row back `pending` (caughtUpRow); the job then claimed the next attempt,
  // nothing said it may have sent (the `sent` result and its claim are gone), and it sent the message a second time.
  site.clock.advance(HOUR);
  await site.as(callers.job(), () => drainOutbox(housekeeper));
  expect(row()).toMatchObject({ status: 'sent' });
  expect(sent()).toBe(1);
});

/**
 * The same key as above, its records already split by a housekeeping run of an earlier version (which removed records
 * by their stamps alone): the `sent` result and its claim are gone, the `failed` results stay. Whatever left them, a
 * finished row of the round they tell is right, and housekeeping must not read them as a round under way.
 */
test('a sent row whose outcome record is already gone, only earlier failed results left, stays sent and is sent once', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-05-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'ian@example.com' });
  const deps = inboxDependencies({ clock: { now: () => new Date(site.clock.nowMs()), sleep: (ms) => site.clock.sleep(ms) } });
  const send = () => site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, 'Your order shipped', { idempotencyKey: 'order-43' }));
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
  await expect(send()).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();
  await expect(send()).resolves.toMatchObject({ status: 'sent' });
  const records = site.data.inspectCollection('InboxDeliveries').filter((r) => r.intentKey === 'order-43');
  const gone = records.filter((r) => (r.kind === 'result' && r.status === 'sent') || (r.kind === 'attempt' && records.some((s) => s.kind === 'result' && s.status === 'sent' && s.attempt === r.attempt)));
  expect(gone.length).toBeGreaterThan(0);
  for (const r of gone) await site.as(callers.job(), () => site.data.remove('InboxDeliveries', String(r._id)));

  // A week on, the failed results are old enough for housekeeping.
  site.clock.advance(7 * DAY + HOUR);
  await site.as(callers.job(), () => purgeExpired(family.housekeeping, deps.clock));
  site.clock.advance(HOUR);
  await site.as(callers.job(), () => drainOutbox(deps));
  expect(site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-43')).toMatchObject({ status: 'sent' });
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
});
