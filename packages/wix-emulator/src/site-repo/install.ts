import type { Site } from '../site';
import { describeNotCalled, SiteRepo, type NotCalledHandler } from './site-repo';

export interface InstalledSiteRepo {
  readonly repo: SiteRepo;
  /** Every export of events.js, data.js and routers.js that Wix would not call. */
  readonly notCalled: readonly NotCalledHandler[];
}

/**
 * Loads a site repo onto an emulated site, as publishing it would: its `events.js` handlers in the forms Wix calls are
 * the site's event handlers; each export Wix would not call is logged once now (`log`, default console.warn) and, when
 * its event fires, journalled as `events.notCalled` with the same words — so the journal, the UI's journal view and the
 * log all name the handler, its file and line.
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
  return { repo, notCalled: reports };
}
