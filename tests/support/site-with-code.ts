import { afterEach, jest } from '@jest/globals';
import * as siteEvents from 'backend/events';
import { inboxDependencies } from 'backend/wix/composition';
import type { AccessDependencies } from 'backend/inbox/access';
import { type EventHandlers, Random, type Site, type SiteOptions } from 'wix-emulator';
import { defineProjectCollections } from '../../scripts/workbench/site-code';
import { captureLogs, type CapturedLogs } from './captured-logs';
import { startSite } from './emulator';
import { followSiteClock, stopFollowingSiteClock } from './follow-site-clock';

export { followSiteClock } from './follow-site-clock';

/**
 * A fresh emulated site running this project's backend: its events module is wired in, the collections the backend
 * needs exist (admin-only, as the README tells site owners to create them), and the process's Date follows the site's
 * clock so "once a day" rules can be tested by moving the clock.
 */
export function startSiteWithCode(options: SiteOptions & { eventHandlers?: EventHandlers } = {}): Site {
  const site = startSite({ eventHandlers: siteEvents, ...options });
  current = site;
  logs = captureLogs();
  defineProjectCollections(site);
  followSiteClock(site);
  return site;
}

let current: Site | undefined;
let logs: CapturedLogs | undefined;

/** What the site's code logged during this test (console is captured by startSiteWithCode). */
export function siteLogs(): string[] {
  return logs?.lines() ?? [];
}

/** The backend's dependencies on this site's clock (waiting advances it) and a seeded random: repeatable runs. */
export function siteDependencies(site: Site, seed = 7): AccessDependencies {
  const random = new Random(seed);
  return inboxDependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) }, random: () => random.next() });
}

afterEach(async () => {
  // Event handlers run after the operation that fired them; let them finish (and fail loudly) inside the test's time.
  const site = current;
  current = undefined;
  await site?.events.settle();
  stopFollowingSiteClock();
  jest.useRealTimers();
});
