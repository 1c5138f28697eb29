import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

let n = 0;
/** One visitor acknowledging forms sent to different people (one each, so only the per-visitor limit of 5 matters). */
const acknowledge = (vars: Record<string, string> = {}, email?: string) => {
  n += 1;
  return site.as(callers.visitor('v-one'), () => sendToParticipant({ email: email ?? `person${n}@example.com` }, { template: 'form-received', vars }));
};
const sent = () => site.journal.count('inbox.sendMessage', 'ok');

describe("a visitor's rate-limit slots are spent only by acknowledgements that go out", () => {
  it('refused messages (MESSAGE_INVALID) take no slot', async () => {
    for (let i = 0; i < 5; i += 1) await expect(acknowledge({ link: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'MESSAGE_INVALID' } });
    for (let i = 0; i < 5; i += 1) await expect(acknowledge()).resolves.toMatchObject({ ok: true });
    await expect(acknowledge()).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(sent()).toBe(5);
  });

  it('sends that fail for good before anything reaches the participant (INBOX_UNAVAILABLE) give their slot back', async () => {
    site.faults.inject('inbox.getOrCreateConversation', { status: 403, times: 5 });
    for (let i = 0; i < 5; i += 1) await expect(acknowledge()).resolves.toMatchObject({ ok: false, error: { code: 'INBOX_UNAVAILABLE' } });
    for (let i = 0; i < 5; i += 1) await expect(acknowledge()).resolves.toMatchObject({ ok: true });
    await expect(acknowledge()).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(sent()).toBe(5);
  });

  it('a double submit answered by the first one spends nothing', async () => {
    for (let i = 0; i < 6; i += 1) await expect(acknowledge({}, 'same@example.com')).resolves.toMatchObject({ ok: true });
    for (let i = 0; i < 4; i += 1) await expect(acknowledge()).resolves.toMatchObject({ ok: true });
    await expect(acknowledge()).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(sent()).toBe(5);
  });

  it('an acknowledgement queued because Wix is busy keeps its slot: it will still go out', async () => {
    site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 10_000 });
    for (let i = 0; i < 5; i += 1) await expect(acknowledge()).resolves.toEqual({ ok: true, value: { status: 'queued' } });
    await expect(acknowledge()).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('racing refused, failing and valid requests never let more than the limit out', async () => {
    site.faults.inject('inbox.getOrCreateConversation', { status: 403, times: 4 });
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? acknowledge({ link: 'x' }) : acknowledge())),
    );
    expect(sent()).toBeLessThanOrEqual(5);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(sent());
  });
});
