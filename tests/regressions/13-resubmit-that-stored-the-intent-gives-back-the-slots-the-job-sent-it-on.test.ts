import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox.web';
import { OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// Claims (README "What a visitor may do"): per recipient "5 a day", per visitor ID "5 an hour", "a slot is given back
// only when its message certainly did not go out", and "A click again after INBOX_UNAVAILABLE finds that slot, and is
// acknowledged once as the same submit".
//
// The first submit wins the double-submit slot, then the read of the person's limit beside its takes fails (a 503):
// it gives its limit slots back, keeps the submission slot and answers INBOX_UNAVAILABLE. No intent is stored.
// The visitor clicks again. The retry finds the submission slot held and is a RESUBMIT (access.ts:167) with no first
// intent to read, so it takes every limit slot itself, its person's slot unowned (access.ts:178-185), and it is the
// one that STORES the intent under the first submit's key (ungated). Its first attempt's sendMessage fails (503); while
// it waits for its backoff, the hourly job claims attempt 2 and sends the acknowledgement. The retry's claim of attempt
// 2 is taken: its delivery is `contended`, answered `deduplicated` (status `queued`), and access.ts:215 (`result.deduplicated &&
// resubmit`) gives back all its limit slots, as if another call had sent under its key and counted it. Nobody did:
// the acknowledgement went out counted by no slot at all, on no key (visitor, email, person, all visitors).
// Five more acknowledgements to the same person then all go out: six in the day (limit 5).
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-06-01T09:00:00Z'));
  seedContact(site, { emails: ['ana@example.com'] });
});

const form = { template: 'form-received', vars: {} } as const;
const acknowledge = (visitor: string, email: string) => site.as(callers.visitor(visitor), () => sendToParticipant({ email }, form));
const messages = () => site.journal.count('inbox.sendMessage', 'ok');
const runJob = () => site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
const heldSlots = (prefix: string) =>
  (site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string; released?: boolean }[]).filter((r) => r.key.startsWith(prefix) && r.released !== true).length;

it('a retry after INBOX_UNAVAILABLE that stores the intent keeps the slots its acknowledgement went out on when the job sends it', async () => {
  // The first submit: the read of the person's limit (beside its slot takes) fails, a 503.
  let failedOnce = false;
  site.faults.interleave('data.query', (args) => {
    if (!failedOnce && JSON.stringify(args[0]).includes('recipient:contact:')) {
      failedOnce = true;
      site.faults.inject('data.query', { status: 503, times: 1 });
    }
  }, Number.POSITIVE_INFINITY);
  await expect(acknowledge('v-9', 'ana@example.com')).resolves.toMatchObject({ ok: false, error: { code: 'INBOX_UNAVAILABLE' } });
  site.faults.clear();
  expect(site.data.inspectCollection(OUTBOX_COLLECTION)).toHaveLength(0);

  // The click again: its first sendMessage fails, and the job runs while it waits to try again.
  site.clock.advance(60 * 1000);
  site.faults.inject('inbox.sendMessage', { status: 503, times: 1 });
  let jobRan = false;
  site.faults.interleave('data.insert', async (args) => {
    const row = args[1] as { _id?: string };
    if (!jobRan && args[0] !== RATE_LIMITS_COLLECTION && /^attempt:.*:0:2$/.test(String(row._id))) {
      jobRan = true;
      await runJob();
    }
  }, Number.POSITIVE_INFINITY);
  const retry = await acknowledge('v-9', 'ana@example.com');
  site.faults.clear();
  expect(jobRan).toBe(true);
  // Answered `queued` (the retry's own copy of the row, from before the job sent): a promise, kept.
  expect(retry).toEqual({ ok: true, value: { status: 'queued' } });
  expect(messages()).toBe(1);

  // The acknowledgement that went out is counted by a slot on each of its keys.
  expect({
    visitor: heldSlots('visitor:'),
    email: heldSlots('recipient:email:'),
    person: heldSlots('recipient:contact:'),
    allVisitors: heldSlots('visitors'),
  }).toEqual({ visitor: 1, email: 1, person: 1, allVisitors: 1 });

  // So the person's day has room for four more, not five.
  const later = [];
  for (let i = 1; i <= 5; i += 1) {
    site.clock.advance(60 * 1000);
    later.push(await acknowledge(`v-${i}`, 'ana@example.com'));
  }
  expect(later.filter((r) => r.ok && r.value.status === 'sent')).toHaveLength(4);
  expect(messages()).toBe(5);
});
