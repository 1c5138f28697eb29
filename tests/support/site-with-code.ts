import { afterEach, jest } from '@jest/globals';
import * as siteEvents from 'backend/events';
import { DELIVERIES_COLLECTION, RATE_LIMITS_COLLECTION } from 'backend/wix/velo-stores';
import type { EventHandlers } from '../../emulator/site/events';
import type { Site, SiteOptions } from '../../emulator/site/site';
import { captureLogs, type CapturedLogs } from './captured-logs';
import { startSite } from './emulator';

/**
 * A fresh emulated site running this project's backend: its events module is wired in, the collections the backend
 * needs exist (admin-only, as the README tells site owners to create them), and the process's Date follows the site's
 * clock so "once a day" rules can be tested by moving the clock.
 */
export function startSiteWithCode(options: SiteOptions & { eventHandlers?: EventHandlers } = {}): Site {
  const site = startSite({ eventHandlers: siteEvents, ...options });
  current = site;
  logs = captureLogs();
  for (const name of [DELIVERIES_COLLECTION, RATE_LIMITS_COLLECTION]) {
    site.data.defineCollection(name, { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });
  }
  followSiteClock(site);
  return site;
}

let stopFollowing: (() => void) | undefined;
let current: Site | undefined;
let logs: CapturedLogs | undefined;

/** What the site's code logged during this test (console is captured by startSiteWithCode). */
export function siteLogs(): string[] {
  return logs?.lines() ?? [];
}

/** Fakes Date only (timers stay real, so awaiting still works) and keeps it equal to the site's clock. */
export function followSiteClock(site: Site): void {
  stopFollowing?.();
  jest.useFakeTimers({
    doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
  });
  stopFollowing = site.clock.onChange((now) => jest.setSystemTime(now));
}

afterEach(async () => {
  // Event handlers run after the operation that fired them; let them finish (and fail loudly) inside the test's time.
  const site = current;
  current = undefined;
  await site?.events.settle();
  stopFollowing?.();
  stopFollowing = undefined;
  jest.useRealTimers();
});
