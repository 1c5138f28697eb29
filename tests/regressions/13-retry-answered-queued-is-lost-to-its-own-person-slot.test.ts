import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox.web';
import { OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// Claims (README "What a visitor may do"): "an acknowledgement answered sent/queued never lost",
// "a retry after a failure acknowledged once", and per recipient "5 a day" counting only acknowledgements that go out.
//
// A first submit stores its intent gated on the person's slot (owner X). Its gate take fails with a 503 (nothing
// written) and the intent insert's answer is lost (the row was written): the visitor is answered INBOX_UNAVAILABLE.
// The visitor retries two minutes later (past the first attempt's one-minute lease). The retry finds the double-submit
// slot held and takes the full path as a RESUBMIT (access.ts:172): it takes the person's slot for itself first
// (`person.take()`, unowned), then finds the first submit's intent unfinished and not live and works it itself
// (send.ts again → deliver): the fenced attempt 1 makes it wait (`queued`), and since it did not merely replay another
// call's send (`deduplicated` is false) its own slot stays taken (access.ts:209). Whoever then sends the intent finds
// its gate slot not held and retakes it (delivery.ts heldOrTaken) against a window that counts the retry's own slot
// for the same acknowledgement. With the person at 4 of 5 the retake is refused: the intent ends dead "its visitor
// limit refused it". The visitor was told `queued`; nothing is ever sent; the person's window holds 5 slots for 4
// acknowledgements.
//
// Since the fourth review (13-acknowledgement-answered-queued-without-its-slot-is-refused-by-the-job), `queued` is
// answered for a gated acknowledgement only while its gate slot is held: this retry found the slot neither held nor
// taken (the first submit's take failed, and the fenced attempt made the retry wait before it reached the gate), so
// it now answers INBOX_UNAVAILABLE, not `queued` (it expected `queued` before). The intent stays in the outbox and the
// job still takes the gate slot again and delivers it, once, on one slot: what this test is about is unchanged.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-06-01T09:00:00Z'));
  // One person, two emails: four acknowledgements to the other email fill the PERSON's limit to 4 of 5 while this
  // email's own limit is empty.
  seedContact(site, { emails: ['ana@example.com', 'ana.work@example.com'] });
});

const form = { template: 'form-received', vars: {} } as const;
const acknowledge = (visitor: string, email: string) => site.as(callers.visitor(visitor), () => sendToParticipant({ email }, form));
const messages = () => site.journal.count('inbox.sendMessage', 'ok');
const runJob = () => site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
const personSlots = () =>
  (site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string; released?: boolean }[]).filter((r) => r.key.startsWith('recipient:contact:') && r.released !== true).length;

// 4 earlier acknowledgements: the retake was refused (the acknowledgement lost). 1: with room below the limit the
// same path cost the person two slots for one acknowledgement.
it.each([4, 1])('a retry after INBOX_UNAVAILABLE answered queued is delivered, not refused by the slot the retry took for it (%i earlier)', async (earlier) => {
  for (let i = 1; i <= earlier; i += 1) await expect(acknowledge(`v-${i}`, 'ana.work@example.com')).resolves.toEqual({ ok: true, value: { status: 'sent' } });
  expect(personSlots()).toBe(earlier);

  // The first submit: its person-slot insert fails (503, nothing written), its intent insert's answer is lost.
  let slotFailed = false;
  let outboxLost = false;
  site.faults.interleave('data.insert', (args) => {
    const row = args[1] as { key?: string };
    if (!slotFailed && args[0] === RATE_LIMITS_COLLECTION && String(row.key).startsWith('recipient:contact:')) {
      slotFailed = true;
      site.faults.inject('data.insert', { status: 503, times: 1 });
    } else if (!outboxLost && args[0] === OUTBOX_COLLECTION) {
      outboxLost = true;
      site.faults.inject('data.insert', { responseLost: true, times: 1 });
    }
  }, Number.POSITIVE_INFINITY);
  const first = await acknowledge('v-9', 'ana@example.com');
  expect(first).toMatchObject({ ok: false, error: { code: 'INBOX_UNAVAILABLE' } });
  site.faults.clear();
  expect(personSlots()).toBe(earlier);

  // The visitor presses Send again two minutes later.
  site.clock.advance(2 * 60 * 1000);
  const retry = await acknowledge('v-9', 'ana@example.com');
  expect(retry).toMatchObject({ ok: false, error: { code: 'INBOX_UNAVAILABLE' } });

  site.clock.advance(60 * 60 * 1000);
  await runJob();
  // Before the fix, with 4 earlier: 4 messages, the row dead "its visitor limit refused it"; with 1 earlier: sent, but
  // 3 person slots for 2 acknowledgements. Now the resubmit takes no slot of its own when the intent it works is gated.
  expect((site.data.inspectCollection(OUTBOX_COLLECTION) as { status: string }[]).map((r) => r.status)).toEqual(Array(earlier + 1).fill('sent'));
  expect(messages()).toBe(earlier + 1);
  // One slot per acknowledgement: the gate's, taken again under its owner by the job that sent it.
  expect(personSlots()).toBe(earlier + 1);
});
