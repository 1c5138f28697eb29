/**
 * The local UI: the emulated site in a browser — the site's pages as its page code runs them, the Inbox as the owner
 * sees it, and what the backend called. `npm start` serves it after the story; tests drive it with Playwright.
 */
import { uiApp } from './app';
import { LocalSite, type LocalSiteOptions } from './local-site';
import { listenLocally, type RunningServer } from './server';

export { uiApp } from './app';
export { LocalSite, UiRequestError } from './local-site';
export type { Identity, LocalSiteOptions, Notice } from './local-site';
export { createSiteWithCode, loadSiteCode } from './site-code';
export type { SiteCode } from './site-code';
export { CONTACT_PAGE } from './site-layout';
export type { FormField, PageLayout } from './site-layout';
export { listenLocally } from './server';
export type { RunningServer } from './server';

export interface LocalUi extends RunningServer {
  readonly local: LocalSite;
}

/** Opens the site for one person at the browser and serves the UI on 127.0.0.1:`port` (0: any free port). */
export async function serveLocalUi(options: LocalSiteOptions & { readonly port?: number }): Promise<LocalUi> {
  const local = await LocalSite.open(options);
  const server = await listenLocally(uiApp(local), options.port ?? 0);
  return { ...server, close: server.close, local };
}
