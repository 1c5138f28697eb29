import { afterEach, jest } from '@jest/globals';
import { Random, type Site, type SiteOptions } from 'wix-emulator';
import { type InstalledSiteRepo, installSiteRepo, type SiteRepo } from 'wix-emulator/site-repo';
import { builtSiteRepo } from './built-repo';
import { captureLogs, type CapturedLogs } from './captured-logs';
import { startSite } from './emulator';
import { followSiteClock, stopFollowingSiteClock } from './follow-site-clock';

export interface BuiltSite {
  readonly site: Site;
  readonly repo: SiteRepo;
  readonly installed: InstalledSiteRepo;
}

let current: Site | undefined;
let logs: CapturedLogs | undefined;

/**
 * A fresh emulated site running this project's BUILT JavaScript through the emulator's site-repo loader, as Wix would
 * load it: events.js handlers in the forms Wix calls, page code per page, the site's clock as its `Date`. The
 * collections the backend needs are created admin-only, as the README tells site owners to (the build declares them in
 * the repo's wix-emulator.json).
 */
export function startBuiltSite(options: SiteOptions & { root?: string } = {}): BuiltSite {
  const { root = builtSiteRepo(), ...siteOptions } = options;
  const site = startSite(siteOptions);
  current = site;
  logs = captureLogs();
  // The collections the backend needs come from the repo's wix-emulator.json, which the build wrote.
  const installed = installSiteRepo(site, root, (line) => console.warn(line));
  const { repo } = installed;
  followSiteClock(site);
  return { site, repo, installed };
}

/** What the site's code (and the loader) logged during this test. */
export function builtSiteLogs(): string[] {
  return logs?.lines() ?? [];
}

afterEach(async () => {
  const site = current;
  current = undefined;
  await site?.events.settle();
  stopFollowingSiteClock();
  jest.useRealTimers();
});

type EventHandlersModule = typeof import('backend/inbox/event-handlers');
type CompositionModule = typeof import('backend/wix/composition');

/**
 * velo-inbox's event handlers from the BUILT modules, composed with non-default settings (auto-acknowledgement) or
 * wired to this site's clock and a seeded random, for tests that call a handler directly with a crafted event.
 */
export function builtEventHandlers(built: BuiltSite, settings?: Parameters<EventHandlersModule['createEventHandlers']>[2]) {
  const { repo, site } = built;
  const { createEventHandlers } = repo.backendModule('backend/inbox/event-handlers') as unknown as EventHandlersModule;
  const { inboxDependencies } = repo.backendModule('backend/wix/composition') as unknown as CompositionModule;
  const random = new Random(7);
  const deps = inboxDependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) }, random: () => random.next() });
  return createEventHandlers(deps, { info: () => undefined }, settings);
}
