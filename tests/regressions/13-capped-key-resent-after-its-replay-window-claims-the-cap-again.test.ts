import { beforeEach, describe, expect, it } from '@jest/globals';
import { purgeExpired } from 'backend/inbox/retention';
import { sendToParticipant } from 'backend/inbox/send';
import { family } from 'backend/inbox-family';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// A key sent again after its replay window starts a new round (send.ts `newRound`). That new round is a new send, not a
// retry of the old one, but holdsCap (frequency-cap.ts) lets any claim naming the intent's key through:
// - once-per-24h: the chain's newest link names the key, so the new round sends without claiming a link, whatever
//   the link's age; the chain still ends in the old link, so any other send minutes later claims the next link and
//   sends too: two greetings within minutes.
// - once-per-participant: the one claim names the key, so the new round sends the template a second time.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-03-01T08:00:00Z'));
});
const HOUR = 60 * 60 * 1000;

describe('a capped template resent under the same key after the replay window', () => {
  it('once-per-24h: the resend claims a new link, so another greeting minutes later is skipped', async () => {
    const ann = seedMember(site, { email: 'ann@example.com', firstName: 'Ann' });
    const deps = siteDependencies(site);
    const greet = (key: string) =>
      site.as(callers.eventHandler(), () => sendToParticipant(deps, { memberId: ann.memberId }, { template: 'welcome-back', vars: { name: 'Ann' } }, { idempotencyKey: key }));

    await expect(greet('greet-ann')).resolves.toMatchObject({ status: 'sent' });
    site.clock.advance(25 * HOUR);
    // A day later the same key sends again (its replay window is over): allowed, the last greeting was 25 h ago.
    await expect(greet('greet-ann')).resolves.toMatchObject({ status: 'sent', deduplicated: false });
    site.clock.advance(60_000);
    // One minute later, another greeting must be held back by the cap.
    await expect(greet('greet-ann-other')).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
    expect(site.inbox.conversationOf({ memberId: ann.memberId })?.messageCount).toBe(2);
  });

  it('once-per-participant: the welcome is not sent a second time by a resend of its key', async () => {
    const bob = seedMember(site, { email: 'bob@example.com', firstName: 'Bob' });
    const deps = siteDependencies(site);
    const welcome = () =>
      site.as(callers.eventHandler(), () =>
        sendToParticipant(deps, { memberId: bob.memberId }, { template: 'welcome', vars: { name: 'Bob' } }, { idempotencyKey: `member-created:${bob.memberId}` }),
      );

    await expect(welcome()).resolves.toMatchObject({ status: 'sent' });
    site.clock.advance(25 * HOUR);
    await expect(welcome()).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
    expect(site.inbox.conversationOf({ memberId: bob.memberId })?.messageCount).toBe(1);
  });

  it('once-per-participant: nor by a resend of its key after housekeeping removed the intent (the claim is kept for ever)', async () => {
    const cy = seedMember(site, { email: 'cy@example.com', firstName: 'Cy' });
    const deps = siteDependencies(site);
    const welcome = () =>
      site.as(callers.eventHandler(), () =>
        sendToParticipant(deps, { memberId: cy.memberId }, { template: 'welcome', vars: { name: 'Cy' } }, { idempotencyKey: `member-created:${cy.memberId}` }),
      );

    await expect(welcome()).resolves.toMatchObject({ status: 'sent' });
    site.clock.advance(31 * 24 * HOUR);
    await site.as(callers.job(), () => purgeExpired(family.housekeeping, deps.clock));
    expect(site.data.inspectCollection('InboxOutbox')).toEqual([]);
    // A new intent under the old key (round 0 again): the claim names the key, but not this intent.
    await expect(welcome()).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
    expect(site.inbox.conversationOf({ memberId: cy.memberId })?.messageCount).toBe(1);
  });
});
