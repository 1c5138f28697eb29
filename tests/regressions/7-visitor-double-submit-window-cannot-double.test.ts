import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  seedContact(site, { email: 'ivy@example.com' });
});

const submit = (visitorId = 'v-ivy', name = 'Ivy') =>
  site.as(callers.visitor(visitorId), () => sendToParticipant({ email: 'ivy@example.com', name }, { template: 'form-received', vars: { name, formName: 'Contact us' } }));
const at = (time: string) => site.clock.set(new Date(`2030-01-01T${time}Z`));
const acknowledgements = () => site.journal.count('inbox.sendMessage', 'ok');

describe("a visitor's double submit", () => {
  it('is acknowledged once when the two submits straddle a ten-minute clock boundary (09:09:59.9 and 09:10:00.1)', async () => {
    at('09:09:59.900');
    await expect(submit()).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    at('09:10:00.100');
    await expect(submit()).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(acknowledgements()).toBe(1);
  });

  it('is acknowledged once for any resubmit within ten minutes of the FIRST submit, wherever the clock stands', async () => {
    at('09:05:00');
    await submit();
    at('09:12:00');
    await submit();
    at('09:14:59.999');
    await submit();
    expect(acknowledgements()).toBe(1);
  });

  it('is acknowledged again ten minutes (and the one-minute clock-skew bound) after the first submit: resubmits in between do not extend the claim', async () => {
    at('09:05:00');
    await submit();
    at('09:15:30');
    await submit();
    at('09:16:00');
    await submit();
    expect(acknowledgements()).toBe(2);
  });

  it('is acknowledged once when identical submits race', async () => {
    at('09:09:59.950');
    const outcomes = await Promise.all([submit(), submit(), submit(), submit()]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(acknowledgements()).toBe(1);
  });

  it('does not swallow a different message or another visitor', async () => {
    at('09:00:00');
    await submit('v-ivy', 'Ivy');
    await submit('v-ivy', 'Ivy Rose');
    await submit('v-other', 'Ivy');
    expect(acknowledgements()).toBe(3);
  });
});
