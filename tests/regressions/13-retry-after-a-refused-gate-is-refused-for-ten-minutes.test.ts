import { beforeEach, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

// Claim (the session brief): "a retry after a failure acknowledged once (not refused for ten minutes with nothing
// sent)"; README: "a later submit … is a new one" once the limits allow it.
//
// Two visitors acknowledge the same person at once while the person's day holds 4 of 5. Both read room; the other
// visitor's take wins the fifth slot, and this visitor's gate take (beside its intent insert) is refused: its intent
// ends dead "its visitor limit refused it" and it is answered RATE_LIMITED — right so far. Two minutes later the
// person's oldest slot leaves the day and the visitor presses Send again. Since a40b191 the refused call keeps its
// double-submit slot (access.ts:202 gives back only the limit slots), so the retry is a resubmit under the dead
// intent's key: it takes the person's slot (allowed, there is room), then the send replays the dead outcome
// (send.ts replay) and the call answers RATE_LIMITED again, giving its slots back. Every identical submit is refused
// that way until the double-submit window of the REFUSED call ends, ten (eleven) minutes later, with nothing sent and
// the limit open. Before a40b191 the refused call gave its submission slot back and the retry was a new submit.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  seedContact(site, { emails: ['lea@example.com', 'lea.work@example.com', 'lea.home@example.com'] });
});

const at = (iso: string) => site.clock.set(new Date(iso));
const form = { template: 'form-received', vars: {} } as const;
const acknowledge = (visitor: string, email: string) => site.as(callers.visitor(visitor), () => sendToParticipant({ email }, form));
const messages = () => site.journal.count('inbox.sendMessage', 'ok');

it('a retry after a refused gate is acknowledged once the person has room, not refused until the window ends', async () => {
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

  // 09:03: yesterday's 09:00 slot has left the day (a day and a minute): the person has room again.
  at('2030-06-01T09:03:00Z');
  const retry = await acknowledge('v-1', 'lea@example.com');
  // Before the fix: { ok: false, error: { code: 'RATE_LIMITED' } } — and so until 09:11:30, with nothing sent. Now the
  // resubmit finds the dead intent sent nothing and starts a new round of its key (send.ts resubmitDead).
  expect(retry).toEqual({ ok: true, value: { status: 'sent' } });
  expect(messages()).toBe(6);
  // The retry's round is gated on the retry's own person slot, the one slot this acknowledgement counts: six
  // acknowledgements, six person slots (the refused take wrote none).
  const [row] = (site.data.inspectCollection(OUTBOX_COLLECTION) as { status: string; round: number; gate?: { owner: string } }[]).filter((r) => r.round === 1);
  expect(row).toMatchObject({ status: 'sent', gate: { owner: expect.any(String) } });
  const slots = (site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string; owner?: string; released?: boolean }[]).filter((r) => r.key.startsWith('recipient:contact:') && r.released !== true);
  expect(slots).toHaveLength(6);
  expect(slots.filter((r) => r.owner === row?.gate?.owner)).toHaveLength(1);

  // The double-submit window still merges: the same submit again within it is answered from that acknowledgement.
  at('2030-06-01T09:05:00Z');
  await expect(acknowledge('v-1', 'lea@example.com')).resolves.toEqual({ ok: true, value: { status: 'sent' } });
  expect(messages()).toBe(6);
});
