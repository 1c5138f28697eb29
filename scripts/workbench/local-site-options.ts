import type { Site } from 'wix-emulator';
import type { SiteRepo } from 'wix-emulator/site-repo';
import type { LocalSiteOptions } from 'wix-emulator/ui';
import { CONTACT_PAGE } from './contact-page';
import { veloInboxWorkbench } from './panels';
import { defineProjectCollections, loadSiteCode, siteCodeFromRepo } from './site-code';
import { SITE_SOURCES } from './site-sources';

/** The local UI on a site repo built with velo-inbox: its pages and collections from the repo, the workbench panels. */
export function onBuiltRepo(site: Site, repo: SiteRepo): LocalSiteOptions {
  return { site, repo, ...veloInboxWorkbench(siteCodeFromRepo(repo)) };
}

/**
 * The local UI on velo-inbox's TypeScript sources (tests of the code as written): the contact page, the collections
 * the backend needs after a reset, the workbench panels.
 */
export function onSources(site: Site): LocalSiteOptions {
  return { site, root: SITE_SOURCES, page: CONTACT_PAGE, afterReset: defineProjectCollections, ...veloInboxWorkbench(loadSiteCode()) };
}
