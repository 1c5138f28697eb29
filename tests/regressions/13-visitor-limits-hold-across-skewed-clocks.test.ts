import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendAsCaller, type AccessDependencies } from 'backend/inbox/access';
import { MAX_CLOCK_SKEW_MS } from 'backend/inbox/visitor-limits';
import { inboxDependencies } from 'backend/wix/composition';
import { Random, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { startSiteWithCode } from '../support/site-with-code';

// Every limit counted the rows stamped within its window by the taking container's own clock. A row stamped by a
// container 30 s behind left that window 30 s early for everyone: one visitor ID got 10 acknowledgements within an
// hour (5 allowed). Takes now count a window plus the skew bound (60 s between any two containers).
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-05-01T09:00:00Z'));
});

const HOUR = 60 * 60 * 1000;
let n = 0;
/** A backend container whose clock is `skewMs` off the real (the site's) time. */
const container = (skewMs: number): AccessDependencies =>
  inboxDependencies({ clock: { now: () => new Date(site.clock.nowMs() + skewMs), sleep: (ms) => site.clock.sleep(ms) } });
/** One visitor acknowledging forms sent to different people: only the per-visitor limit (5 an hour) matters. */
const acknowledge = (deps: AccessDependencies, visitorId = 'v-skew') => {
  n += 1;
  return site.as(callers.visitor(visitorId), () =>
    sendAsCaller(deps, { email: `person${n}@example.com` }, { template: 'form-received', vars: {} }, undefined).then(
      () => 'sent' as const,
      (error: { code?: string }) => error.code ?? 'error',
    ),
  );
};
/** Acknowledgements that went out, by real (site) time. */
const sentAt = () => site.journal.entries((e) => e.operation === 'inbox.sendMessage' && e.outcome === 'ok').map((e) => Date.parse(e.at));
const mostInAnyHour = (times: readonly number[]) => Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u - t < HOUR).length));

describe('visitor limits across backend containers whose clocks disagree', () => {
  it('a container 30 s behind and one on time together send one visitor ID 5 acknowledgements an hour, not 10', async () => {
    const behind = container(-30_000);
    const onTime = container(0);
    for (let i = 0; i < 5; i += 1) await expect(acknowledge(behind)).resolves.toBe('sent');
    site.clock.advance(HOUR - 15_000);
    for (let i = 0; i < 5; i += 1) await acknowledge(onTime);
    expect(mostInAnyHour(sentAt())).toBe(5);
  });

  it(`holds for any skews within ±${MAX_CLOCK_SKEW_MS / 2000} s of the real time (seeded sweep)`, async () => {
    const failing: string[] = [];
    for (let seed = 1; seed <= 20; seed += 1) {
      site = startSiteWithCode();
      site.clock.set(new Date('2030-05-01T09:00:00Z'));
      const random = new Random(seed);
      const containers = Array.from({ length: 3 }, () => container(Math.round((random.next() - 0.5) * MAX_CLOCK_SKEW_MS)));
      for (let i = 0; i < 16; i += 1) {
        await acknowledge(containers[Math.floor(random.next() * containers.length)] as AccessDependencies, `v-${seed}`);
        // Bursts, and gaps of just under an hour: where a row aging out early would let a burst through.
        site.clock.advance(random.next() < 0.6 ? Math.floor(random.next() * 30_000) : HOUR - Math.floor(random.next() * 90_000));
      }
      const most = mostInAnyHour(sentAt());
      if (most > 5) failing.push(`seed ${seed}: ${most} acknowledgements within an hour`);
    }
    expect(failing).toEqual([]);
  });
});
