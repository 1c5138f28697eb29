import { createSite, type Site } from '../site';
import { useSite } from '../kernel/active-site';
import type { SiteConfig } from './site-config';
import { describeNotCalled, SiteRepo, type NotCalledHandler } from './site-repo';

export interface InstalledSiteRepo {
  readonly repo: SiteRepo;
  /** Every export of events.js, data.js and routers.js that Wix would not call. */
  readonly notCalled: readonly NotCalledHandler[];
  /**
   * Creates the collections the repo's `wix-emulator.json` declares that the site lacks: after a reset or an import
   * (the REST controls' and the UI's `afterReset`), as the CMS would still have them.
   */
  readonly defineCollections: (site: Site) => void;
}

/**
 * Loads a site repo onto an emulated site, as publishing it would: its `events.js` handlers in the forms Wix calls are
 * the site's event handlers, and the collections its `wix-emulator.json` declares exist; each export Wix would not call
 * is logged once now (`log`, default console.warn) and, when its event fires, journalled as `events.notCalled` with
 * the same words — so the journal, the UI's journal view and the log all name the handler, its file and line.
 */
export function installSiteRepo(site: Site, root: string, log: (line: string) => void = (line) => console.warn(line)): InstalledSiteRepo {
  const repo = new SiteRepo({ root, site });
  const { handlers, notCalled } = repo.eventHandlers();
  const reports = [...notCalled, ...repo.otherExportRuleReports()];
  site.events.setHandlers(handlers, new Map(notCalled.map((n) => [n.name, describeNotCalled(n)])));
  for (const report of reports) log(describeNotCalled(report));
  site.events.onNotCalled((name, why) => {
    site.journal.record({
      at: site.clock.now().toISOString(),
      operation: 'events.notCalled',
      caller: { kind: 'system', reason: 'event' },
      elevated: false,
      args: [name],
      outcome: 'error',
      error: { message: why, code: 'NOT_CALLED_BY_WIX' },
      applied: false,
      latencyMs: 0,
    });
  });
  const config = repo.config();
  const defineCollections = (target: Site) => defineConfiguredCollections(target, config);
  defineCollections(site);
  return { repo, notCalled: reports, defineCollections };
}

/** The collections of a site config the site does not have yet (a loaded state keeps its own, items and all). */
export function defineConfiguredCollections(site: Site, config: SiteConfig): void {
  const existing = new Set(site.exportState().data.collections.map((c) => c.name));
  for (const { name, permissions } of config.collections) {
    if (!existing.has(name)) site.data.defineCollection(name, { permissions });
  }
}

export interface SiteFromRepo extends InstalledSiteRepo {
  readonly site: Site;
}

/**
 * A new emulated site running a site repo's shipped code: its events.js handlers in the forms Wix calls, the
 * collections its `wix-emulator.json` declares, its clock as the code's `Date`. Made the active site. The clock starts
 * at the real time.
 */
export function createSiteFromRepo(root: string, options: { seed?: number; log?: (line: string) => void } = {}): SiteFromRepo {
  const site = createSite({ now: new Date(), ...(options.seed === undefined ? {} : { seed: options.seed }) });
  useSite(site);
  return { site, ...installSiteRepo(site, root, options.log) };
}
