import { expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

it('a once-per-24h template sent four times at once on day 2 greets once more, not four times', async () => {
  const site = startSiteWithCode();
  const { memberId } = seedMember(site, { email: 'dee@example.com' });
  const greet = (key: string) =>
    site.as(callers.eventHandler(), () =>
      sendToParticipant(siteDependencies(site), { memberId }, { template: 'welcome-back', vars: { name: 'Dee' } }, { idempotencyKey: key }),
    );
  await expect(greet('day-1')).resolves.toMatchObject({ status: 'sent' });
  site.clock.advance(25 * 60 * 60 * 1000);

  const day2 = await Promise.all(['a', 'b', 'c', 'd'].map((k) => greet(`day-2-${k}`)));

  expect(day2.map((r) => r.status).sort()).toEqual(['sent', 'skipped', 'skipped', 'skipped']);
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(2);
});
