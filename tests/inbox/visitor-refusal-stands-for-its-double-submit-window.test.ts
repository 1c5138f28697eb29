import { beforeEach, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

// A refusal stands for the ten minutes of its submit. A visitor whose acknowledgement the person's limit refused (the
// gate take beside its intent insert lost the last slot to another acknowledgement) keeps its double-submit slot, as
// every call does: a racing identical submit may be sending under its name. An identical submit within those ten
// minutes is that submit again and is answered from it, RATE_LIMITED, with nothing sent, even once the person's limit
// has room; after them it is a new submit. (Starting a new round of the dead acknowledgement for such a resubmit was
// tried: the round's gate then came from whichever resubmit wrote the row last, and a contended resubmit gave back
// the slot its message went out on. Decision 0029.)
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  seedContact(site, { emails: ['lea@example.com', 'lea.work@example.com', 'lea.home@example.com'] });
});

const at = (iso: string) => site.clock.set(new Date(iso));
const form = { template: 'form-received', vars: {} } as const;
const acknowledge = (visitor: string, email: string) => site.as(callers.visitor(visitor), () => sendToParticipant({ email }, form));
const messages = () => site.journal.count('inbox.sendMessage', 'ok');

it('answers an identical submit within ten minutes of a refused one from that refusal, and a submit after them anew', async () => {
  // Yesterday 09:00 one acknowledgement, 15:00 three more: the person holds 4 of 5 until 09:01 today.
  at('2030-05-31T09:00:00Z');
  await expect(acknowledge('v-a', 'lea.home@example.com')).resolves.toEqual({ ok: true, value: { status: 'sent' } });
  at('2030-05-31T15:00:00Z');
  for (const v of ['v-b', 'v-c', 'v-d']) await expect(acknowledge(v, 'lea.home@example.com')).resolves.toEqual({ ok: true, value: { status: 'sent' } });

  // 09:00:30 today: v-1's gate take (the person's slot, beside its intent insert) races v-2's whole acknowledgement,
  // which takes the fifth slot first.
  at('2030-06-01T09:00:30Z');
  let raced = false;
  site.faults.interleave('data.insert', async (args) => {
    const row = args[1] as { key?: string; owner?: string };
    if (raced || args[0] !== RATE_LIMITS_COLLECTION || !String(row.key).startsWith('recipient:contact:') || row.owner === undefined) return;
    raced = true;
    await expect(acknowledge('v-2', 'lea.work@example.com')).resolves.toEqual({ ok: true, value: { status: 'sent' } });
  }, Number.POSITIVE_INFINITY);
  await expect(acknowledge('v-1', 'lea@example.com')).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  site.faults.clear();
  expect(raced).toBe(true);
  expect((site.data.inspectCollection(OUTBOX_COLLECTION) as { status: string }[]).filter((r) => r.status === 'dead')).toHaveLength(1);
  expect(messages()).toBe(5);

  // 09:03: yesterday's 09:00 slot has left the day (a day and a minute): the person has room again, but the same submit
  // within the refused one's window is that submit again.
  at('2030-06-01T09:03:00Z');
  await expect(acknowledge('v-1', 'lea@example.com')).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  expect(messages()).toBe(5);

  // 09:11:31: past the refused submit's ten minutes and the skew minute: a new submit, acknowledged.
  at('2030-06-01T09:11:31Z');
  await expect(acknowledge('v-1', 'lea@example.com')).resolves.toEqual({ ok: true, value: { status: 'sent' } });
  expect(messages()).toBe(6);
});
