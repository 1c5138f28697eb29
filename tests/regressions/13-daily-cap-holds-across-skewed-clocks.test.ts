import { beforeEach, expect, it } from '@jest/globals';
import type { AccessDependencies } from 'backend/inbox/access';
import { sendToParticipant } from 'backend/inbox/send';
import { MAX_CLOCK_SKEW_MS } from 'backend/inbox/visitor-limits';
import { inboxDependencies } from 'backend/wix/composition';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

// "no 24 hours ever hold two greetings however many sends race" (README, Frequency caps). A once-per-24h link is
// stamped with the claiming container's clock and the next link is judged by the next container's clock
// (frequency-cap.ts nextSeq: `at - newest.at < DAY_MS`), with no allowance for skew. The visitor limits hold under the
// 60 s skew the project allows between containers (MAX_CLOCK_SKEW_MS, note 0025); the daily cap does not: a link
// stamped by a container 30 s behind, judged by one 30 s ahead, lets a second greeting out 23 h 59 min 15 s after the
// first, by real time.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-05-01T09:00:00Z'));
});
const DAY = 24 * 60 * 60 * 1000;
const container = (skewMs: number): AccessDependencies =>
  inboxDependencies({ clock: { now: () => new Date(site.clock.nowMs() + skewMs), sleep: (ms) => site.clock.sleep(ms) } });

it(`holds two greetings a real day apart under ±${MAX_CLOCK_SKEW_MS / 2000} s of skew between containers`, async () => {
  const ann = seedMember(site, { email: 'ann@example.com', firstName: 'Ann' });
  const greet = (deps: AccessDependencies, key: string) =>
    site.as(callers.eventHandler(), () => sendToParticipant(deps, { memberId: ann.memberId }, { template: 'welcome-back', vars: { name: 'Ann' } }, { idempotencyKey: key }));

  await expect(greet(container(-MAX_CLOCK_SKEW_MS / 2), 'greet-1')).resolves.toMatchObject({ status: 'sent' });
  site.clock.advance(DAY - 45_000);
  await greet(container(MAX_CLOCK_SKEW_MS / 2), 'greet-2');

  const sentAt = site.journal.entries((e) => e.operation === 'inbox.sendMessage' && e.outcome === 'ok').map((e) => Date.parse(e.at));
  const inOneDay = Math.max(...sentAt.map((t) => sentAt.filter((u) => u >= t && u - t < DAY).length));
  expect(inOneDay).toBe(1);
});
