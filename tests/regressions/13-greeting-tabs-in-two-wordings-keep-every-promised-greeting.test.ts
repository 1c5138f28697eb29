import { expect, it } from '@jest/globals';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import type { Site } from 'wix-emulator';
import { callers, WIX_READ_LAG_MS } from '../support/emulator';
import { drainHourly, greetingsOf, injectGreetingFaults } from '../support/greeting-sweep';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * Tabs that log in at once while the member renames themselves word the greeting two ways. When the greeting's key
 * carried its wording, one tab could win the day's link while its intent insert failed, and the other tab's intent —
 * its page told `queued` — then found the link held by that other key and ended `skipped`: nobody greeted that day
 * (seeds 7, 19, 52, 57, 78 and 82 of these 100; the key now names only the member and the link, decision 0026).
 */
const SEEDS = 100;
const HOUR = 60 * 60 * 1000;

/** Three tabs at once, the middle one after the rename: what each page was answered. */
async function burst(site: Site, memberId: string): Promise<string[]> {
  return Promise.all(
    ['Mo', 'Moira', 'Mo'].map((firstName) => {
      const deps = siteDependencies(site);
      const session = { ...deps, identity: { ...deps.identity, sessionMember: async () => ({ memberId, firstName }) } };
      return site.as(callers.member(memberId), () => welcomeBackAsCaller(session)).then(
        (answer) => answer.status,
        (error: { code?: string }) => error.code ?? 'failed',
      );
    }),
  );
}

it(`tabs greeting in two wordings at once greet at most once a day and keep every greeting a page was told about (${SEEDS} seeds)`, async () => {
  const failures: string[] = [];
  for (let seed = 1; seed <= SEEDS; seed += 1) {
    const site = startSiteWithCode({ seed, readLagMs: WIX_READ_LAG_MS });
    const { memberId } = seedMember(site, { email: `m${seed}@example.com`, firstName: 'Mo' });
    let before = 0;
    for (const day of [1, 2]) {
      injectGreetingFaults(site);
      const answers = await burst(site, memberId);
      await drainHourly(site, 4);
      site.faults.clear();
      await drainHourly(site, 2);
      const greeted = greetingsOf(site, memberId) - before;
      const promised = answers.some((a) => a === 'sent' || a === 'queued');
      if (greeted > 1 || (promised && greeted !== 1)) failures.push(`seed ${seed} day ${day}: ${greeted} greetings for ${answers.join(', ')}`);
      before += greeted;
      site.clock.advance(25 * HOUR);
    }
    await site.events.settle();
  }
  expect(failures).toEqual([]);
}, 300_000);
