import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import type { RetryAnswer } from 'backend/inbox/retry-dead';
import { retryText } from 'public/inbox/owner-panel-text';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;
const KEY = 'order-17';

/**
 * What the owner's Retry answers, and the panel says, when Wix fails under it: "failed again" only for a new round
 * recorded dead; a lost answer whose write landed is queued (the job sends it); a failure before anything landed is
 * "not retried", and the message is still dead (retry-dead.ts afterRetryableFailure).
 */
describe("the owner's Retry when Wix fails under it", () => {
  async function deadMessage() {
    const site = startSiteWithCode();
    const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;
    const runJob = async () => {
      site.clock.advance(HOUR);
      return site.as(callers.job(), () => drainInboxOutbox());
    };
    const first = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));
    expect(first).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } });
    seedContact(site, { email: 'late@example.com' });
    return { site, asAdmin, sent, runJob };
  }

  it('says "not retried" when nothing of the retry landed, and the message stays dead until Retry is pressed again', async () => {
    const { site, asAdmin, sent, runJob } = await deadMessage();
    site.faults.inject('data.update', { status: 503, times: 1 });
    const retried = await asAdmin(() => retryDeadMessage(KEY));
    site.faults.clear();
    expect(retried).toEqual({ ok: true, value: { key: KEY, retried: false, status: 'dead', code: 'INBOX_UNAVAILABLE' } });
    expect(retryText((retried as { value: RetryAnswer }).value)).toMatch(/not retried.*still dead/);
    await runJob();
    expect(sent()).toBe(0);
    const again = await asAdmin(() => retryDeadMessage(KEY));
    expect(again).toMatchObject({ ok: true, value: { retried: true, status: 'sent' } });
    expect(sent()).toBe(1);
  });

  it('says queued when the claim landed and its answer was lost', async () => {
    const { site, asAdmin, sent, runJob } = await deadMessage();
    site.faults.inject('data.insert', { responseLost: true, times: 1 });
    const retried = await asAdmin(() => retryDeadMessage(KEY));
    site.faults.clear();
    expect(retried).toEqual({ ok: true, value: { key: KEY, retried: true, status: 'queued' } });
    expect(retryText((retried as { value: RetryAnswer }).value)).toBe(`${KEY}: queued; the hourly job delivers it.`);
    for (let run = 0; run < 2; run += 1) await runJob();
    expect(sent()).toBe(1);
  });

  it('words each answer for the panel', () => {
    expect(retryText({ key: KEY, retried: true, status: 'dead', code: 'PARTICIPANT_NOT_FOUND' })).toBe(`${KEY}: failed again (PARTICIPANT_NOT_FOUND).`);
    expect(retryText({ key: KEY, retried: true, status: 'skipped' })).toMatch(/frequency cap/);
    expect(retryText({ key: KEY, retried: true, status: 'queued', code: 'INBOX_UNAVAILABLE' })).toMatch(/not confirmed \(INBOX_UNAVAILABLE\)/);
    expect(retryText({ key: KEY, retried: false, status: 'dead' })).toBe(`${KEY}: another retry is under way.`);
    expect(retryText({ key: KEY, retried: false, status: 'dead', code: 'RATE_LIMITED' })).toBe(`${KEY}: not retried, Wix failed before the retry started (RATE_LIMITED); it is still dead, press Retry again.`);
    expect(retryText({ key: KEY, retried: false, status: 'queued' })).toBe(`${KEY}: another retry is under way.`);
    expect(retryText({ key: KEY, retried: false, status: 'sent' })).toBe(`${KEY} is not dead (sent): nothing to retry.`);
  });
});
