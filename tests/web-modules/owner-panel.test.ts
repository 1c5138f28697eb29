import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToMany, sendToParticipant } from 'backend/inbox.web';
import { inboxOverview, retryDeadMessage } from 'backend/inbox-owner.web';
import { overviewAsCaller, retryAsCaller } from 'backend/inbox/owner-access';
import { family } from 'backend/inbox-family';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
const overview = async () => {
  const result = await asAdmin(() => inboxOverview());
  if (!result.ok) throw new Error(`overview failed: ${result.error.code}`);
  return result.value;
};
const outboxRow = (key: string) => site.data.inspectCollection('InboxOutbox').find((item) => item._id === key) as { status?: string } | undefined;
const sentMessages = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;

/** A message to somebody the site does not know yet: it dies at once (PARTICIPANT_NOT_FOUND) and stays in the outbox. */
async function deadMessage(key = 'order-17') {
  const result = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: key }));
  expect(result).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } });
}

describe('the owner panel backend (backend/inbox-owner.web)', () => {
  it('counts what was delivered even while the CMS row still says pending, and says how many rows lag', async () => {
    seedContact(site, { email: 'ann@example.com' });
    // The row is written beside the result; when that write fails, the row lags until the next job run.
    site.faults.inject('data.update', { status: 503, times: 100 });
    await asAdmin(() => sendToParticipant({ email: 'ann@example.com' }, 'Hello', { idempotencyKey: 'hello-ann' }));
    site.faults.clear();

    const { counts, cacheBehind } = await overview();

    expect(outboxRow('hello-ann')?.status).toBe('pending');
    expect(counts).toMatchObject({ sent: 1, pending: 0, dead: 0 });
    expect(cacheBehind).toBe(1);
  });

  it('lists dead messages with their reason', async () => {
    await deadMessage();

    const { counts, dead } = await overview();

    expect(counts.dead).toBe(1);
    expect(dead).toEqual([expect.objectContaining({ key: 'order-17', reason: 'permanent failure: PARTICIPANT_NOT_FOUND', code: 'PARTICIPANT_NOT_FOUND' })]);
  });

  it('retries a dead message once it can go: one message, even when Retry is pressed twice', async () => {
    await deadMessage();
    seedContact(site, { email: 'late@example.com' });

    const first = await asAdmin(() => retryDeadMessage('order-17'));
    const second = await asAdmin(() => retryDeadMessage('order-17'));

    expect(first).toEqual({ ok: true, value: { key: 'order-17', retried: true, status: 'sent' } });
    expect(second).toEqual({ ok: true, value: { key: 'order-17', retried: false, status: 'sent' } });
    expect(sentMessages()).toBe(1);
    expect((await overview()).dead).toEqual([]);
  });

  it('sends once when two admins press Retry at the same moment', async () => {
    await deadMessage();
    seedContact(site, { email: 'late@example.com' });

    const answers = await Promise.all([asAdmin(() => retryDeadMessage('order-17')), asAdmin(() => retryDeadMessage('order-17'))]);

    expect(answers.filter((a) => a.ok && a.value.retried)).toHaveLength(1);
    await site.as(callers.job(), async () => (await import('backend/inbox-jobs')).drainInboxOutbox());
    expect(sentMessages()).toBe(1);
  });

  it('does nothing to a message that is not dead', async () => {
    seedContact(site, { email: 'bo@example.com' });
    await asAdmin(() => sendToParticipant({ email: 'bo@example.com' }, 'Hi', { idempotencyKey: 'hi-bo' }));

    await expect(asAdmin(() => retryDeadMessage('hi-bo'))).resolves.toEqual({ ok: true, value: { key: 'hi-bo', retried: false, status: 'sent' } });
    await expect(asAdmin(() => retryDeadMessage('no-such-key'))).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'key' } });
    expect(sentMessages()).toBe(1);
  });

  it("shows each recent broadcast's progress", async () => {
    seedContact(site, { email: 'c1@example.com' });
    seedContact(site, { email: 'c2@example.com' });
    await asAdmin(() => sendToMany([{ email: 'c1@example.com' }, { email: 'c2@example.com' }], 'Doors open at 9', { idempotencyKey: 'doors-9' }));

    const { broadcasts } = await overview();

    expect(broadcasts).toEqual([expect.objectContaining({ broadcastId: 'doors-9', total: 2, sent: 2, pending: 0, dead: 0 })]);
  });

  it.each([
    ['a visitor', () => callers.visitor('v-1')],
    ['a member', () => callers.member(seedMember(site, { email: 'mo@example.com' }).memberId)],
  ])('refuses %s at the door, and in the backend from the session, before reading anything', async (_who, who) => {
    await deadMessage();
    const caller = who();
    const readsBefore = site.journal.entries('data.query').length;

    await expect(site.as(caller, () => inboxOverview())).rejects.toThrow(/Forbidden/);
    await expect(site.as(caller, () => retryDeadMessage('order-17'))).rejects.toThrow(/Forbidden/);
    await expect(site.as(caller, () => overviewAsCaller(family.dependencies(), family.ownerView))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(site.as(caller, () => retryAsCaller(family.dependencies(), 'order-17'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });

    expect(site.journal.entries('data.query').length).toBe(readsBefore);
    expect(sentMessages()).toBe(0);
  });
});
