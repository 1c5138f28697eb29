import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox.web';
import { OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// Claims: README "Results": `queued` "when Wix kept failing for the whole call (the intent is safe in the outbox; the
// job delivers it)"; per recipient "5 a day".
//
// A first submit stores its gated intent, but its person-slot insert fails (503, nothing written) and wix-data keeps
// failing the gate's re-reads for the rest of the call (delivery.ts heldOrTaken: `holds` is a query). The call's
// budget runs out and it answers `queued` — holding no slot on the person's key. Five other visitors then acknowledge
// the same person at her other email; each finds the person's day empty of this one and is sent. The job's retake of the queued
// acknowledgement's slot is refused (the day is full), and the acknowledgement the visitor was told is queued ends dead
// "its visitor limit refused it": a promised message lost. (Either it must be counted before the call promises it, or
// the call must not answer `queued` while its gate slot is neither held nor taken.)
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-06-01T09:00:00Z'));
  // One person, two emails: the person's own key is the only limit the two emails share.
  seedContact(site, { emails: ['ana@example.com', 'ana.work@example.com'] });
});

const form = { template: 'form-received', vars: {} } as const;
const acknowledge = (visitor: string, email = 'ana@example.com') => site.as(callers.visitor(visitor), () => sendToParticipant({ email }, form));
const runJob = () => site.as(callers.job(), () => drainOutbox(siteDependencies(site)));

it('an acknowledgement answered queued is delivered, not refused later by a day it was not counted in', async () => {
  let slotFailed = false;
  site.faults.interleave('data.insert', (args) => {
    const row = args[1] as { key?: string };
    if (!slotFailed && args[0] === RATE_LIMITS_COLLECTION && String(row.key).startsWith('recipient:contact:')) {
      slotFailed = true;
      site.faults.inject('data.insert', { status: 503, times: 1 });
    }
  }, Number.POSITIVE_INFINITY);
  // The gate's re-reads (`holds`: a query of the person's key by owner) fail for the rest of the call.
  site.faults.interleave('data.query', (args) => {
    if (slotFailed && JSON.stringify(args[0]).includes('"owner"')) site.faults.inject('data.query', { status: 503, times: 1 });
  }, Number.POSITIVE_INFINITY);
  const first = await acknowledge('v-9');
  site.faults.clear();
  expect(first).toEqual({ ok: true, value: { status: 'queued' } });

  const others: unknown[] = [];
  for (let i = 1; i <= 5; i += 1) {
    site.clock.advance(60 * 1000);
    others.push(await acknowledge(`v-${i}`, 'ana.work@example.com'));
  }
  site.clock.advance(60 * 60 * 1000);
  await runJob();
  const rows = site.data.inspectCollection(OUTBOX_COLLECTION) as { _id: string; status: string; deadReason?: string }[];
  const promised = rows.find((r) => r._id.startsWith('submit:v-9:'));
  // The promise is kept, and the person's day holds at most five.
  expect(promised?.status).toBe('sent');
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBeLessThanOrEqual(5);
});
