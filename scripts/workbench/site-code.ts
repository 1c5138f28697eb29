import type * as InboxJobs from 'backend/inbox-jobs';
import type * as InboxWeb from 'backend/inbox.web';
import { createSite, useSite, type Site } from 'wix-emulator';
import type { SiteRepo } from 'wix-emulator/site-repo';
import { installVeloResolution, veloModulePath } from 'wix-emulator/velo-resolution';
import { ADMIN_ONLY } from './admin-only';
import { SITE_SOURCES } from './site-sources';

/** The parts of velo-inbox's backend its workbench panels drive: the owner's web methods and the hourly job. */
export interface SiteCode {
  readonly sendToParticipant: typeof InboxWeb.sendToParticipant;
  readonly sendToMany: typeof InboxWeb.sendToMany;
  readonly broadcastStatus: typeof InboxWeb.broadcastStatus;
  readonly drainInboxOutbox: typeof InboxJobs.drainInboxOutbox;
}

/**
 * Loads a module of velo-inbox's sources by its Velo name (`backend/inbox.web`), as page imports are loaded: through
 * this file's `require`, so under jest it is the same module instance the tests import, and in scripts Node resolves
 * it with the Velo mapping.
 */
function loadSiteModule(specifier: string): Record<string, unknown> {
  installVeloResolution(SITE_SOURCES);
  const path = veloModulePath(SITE_SOURCES, specifier);
  if (path === undefined) throw new Error(`Not a module of the site: ${specifier}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time, like a page's imports
  return require(path) as Record<string, unknown>;
}

/** The workbench's entry points in velo-inbox's TypeScript sources. */
export function loadSiteCode(): SiteCode {
  const web = loadSiteModule('backend/inbox.web') as unknown as typeof InboxWeb;
  const jobs = loadSiteModule('backend/inbox-jobs') as unknown as typeof InboxJobs;
  return { sendToParticipant: web.sendToParticipant, sendToMany: web.sendToMany, broadcastStatus: web.broadcastStatus, drainInboxOutbox: jobs.drainInboxOutbox };
}

/**
 * The workbench's entry points from a loaded site repo's shipped JavaScript: the owner's web methods from
 * `backend/inbox.web` and, for "run the outbox job now", the `drainInboxOutbox` job as the site's jobs.config declares
 * it (its `functionLocation` decides the module), run as Wix's scheduler runs it; a jobs.config without it is an error
 * notice.
 */
export function siteCodeFromRepo(repo: SiteRepo): SiteCode {
  const web = repo.backendModule('backend/inbox.web') as unknown as typeof InboxWeb;
  return {
    sendToParticipant: web.sendToParticipant,
    sendToMany: web.sendToMany,
    broadcastStatus: web.broadcastStatus,
    drainInboxOutbox: () => repo.runJob('drainInboxOutbox') as ReturnType<typeof InboxJobs.drainInboxOutbox>,
  };
}

/**
 * The collections velo-inbox's backend needs, created admin-only as the README tells site owners to; ones the site
 * has already (a loaded state) are kept. For sites running the TypeScript sources; a built site repo declares the same
 * collections in its wix-emulator.json (written by the build).
 */
export function defineProjectCollections(site: Site): void {
  const { REQUIRED_COLLECTIONS } = loadSiteModule('backend/wix/collections') as { REQUIRED_COLLECTIONS: readonly string[] };
  const existing = new Set(site.exportState().data.collections.map((c) => c.name));
  for (const name of REQUIRED_COLLECTIONS) {
    if (existing.has(name)) continue;
    site.data.defineCollection(name, { permissions: ADMIN_ONLY });
  }
}

/**
 * A new, empty emulated site running velo-inbox's TypeScript sources: its event handlers wired in, its collections
 * defined. Made the active site for the Velo shims. The emulated clock starts at the real time, so the site's
 * timestamps and the backend's `new Date()` agree.
 */
export function createSiteWithCode(options: { seed?: number } = {}): Site {
  const events = loadSiteModule('backend/events');
  const site = createSite({ eventHandlers: events, now: new Date(), ...(options.seed === undefined ? {} : { seed: options.seed }) });
  defineProjectCollections(site);
  useSite(site);
  return site;
}
