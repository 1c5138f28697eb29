import { loadInboxConfig } from 'backend/inbox/config';
import { createEventHandlers } from 'backend/inbox/event-handlers';
import { eventSettings } from 'backend/inbox/config';
import type { AccessDependencies } from 'backend/inbox/access';
import { inboxDependencies } from 'backend/wix/composition';
import { Random, type Site } from 'wix-emulator';

/**
 * The backend on this site with a configuration of the test's own (what a site writes in inbox.config.js), its event
 * handlers wired in with that configuration's switches. Everything else as startSiteWithCode.
 */
export function configuredSite(site: Site, config: unknown, seed = 7): AccessDependencies {
  const settings = loadInboxConfig(config);
  const random = new Random(seed);
  const deps = inboxDependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) }, random: () => random.next() }, settings);
  site.events.setHandlers(createEventHandlers(deps, { info: () => undefined }, eventSettings(settings)));
  return deps;
}

/** The site with the owner's `InboxTemplates` collection (admin-only, as the build declares it) and the default configuration. */
export function siteWithOwnerTemplates(start: () => Site): { site: Site; deps: AccessDependencies } {
  const site = start();
  site.data.defineCollection('InboxTemplates', { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });
  return { site, deps: configuredSite(site, {}) };
}
