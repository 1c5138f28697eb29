import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant, type SendOptions } from 'backend/inbox/send';
import { inboxDependencies } from 'backend/wix/composition';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
let contactId: string;
beforeEach(() => {
  site = startSiteWithCode();
  contactId = seedContact(site, { email: 'ida@example.com' });
});

const send = (message: unknown, options: SendOptions, deps = siteDependencies(site)) =>
  site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, message, options));
const sentCount = () => site.journal.count('inbox.sendMessage', 'ok');

describe('idempotent sends', () => {
  it('answers a repeated key with the first result, marked deduplicated, and sends nothing more', async () => {
    const first = await send('Your order shipped', { idempotencyKey: 'order-42-shipped' });
    const second = await send('Your order shipped', { idempotencyKey: 'order-42-shipped' });

    expect(first).toMatchObject({ status: 'sent', deduplicated: false, key: 'order-42-shipped' });
    expect(second).toEqual({ ...first, deduplicated: true });
    expect(sentCount()).toBe(1);
  });

  it('refuses the same key with a different message: IDEMPOTENCY_CONFLICT', async () => {
    await send('Your order shipped', { idempotencyKey: 'order-43' });
    await expect(send('Your order was cancelled', { idempotencyKey: 'order-43' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      field: 'options.idempotencyKey',
    });
    expect(sentCount()).toBe(1);
  });

  it('sends again once the replay window (24 h by default) has passed', async () => {
    await send('Daily digest', { idempotencyKey: 'digest' });
    site.clock.advance(23 * 60 * 60 * 1000);
    await expect(send('Daily digest', { idempotencyKey: 'digest' })).resolves.toMatchObject({ deduplicated: true });
    site.clock.advance(2 * 60 * 60 * 1000);
    await expect(send('Daily digest', { idempotencyKey: 'digest' })).resolves.toMatchObject({ status: 'sent', deduplicated: false });
    expect(sentCount()).toBe(2);
  });

  it('takes its replay window from the settings', async () => {
    const shortWindow = inboxDependencies({
      clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) },
      settings: { replayWindowMs: 60_000 },
    });
    await send('Ping', { idempotencyKey: 'ping' }, shortWindow);
    site.clock.advance(61_000);
    await expect(send('Ping', { idempotencyKey: 'ping' }, shortWindow)).resolves.toMatchObject({ deduplicated: false });
  });

  it('replays a permanent failure instead of trying again', async () => {
    site.faults.inject('inbox.sendMessage', { status: 400, code: 'INVALID_MEDIA_URL' });
    await expect(send('Broken', { idempotencyKey: 'broken' })).rejects.toMatchObject({ code: 'MESSAGE_INVALID' });
    await expect(send('Broken', { idempotencyKey: 'broken' })).rejects.toMatchObject({ code: 'MESSAGE_INVALID', upstream: { status: 400 } });
    expect(site.journal.count('inbox.sendMessage')).toBe(1);
  });

  it('answers a repeat that arrives while another call is delivering the key from what is recorded, without racing it', async () => {
    const racing: Promise<unknown>[] = [];
    // While the first call is between lookup and send, the same key arrives again.
    site.faults.interleave('inbox.sendMessage', () => {
      racing.push(send('Race', { idempotencyKey: 'race' }));
    });
    const first = await send('Race', { idempotencyKey: 'race' });
    const second = await racing[0];
    expect(first).toMatchObject({ status: 'sent' });
    // "queued" while the first call is still on it, or its outcome once recorded: never a second attempt.
    expect(second).toMatchObject({ deduplicated: true });
    expect(['queued', 'sent']).toContain((second as { status: string }).status);
    expect(sentCount()).toBe(1);
  });

  it('refuses an empty or oversized key', async () => {
    await expect(send('x', { idempotencyKey: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'options.idempotencyKey' });
    await expect(send('x', { idempotencyKey: 'k'.repeat(201) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
