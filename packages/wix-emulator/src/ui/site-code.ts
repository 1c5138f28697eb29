import type * as InboxJobs from 'backend/inbox-jobs';
import type * as InboxWeb from 'backend/inbox.web';
import { installVeloResolution, projectRoot, veloModulePath } from '../pages/velo-resolution';
import { createSite, useSite, type Site } from '../index';
import { installSiteRepo, type SiteRepo } from '../site-repo';
import type { NotCalledHandler } from '../site-repo/site-repo';

/** The parts of this project's backend the local UI drives: the owner's web methods and the hourly job. */
export interface SiteCode {
  readonly sendToParticipant: typeof InboxWeb.sendToParticipant;
  readonly sendToMany: typeof InboxWeb.sendToMany;
  readonly broadcastStatus: typeof InboxWeb.broadcastStatus;
  readonly drainInboxOutbox: typeof InboxJobs.drainInboxOutbox;
}

/**
 * Loads a module of this project's site by its Velo name (`backend/inbox.web`), as page imports are loaded: through
 * this file's `require`, so under jest it is the same module instance the tests import, and in scripts Node resolves
 * it with the Velo mapping.
 */
function loadSiteModule(specifier: string): Record<string, unknown> {
  installVeloResolution();
  const path = veloModulePath(projectRoot, specifier);
  if (path === undefined) throw new Error(`Not a module of the site: ${specifier}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time, like a page's imports
  return require(path) as Record<string, unknown>;
}

export function loadSiteCode(): SiteCode {
  const web = loadSiteModule('backend/inbox.web') as unknown as typeof InboxWeb;
  const jobs = loadSiteModule('backend/inbox-jobs') as unknown as typeof InboxJobs;
  return { sendToParticipant: web.sendToParticipant, sendToMany: web.sendToMany, broadcastStatus: web.broadcastStatus, drainInboxOutbox: jobs.drainInboxOutbox };
}

/**
 * The collections this project's backend needs, created admin-only as the README tells site owners to; ones the site
 * has already (a loaded state) are kept. The one setup of the project's site: the local UI, `npm run emulator` (also
 * after a reset through the REST controls) and the tests' startSiteWithCode all run it.
 */
export function defineProjectCollections(site: Site): void {
  const { REQUIRED_COLLECTIONS } = loadSiteModule('backend/wix/collections') as { REQUIRED_COLLECTIONS: readonly string[] };
  const existing = new Set(site.exportState().data.collections.map((c) => c.name));
  for (const name of REQUIRED_COLLECTIONS) {
    if (existing.has(name)) continue;
    site.data.defineCollection(name, { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });
  }
}

/**
 * A new, empty emulated site running this project's code: its event handlers wired in, its collections defined. Made
 * the active site for the Velo shims. The emulated clock starts at the real time, so the site's timestamps and the
 * backend's `new Date()` agree.
 */
export function createSiteWithCode(options: { seed?: number } = {}): Site {
  const events = loadSiteModule('backend/events');
  const site = createSite({ eventHandlers: events, now: new Date(), ...(options.seed === undefined ? {} : { seed: options.seed }) });
  defineProjectCollections(site);
  useSite(site);
  return site;
}

/**
 * The UI's entry points from a loaded site repo's shipped JavaScript: the owner's web methods from `backend/inbox.web`
 * and, for "run the outbox job now", the `drainInboxOutbox` job as the site's jobs.config declares it (its
 * `functionLocation` decides the module), run as Wix's scheduler runs it; a jobs.config without it is an error notice.
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

/** The collections a site repo's backend declares it needs (`backend/wix/collections`), created admin-only; none if it declares none. */
export function defineRepoCollections(repo: SiteRepo): (site: Site) => void {
  return (site) => {
    if (!repo.has('backend/wix/collections')) return;
    const { REQUIRED_COLLECTIONS } = repo.backendModule('backend/wix/collections') as { REQUIRED_COLLECTIONS: readonly string[] };
    const existing = new Set(site.exportState().data.collections.map((c) => c.name));
    for (const name of REQUIRED_COLLECTIONS) {
      if (!existing.has(name)) site.data.defineCollection(name, { permissions: { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' } });
    }
  };
}

export interface SiteFromRepo {
  readonly site: Site;
  readonly repo: SiteRepo;
  readonly notCalled: readonly NotCalledHandler[];
  /** Re-creates the collections after a reset (the REST controls' `afterReset`). */
  readonly defineCollections: (site: Site) => void;
}

/**
 * A new emulated site running a site repo's shipped code (src/site-repo/): its events.js handlers in the forms Wix
 * calls, its collections, its clock as the code's `Date`. Made the active site. The clock starts at the real time.
 */
export function createSiteFromRepo(root: string, options: { seed?: number; log?: (line: string) => void } = {}): SiteFromRepo {
  const site = createSite({ now: new Date(), ...(options.seed === undefined ? {} : { seed: options.seed }) });
  useSite(site);
  const { repo, notCalled } = installSiteRepo(site, root, options.log);
  const defineCollections = defineRepoCollections(repo);
  defineCollections(site);
  return { site, repo, notCalled, defineCollections };
}
