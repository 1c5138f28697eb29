import { beforeEach, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

let n = 0;
const acknowledge = () => {
  n += 1;
  return site.as(callers.visitor(`v-script-${n}`), () => sendToParticipant({ email: `target${n}@example.com` }, { template: 'form-received' }));
};
const at = (time: string) => site.clock.set(new Date(`2030-01-01T${time}Z`));

it('the site-wide visitor limit holds across the hour boundary: 200 at 10:59:59 leave none for 11:00:00.5', async () => {
  at('10:59:59');
  for (let i = 0; i < 200; i += 1) await expect(acknowledge()).resolves.toMatchObject({ ok: true });
  at('11:00:00.500');
  await expect(acknowledge()).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  at('12:00:58.999');
  await expect(acknowledge()).resolves.toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  // One hour after the oldest acknowledgement counted, plus the clock-skew bound between containers (a minute), room
  // opens again.
  at('12:00:59.001');
  await expect(acknowledge()).resolves.toMatchObject({ ok: true });
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(201);
}, 120_000);
