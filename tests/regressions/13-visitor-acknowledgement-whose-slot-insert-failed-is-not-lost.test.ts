import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox.web';
import { OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// A visitor's acknowledgement to a known contact is stored gated on the person's own limit slot (decision 0025), whose
// insert goes out beside the intent insert. When that one insert fails with a transient 503 (nothing written), no
// worker ever takes the slot again: every later attempt only READS whether the slot is held (`holds`), finds it is
// not, and ends the intent dead "its visitor limit slot was never taken".
// - With wix-data answering again at once, the visitor is told RATE_LIMITED while every limit is empty (0 of 5).
// - With wix-data failing the call's reads too, the call answers `queued` ("the intent is safe in the outbox; the job
//   delivers it"), and the job then ends it dead: an acknowledgement answered `queued` is lost.
//
// Since the fourth review (13-acknowledgement-answered-queued-without-its-slot-is-refused-by-the-job), the second case
// answers INBOX_UNAVAILABLE (retryable), not `queued` (it expected `queued` before): the call ends with its gate slot
// neither held nor taken, so it cannot promise the acknowledgement (a full day would refuse the job's retake). The job
// still takes the slot again and delivers it, as this test asks.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-06-01T09:00:00Z'));
  seedContact(site, { email: 'kim@example.com' });
});

const acknowledge = () => site.as(callers.visitor('v-1'), () => sendToParticipant({ email: 'kim@example.com' }, { template: 'form-received', vars: {} }));
const messages = () => site.journal.count('inbox.sendMessage', 'ok');
const runJob = () => site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
const outbox = () => site.data.inspectCollection(OUTBOX_COLLECTION) as { status: string; deadReason?: string }[];

/** The person's own slot insert (`recipient:contact:…`) fails once with a 503: nothing is written. */
function failThePersonsSlotInsertOnce(): void {
  let failed = false;
  site.faults.interleave('data.insert', (args) => {
    if (failed || args[0] !== RATE_LIMITS_COLLECTION || !String((args[1] as { key?: string }).key).startsWith('recipient:contact:')) return;
    failed = true;
    site.faults.inject('data.insert', { status: 503, times: 1 });
  }, Number.POSITIVE_INFINITY);
}

/** Every read of whether a gate slot is held (`holds`: key and owner) fails with a 503 while `on()`. */
function failEverySlotHoldsRead(on: () => boolean): void {
  site.faults.interleave('data.query', (args) => {
    const filter = (args[0] as { collection?: string; filter?: { op?: string; filters?: { field?: string }[] } });
    if (on() && filter.collection === RATE_LIMITS_COLLECTION && filter.filter?.op === 'and' && filter.filter.filters?.some((f) => f.field === 'owner')) {
      site.faults.inject('data.query', { status: 503, times: 1 });
    }
  }, Number.POSITIVE_INFINITY);
}

it('one transient 503 on the person slot insert is not answered RATE_LIMITED with every limit empty, and the acknowledgement goes out', async () => {
  failThePersonsSlotInsertOnce();
  const answer = await acknowledge();
  site.faults.clear();
  site.clock.advance(2 * 60 * 60 * 1000);
  await runJob();
  // Today: { ok: false, error: { code: 'RATE_LIMITED' } }, 0 messages, the intent dead.
  expect(answer).not.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  expect(messages()).toBe(1);
});

it('an acknowledgement answered INBOX_UNAVAILABLE (wix-data failing through the call) is still delivered by the job', async () => {
  failThePersonsSlotInsertOnce();
  let outage = true;
  failEverySlotHoldsRead(() => outage);
  const answer = await acknowledge();
  outage = false;
  site.faults.clear();
  expect(answer).toMatchObject({ ok: false, error: { code: 'INBOX_UNAVAILABLE' } });
  site.clock.advance(2 * 60 * 60 * 1000);
  await runJob();
  site.clock.advance(2 * 60 * 60 * 1000);
  await runJob();
  // Today: 0 messages; the outbox row reads dead, "its visitor limit slot was never taken".
  expect(outbox()).toEqual([expect.objectContaining({ status: 'sent' })]);
  expect(messages()).toBe(1);
});
